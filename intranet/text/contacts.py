"""A person's contact as a key: the same e-mail or phone number however it was typed."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def contact_key(contact: str) -> str:
    """`Jan@Example.NL ` → `jan@example.nl`; `+31 (0)6-1234 5678` → `31612345678`.

    A Dutch number written nationally (06…) and internationally (+316…) give one key."""
    value = " ".join((contact or "").split()).casefold()
    if "@" in value:
        return value
    digits = "".join(_DIGITS.findall(value.replace("(0)", "")))
    if digits.startswith("00"):
        digits = digits[2:]
    elif digits.startswith("0"):
        digits = "31" + digits[1:]
    return digits or value
