"""Open data: every promise, commitment, progress, status and update, as JSON
(with a JSON Schema beside it) and as CSV files. CC0.

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
from .model import FOLLOW_UPS, PARTIES, STATUSES, Site

LICENSE = "CC0-1.0"
JSON_FILE = addresses.OPEN_DATA + "loften.json"
SCHEMA_FILE = addresses.OPEN_DATA + "loften.schema.json"
CSV_FILES = {
    "promises": addresses.OPEN_DATA + "loften.csv",
    "commitments": addresses.OPEN_DATA + "ataganden.csv",
    "updates": addresses.OPEN_DATA + "uppfoljningar.csv",
}


def records(site: Site, site_url: str) -> dict[str, Any]:
    def url(path: str) -> str:
        return addresses.absolute(site_url, path)

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
                        "progress": c.done,
                        "status": c.status,
                    }
                    for c in entry.progress
                ],
                "updates": [url(u.url) for u in entry.updates],
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
        "required": ["id", "text", "by", "area", "partners", "target", "unit", "progress", "status"],
        "additionalProperties": False,
        "properties": {
            "id": text, "text": text,
            "by": {"enum": list(PARTIES)},
            "area": _nullable("string"), "partners": {"type": "array", "items": text},
            "target": {"type": ["integer", "null"], "minimum": 1}, "unit": _nullable("string"),
            "progress": {"type": "integer", "minimum": 0},
            "status": {"enum": list(STATUSES)},
        },
    }
    promise = {
        "type": "object",
        "required": ["id", "url", "municipality", "municipality_slug", "title", "valid_from", "valid_until", "follow_up", "commitments", "updates"],
        "additionalProperties": False,
        "properties": {
            "id": text, "url": uri, "municipality": text, "municipality_slug": text, "police_area": _nullable("string"),
            "title": text, "valid_from": date, "valid_until": date, "signed": {"type": ["string", "null"], "format": "date"},
            "signatories": {"type": "array", "items": {"type": "object", "required": ["name", "role"], "properties": {"name": text, "role": text, "organisation": _nullable("string")}}},
            "diary_numbers": {"type": "object", "additionalProperties": text},
            "follow_up": {"enum": list(FOLLOW_UPS)},
            "channels": {"type": "array", "items": text}, "replaces": _nullable("string"),
            "current": {"type": "boolean"}, "overdue": {"type": "boolean"},
            "last_follow_up": {"type": ["string", "null"], "format": "date-time"},
            "commitments": {"type": "array", "minItems": 1, "items": commitment},
            "updates": {"type": "array", "items": uri},
        },
    }
    update = {
        "type": "object",
        "required": ["url", "title", "date", "promise", "municipality", "summary", "progress", "status", "image", "tags", "author"],
        "additionalProperties": False,
        "properties": {
            "url": uri, "title": text, "date": {"type": "string", "format": "date-time"}, "promise": text, "municipality": text,
            "summary": text,
            "progress": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
            "status": {"type": "object", "additionalProperties": commitment["properties"]["status"]},
            "image": {"oneOf": [{"type": "null"}, {"type": "object", "required": ["url", "alt"], "properties": {"url": uri, "alt": text}}]},
            "tags": {"type": "array", "items": text}, "author": _nullable("string"),
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


def files(site: Site, site_url: str) -> dict[str, bytes]:
    """Site-relative address → bytes, for every open data file."""
    data = records(site, site_url)
    joined = ", ".join
    promise_rows = [
        [p["id"], p["url"], p["municipality"], p["municipality_slug"], p["police_area"], p["title"], p["valid_from"], p["valid_until"],
         p["signed"], p["follow_up"], p["current"] and "ja" or "nej", p["overdue"] and "ja" or "nej", len(p["commitments"]), len(p["updates"])]
        for p in data["promises"]
    ]
    commitment_rows = [
        [p["id"], p["municipality"], c["id"], c["text"], c["by"], c["area"], joined(c["partners"]), c["target"], c["unit"], c["progress"], c["status"]]
        for p in data["promises"] for c in p["commitments"]
    ]
    update_rows = [
        [u["url"], u["date"], u["title"], u["promise"], u["municipality"], u["summary"],
         joined(f"{k}={v}" for k, v in u["progress"].items()), joined(f"{k}={v}" for k, v in u["status"].items()), joined(u["tags"]), u["author"]]
        for u in data["updates"]
    ]
    return {
        JSON_FILE: _json(data),
        SCHEMA_FILE: _json(schema(site_url)),
        CSV_FILES["promises"]: _csv(
            ["id", "url", "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed", "follow_up", "current", "overdue", "commitments", "updates"],
            promise_rows,
        ),
        CSV_FILES["commitments"]: _csv(["promise", "municipality", "id", "text", "by", "area", "partners", "target", "unit", "progress", "status"], commitment_rows),
        CSV_FILES["updates"]: _csv(["url", "date", "title", "promise", "municipality", "summary", "progress", "status", "tags", "author"], update_rows),
    }
