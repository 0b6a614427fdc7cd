"""The languages a promise or an update may be translated into (content
contract, version 2): their codes, their names in themselves and in Swedish,
and how a page in them is marked up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .problems import Report

LATTLAST = "lattlast"


@dataclass(frozen=True)
class Language:
    code: str  # as in file names and addresses: "en", "lattlast"
    native: str  # the language named in itself, for the language list
    swedish: str  # the language named in Swedish, for messages and the guide
    html_lang: str  # the page's `lang`: lättläst is Swedish
    rtl: bool = False

    @property
    def dir(self) -> str:
        return "rtl" if self.rtl else "ltr"


# The contract's list. Swedish, the original, is not among them.
LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language(LATTLAST, "Lättläst", "lättläst", "sv"),
        Language("en", "English", "engelska", "en"),
        Language("fi", "Suomi", "finska", "fi"),
        Language("fit", "Meänkieli", "meänkieli", "fit"),
        Language("se", "Davvisámegiella", "nordsamiska", "se"),
        Language("sma", "Åarjelsaemien gïele", "sydsamiska", "sma"),
        Language("smj", "Julevsámegiella", "lulesamiska", "smj"),
        Language("rom", "Romani čhib", "romani chib", "rom"),
        Language("yi", "ייִדיש", "jiddisch", "yi", rtl=True),
        Language("ar", "العربية", "arabiska", "ar", rtl=True),
        Language("so", "Soomaali", "somaliska", "so"),
        Language("fa", "فارسی", "persiska", "fa", rtl=True),
        Language("ti", "ትግርኛ", "tigrinska", "ti"),
        Language("uk", "Українська", "ukrainska", "uk"),
        Language("bs", "Bosanski", "bosniska", "bs"),
        Language("hr", "Hrvatski", "kroatiska", "hr"),
        Language("sr", "Српски", "serbiska", "sr"),
        Language("tr", "Türkçe", "turkiska", "tr"),
    )
}

# `<name>.<lang>.md`: lättläst or what an ISO 639 code looks like. A code the
# contract does not list is still read as one, so the writer hears that the
# language is not published rather than seeing the file become an update.
_TRANSLATION = re.compile(r"^(?P<original>.+)\.(?P<lang>lattlast|[a-z]{2,3})\.md$")


def split(path: str) -> tuple[str, str] | None:
    """``(original path, language code)`` for a translation file's path, else None."""
    name = path.rsplit("/", 1)[-1]
    found = _TRANSLATION.match(name)
    if found is None:
        return None
    folder = path[: len(path) - len(name)]
    return f"{folder}{found['original']}.md", found["lang"]


CONFIG_KEY = "languages"  # under `extra:` in mkdocs.yml


def listed(value: Any, report: Report) -> tuple[str, ...]:
    """The languages mkdocs.yml's ``extra: languages:`` lists, each one checked."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        report.error("mkdocs.yml", f"extra › {CONFIG_KEY}", "ska vara en lista med språkkoder, till exempel [lattlast, en, ar].")
        return ()
    codes: list[str] = []
    for item in value:
        code = str(item).strip().lower()
        if code in LANGUAGES and code not in codes:
            codes.append(code)
        elif code not in LANGUAGES:
            known = ", ".join(f"{c} ({lang.swedish})" for c, lang in LANGUAGES.items())
            report.error("mkdocs.yml", f"extra › {CONFIG_KEY}", f"«{code}» är ingen språkkod som webbplatsen kan publicera.", f"Koderna som finns: {known}.")
    return tuple(codes)


def described(codes: tuple[str, ...]) -> str:
    """``lattlast (lättläst), en (engelska)`` for messages."""
    return ", ".join(f"{code} ({LANGUAGES[code].swedish})" for code in codes)
