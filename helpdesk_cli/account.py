"""Account fields checked before they are sent, the same in every front end.

The server stores a phone number as any short text, so `call me maybe` would be saved and
shown to agents as a number; and a new password that is too short should be refused before
a person types it a second time.
"""

from __future__ import annotations

import re

from helpdesk_cli.errors import bad_input

PHONE_MAX = 32  # the API's limit on the field
PHONE_DIGITS = (5, 15)  # a short internal extension .. the E.164 maximum
_PHONE = re.compile(r"\+?[0-9 ()\-]+")
PASSWORD_MIN = 8  # the API's minimum for a new password


def check_phone(value: str) -> str | None:
    """A phone number as people write it (digits, spaces, a leading +, -, parentheses), with
    runs of spaces collapsed; None for an empty value, which removes the number."""
    phone = " ".join(value.split())
    if not phone:
        return None
    digits = sum(ch.isdigit() for ch in phone)
    if not _PHONE.fullmatch(phone) or not phone.isascii():
        raise bad_input(f"Invalid phone number {phone!r}: use digits, spaces, a leading +, "
                        "- and parentheses only.", "e.g. +1 (555) 010-0199; an empty value "
                        "removes the number")
    low, high = PHONE_DIGITS
    if not low <= digits <= high or len(phone) > PHONE_MAX:
        raise bad_input(f"Invalid phone number {phone!r}: it should have {low} to {high} "
                        f"digits and at most {PHONE_MAX} characters.",
                        "e.g. +1 (555) 010-0199")
    return phone


def check_new_password(password: str) -> str:
    """A new password the API will take; checked before the confirmation is asked."""
    if len(password) < PASSWORD_MIN:
        raise bad_input(f"The new password must have at least {PASSWORD_MIN} characters.")
    return password
