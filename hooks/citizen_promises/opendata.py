"""Open data: every promise, commitment, progress, status and update, as JSON
(with a JSON Schema beside it) and as CSV files. CC0.

Each promise and update carries its published translations under
``translations``, by language code (content contract, version 2): only the
words, since every number and date is the original's. In CSV they are one
row a text in ``oversattningar.csv``.

Keys are the contract's field names; the same content gives the same bytes
(no clock, fixed order, fixed formatting). The JSON has every text exactly as
written; in the CSV a text that a spreadsheet would run as a formula starts
with ``'`` (cell_shown_as_text).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from . import addresses
from .languages import LANGUAGES
from .model import FOLLOW_UPS, PARTIES, STATUSES, Link, Site, TranslatedPromise, TranslatedUpdate
from .writer_markdown import source_address

LICENSE = "CC0-1.0"
JSON_FILE = addresses.OPEN_DATA + "loften.json"
SCHEMA_FILE = addresses.OPEN_DATA + "loften.schema.json"
CSV_FILES = {
    "promises": addresses.OPEN_DATA + "loften.csv",
    "commitments": addresses.OPEN_DATA + "ataganden.csv",
    "updates": addresses.OPEN_DATA + "uppfoljningar.csv",
    "translations": addresses.OPEN_DATA + "oversattningar.csv",
}
# Each CSV file's columns, in order (docs/oppna-data.md documents each one: opendata_docs.py).
CSV_HEADERS = {
    "promises": ["id", "url", "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed",
                 "follow_up", "current", "overdue", "commitments", "updates", "links"],
    "commitments": ["promise", "municipality", "id", "text", "by", "area", "partners", "target", "unit", "unit_singular", "progress", "status"],
    "updates": ["url", "date", "title", "promise", "municipality", "summary", "progress", "status", "tags", "author", "links"],
    "translations": ["kind", "original", "language", "url", "field", "key", "text"],
}


def _promise_translation(translated: TranslatedPromise, url: str) -> dict[str, Any]:
    t = translated.translation
    return {"url": url, "title": t.title, "commitments": dict(t.commitments), "areas": dict(t.areas),
            "units": dict(t.units), "units_singular": dict(t.units_singular), "translator": t.translator}


def _update_translation(translated: TranslatedUpdate, url: str) -> dict[str, Any]:
    t = translated.translation
    # The image's description only where the original has an image (a stray one is not used).
    image_alt = t.image_alt if translated.entry.update.image is not None else None
    return {"url": url, "title": t.title, "summary": translated.summary, "image_alt": image_alt, "translator": t.translator}


def _links(links: tuple[Link, ...]) -> list[dict[str, str]]:
    """A promise's or an update's sources (contract 2.1), each as written; an
    address that is no source's (validate.py refuses it) never leaves the site."""
    return [{"text": link.text, "url": link.url} for link in links if source_address(link.url)]


def _links_cell(links: list[dict[str, str]]) -> str:
    """Sources in one CSV cell, a line each: ``text <url>`` (angle brackets
    delimit an address in text, RFC 3986 appendix C)."""
    return "\n".join(f"{link['text']} <{link['url']}>" for link in links)


