"""Dutch phone numbers, written one way: 06-12345678, 06 1234 5678, +31 6 12345678 and 0031612345678 are all
+31612345678, so the unique phone of an account is unique however it was typed."""

from __future__ import annotations

import re

SEPARATORS = re.compile(r"[\s\-.()/]")
NATIONAL = re.compile(r"[1-9][0-9]{8}")  # a Dutch number after its 0 (or +31): nine digits


def normal_phone(text: str | None) -> str | None:
    """Return the number in its one stored form (+31612345678), or None when it is no Dutch phone number."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    digits = SEPARATORS.sub("", text.strip())
    if digits.startswith("+31"):
        rest = digits[3:]
        rest = rest[1:] if rest.startswith("(0)") or rest.startswith("0") else rest
    elif digits.startswith("0031"):
        rest = digits[4:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        return None
    return "+31" + rest if NATIONAL.fullmatch(rest) else None


def looks_like_email(text: str | None) -> bool:
    """Tell whether what was typed in the one log-in field is meant as an e-mail address (it has an @)."""
    return isinstance(text, str) and "@" in text
