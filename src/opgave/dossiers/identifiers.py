"""Checks of identifiers entered by people: the BSN (elfproef) and a Dutch address key."""

from __future__ import annotations

import re

_POSTCODE = re.compile(r"^[1-9][0-9]{3}\s?[A-Za-z]{2}$")


def is_valid_bsn(value: str) -> bool:
    """Nine digits that pass the *elfproef* (weights 9..2 and -1), and not all zeros."""
    digits = value.strip()
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - int(digits[8])
    return total % 11 == 0


def normalise_bsn(value: str) -> str:
    digits = value.strip()
    return digits.zfill(9) if digits.isdigit() else digits


def address_key(postcode: str, house_number: str) -> str | None:
    """``"1234AB:12a"`` for a valid postcode and house number, else ``None``."""
    code = postcode.strip().replace(" ", "").upper()
    number = house_number.strip().lower().replace(" ", "")
    if not _POSTCODE.match(code) or not re.fullmatch(r"[1-9][0-9]{0,4}[a-z0-9-]{0,6}", number):
        return None
    return f"{code}:{number}"
