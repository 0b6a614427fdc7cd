"""The open data page's field tables (docs/oppna-data.md), made from the JSON
Schema and the CSV files' own headers (opendata.py), so the page documents
every field and column the files have, with the values they really hold.

Only the meaning of each field is written here by hand; its value form (text,
date, ``ja``/``nej``, enum values, empty cell) is read from the schema or the
CSV column's source. A field or column without a meaning fails the build's
tests (tests/test_open_data_docs.py), never silently goes undocumented."""

from __future__ import annotations

from typing import Any

from . import opendata

MARKER = "<!-- ml-oppna-data-falt -->"  # where docs/oppna-data.md gets the tables

# What each JSON field means, by the record it belongs to.
MEANINGS: dict[str, dict[str, str]] = {
    "top": {
        "license": "Licensen för alla data.",
        "promises": "Alla löften, se [Löften](#falt-promises).",
        "updates": "Alla publicerade uppföljningar, den senaste först, se [Uppföljningar](#falt-updates).",
    },
    "promises": {
        "id": "Löftets id, till exempel `nassjo-2019-2020`.",
        "url": "Löftets sida på webbplatsen.",
        "municipality": "Kommunens namn.",
        "municipality_slug": "Den del av adressen som pekar ut kommunen.",
        "police_area": "Lokalpolisområdet, om det är angivet.",
        "title": "Löftets rubrik.",
        "valid_from": "Första dagen löftet gäller.",
        "valid_until": "Sista dagen löftet gäller.",
        "signed": "När löftet undertecknades, om det är angivet.",
        "signatories": "Vem som undertecknade: `name`, `role` och `organisation` (eller `null`) per person.",
        "diary_numbers": "Diarienummer per part.",
        "follow_up": "Hur ofta löftet ska följas upp.",
        "channels": "Var uppföljningarna också publiceras.",
        "replaces": "Id för löftet som det här löftet ersätter.",
        "links": "Källor som visas under löftets text, se [Källor](#kallor).",
        "current": "Om löftet gäller när webbplatsen byggdes.",
        "overdue": "Om uppföljningen är försenad enligt `follow_up`.",
        "last_follow_up": "Tidpunkten för den senaste publicerade uppföljningen.",
        "commitments": "Åtagandena, se [Åtaganden](#falt-commitments).",
        "updates": "Adresserna till löftets uppföljningar, den senaste först.",
        "translations": "Löftet på lättläst och andra språk, per språkkod, se [Översättningar](#oversattningar).",
    },
    "commitments": {
        "id": "Åtagandets id.",
        "text": "Vad som ska göras.",
        "by": "Vem som ansvarar.",
        "area": "Tema eller plats, om det är angivet.",
        "partners": "Andra parter som deltar.",
        "target": "\"Minst så många\": målet, för ett åtagande som räknas.",
        "unit": "Vad som räknas, till exempel insatser.",
        "unit_singular": "En av det som räknas, till exempel insats; `null` om det inte är angivet.",
        "progress": "Summan av allt som rapporterats i publicerade uppföljningar; `null` för ett åtagande utan mål (`target`), som inte räknar något: bara dess status säger hur det går.",
        "status": "Åtagandets status: planerad, pågår, pausad, klar eller inställd.",
    },
    "updates": {
        "url": "Uppföljningens sida; adressen ändras inte.",
        "title": "Rubriken.",
        "date": "När uppföljningen publicerades, svensk tid.",
        "promise": "Id för löftet som uppföljningen gäller.",
        "municipality": "Kommunens namn.",
        "summary": "Kort sammanfattning i klartext.",
        "progress": "Hur många som genomförts sedan förra uppföljningen, per åtagandets id.",
        "status": "Ny status per åtagandets id, när den ändrades.",
        "image": "Bildens adress (`url`) och alternativtext (`alt`).",
        "tags": "Ämnesord.",
        "author": "Avsändare, om den är angiven.",
        "links": "Källor som visas under uppföljningens text, se [Källor](#kallor).",
        "translations": "Uppföljningen på lättläst och andra språk, per språkkod, se [Översättningar](#oversattningar).",
    },
    "promise_translation": {
        "url": "Den översatta sidan.",
        "title": "Rubriken på språket; `null`: den svenska rubriken visas.",
        "commitments": "Åtagandenas text på språket, per åtagandets id. Ett åtagande som saknas här visas på svenska.",
        "areas": "Områdenas namn på språket, per områdets svenska namn (`area`).",
        "units": "Det som räknas, på språket, per åtagandets id. En enhet som saknas här visas på svenska.",
        "units_singular": "En av det som räknas, på språket, per åtagandets id.",
        "translator": "Vem som har översatt, om det är angivet.",
    },
    "update_translation": {
        "url": "Den översatta sidan.",
        "title": "Rubriken på språket.",
        "summary": "Sammanfattningen på språket.",
        "image_alt": "Bildens alternativtext på språket; `null` utan bild.",
        "translator": "Vem som har översatt, om det är angivet.",
    },
}

