"""Check front matter against the contract and turn it into typed records.

Every rule a file breaks becomes a Problem naming the file, the field, the
reason and, where one exists, a fix. All files are checked before anything is
reported, so a writer sees every problem at once.
"""

from __future__ import annotations

import calendar
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from PIL import Image as PillowImage
from yaml.constructor import SafeConstructor

from . import addresses
from .assets import MIME_TYPES, judge
from .load import SourceFile, Sources
from .model import FOLLOW_UPS, PARTIES, STATUSES, Commitment, Image, Link, Promise, Signatory, Update, start_of
from .problems import Report
from .slug import is_slug, slugify
from .swedish import STOCKHOLM, kommun, long_date
from .writer_markdown import WriterImages, other_host, source_address, url_reading

PROMISE_FIELDS = (
    "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed",
    "signatories", "diary_numbers", "follow_up", "channels", "replaces", "commitments", "links",
)
COMMITMENT_FIELDS = ("id", "text", "by", "area", "partners", "target", "unit", "unit_singular")
SIGNATORY_FIELDS = ("name", "role", "organisation")
UPDATE_FIELDS = (
    "title", "date", "promise", "summary", "progress", "status", "image", "image_alt", "tags", "author",
    "draft", "slug", "links",
)
LINK_FIELDS = ("text", "url")
# Contract 2.1: the pictures that may stand beside the content (assets.py judges their bytes).
IMAGE_TYPES = MIME_TYPES
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LEADING_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}-?")
_YAML_BOOLEANS = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
# What writers type in Swedish, for the hint: the site shows these values in Swedish.
_SWEDISH_VALUES = {
    "planerad": "planned", "pågår": "ongoing", "pagar": "ongoing", "pausad": "paused", "klar": "done",
    "klart": "done", "genomförd": "done", "inställd": "cancelled", "installd": "cancelled", "avbruten": "cancelled",
    "polis": "polisen", "kommun": "kommunen", "båda": "gemensamt", "tillsammans": "gemensamt",
    "månadsvis": "monthly", "varje månad": "monthly", "kvartalsvis": "quarterly", "varje kvartal": "quarterly",
    "årligen": "yearly", "årsvis": "yearly", "varje år": "yearly", "löpande": "continuous", "kontinuerligt": "continuous",
}
_MISSING = object()
# The largest count a commitment's target or an update's progress may be: a
# promise counts patrols, meetings and walks, and a longer number is a slip
# (an extra digit, a date in the wrong field) more often than a count.
MAX_COUNT = 100_000
# The years a date may have: every promise is from this century, and a year
# outside it is a slip (0224 for 2024) that would also overflow dates in feeds.
FIRST_YEAR, LAST_YEAR = 2000, 2099
_WHOLE_NUMBER = re.compile(r"^([-+]?)([0-9]+)$")
# A municipality's name and the last part of an update's address: far longer
# than any real one, far shorter than a file name may be (255 bytes), since
# each becomes a folder of the published site.
MAX_NAME = 60
MAX_SLUG = 100
# Contract 2.1's limits: what a promise means fits well inside them, and each
# bounds what one file may cost the build (a commitment is drawn on every page,
# card and feed of its promise; a unit is repeated beside every number).
MAX_COMMITMENTS = 50
MAX_YEARS = 6
MAX_UNIT = 40
MAX_TITLE = 200
MAX_COMMITMENT_TEXT = 1000
TITLE_HINT = "Korta rubriken till det viktigaste; resten kan stå i texten under den."
UNIT_HINT = (
    "Skriv bara det som räknas, till exempel «insatser» eller «trygghetsvandringar»; "
    "förklaringen hör hemma i åtagandets text."
)
COMMITMENT_TEXT_HINT = (
    "Skriv åtagandet kort, i en eller några meningar; bakgrund och förklaringar hör hemma i löftets text under front matter."
)


def latest_end(valid_from: date) -> date:
    """The last day a promise starting on valid_from may run: MAX_YEARS years
    later, minus a day (2024-01-01 may run until 2029-12-31). A start on 29
    February counts from 1 March in a year without one."""
    year = valid_from.year + MAX_YEARS
    try:
        anniversary = valid_from.replace(year=year)
    except ValueError:  # 29 February in a year without it
        anniversary = date(year, 3, 1)
    return anniversary - timedelta(days=1)


