"""`host install` as root never follows a link planted in the service's folder, never takes a
folder someone else uses, and writes rules that name only ar-tui."""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import host

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="chown needs root")
NOBODY = pwd.getpwnam("nobody")


def plan(tmp_path: Path) -> host.HostPlan:
    return host.HostPlan("nobody", "collectors", tmp_path / "data" / "ar.db", Path("/bin/true"))


def test_a_planted_link_is_not_followed(tmp_path: Path) -> None:
    precious = tmp_path / "shadow"
    precious.write_text("root's")
    precious.chmod(0o600)
    data = tmp_path / "data"
    data.mkdir()
    (data / "exhibits").symlink_to(tmp_path)
    with pytest.raises(ArError, match="AR0069E"):
        host._private_folder(data / "exhibits", NOBODY, [])
    (data / "ar.db-wal").symlink_to(precious)
    with pytest.raises(ArError, match="AR0069E"):
        host._own_database_files(plan(tmp_path), NOBODY)
    st = precious.stat()
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (0, 0o600)


def test_a_folder_in_use_is_not_taken(tmp_path: Path) -> None:
    shared = tmp_path / "srv"
    shared.mkdir()
    (shared / "other-app").mkdir()
    with pytest.raises(ArError, match="AR0070E"):
        host._private_folder(shared, NOBODY, [], dedicated=True)
    assert shared.stat().st_uid == 0
    fresh = tmp_path / "fresh"
    said: list[str] = []
    host._private_folder(fresh, NOBODY, said, dedicated=True)
    st = fresh.stat()
    assert (st.st_uid, stat.S_IMODE(st.st_mode)) == (NOBODY.pw_uid, 0o700)
    assert said == [f"{fresh}: owner nobody, mode 0700"]


def test_the_rules_name_only_ar_tui_and_reset_the_environment(tmp_path: Path) -> None:
    rule = host.sudoers_rule(plan(tmp_path))
    assert "Cmnd_Alias AR_TUI = /bin/true, /bin/true *\n" in rule
    assert "env_reset, !setenv" in rule and "%collectors ALL = (nobody) NOPASSWD: AR_TUI" in rule
    assert "ALL = (ALL)" not in rule and "SETENV" not in rule
    snippet = host.sshd_snippet(plan(tmp_path))
    assert "Match Group collectors\n" in snippet
    assert "ForceCommand /usr/bin/sudo -n -u nobody -- /bin/true\n" in snippet
    assert "DisableForwarding yes" in snippet and "PermitUserRC no" in snippet
