"""Bankruptcy: chapters, and how a case moves from filed (the automatic stay) to its end."""

from __future__ import annotations

from ar_tui.domain.states import StateMachine

CHAPTERS = (7, 11, 13)

# active: the automatic stay holds. discharged: the debt is gone (written off).
# dismissed: collection resumes. closed: the case is over.
BANKRUPTCY = StateMachine(
    "THE BANKRUPTCY",
    {
        "active": ("discharged", "dismissed", "closed"),
        "discharged": ("closed",),
        "dismissed": ("closed",),
    },
    "AR0882E",
)

PROOF_OF_CLAIM_WINDOW_DAYS = 30  # deadlines this close are listed on BKRP
