"""Hypothesis settings of the fuzz suite: a bounded CI run, and a `long` profile.

`tests/conftest.py` imports this module, so the profiles are registered before the
hypothesis plugin loads one (`--hypothesis-profile=long` works from any folder).
No profile is loaded by default: the other tests that use hypothesis keep their own
settings. The fuzz tests take their bound from `fuzz_settings()` instead.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

# Examples per fuzz test in a plain run (CI). Derandomized: every CI run tries the same
# inputs, so a red build is never a coin toss; `long` explores new ones each time.
CI_EXAMPLES = int(os.environ.get("AR_FUZZ_EXAMPLES", "40"))
LONG_EXAMPLES = int(os.environ.get("AR_FUZZ_LONG_EXAMPLES", "3000"))

SUPPRESSED = (
    HealthCheck.too_slow,
    HealthCheck.function_scoped_fixture,
    HealthCheck.data_too_large,
    HealthCheck.filter_too_much,
)

settings.register_profile(
    "long",
    max_examples=LONG_EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=SUPPRESSED,
    phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
)


def fuzz_settings(examples: int = CI_EXAMPLES) -> settings:
    """The settings of one fuzz test: `examples` in a plain run, the loaded profile's
    `max_examples` when one is chosen with `--hypothesis-profile`."""
    common = {"deadline": None, "suppress_health_check": SUPPRESSED, "database": None}
    if settings.get_current_profile_name() == "default":
        return settings(max_examples=examples, derandomize=True, print_blob=True, **common)
    return settings(**common)