def shown(value: Any, limit: int = 60) -> str:
    """A value as a writer wrote it, for a message: text as text (shortened),
    true/false as written in YAML, and never a whole list or mapping, which may
    be enormous."""
    if value is None:
        return "(tomt)"
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "flera fält"
    # One line: a message names a file, a field and a value on a line of its own.
    text = " ".join(as_text(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def spaced(number: int) -> str:
    """A number as Swedish writes it: 1 000, 100 000."""
    return f"{number:,}".replace(",", " ")


def as_text(value: str | int | bool) -> str:
    """A value as the text it was written as: the loader keeps everything but
    true/false and whole numbers as text, and those print back as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def closest(word: str, options: Iterable[str], n: int = 1) -> list[str]:
    return difflib.get_close_matches(word, list(options), n=n, cutoff=0.6)


def _suggest(word: str, options: Iterable[str], n: int = 1) -> str:
    found = closest(word, options, n)
    return "Menade du " + " eller ".join(f"«{f}»" for f in found) + "?" if found else ""


def _why_not_a_date(text: str) -> str:
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        year, month, day = (int(g) for g in match.groups())
        if not 1 <= month <= 12:
            return f"«{text}» är inget riktigt datum: månaden är {month}, men det finns bara 12 månader."
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            return f"«{text}» är inget riktigt datum: månad {month} år {year} har bara {days} dagar."
    return f"«{shown(text)}» är inget datum som går att läsa."


@dataclass
class Fields:
    """Typed reading of one mapping in one file; each mistake becomes a Problem."""

    report: Report
    path: str
    data: dict[str, Any]
    prefix: str = ""  # e.g. "commitments › insatser-runneryd › " for nested mappings

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.report.error(self.path, self.name(key), message, hint)

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.data:
            if key not in known:
                hint = _suggest(key, known) or "Ta bort fältet eller se skrivhandledningen för vilka fält som finns."
                self.report.warning(self.path, self.name(key), "okänt fält, det används inte.", hint)

    def raw(self, key: str, required: bool, example: str = "") -> Any:
        value = self.data.get(key, _MISSING)
        # Blank is missing: a field of spaces says nothing.
        if value is _MISSING or value is None or (isinstance(value, str) and not value.strip()):
            if required:
                hint = f"Lägg till till exempel «{key}: {example}»." if example else ""
                self.error(key, "fältet saknas men måste finnas.", hint)
            return _MISSING
        return value

    def text(self, key: str, required: bool = False, example: str = "") -> str | None:
        value = self.raw(key, required, example)
        if value is _MISSING:
            return None
        if isinstance(value, (dict, list)):
            self.error(key, "ska vara en text, inte en lista eller flera fält.")
            return None
        return as_text(value).strip()

    def choice(self, key: str, options: tuple[str, ...], required: bool = False) -> str | None:
        value = self.text(key, required, example=options[0])
        if value is None:
            return None
        if value.lower() in options:
            return value.lower()
        listed = ", ".join(options)
        translated = _SWEDISH_VALUES.get(value.lower())
        hint = f"Skriv «{translated}» (värdena skrivs på engelska)." if translated in options else _suggest(value.lower(), options)
        self.error(key, f"«{shown(value)}» är inget tillåtet värde. Tillåtna värden: {listed}.", hint)
        return None

    def integer(self, key: str, minimum: int, value: Any = _MISSING) -> int | None:
        if value is _MISSING:
            value = self.raw(key, required=False)
            if value is _MISSING:
                return None
        found = _WHOLE_NUMBER.match(value.strip()) if isinstance(value, str) else None
        if found is None:
            self.error(key, f"«{shown(value)}» är inget heltal.", "Skriv talet med siffrorna 0–9, till exempel 4.")
            return None
        sign, digits = found.groups()
        # Compared as text first: int() of thousands of digits is refused.
        number = int(digits) if len(digits) <= len(str(MAX_COUNT)) else MAX_COUNT + 1
        if sign == "-" and number > 0:
            self.error(key, f"{shown(value.strip())} är för litet: talet måste vara minst {minimum}.")
            return None
        if number < minimum:
            self.error(key, f"{number} är för litet: talet måste vara minst {minimum}.")
            return None
        if number > MAX_COUNT:
            self.error(
                key, f"«{shown(value.strip(), 20)}» är för stort: talet får vara högst {MAX_COUNT:,}.".replace(",", " "),
                "Så stora tal räknar inget medborgarlöfte; kontrollera att det inte är ett skrivfel.",
            )
            return None
        return number

    def limited(self, key: str, value: str | None, limit: int, what: str, hint: str) -> str | None:
        """``value`` when it has at most ``limit`` characters; else an error
        naming the limit, and None. ``what`` names the value ("rubriken")."""
        if value is None or len(value) <= limit:
            return value
        self.error(key, f"{what} är {spaced(len(value))} tecken lång, men får vara högst {spaced(limit)} tecken.", hint)
        return None

    def title(self, required: bool = False, example: str = "") -> str | None:
        """The field ``title``, at most MAX_TITLE characters."""
        return self.limited("title", self.text("title", required, example), MAX_TITLE, "rubriken", TITLE_HINT)

    def boolean(self, key: str) -> bool:
        value = self.raw(key, required=False)
        if value is _MISSING:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in _YAML_BOOLEANS:
            return _YAML_BOOLEANS[value.lower()]
        self.error(key, f"«{shown(value)}» är varken true eller false.", "Skriv true eller false.")
        return False

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.raw(key, required=False)
        if value is _MISSING:
            return ()
        if isinstance(value, (str, int)):
            return (as_text(value),)  # a single item written without brackets
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
            self.error(key, "ska vara en lista med texter.", f"Skriv till exempel «{key}: [första, andra]».")
            return ()
        # An item of only spaces says nothing, like a field of only spaces.
        return tuple(text for v in value if (text := as_text(v).strip()))

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.raw(key, required=False)
        if value is _MISSING:
            return {}
        if not isinstance(value, dict):
            self.error(key, "ska vara en lista med «namn: värde» på egna, indragna rader.")
            return {}
        return {str(k): v for k, v in value.items()}

    def day(self, key: str, required: bool = False) -> date | None:
        value = self.text(key, required, example="2024-03-15")
        if value is None:
            return None
        if not _DAY.match(value):
            self.error(key, f"«{shown(value)}» har fel form.", "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-15.")
            return None
        try:
            day = date.fromisoformat(value)
        except ValueError:
            self.error(key, _why_not_a_date(value), "Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-03-15.")
            return None
        return day if self._in_range(key, day) else None

    def _in_range(self, key: str, day: date) -> bool:
        if FIRST_YEAR <= day.year <= LAST_YEAR:
            return True
        self.error(
            key, f"året {day.year} ligger utanför de år webbplatsen visar, {FIRST_YEAR}–{LAST_YEAR}.",
            "Kontrollera årtalet; det har kanske en siffra för mycket eller för lite.",
        )
        return False

    def moment(self, key: str, required: bool = False) -> datetime | None:
        value = self.text(key, required, example="2024-03-15")
        if value is None:
            return None
        hint = "Skriv datumet som ÅÅÅÅ-MM-DD, eller med tid som 2024-03-15T18:30."
        parsed: date | datetime
        if _DAY.match(value):
            try:
                day = date.fromisoformat(value)
            except ValueError:
                self.error(key, _why_not_a_date(value), hint)
                return None
            return start_of(day) if self._in_range(key, day) else None
        try:
            # ISO 8601 as Python reads it: 2024-03-15T18:30, 18:30:00+01:00, Z …
            parsed = datetime.fromisoformat(value)
        except ValueError:
            if not SafeConstructor.timestamp_regexp.match(value):
                self.error(key, f"«{shown(value)}» har fel form.", hint)
                return None
            try:
                # The other forms YAML writers know, such as "2024-03-15 18:30:00 +1".
                parsed = SafeConstructor.construct_yaml_timestamp(
                    SafeConstructor(), yaml.ScalarNode("tag:yaml.org,2002:timestamp", value)
                )
            except (ValueError, OverflowError):
                self.error(key, _why_not_a_date(value), hint)
                return None
            if not isinstance(parsed, datetime):  # a day without leading zeros, such as "2024-3-5"
                return start_of(parsed) if self._in_range(key, parsed) else None
        # Checked before the time zone is applied: a zone can carry year 9999 past the calendar's end.
        if not self._in_range(key, parsed.date()):
            return None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=STOCKHOLM)  # a time without zone is local time
        return parsed.astimezone(STOCKHOLM)


def _promise_id(path: str) -> str:
    return PurePosixPath(path).name[: -len(".md")]


def _signatories(fields: Fields) -> tuple[Signatory, ...]:
    raw = fields.raw("signatories", required=False)
    if raw is _MISSING:
        return ()
    if not isinstance(raw, list):
        fields.error("signatories", "ska vara en lista där varje person börjar med «- name:».")
        return ()
    result = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            fields.error(f"signatories › nr {number}", "ska ha fälten name och role.")
            continue
        sub = Fields(fields.report, fields.path, item, f"signatories › nr {number} › ")
        sub.unknown_keys(SIGNATORY_FIELDS)
        name, role = sub.text("name", True, "Anna Andersson"), sub.text("role", True, "Kommunstyrelsens ordförande")
        if name and role:
            result.append(Signatory(name, role, sub.text("organisation")))
    return tuple(result)


def _commitments(fields: Fields) -> tuple[Commitment, ...] | None:
    raw = fields.raw("commitments", required=True, example="[...]")
    if raw is _MISSING:
        return None
    if not isinstance(raw, list) or not raw:
        fields.error("commitments", "ska vara en lista med minst ett åtagande, där varje åtagande börjar med «- id:».")
        return None
    if len(raw) > MAX_COMMITMENTS:
        # Each commitment is drawn on every page, card and feed of its promise;
        # they are not checked one by one (hundreds of messages say less than one).
        fields.error(
            "commitments", f"löftet har {spaced(len(raw))} åtaganden, men får ha högst {MAX_COMMITMENTS}.",
            "Slå ihop åtaganden som hör ihop, eller dela upp löftet i flera löften.",
        )
        return None
    result: list[Commitment] = []
    ok = True
    for number, item in enumerate(raw, start=1):
        label = f"commitments › nr {number}"
        if not isinstance(item, dict):
            fields.error(label, "ska ha fälten id, text och by.")
            ok = False
            continue
        ident = item.get("id")
        if isinstance(ident, str) and ident:
            label = f"commitments › {ident}"
        sub = Fields(fields.report, fields.path, item, f"{label} › ")
        sub.unknown_keys(COMMITMENT_FIELDS)
        cid = sub.text("id", True, "insatser-centrum")
        if cid is not None and not is_slug(cid):
            sub.error("id", f"«{shown(cid)}» får bara innehålla små bokstäver a–z, siffror och bindestreck.", f"Skriv till exempel «{slugify(cid) or 'insatser-centrum'}».")
            cid = None
        elif cid is not None and any(c.id == cid for c in result):
            sub.error("id", f"«{shown(cid)}» används redan av ett annat åtagande i samma löfte.", "Ge varje åtagande ett eget id.")
            cid = None
        text = sub.limited(
            "text", sub.text("text", True, "Polisen genomför minst tio insatser."), MAX_COMMITMENT_TEXT, "åtagandets text",
            COMMITMENT_TEXT_HINT,
        )
        by = sub.choice("by", PARTIES, required=True)
        target = sub.integer("target", minimum=1)
        target_ok = target is not None or sub.raw("target", required=False) is _MISSING
        unit = sub.limited("unit", sub.text("unit"), MAX_UNIT, "enheten", UNIT_HINT)
        unit_ok = unit is not None or sub.raw("unit", required=False) is _MISSING
        singular = sub.limited("unit_singular", sub.text("unit_singular"), MAX_UNIT, "enheten i singular", UNIT_HINT)
        singular_ok = singular is not None or sub.raw("unit_singular", required=False) is _MISSING
        if singular is not None and unit is None and unit_ok:
            sub.error(
                "unit_singular", "åtagandet har en enhet i singular men ingen enhet (unit) i plural.",
                "Lägg till «unit:» med det som räknas i plural, till exempel «unit: insatser» bredvid «unit_singular: insats», eller ta bort unit_singular.",
            )
            singular_ok = False
        if cid is None or text is None or by is None or not target_ok or not unit_ok or not singular_ok:
            ok = False
            continue
        if unit is not None and target is None:
            # Contract 2.1: without a target nothing is counted, so the unit is never shown.
            sub.report.notice(
                sub.path, sub.name("unit"), f"åtagandet «{cid}» har en enhet men inget mål (target), så det räknar inget och enheten visas inte.",
                "Ge åtagandet ett mål, till exempel «target: 10», om det ska räknas; annars kan unit tas bort.",
            )
        result.append(Commitment(cid, text, by, sub.text("area"), sub.text_list("partners"), target, unit, singular))
    return tuple(result) if ok else None


def validate_promise(source: SourceFile, report: Report) -> Promise | None:
    before = len(report.errors)
    fields = Fields(report, source.path, source.meta)
    fields.unknown_keys(PROMISE_FIELDS)
    pid = _promise_id(source.path)
    if not is_slug(pid):
        report.error(
            source.path, "", f"filnamnet «{pid}» blir löftets id och får bara innehålla små bokstäver a–z, siffror och bindestreck.",
            f"Döp om filen till {slugify(pid) or 'kommun-2024'}.md.",
        )
    municipality = fields.text("municipality", True, "Nässjö")
    if municipality is not None and (len(municipality) > MAX_NAME or "\n" in municipality):
        fields.error(
            "municipality", f"«{shown(municipality)}» är inget kommunnamn: det ska stå på en rad och vara högst {MAX_NAME} tecken.",
            "Skriv kommunens namn, till exempel «municipality: Upplands Väsby».",
        )
        municipality = None
    explicit_slug = fields.text("municipality_slug")
    if explicit_slug is not None and not is_slug(explicit_slug):
        fields.error("municipality_slug", f"«{shown(explicit_slug)}» får bara innehålla små bokstäver a–z, siffror och bindestreck.", f"Skriv till exempel «{shown(slugify(explicit_slug))}».")
    elif explicit_slug is not None and len(explicit_slug) > MAX_NAME:
        fields.error("municipality_slug", f"«{shown(explicit_slug)}» är längre än {MAX_NAME} tecken.", "Skriv en kortare adress, som kommunens namn.")
    valid_from = fields.day("valid_from", required=True)
    valid_until = fields.day("valid_until", required=True)
    if valid_from and valid_until and valid_until < valid_from:
        fields.error("valid_until", f"slutdatumet {valid_until} ligger före startdatumet {valid_from}.", "Kontrollera båda datumen.")
    elif valid_from and valid_until and valid_until > latest_end(valid_from):
        fields.error(
            "valid_until",
            f"löftet gäller från {valid_from} till {valid_until}, men ett löfte får gälla högst {MAX_YEARS} år: "
            f"från {valid_from} till och med {latest_end(valid_from)}.",
            f"Skriv «valid_until: {latest_end(valid_from)}» eller tidigare; gäller löftet längre, skriv ett nytt löfte för tiden efter.",
        )
    signed = fields.day("signed")
    follow_up = fields.choice("follow_up", FOLLOW_UPS) or "continuous"
    diary = fields.mapping("diary_numbers")
    diary_numbers = []
    for key, value in diary.items():
        if isinstance(value, (dict, list)) or value is None:
            fields.error(f"diary_numbers › {key}", "ska vara ett diarienummer, skrivet inom citattecken.")
        else:
            diary_numbers.append((key, as_text(value).strip()))
    commitments = _commitments(fields)
    promise = Promise(
        id=pid,
        path=source.path,
        municipality=municipality or "",
        municipality_slug=explicit_slug or slugify(municipality or ""),
        title=fields.title() or f"Medborgarlöfte i {kommun(municipality or '')} {_period(valid_from, valid_until)}",
        valid_from=valid_from or date.min,
        valid_until=valid_until or date.min,
        commitments=commitments or (),
        body=source.body,
        police_area=fields.text("police_area"),
        signed=signed,
        signatories=_signatories(fields),
        diary_numbers=tuple(diary_numbers),
        follow_up=follow_up,
        channels=fields.text_list("channels"),
        replaces=fields.text("replaces"),
        links=_links(fields),
    )
    if municipality and not promise.municipality_slug:
        fields.error("municipality", f"«{municipality}» ger ingen adress.", "Lägg till «municipality_slug» med små bokstäver a–z.")
    return promise if len(report.errors) == before else None


def _period(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return ""
    return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def _links(fields: Fields) -> tuple[Link, ...]:
    """``links`` (contract 2.1): sources shown under the text, each a text and
    an https://, http:// or mailto: address as a browser reads it."""
    raw = fields.raw("links", required=False)
    if raw is _MISSING:
        return ()
    shape = "Skriv varje källa som «- text: Det undertecknade löftet (pdf)» med «url: https://…» indraget på raden under."
    if not isinstance(raw, list):
        fields.error("links", "ska vara en lista där varje källa börjar med «- text:» och har en url.", shape)
        return ()
    result = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            fields.error(f"links › {number}", "ska ha fälten text och url.", shape)
            continue
        sub = Fields(fields.report, fields.path, item, f"links › {number} › ")
        sub.unknown_keys(LINK_FIELDS)
        text = sub.text("text", True, "Det undertecknade löftet (pdf)")
        url = sub.text("url", True, "https://www.polisen.se/")
        if url is not None and not source_address(url):
            sub.error(
                "url", f"«{shown(url)}» är ingen adress som en källa kan ha: den ska börja med https://, http:// eller mailto:.",
                "Kopiera hela adressen från webbläsarens adressfält, till exempel «url: https://polisen.se/…», "
                "eller skriv mailto: före en e-postadress.",
            )
            url = None
        if text is not None and url is not None:
            result.append(Link(text, url_reading(url)))  # as the browser will read it: no tabs or line breaks
    return tuple(result)


def check_body_images(path: str, body: str, images: WriterImages, own_host: str | None, report: Report) -> None:
    """The images in a body (``![alt](address)``): one without alternative text
    is an error, one from another host a warning (the visitor's address would
    go there). ``images`` renders only a body that has an image."""
    folder = PurePosixPath(path).parent
    seen: set[tuple[str, str]] = set()
    for image in images(body):
        if (image.src, image.alt) in seen:
            continue
        seen.add((image.src, image.alt))
        if not image.alt.strip():
            report.error(
                path, "", f"bilden «{shown(image.src)}» i texten saknar alternativtext, som den som inte ser bilden behöver för att veta vad den visar.",
                f"Skriv en kort beskrivning mellan hakparenteserna, till exempel ![Poliser vid en trygghetsvandring]({shown(image.src)}).",
            )
        host = other_host(image.src, own_host)
        if host is not None:
            name = PurePosixPath(image.src.split("?")[0]).name
            name = name if PurePosixPath(name).suffix.lower() in IMAGE_TYPES else "bild.jpg"
            report.warning(
                path, "", f"bilden «{shown(image.src)}» i texten hämtas från en annan webbplats, {host}: varje besökares adress skickas dit när sidan visas.",
                f"Spara bilden bredvid filen, i {folder}/ eller en undermapp som {folder}/bilder/, och skriv sökvägen dit, "
                f"till exempel ![{shown(image.alt.strip() or 'Beskrivning av bilden', 40)}](bilder/{shown(name, 40)}).",
            )


def pixel_size(path: Path) -> tuple[int | None, int | None]:
    """An image's width and height from its header (Pillow reads no more), or
    None for what Pillow cannot read: an SVG, a broken or enormous file."""
    try:
        with PillowImage.open(path) as image:
            return image.size
    except Exception:  # noqa: BLE001 - Pillow raises many kinds on a broken file; each means the size is unknown
        return None, None


def _image(fields: Fields, source: SourceFile, root: Path, docs_dir: Path) -> Image | None:
    ref = fields.text("image")
    alt = fields.text("image_alt")
    if ref is None:
        if alt is not None:
            fields.error("image_alt", "finns, men det finns ingen bild.", "Lägg till fältet image eller ta bort image_alt.")
        return None
    if alt is None:
        fields.error("image_alt", "saknas. En bild måste ha en alternativtext för den som inte ser bilden.", "Beskriv kort vad bilden visar, till exempel «image_alt: Poliser samtalar med boende vid resecentrum».")
    mime = IMAGE_TYPES.get(PurePosixPath(ref).suffix.lower())
    if mime is None:
        fields.error("image", f"«{shown(ref)}» är ingen bildtyp som webbplatsen publicerar.", "Använd en bild av typen " + ", ".join(sorted(IMAGE_TYPES)) + ".")
        return None
    folder = PurePosixPath(source.path).parent
    outside = False
    for candidate, base, prefix in ((root / folder / ref, root / "updates", "updates/"), (docs_dir / ref, docs_dir, "")):
        try:
            # resolve() follows links, so a link inside that leads out counts as outside.
            found, base = candidate.resolve(), base.resolve()
            is_file = found.is_file()
        except OSError:  # a name too long for the file system, a loop of links
            continue
        if is_file and not found.is_relative_to(base):
            outside = True
        elif is_file:
            # The same judgement as the files beside the content: an SVG with a script is never an update's picture.
            if (refusal := judge(found)) is not None:
                fields.error("image", f"bilden «{shown(ref)}» kan inte användas: {refusal.message}", refusal.hint)
                return None
            if alt is None:
                return None
            url = prefix + found.relative_to(base).as_posix()
            width, height = pixel_size(found)
            return Image(url=url, alt=alt, length=found.stat().st_size, mime=mime, width=width, height=height)
    if outside:
        fields.error(
            "image", f"bilden «{shown(ref)}» ligger utanför mapparna updates/ och docs/ och publiceras inte.",
            f"Lägg bilden i {folder}/ (eller en undermapp, som bilder/) och skriv sökvägen dit.",
        )
        return None
    fields.error("image", f"bilden «{shown(ref)}» finns inte, varken i {folder}/ eller i docs/.", "Kontrollera filnamnet (stora och små bokstäver räknas) och att bilden ligger i samma mapp som uppföljningen eller en undermapp.")
    return None


def _check_name_date(fields: Fields, name: str, day: date, written: str) -> None:
    """A file name that starts with another date than `date:` says: the front
    matter decides, the name only suggests (templates write both). The date as
    written counts as well as the local one (23:30Z is the next day in Sweden)."""
    found = _LEADING_DATE.match(name)
    if found is None or name[:10] in (day.isoformat(), written):
        return
    rest = name[found.end():]
    renamed = f"{day.isoformat()}-{rest}.md" if rest else f"{day.isoformat()}.md"
    fields.report.warning(
        fields.path, "date",
        f"filnamnet börjar med {name[:10]}, men fältet date är {day.isoformat()}. Det är date som gäller: uppföljningen "
        f"visas med datumet {long_date(day)} och publiceras tidigast då; datumet i filnamnet används inte.",
        f"Döp om filen till {renamed} så att datumen stämmer, eller ändra date om det är filnamnets datum som är rätt.",
    )


def validate_update(source: SourceFile, report: Report, root: Path, docs_dir: Path) -> tuple[Update, bool]:
    """The update, and whether it is free of errors. The update is returned
    either way, so the checks against its promise still run: every error at once."""
    before = len(report.errors)
    fields = Fields(report, source.path, source.meta)
    fields.unknown_keys(UPDATE_FIELDS)
    title = fields.title(True, "Femton insatser klara i Runneryd")
    moment = fields.moment("date", required=True)
    promise_id = fields.text("promise", True, "nassjo-2019-2020")
    progress = {}
    for key, value in fields.mapping("progress").items():
        number = fields.integer(f"progress › {key}", minimum=0, value=value)
        if number is not None:
            progress[key] = number
    status = {}
    for key, value in fields.mapping("status").items():
        sub = Fields(report, source.path, {key: value}, "status › ")
        chosen = sub.choice(key, STATUSES, required=True)
        if chosen is not None:
            status[key] = chosen
    explicit_slug = fields.text("slug")
    name = PurePosixPath(source.path).name[: -len(".md")]
    slug = slugify(explicit_slug if explicit_slug is not None else _LEADING_DATE.sub("", name))
    if moment is not None:
        _check_name_date(fields, name, moment.date(), as_text(source.meta["date"]).strip()[:10])
    if len(slug) > MAX_SLUG:
        field = "slug" if explicit_slug is not None else ""
        report.error(
            source.path, field, f"uppföljningens adress blir {len(slug)} tecken lång, men får vara högst {MAX_SLUG}.",
            "Korta filnamnet, eller lägg till ett kortare «slug: trygghetsvandring-i-centrum».",
        )
    if not slug:
        field = "slug" if explicit_slug is not None else ""
        report.error(source.path, field, "uppföljningen får ingen adress: filnamnet eller slug innehåller inga bokstäver efter datumet.", "Lägg till till exempel «slug: trygghetsvandring-i-centrum», eller ge filen ett namn som 2024-03-15-trygghetsvandring.md.")
    update = Update(
        path=source.path,
        title=title or "",
        moment=moment or start_of(date.min),
        promise_id=promise_id or "",
        slug=slug,
        body=source.body,
        summary=fields.text("summary"),
        progress=progress,
        status=status,
        image=_image(fields, source, root, docs_dir),
        # A spelling counts once an update, on its page as in the tag pages: one
        # update's [x, x, x] must not rename a page every municipality shares.
        tags=tuple(dict.fromkeys(fields.text_list("tags"))),
        author=fields.text("author"),
        draft=fields.boolean("draft"),
        links=_links(fields),
    )
    return update, len(report.errors) == before


def _check_municipalities(promises: list[Promise], report: Report) -> set[str]:
    """Slugs must agree within a municipality and differ between them. Returns
    the ids of the promises that broke either rule."""
    broken: set[str] = set()
    by_name: dict[str, list[Promise]] = defaultdict(list)
    for p in promises:
        by_name[p.municipality].append(p)
    for name, own in by_name.items():
        first = own[0]
        for other in own[1:]:
            if other.municipality_slug != first.municipality_slug:
                report.error(
                    other.path, "municipality_slug",
                    f"alla löften för {name} måste ha samma municipality_slug, men {first.path} ger «{first.municipality_slug}» och den här filen «{other.municipality_slug}».",
                    f"Skriv samma «municipality_slug: {first.municipality_slug}» i båda filerna.",
                )
                broken.add(other.id)
    by_slug: dict[str, dict[str, Promise]] = defaultdict(dict)
    for p in promises:
        by_slug[p.municipality_slug].setdefault(p.municipality, p)
    for slug, names in by_slug.items():
        if len(names) > 1:
            # Report on the one whose letters the slug rule changed (Håbo, not
            # Habo), and suggest the spelling Swedish uses without å, ä, ö.
            first, *others = sorted(names.values(), key=lambda p: (_alternative_slug(p.municipality) != slug, p.path))
            for other in others:
                alternative = _alternative_slug(other.municipality)
                if alternative == slug:
                    alternative = f"{slug}-kommun"
                report.error(
                    other.path, "municipality",
                    f"{other.municipality} och {first.municipality} ({first.path}) får samma adress /kommuner/{slug}/.",
                    f"Lägg till «municipality_slug: {alternative}» i alla löften för {other.municipality}.",
                )
                broken.update(p.id for p in promises if p.municipality_slug == slug)
    return broken


def _alternative_slug(name: str) -> str:
    """Håbo → haabo: the slug with å, ä and ö spelled aa, ae and oe."""
    return slugify(name.lower().replace("å", "aa").replace("ä", "ae").replace("ö", "oe"))


def _check_update_links(update: Update, promise: Promise | None, all_ids: list[str], report: Report) -> bool:
    if promise is None:
        if update.promise_id not in all_ids:
            hint = _suggest(update.promise_id, all_ids, n=3) or ("Befintliga löften: " + ", ".join(sorted(all_ids)) + "." if all_ids else "Det finns inga löften ännu.")
            report.error(update.path, "promise", f"det finns inget löfte med id «{update.promise_id}».", hint)
        return False  # a promise with errors of its own: its file already says why
    ok = True
    ids = [c.id for c in promise.commitments]
    for group in ("progress", "status"):
        for key in getattr(update, group):
            if key not in ids:
                hint = _suggest(key, ids) or f"Åtagandena i {promise.id}: " + ", ".join(ids) + "."
                report.error(update.path, f"{group} › {key}", f"löftet {promise.id} har inget åtagande med id «{shown(key)}».", hint)
                ok = False
    # Contract 2.1: a commitment without a target counts nothing, so a number for it is never shown.
    for commitment in promise.commitments:
        if commitment.id in update.progress and not commitment.counted:
            # A notice, not a warning: version 2 files stay valid (a strict build fails on a warning).
            report.notice(
                update.path, f"progress › {commitment.id}",
                f"åtagandet «{commitment.id}» i {promise.id} har inget mål (target), så antalet visas inte någonstans.",
                f"Skriv läget under «status:» i stället (till exempel «{commitment.id}: done»), eller ge åtagandet ett mål (target) i {promise.path}.",
            )
    return ok


def validate(sources: Sources, root: Path, docs_dir: Path, report: Report) -> tuple[list[Promise], list[Update]]:
    # Unread promise files count: their own error says why, once.
    all_ids = [_promise_id(s.path) for s in sources.promises] + sorted(sources.unread_promises)
    promises = [p for s in sources.promises if (p := validate_promise(s, report)) is not None]
    broken = _check_municipalities(promises, report)
    promises = [p for p in promises if p.id not in broken]
    by_id = {p.id: p for p in promises}
    for p in promises:
        if p.replaces is not None and (p.replaces not in all_ids or p.replaces == p.id):
            others = [i for i in all_ids if i != p.id]
            report.error(p.path, "replaces", f"det finns inget annat löfte med id «{p.replaces}».", _suggest(p.replaces, others, n=3))
    updates: list[Update] = []
    for s in sources.updates:
        update, ok = validate_update(s, report, root, docs_dir)
        linked = not update.promise_id or _check_update_links(update, by_id.get(update.promise_id), all_ids, report)
        if ok and linked and update.promise_id:
            updates.append(update)
    # Two updates of one municipality at the same address; drafts count too.
    seen: dict[str, Update] = {}
    clashing: set[str] = set()
    for update in sorted(updates, key=lambda u: u.path):
        url = addresses.update(by_id[update.promise_id].municipality_slug, update.moment, update.slug)
        if url in seen:
            first = seen[url]
            report.error(
                update.path, "slug",
                f"får samma adress /{url} som {first.path}.",
                "Ge en av filerna ett annat namn, eller lägg till fältet slug med en annan adress.",
            )
            clashing.update((update.path, first.path))
        else:
            seen[url] = update
    return promises, [u for u in updates if u.path not in clashing]