# Each CSV column: the JSON field it shows (record, field, ""), or ("own",
# its meaning, its value form) where it has no field of its own.
CSV_COLUMNS: dict[str, dict[str, tuple[str, str, str]]] = {
    "promises": {
        **{name: ("promises", name, "") for name in (
            "id", "url", "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed",
            "follow_up", "current", "overdue", "links")},
        "commitments": ("own", "Hur många åtaganden löftet har.", "heltal"),
        "updates": ("own", "Hur många publicerade uppföljningar löftet har.", "heltal"),
    },
    "commitments": {
        "promise": ("promises", "id", ""),
        "municipality": ("promises", "municipality", ""),
        **{name: ("commitments", name, "") for name in ("id", "text", "by", "area", "partners", "target", "unit", "unit_singular", "progress", "status")},
    },
    "updates": {name: ("updates", name, "") for name in (
        "url", "date", "title", "promise", "municipality", "summary", "progress", "status", "tags", "author", "links")},
    "translations": {
        "kind": ("own", "Vad som är översatt: ett löfte eller en uppföljning.", "`promise` eller `update`"),
        "original": ("own", "Löftets `id`, eller uppföljningens adress (`url` i `uppfoljningar.csv`).", "text"),
        "language": ("own", "Språkkoden, som i JSON-filen.", "språkkod"),
        "url": ("own", "Den översatta sidan.", "adress"),
        "field": ("own", "Vilket fält texten översätter.", "`title`, `summary`, `image_alt`, `commitments`, `areas`, `units`, `units_singular` eller `translator`"),
        "key": ("own", "För `commitments`, `units` och `units_singular` åtagandets id, för `areas` områdets svenska namn.", "text; tom cell för de andra fälten"),
        "text": ("own", "Texten på språket.", "text"),
    },
}

_FORMATS = {
    "date": "datum, ÅÅÅÅ-MM-DD",
    "date-time": "tidpunkt med tidszon, ISO 8601 (2024-03-15T18:30:00+01:00)",
    "uri": "adress",
}


def _code(value: Any) -> str:
    return "`null`" if value is None else f"`{value}`"


def _either(values: list[str]) -> str:
    return values[0] if len(values) == 1 else ", ".join(values[:-1]) + " eller " + values[-1]


def value_form(spec: dict[str, Any]) -> str:
    """How a JSON value of ``spec`` (a JSON Schema) is written, in Swedish."""
    if "const" in spec:
        return _code(spec["const"])
    if "enum" in spec:
        return _either([_code(v) for v in spec["enum"]])
    if "oneOf" in spec:
        return _either([value_form(s) for s in spec["oneOf"]])
    kinds = spec.get("type", "object")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    shown = [_one(kind, spec) for kind in kinds if kind != "null"]
    if "null" in kinds:
        shown.append("`null`")
    return _either(shown)


def _one(kind: str, spec: dict[str, Any]) -> str:
    if kind == "string":
        return _FORMATS.get(spec.get("format", ""), "adress som börjar med https://, http:// eller mailto:" if "pattern" in spec else "text")
    if kind == "integer":
        return "heltal" + (f", minst {spec['minimum']}" if "minimum" in spec else "")
    if kind == "boolean":
        return "`true` eller `false`"
    if kind == "array":
        items = spec.get("items", {})
        if "properties" in items:
            return "lista med objekt (" + ", ".join(f"`{name}`" for name in items["properties"]) + ")"
        return "lista" + (f" ({value_form(items)})" if items else "")
    if "propertyNames" in spec:
        return "objekt med en språkkod som nyckel"
    if "properties" in spec:
        return "objekt med " + ", ".join(f"`{name}`" for name in spec["properties"])
    if isinstance(spec.get("additionalProperties"), dict):
        return f"objekt: nyckel → {value_form(spec['additionalProperties'])}"
    return "objekt"


