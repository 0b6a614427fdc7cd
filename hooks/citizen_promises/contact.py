"""Who answers for a promise and how to reach them: the optional
``extra: contact:`` settings in mkdocs.yml, one entry per municipality as the
promises name it (``municipality:``). The police's own numbers (114 14, 112)
are the same everywhere and live in the promise page's template."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from .problems import Report

CONFIG_KEY = "contact"  # under `extra:` in mkdocs.yml
FIELDS = ("email", "phone", "web")
_PHONE = re.compile(r"\+?[0-9][0-9 \-]{4,}")
_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
_WHERE = f"extra › {CONFIG_KEY}"


@dataclass(frozen=True)
class Contact:
    """A municipality's ways in, each optional ("" for none)."""

    email: str = ""
    phone: str = ""
    web: str = ""

    @property
    def tel(self) -> str:
        """The number as a tel: link wants it: digits and a leading +, no spaces."""
        return "tel:" + re.sub(r"[^0-9+]", "", self.phone)


def read(extra: Mapping[str, Any] | None, report: Report, municipalities: Collection[str] = ()) -> dict[str, Contact]:
    """mkdocs.yml's ``extra: contact:``, municipality name → Contact; an entry
    that is wrong is left out, with an error naming the field and the fix.
    A name that no promise has (``municipalities``) gets a warning: it would
    show nowhere, most likely a spelling that differs from the promises'."""
    given = extra.get(CONFIG_KEY) if isinstance(extra, Mapping) else None
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        report.error("mkdocs.yml", _WHERE, "ska vara en lista med kommuner, var och en med email, phone eller web.",
                     "Skriv till exempel «Nässjö:» på en rad och «email: kommun@nassjo.se» indraget under den.")
        return {}
    found: dict[str, Contact] = {}
    for name, ways in given.items():
        where = f"{_WHERE} › {name}"
        if not isinstance(ways, Mapping):
            report.error("mkdocs.yml", where, "ska ha email, phone eller web indraget under kommunens namn.",
                         "Skriv till exempel «phone: 0380-51 80 00» indraget under kommunens namn.")
            continue
        unknown = [str(key) for key in ways if key not in FIELDS]
        if unknown:
            report.error("mkdocs.yml", where, f"har fält som inte finns: {', '.join(unknown)}.", "Fälten som finns är email, phone och web.")
        values = {key: str(ways.get(key) or "").strip() for key in FIELDS}
        if values["email"] and not _EMAIL.fullmatch(values["email"]):
            report.error("mkdocs.yml", f"{where} › email", f"«{values['email']}» är ingen e-postadress.",
                         "Skriv hela adressen, till exempel kommun@nassjo.se.")
            values["email"] = ""
        if values["phone"] and not _PHONE.fullmatch(values["phone"]):
            report.error("mkdocs.yml", f"{where} › phone", f"«{values['phone']}» är inget telefonnummer.",
                         "Skriv bara siffror, mellanslag och bindestreck, till exempel 0380-51 80 00.")
            values["phone"] = ""
        if values["web"] and urlsplit(values["web"]).scheme != "https":
            report.error("mkdocs.yml", f"{where} › web", f"«{values['web']}» är ingen webbadress som börjar med https://.",
                         "Kopiera hela adressen från webbläsarens adressfält, till exempel https://www.nassjo.se/.")
            values["web"] = ""
        found[str(name)] = Contact(**values)
        if municipalities and str(name) not in municipalities:
            report.warning("mkdocs.yml", where, f"ingen kommun heter «{name}» i löftena, så uppgifterna visas inte.",
                           f"Skriv kommunens namn precis som i löftenas fält municipality: {', '.join(sorted(municipalities))}.")
    return found
