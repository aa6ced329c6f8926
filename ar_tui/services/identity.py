"""Who is at the keyboard: the kernel's answer for the invoking user, never a variable they set."""

from __future__ import annotations

import os
import pwd
from collections.abc import Mapping
from dataclasses import dataclass

from ar_tui.domain.errors import ArError


@dataclass(frozen=True)
class Invoker:
    """The person a process acts for: their uid and login, and whether it runs as the
    service account on their behalf (under sudo)."""

    uid: int
    login: str
    via_service: bool = False


def service_uid(service_user: str | None) -> int | None:
    """The uid of the service account named in the host's config, or None."""
    if not service_user:
        return None
    try:
        return pwd.getpwnam(service_user).pw_uid
    except KeyError:
        return None


def login_of(uid: int) -> str:
    """The login of `uid`; a uid with no passwd entry names no operator."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise ArError(
            "AR0107E", f"UID {uid} HAS NO ENTRY IN THE PASSWORD DATABASE: NO OPERATOR BY THAT NAME"
        ) from None


def invoker(
    service_user: str | None = None,
    environ: Mapping[str, str] | None = None,
    real_uid: int | None = None,
    effective_uid: int | None = None,
) -> Invoker:
    """The invoking user. `SUDO_UID` counts only when this process really runs as the
    service account (real and effective uid both its uid): sudo sets it there, and no one
    but the service account itself could set it in such a process. Anywhere else it is
    just a variable the user typed, and the real uid answers."""
    env = os.environ if environ is None else environ
    ruid = os.getuid() if real_uid is None else real_uid
    euid = os.geteuid() if effective_uid is None else effective_uid
    service = service_uid(service_user)
    sudo_uid = env.get("SUDO_UID", "")
    if service is not None and ruid == euid == service and sudo_uid:
        if not (sudo_uid.isascii() and sudo_uid.isdigit()):
            raise ArError("AR0108E", f"SUDO_UID {sudo_uid!r} IS NOT A UID")
        uid = int(sudo_uid)
        return Invoker(uid, login_of(uid), via_service=True)
    return Invoker(ruid, login_of(ruid))