def records(site: Site, site_url: str) -> dict[str, Any]:
    def url(path: str) -> str:
        return addresses.absolute(site_url, path)

    # The published translations, by original, in mkdocs.yml's order of languages.
    promise_translations: dict[str, dict[str, Any]] = {}
    update_translations: dict[str, dict[str, Any]] = {}
    for code, edition in site.editions.items():
        for promise_id, tp in edition.promises.items():
            if tp.translation.draft:  # shown only in the preview
                continue
            promise_translations.setdefault(promise_id, {})[code] = _promise_translation(tp, url(tp.url))
        for tu in edition.published():
            update_translations.setdefault(tu.entry.update.path, {})[code] = _update_translation(tu, url(tu.url))

    promises = []
    for municipality in site.municipalities:
        for entry in sorted(municipality.promises, key=lambda e: e.promise.id):
            p = entry.promise
            promises.append({
                "id": p.id,
                "url": url(entry.url),
                "municipality": p.municipality,
                "municipality_slug": p.municipality_slug,
                "police_area": p.police_area,
                "title": p.title,
                "valid_from": p.valid_from.isoformat(),
                "valid_until": p.valid_until.isoformat(),
                "signed": p.signed.isoformat() if p.signed else None,
                "signatories": [{"name": s.name, "role": s.role, "organisation": s.organisation} for s in p.signatories],
                "diary_numbers": dict(p.diary_numbers),
                "follow_up": p.follow_up,
                "channels": list(p.channels),
                "replaces": p.replaces,
                "links": _links(p.links),
                "current": entry.current,
                "overdue": entry.overdue,
                "last_follow_up": entry.last_follow_up.isoformat() if entry.last_follow_up else None,
                "commitments": [
                    {
                        "id": c.commitment.id,
                        "text": c.commitment.text,
                        "by": c.commitment.by,
                        "area": c.commitment.area,
                        "partners": list(c.commitment.partners),
                        "target": c.commitment.target,
                        "unit": c.commitment.unit,
                        "unit_singular": c.commitment.unit_singular,
                        # Contract 2.1: a commitment without a target counts nothing.
                        "progress": c.done if c.commitment.counted else None,
                        "status": c.status,
                    }
                    for c in entry.progress
                ],
                "updates": [url(u.url) for u in entry.updates],
                "translations": promise_translations.get(p.id, {}),
            })
    updates = [
        {
            "url": url(u.url),
            "title": u.update.title,
            "date": u.update.moment.isoformat(),
            "promise": u.promise.id,
            "municipality": u.promise.municipality,
            "summary": u.summary,
            "progress": dict(u.update.progress),
            "status": dict(u.update.status),
            "image": {"url": url(u.update.image.url), "alt": u.update.image.alt} if u.update.image else None,
            "tags": list(u.update.tags),
            "author": u.update.author,
            "links": _links(u.update.links),
            "translations": update_translations.get(u.update.path, {}),
        }
        for u in site.published()
    ]
    return {"license": LICENSE, "promises": promises, "updates": updates}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def schema(site_url: str) -> dict[str, Any]:
    text, date, uri = {"type": "string"}, {"type": "string", "format": "date"}, {"type": "string", "format": "uri"}
    commitment: dict[str, Any] = {
        "type": "object",
        "required": ["id", "text", "by", "area", "partners", "target", "unit", "unit_singular", "progress", "status"],
        "additionalProperties": False,
        "properties": {
            "id": text, "text": text,
            "by": {"enum": list(PARTIES)},
            "area": _nullable("string"), "partners": {"type": "array", "items": text},
            "target": {"type": ["integer", "null"], "minimum": 1}, "unit": _nullable("string"),
            "unit_singular": _nullable("string"),
            # null where the commitment has no target: it counts nothing (contract 2.1)
            "progress": {"type": ["integer", "null"], "minimum": 0},
            "status": {"enum": list(STATUSES)},
        },
    }
    # A source's address: a page on the web or a mail address (validate.py, writer_markdown.source_address).
    links = {
        "type": "array",
        "items": {
            "type": "object", "required": ["text", "url"], "additionalProperties": False,
            "properties": {"text": text, "url": {"type": "string", "pattern": "^([hH][tT][tT][pP][sS]?://|[mM][aA][iI][lL][tT][oO]:)"}},
        },
    }

    def by_language(translation: dict[str, Any]) -> dict[str, Any]:
        """A map from language code (content contract, version 2) to a translation."""
        return {"type": "object", "propertyNames": {"enum": list(LANGUAGES)}, "additionalProperties": translation}

    promise_translation = {
        "type": "object",
        "required": ["url", "title", "commitments", "areas", "units", "units_singular", "translator"],
        "additionalProperties": False,
        "properties": {
            "url": uri, "title": _nullable("string"),
            "commitments": {"type": "object", "additionalProperties": text}, "areas": {"type": "object", "additionalProperties": text},
            "units": {"type": "object", "additionalProperties": text}, "units_singular": {"type": "object", "additionalProperties": text},
            "translator": _nullable("string"),
        },
    }
    update_translation = {
        "type": "object",
        "required": ["url", "title", "summary", "image_alt", "translator"],
        "additionalProperties": False,
        "properties": {"url": uri, "title": text, "summary": text, "image_alt": _nullable("string"), "translator": _nullable("string")},
    }
    promise = {
        "type": "object",
        "required": [
            "id", "url", "municipality", "municipality_slug", "title", "valid_from", "valid_until", "follow_up", "commitments", "updates", "links", "translations",
        ],
        "additionalProperties": False,
        "properties": {
            "id": text, "url": uri, "municipality": text, "municipality_slug": text, "police_area": _nullable("string"),
            "title": text, "valid_from": date, "valid_until": date, "signed": {"type": ["string", "null"], "format": "date"},
            "signatories": {"type": "array", "items": {"type": "object", "required": ["name", "role"], "properties": {"name": text, "role": text, "organisation": _nullable("string")}}},
            "diary_numbers": {"type": "object", "additionalProperties": text},
            "follow_up": {"enum": list(FOLLOW_UPS)},
            "channels": {"type": "array", "items": text}, "replaces": _nullable("string"), "links": links,
            "current": {"type": "boolean"}, "overdue": {"type": "boolean"},
            "last_follow_up": {"type": ["string", "null"], "format": "date-time"},
            "commitments": {"type": "array", "minItems": 1, "items": commitment},
            "updates": {"type": "array", "items": uri},
            "translations": by_language(promise_translation),
        },
    }
    update = {
        "type": "object",
        "required": [
            "url", "title", "date", "promise", "municipality", "summary", "progress", "status", "image", "tags", "author", "links", "translations",
        ],
        "additionalProperties": False,
        "properties": {
            "url": uri, "title": text, "date": {"type": "string", "format": "date-time"}, "promise": text, "municipality": text,
            "summary": text,
            "progress": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
            "status": {"type": "object", "additionalProperties": commitment["properties"]["status"]},
            "image": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["url", "alt"], "properties": {"url": uri, "alt": text}}]},
            "tags": {"type": "array", "items": text}, "author": _nullable("string"), "links": links,
            "translations": by_language(update_translation),
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": addresses.absolute(site_url, SCHEMA_FILE),
        "title": "Medborgarlöften",
        "type": "object",
        "required": ["license", "promises", "updates"],
        "additionalProperties": False,
        "properties": {"license": {"const": LICENSE}, "promises": {"type": "array", "items": promise}, "updates": {"type": "array", "items": update}},
    }


