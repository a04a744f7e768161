"""A TPS account changes its own password (TPS Online GantiPassword, and its H2H and REST
equivalents). The caller has authenticated with the current password on the same call."""

from __future__ import annotations

from app.domain.actor import Actor
from app.domain.errors import ForbiddenError, InvalidInputError
from app.domain.ports.accounts import PasswordChanges

MIN_LENGTH = 8


def change_password(
    actor: Actor, current: str, new: str, confirmation: str, passwords: PasswordChanges
) -> None:
    if actor.simulated:
        raise ForbiddenError("a simulated account has no password to change")
    if not new.strip():
        raise InvalidInputError("the new password is empty", "PasswordBaru")
    if new != confirmation:
        raise InvalidInputError(
            "the new password and its confirmation differ", "PasswordKonfirmasi"
        )
    if len(new) < MIN_LENGTH:
        raise InvalidInputError(
            f"the new password must have at least {MIN_LENGTH} characters", "PasswordBaru"
        )
    if new == current:
        raise InvalidInputError("the new password is the current one", "PasswordBaru")
    passwords.set_password(actor.username, new)
