"""Swedish presentation: time zone, dates in words, alphabetical order, labels."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel.dates import format_date

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local(moment: datetime) -> datetime:
    return moment.astimezone(STOCKHOLM)


def long_date(value: date | datetime) -> str:
    """``15 mars 2024``."""
    return _long_date(local(value).date() if isinstance(value, datetime) else value)


def month_heading(value: datetime) -> str:
    """``mars 2024`` (stand-alone month name, as in a heading)."""
    return _month_heading(local(value).date())


# Babel takes ~60 µs a date, and lists print the same few thousand days again
# and again (every update on its page, its promise's, its municipality's, the
# timeline): one formatting per distinct day.
@cache
def _long_date(day: date) -> str:
    return format_date(day, format="d MMMM y", locale="sv")


@cache
def _month_heading(day: date) -> str:
    return format_date(day, format="LLLL y", locale="sv")


def month_label(month: date, short: bool = False) -> str:
    """A calendar month: ``januari 2024``, or ``jan. 2024`` where room is short (a chart's axis)."""
    return _short_month(month.replace(day=1)) if short else _month_heading(month.replace(day=1))


@cache
def _short_month(day: date) -> str:
    return format_date(day, format="LLL y", locale="sv")


# Swedish alphabet order: … x y z å ä ö. Babel formats but does not collate, and
# Python's default order puts Å before Ä and Ö only by accident of code points,
# and É after Ö. Map each letter to its primary weight as in SS 01 13 13:
# é sorts as e, ü as y, æ as ä, ø as ö.
_PRIMARY = str.maketrans({"å": "{", "ä": "|", "æ": "|", "ö": "}", "ø": "}", "ü": "y"})
_IGNORED = re.compile(r"[^0-9a-z{|}]")


def sort_key(text: str) -> tuple[str, str]:
    """Key for Swedish alphabetical order; punctuation and case only break ties."""
    folded = unicodedata.normalize("NFC", text).casefold().translate(_PRIMARY)
    base = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return (_IGNORED.sub("", base), text)


def kommun(name: str) -> str:
    """``Linköping`` → ``Linköpings kommun``, ``Nässjö`` → ``Nässjö kommun``.

    Names ending in a vowel or in s, x, z take no genitive s (Haninge kommun,
    Tyresö kommun, Vaxholms kommun is the usual case for the rest)."""
    name = name.strip()
    bare = name[-1:].lower() in "aeiouyåäösxz"
    return f"{name} kommun" if bare else f"{name}s kommun"


def count(number: int, one: str, many: str) -> str:
    """``1 varning``, ``2 varningar``, ``0 varningar``."""
    return f"{number} {one if number == 1 else many}"


def N_(text: str) -> str:
    """Marks a Swedish text as a message for the catalogs (pybabel extract -k N_);
    i18n.Words translates it where a page is rendered."""
    return text


PARTY = {"polisen": N_("Polisen"), "kommunen": N_("Kommunen"), "gemensamt": N_("Gemensamt")}

STATUS = {
    "planned": N_("Planerad"),
    "ongoing": N_("Pågår"),
    "paused": N_("Pausad"),
    "done": N_("Klar"),
    "cancelled": N_("Inställd"),
}

# "3 klara", "1 pausad" (a count of commitments with a status) is i18n.Words.status_count.

FOLLOW_UP = {
    "monthly": N_("varje månad"),
    "quarterly": N_("varje kvartal"),
    "yearly": N_("varje år"),
    "continuous": N_("löpande"),
}