# What starts a formula in Excel and LibreOffice (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_shown_as_text(value: Any) -> Any:
    """A CSV cell: a text starting with ``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return gets a ``'`` in front, as OWASP recommends, so a spreadsheet
    shows it as text instead of running it (``=HYPERLINK(…)``). Every text cell
    goes through here: the texts the site makes itself (addresses, dates, ``ja``,
    ``id=value``) never start that way, so only text from the content changes.
    Numbers stay numbers; None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell_shown_as_text(v) for v in row] for row in rows)
    # UTF-8 with a byte-order mark, so Excel shows å, ä and ö right.
    return buffer.getvalue().encode("utf-8-sig")


def _json(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def translation_rows(data: dict[str, Any]) -> list[list[Any]]:
    """One row a translated text, for a spreadsheet: what it translates (a
    promise's id or an update's address), the language, the translated page,
    the field, and for a commitment its id, for an area the original's name."""
    rows: list[list[Any]] = []
    for kind, records, original in (("promise", data["promises"], "id"), ("update", data["updates"], "url")):
        for record in records:
            for code, t in record["translations"].items():
                head = [kind, record[original], code, t["url"]]
                for name in ("title", "summary", "image_alt"):
                    if t.get(name) is not None:
                        rows.append([*head, name, None, t[name]])
                for name in ("commitments", "areas", "units", "units_singular"):
                    rows.extend([*head, name, key, text] for key, text in t.get(name, {}).items())
                if t["translator"] is not None:
                    rows.append([*head, "translator", None, t["translator"]])
    return rows


def files(site: Site, site_url: str) -> dict[str, bytes]:
    """Site-relative address → bytes, for every open data file."""
    data = records(site, site_url)
    joined = ", ".join
    promise_rows = [
        [p["id"], p["url"], p["municipality"], p["municipality_slug"], p["police_area"], p["title"], p["valid_from"], p["valid_until"],
         p["signed"], p["follow_up"], p["current"] and "ja" or "nej", p["overdue"] and "ja" or "nej", len(p["commitments"]), len(p["updates"]),
         _links_cell(p["links"])]
        for p in data["promises"]
    ]
    commitment_rows = [
        [p["id"], p["municipality"], c["id"], c["text"], c["by"], c["area"], joined(c["partners"]), c["target"], c["unit"], c["unit_singular"], c["progress"], c["status"]]
        for p in data["promises"] for c in p["commitments"]
    ]
    update_rows = [
        [u["url"], u["date"], u["title"], u["promise"], u["municipality"], u["summary"],
         joined(f"{k}={v}" for k, v in u["progress"].items()), joined(f"{k}={v}" for k, v in u["status"].items()), joined(u["tags"]), u["author"], _links_cell(u["links"])]
        for u in data["updates"]
    ]
    return {
        JSON_FILE: _json(data),
        CSV_FILES["translations"]: _csv(CSV_HEADERS["translations"], translation_rows(data)),
        SCHEMA_FILE: _json(schema(site_url)),
        CSV_FILES["promises"]: _csv(CSV_HEADERS["promises"], promise_rows),
        CSV_FILES["commitments"]: _csv(CSV_HEADERS["commitments"], commitment_rows),
        CSV_FILES["updates"]: _csv(CSV_HEADERS["updates"], update_rows),
    }
