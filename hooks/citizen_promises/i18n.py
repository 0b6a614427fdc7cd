"""The site's own words in each language: gettext message catalogs read with
Babel, and dates and numbers in that language through Babel.

Translators edit `.po` files in `locale/<code>/LC_MESSAGES/messages.po`; the
message ids are the Swedish texts of the templates, so Swedish needs no
translation and a missing entry shows the Swedish words. Catalogs exist for
Swedish, lättläst, English, Finnish and Arabic; every other language the site
lists gets the English catalog and says so. Fuzzy entries (written by someone
who is not a fluent speaker) are used, and listed in the writer's guide as
needing review: nothing is translated by a machine at build time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from . import swedish
from .languages import LANGUAGES, LATTLAST
from .swedish import FOLLOW_UP, PARTY, STATUS, local

if TYPE_CHECKING:
    from .model import PromiseEntry

Day = date  # for annotations inside Words, whose method `date` hides the type there

SWEDISH = "sv"
CATALOG_DIR = Path(__file__).with_name("locale")
DOMAIN = "messages"
CATALOGS = (SWEDISH, LATTLAST, "en", "fi", "ar")
FALLBACK = "en"
# Material for MkDocs' own words (search box, "skip to content", footer) come from
# its partials/languages/<code>.html; those it lacks fall back to English there too.
_MATERIAL = {"sv", "en", "fi", "ar", "fa", "uk", "tr", "hr", "sr"}


def catalog_path(code: str) -> Path:
    return CATALOG_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def catalog(code: str) -> Catalog:
    with catalog_path(code).open("rb") as file:
        return read_po(file, locale=None if code == LATTLAST else code, domain=DOMAIN)


@functools.cache
def translations(code: str) -> Translations:
    """The gettext translations for a page in ``code`` (fallback: English)."""
    compiled = BytesIO()
    # use_fuzzy: an entry awaiting review is better than Swedish on an English page.
    write_mo(compiled, catalog(catalog_code(code)), use_fuzzy=True)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def catalog_code(code: str) -> str:
    return code if code in CATALOGS else FALLBACK


def falls_back(code: str) -> bool:
    """Whether the site's own words on a page in ``code`` are English."""
    return code not in CATALOGS


@dataclass(frozen=True)
class PageLanguage:
    """What a page in one language needs: its `lang`, `dir`, Babel locale and
    the theme's word list."""

    code: str  # "sv", "lattlast", "en" …
    html_lang: str
    dir: str
    locale: str  # Babel's, for dates and plurals
    theme: str  # Material's partials/languages/<theme>.html

    @property
    def is_swedish(self) -> bool:
        return self.code == SWEDISH

    @property
    def hreflang(self) -> str:
        """For `hreflang`: lättläst is Swedish, told apart by a private-use subtag (BCP 47)."""
        return "sv-x-lattlast" if self.code == LATTLAST else self.html_lang

    @property
    def native(self) -> str:
        """The language named in itself, for the language list."""
        return "Svenska" if self.code == SWEDISH else LANGUAGES[self.code].native

    @property
    def og_locale(self) -> str:
        """Open Graph's ``language_TERRITORY`` for share previews; the language alone
        where no one territory is the obvious one."""
        return {"sv": "sv_SE", "en": "en_GB", "fi": "fi_FI", "ar": "ar_AR"}.get(self.html_lang, self.html_lang)

    def gettext(self, message: str) -> str:
        """The theme template's words (overrides/main.html) in this language."""
        return words(self.code).gettext(message)


@functools.cache
def page_language(code: str) -> PageLanguage:
    if code == SWEDISH:
        return PageLanguage(SWEDISH, "sv", "ltr", "sv", "sv")
    language = LANGUAGES[code]
    locale = language.html_lang if _babel_knows(language.html_lang) else FALLBACK
    theme = language.html_lang if language.html_lang in _MATERIAL else FALLBACK
    return PageLanguage(code, language.html_lang, language.dir, locale, theme)


def _babel_knows(code: str) -> bool:
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return False
    return True


def long_date(moment: date | datetime, code: str) -> str:
    """``15 mars 2024`` / ``March 15, 2024`` / ``15 مارس 2024``: the local
    (Stockholm) date in the page's language."""
    day = local(moment).date() if isinstance(moment, datetime) else moment
    if page_language(code).locale == SWEDISH:
        return swedish.long_date(day)  # the Swedish site's own format, cached
    return _long_date(day, page_language(code).locale)


@functools.cache
def _long_date(day: date, locale: str) -> str:
    return format_date(day, format="long", locale=locale)


@functools.cache
def _month(day: date, locale: str) -> str:
    return format_date(day, format="LLLL y", locale=locale)


class Words:
    """The site's own words on a page in one language: the catalog's messages,
    and the words for the model's facts (status, party, follow-up, the
    overdue sentence; counts of a commitment's unit are counts.py's, which
    uses these). The model keeps the facts; their wording is here,
    where pages are rendered, so every language gets its own. The msgids are
    the Swedish texts, so the Swedish catalog prints exactly what the Swedish
    site always printed."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.language = page_language(code)
        self._translations = translations(code)
        self.statuses = {key: self.gettext(text) for key, text in STATUS.items()}
        self.parties = {key: self.gettext(text) for key, text in PARTY.items()}
        self.follow_ups = {key: self.gettext(text) for key, text in FOLLOW_UP.items()}

    def gettext(self, message: str) -> str:
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, number: int) -> str:
        return self._translations.ngettext(singular, plural, number)

    def date(self, moment: date | datetime) -> str:
        return long_date(moment, self.code)

    def month(self, moment: datetime) -> str:
        """``mars 2024``, as a month's heading."""
        if self.language.locale == SWEDISH:
            return swedish.month_heading(moment)
        return _month(local(moment).date().replace(day=1), self.language.locale)

    def calendar_month(self, month: Day, short: bool = False) -> str:
        """``januari 2024``, or ``jan. 2024`` where room is short (a chart's axis)."""
        if self.language.locale == SWEDISH:
            return swedish.month_label(month, short)
        return format_date(month.replace(day=1), format="LLL y" if short else "LLLL y", locale=self.language.locale)

    def status_count(self, key: str, number: int) -> str:
        """``3 klara``, ``1 pausad``: how many commitments have a status."""
        values = {"num": number}
        if key == "done":
            return self.ngettext("%(num)s klar", "%(num)s klara", number) % values
        if key == "ongoing":
            return self.ngettext("%(num)s pågår", "%(num)s pågår", number) % values
        if key == "paused":
            return self.ngettext("%(num)s pausad", "%(num)s pausade", number) % values
        if key == "planned":
            return self.ngettext("%(num)s planerad", "%(num)s planerade", number) % values
        return self.ngettext("%(num)s inställd", "%(num)s inställda", number) % values

    def overdue(self, entry: PromiseEntry) -> str:
        """Why a promise's follow-up is late (model.PromiseEntry.overdue says whether)."""
        cadence = self.follow_ups[entry.promise.follow_up]
        if entry.last_follow_up is None:
            return self.gettext("Ingen uppföljning har publicerats ännu. Löftet anger uppföljning %(cadence)s.") % {"cadence": cadence}
        return self.gettext("Senaste uppföljningen publicerades %(date)s. Löftet anger uppföljning %(cadence)s.") % {
            "date": self.date(entry.last_follow_up), "cadence": cadence,
        }


@functools.cache
def words(code: str) -> Words:
    return Words(code)
