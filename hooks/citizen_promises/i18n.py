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

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from .languages import LANGUAGES, LATTLAST

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
    """``15 mars 2024`` / ``March 15, 2024`` / ``15 مارس 2024``: the local date in the page's language."""
    day = moment.date() if isinstance(moment, datetime) else moment
    return format_date(day, format="long", locale=page_language(code).locale)