def csv_form(spec: dict[str, Any], column: str) -> str:
    """How the CSV files write a value of ``spec``: opendata.files' rules
    (``ja``/``nej``, lists joined with commas, ``id=värde``, an empty cell)."""
    kinds = spec.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if "boolean" in kinds:
        return "`ja` eller `nej`"
    if column == "links":
        return "en källa per rad i cellen: `text <url>`; tom cell utan källor"
    if "object" in kinds and isinstance(spec.get("additionalProperties"), dict):
        return f"`id=värde`, åtskilda med komma ({value_form(spec['additionalProperties'])}); tom cell utan värden"
    if "array" in kinds:
        return "kommaseparerad lista; tom cell för en tom lista"
    form = value_form({**spec, "type": [k for k in kinds if k != "null"] or kinds} if "type" in spec else spec)
    return form + ("; tom cell för `null`" if "null" in kinds else "")


def _records(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each documented record's properties, by the names MEANINGS uses."""
    promise = schema["properties"]["promises"]["items"]
    update = schema["properties"]["updates"]["items"]
    return {
        "top": schema["properties"],
        "promises": promise["properties"],
        "commitments": promise["properties"]["commitments"]["items"]["properties"],
        "updates": update["properties"],
        "promise_translation": promise["properties"]["translations"]["additionalProperties"]["properties"],
        "update_translation": update["properties"]["translations"]["additionalProperties"]["properties"],
    }


def _cell(text: str) -> str:
    """A Markdown table cell: a | would end it."""
    return text.replace("|", "\\|").replace("\n", " ")


def _table(head: tuple[str, str, str], rows: list[tuple[str, str, str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "| --- | --- | --- |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


JSON_HEADINGS = {
    "top": ("Filen som helhet", "falt-top"),
    "promises": ("Löften (`promises`)", "falt-promises"),
    "commitments": ("Åtaganden (`commitments`)", "falt-commitments"),
    "updates": ("Uppföljningar (`updates`)", "falt-updates"),
    "promise_translation": ("Ett löftes översättning (`translations` i ett löfte)", "falt-promise-translation"),
    "update_translation": ("En uppföljnings översättning (`translations` i en uppföljning)", "falt-update-translation"),
}


def rows(site_url: str = "") -> tuple[dict[str, list[tuple[str, str, str]]], dict[str, list[tuple[str, str, str]]]]:
    """(JSON record → rows, CSV file → rows), each row (name, meaning, value
    form), in the files' own order; KeyError for a field without a meaning."""
    properties = _records(opendata.schema(site_url))
    json_rows = {kind: [(f"`{name}`", MEANINGS[kind][name], value_form(spec)) for name, spec in fields.items()]
                 for kind, fields in properties.items()}
    csv_rows: dict[str, list[tuple[str, str, str]]] = {}
    for key, header in opendata.CSV_HEADERS.items():
        found = []
        for column in header:
            record, name, form = CSV_COLUMNS[key][column]
            if record == "own":
                found.append((f"`{column}`", name, form))
            else:
                found.append((f"`{column}`", MEANINGS[record][name], csv_form(properties[record][name], name)))
        csv_rows[key] = found
    return json_rows, csv_rows


def markdown(site_url: str = "") -> str:
    """The tables for docs/oppna-data.md, in place of MARKER."""
    json_rows, csv_rows = rows(site_url)
    lines = ["### JSON-filen (`data/loften.json`)", ""]
    for kind, found in json_rows.items():
        title, anchor = JSON_HEADINGS[kind]
        lines += [f"#### {title} {{ #{anchor} }}", "", *_table(("Fält", "Betydelse", "Värden"), found)]
    for key, found in csv_rows.items():
        name = opendata.CSV_FILES[key].rsplit("/", 1)[-1]
        lines += [f"### `data/{name}` {{ #falt-{name.replace('.', '-')} }}", "", *_table(("Kolumn", "Betydelse", "Värden"), found)]
    return "\n".join(lines)
