"""The contract's slug rule, used for municipality slugs and update slugs."""

from __future__ import annotations

import re
import unicodedata

# Letters the contract names explicitly, plus a few that NFKD cannot split
# into base letter + accent (they would otherwise vanish from the slug).
_SPECIAL = str.maketrans(
    {
        "å": "a",
        "ä": "a",
        "ö": "o",
        "æ": "ae",
        "ø": "o",
        "ß": "ss",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "þ": "th",
        "œ": "oe",
    }
)
_SEPARATORS = re.compile(r"[\s_]+")
_NOT_SLUG = re.compile(r"[^a-z0-9-]")
_DASHES = re.compile(r"-{2,}")
VALID_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def slugify(text: str) -> str:
    """``Upplands Väsby`` → ``upplands-vasby``; ``Malung-Sälen`` → ``malung-salen``."""
    lowered = unicodedata.normalize("NFC", text).lower().translate(_SPECIAL)
    # NFKD splits é into e + combining accent; dropping non-ASCII then drops the accent.
    ascii_only = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    dashed = _SEPARATORS.sub("-", ascii_only)
    cleaned = _NOT_SLUG.sub("", dashed)
    return _DASHES.sub("-", cleaned).strip("-")


def is_slug(text: str) -> bool:
    return bool(VALID_SLUG.match(text))
