"""Who the operator is: the kernel's answer for the invoking user, never a variable."""

from __future__ import annotations

import os
import pwd
from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import databases, identity
from ar_tui.services.identity import Invoker, invoker
from ar_tui.services.session import open_session

ROOT_LOGIN = pwd.getpwuid(0).pw_name
NOBODY = pwd.getpwnam("nobody").pw_uid  # a uid every Linux host has
NO_ENTRY = 4_242_424  # a uid with no passwd entry


def test_a_plain_process_is_its_real_uid() -> None:
    found = invoker(environ={}, real_uid=0, effective_uid=0)
    assert found == Invoker(0, ROOT_LOGIN, via_service=False)


def test_sudo_uid_is_a_mere_variable_outside_the_service_account() -> None:
    """No service account configured, or not running as it: SUDO_UID is ignored."""
    env = {"SUDO_UID": str(NOBODY), "USER": "nobody", "LOGNAME": "nobody"}
    assert invoker(None, env, real_uid=0, effective_uid=0).login == ROOT_LOGIN
    assert invoker("nobody", env, real_uid=0, effective_uid=0).login == ROOT_LOGIN


def test_under_sudo_as_the_service_account_sudo_uid_names_the_person() -> None:
    env = {"SUDO_UID": str(NOBODY)}
    found = invoker(ROOT_LOGIN, env, real_uid=0, effective_uid=0)
    assert found == Invoker(NOBODY, "nobody", via_service=True)


def test_a_setuid_process_is_not_under_sudo() -> None:
    """Real and effective uid must both be the service account's."""
    env = {"SUDO_UID": "0"}
    found = invoker("nobody", env, real_uid=0, effective_uid=NOBODY)
    assert found == Invoker(0, ROOT_LOGIN, via_service=False)


@pytest.mark.parametrize("bad", ["abc", "-1", "1e3", "١٠٠"])
def test_a_sudo_uid_that_is_not_a_uid_is_refused(bad: str) -> None:
    with pytest.raises(ArError) as caught:
        invoker(ROOT_LOGIN, {"SUDO_UID": bad}, real_uid=0, effective_uid=0)
    assert caught.value.code == "AR0108E" and caught.value.exit_code == 3


def test_a_uid_with_no_passwd_entry_names_no_operator() -> None:
    with pytest.raises(ArError) as caught:
        invoker(None, {}, real_uid=NO_ENTRY, effective_uid=NO_ENTRY)
    assert caught.value.code == "AR0107E" and str(NO_ENTRY) in caught.value.message
    with pytest.raises(ArError, match="AR0107E"):
        invoker(ROOT_LOGIN, {"SUDO_UID": str(NO_ENTRY)}, real_uid=0, effective_uid=0)


def test_an_unknown_service_account_has_no_uid() -> None:
    assert identity.service_uid(None) is None
    assert identity.service_uid("no-such-account-here") is None
    assert identity.service_uid(ROOT_LOGIN) == 0


def test_an_operator_is_keyed_by_uid_as_well_as_login(tmp_path: Path) -> None:
    """The first administrator gets the uid this host gives the login; the same login from
    another uid (a re-created account) is not that operator."""
    path = tmp_path / "keyed.db"
    login = pwd.getpwuid(os.getuid()).pw_name
    databases.init_database(path, login, date(2026, 11, 25))
    me = invoker()
    session = open_session(path, as_invoker=me)
    assert session.operator.uid == os.getuid() and session.invoker == me
    session.store.close()
    with pytest.raises(ArError) as caught:
        open_session(path, as_invoker=Invoker(NOBODY, login))
    assert caught.value.code == "AR0109E"


def test_an_operator_without_a_uid_is_keyed_at_its_first_sign_on(tmp_path: Path) -> None:
    path = tmp_path / "unbound.db"
    databases.init_database(path, "not-on-this-host", date(2026, 11, 25))  # no uid to record
    conn = open_session(path, "not-on-this-host").store.connection()
    assert conn.execute("SELECT uid FROM operators").fetchone() == (None,)
    first = open_session(path, as_invoker=Invoker(NOBODY, "not-on-this-host"))
    assert first.operator.uid == NOBODY
    row = conn.execute(
        "SELECT subject, detail FROM audit_log WHERE action = 'operator.bind_uid'"
    ).fetchone()
    assert row == ("not-on-this-host", f'{{"uid": {NOBODY}}}')
    with pytest.raises(ArError, match="AR0109E"):  # the same login from another uid later
        open_session(path, as_invoker=Invoker(0, "not-on-this-host"))


def test_the_service_account_itself_without_sudo_is_itself() -> None:
    """A cron job run as the service account: no SUDO_UID, so the operator is that account."""
    found = invoker("nobody", {}, real_uid=NOBODY, effective_uid=NOBODY)
    assert found == Invoker(NOBODY, "nobody", via_service=False)


def test_the_effective_uid_counts_as_well_as_the_real_one() -> None:
    found = invoker("nobody", {"SUDO_UID": "0"}, real_uid=NOBODY, effective_uid=NOBODY)
    assert found == Invoker(0, ROOT_LOGIN, via_service=True)
    setuid = invoker("nobody", {"SUDO_UID": "0"}, real_uid=NOBODY, effective_uid=0)
    assert setuid == Invoker(NOBODY, "nobody", via_service=False)


def test_a_bad_sudo_uid_says_what_it_was() -> None:
    with pytest.raises(ArError) as caught:
        invoker(ROOT_LOGIN, {"SUDO_UID": "bob"}, real_uid=0, effective_uid=0)
    assert caught.value.text == "AR0108E SUDO_UID 'bob' IS NOT A UID"
