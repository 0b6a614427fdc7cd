"""The browser editor at /admin/: Decap CMS's page and its configuration,
made from the model at build time.

Decap writes the same files a communicator writes by hand (promises/<id>.md,
updates/<slug>/<YYYY-MM-DD>-<slug>.md), so its form is the contract's fields:
choices where the contract has fixed values, and for an update the chosen
promise's own commitments, labelled with their texts, in the map form
``progress: {commitment-id: 3}``. Decap has no field that depends on another
field's value, so each promise the editor offers gets a collection of its own
on its municipality's folder, filtered on ``promise``. Only current promises and
each municipality's latest one are offered: at national scale that is one or two
collections a municipality, not one for every promise ever made.

The editor's code (editor_assets/decap-cms.js, pinned in package.json) is
published from the site itself: it holds write access to the repository, so no
CDN serves it.

What the editor saves is what the site reads: config.yml is written as JSON
(YAML 1.2, as Decap reads it), so every id and name stays text, and the
collections use redaktor.js's front matter format (FORMAT), which reads values
as the text written and writes them back so they read the same. A writer's
text in a hint, which Decap renders as Markdown, is escaped (markdown_text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import counts, csp, i18n
from .model import FOLLOW_UPS, PARTIES, STATUSES, Commitment, PromiseEntry, Site
from .swedish import FOLLOW_UP, PARTY, STATUS, kommun
from .validate import MAX_UNIT

ADMIN = "admin/"
ASSETS = Path(__file__).parent / "editor_assets"
# Published beside the page: Decap's bundle and our few lines for it.
# redaktor.js first: it tells Decap not to start by itself (see there).
ASSET_NAMES = ("redaktor.js", "decap-cms.js")
# The YAML library redaktor.js imports (yaml 1.10.3's browser modules, pinned in
# package.json), published at admin/yaml/ with its licence.
YAML_LIBRARY = ASSETS / "yaml"
LOCAL_PORT = 8081
# Set by `make redaktor` (and the editor's tests): /admin/ then starts Decap with
# its local backend even where mkdocs.yml names no repository.
LOCAL_VARIABLE = "MEDBORGARLOFTEN_REDAKTOR"
# The backends Decap can log in to, and the settings of extra.redaktor passed on to it.
BACKENDS = ("github", "gitlab", "gitea", "bitbucket", "azure", "git-gateway")
BACKEND_KEYS = ("repo", "branch", "base_url", "auth_endpoint", "api_root", "app_id", "auth_type", "site_domain")
DATE_FORMAT = "YYYY-MM-DD"
# The front matter format redaktor.js registers with Decap: every value read as
# the text written, as the site reads it (Decap's own reads YAML 1.2, where
# `kommunen: 0412` is the number 412), and written back so it reads the same.
FORMAT = "frontmatter-text"
# What redaktor.js's format marks on every file that is not a translation
# (promises/<id>.<lang>.md holds only words), so the promise list shows only
# promises. Decap filters a collection on one field's value and cannot match a
# file name; the mark is not enumerable, so it is never shown or saved.
ORIGINAL_MARK = "medborgarloften_original"
# Decap sets a form's values with lodash's set(), which silently skips these keys
# (its guard against prototype pollution), so a progress or status field named
# `constructor` never holds a value. A commitment id among them gets a field name
# that no id can have (ids have no `_`); redaktor.js maps it to and from the id
# in the file.
RESERVED_IDS = ("constructor", "prototype", "__proto__")
# What Decap renders as Markdown in a hint; a writer's text there is escaped.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class Settings:
    """Where the published editor saves: mkdocs.yml's repo_url and extra.redaktor."""

    backend: dict[str, str]
    local_port: int = LOCAL_PORT

    @property
    def configured(self) -> bool:
        """Whether the published editor knows where to save: without a repository
        Decap would show its English configuration error to a communicator."""
        return "repo" in self.backend or self.backend.get("name") == "git-gateway"


def settings(repo_url: str | None, extra: Mapping[str, Any] | None) -> Settings:
    """The backend from ``repo_url`` (https://github.com/owner/name, or GitLab's),
    overridden key by key by mkdocs.yml's ``extra.redaktor``."""
    own = extra.get("redaktor") if isinstance(extra, Mapping) else None
    own = own if isinstance(own, Mapping) else {}
    backend: dict[str, str] = {"name": "github", "branch": "main"}
    if repo_url:
        host, _, path = repo_url.removeprefix("https://").removeprefix("http://").partition("/")
        path = path.strip("/").removesuffix(".git")
        if "gitlab" in host:
            backend["name"] = "gitlab"
        if path:
            backend["repo"] = path
        if host not in ("github.com", "gitlab.com", "") and backend["name"] == "gitlab":
            backend["api_root"] = f"https://{host}/api/v4"
            backend["base_url"] = f"https://{host}"
    name = own.get("backend")
    if isinstance(name, str) and name in BACKENDS:
        backend["name"] = name
    for key in BACKEND_KEYS:
        value = own.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            backend[key] = str(value).strip()
    port = own.get("local_port")
    local_port = port if isinstance(port, int) and not isinstance(port, bool) and 0 < port < 65536 else LOCAL_PORT
    return Settings(backend, local_port)


def offered(site: Site) -> list[PromiseEntry]:
    """The promises the editor writes updates for: each municipality's current
    ones and its latest, in the site's order of municipalities."""
    chosen: list[PromiseEntry] = []
    for municipality in site.municipalities:
        own = [p for p in municipality.promises if p.current]
        latest = municipality.promises[0]  # newest period first
        chosen.extend(own if latest in own else [latest, *own])
    return chosen


def _date(name: str, label: str, hint: str, required: bool) -> dict[str, Any]:
    field: dict[str, Any] = {
        "name": name, "label": label, "widget": "datetime", "format": DATE_FORMAT, "date_format": DATE_FORMAT,
        "time_format": False, "picker_utc": True, "required": required, "hint": hint,
    }
    if not required:
        field["default"] = ""  # Decap fills in today unless told otherwise
    return field


def _choices(labels: Mapping[str, str], values: tuple[str, ...]) -> list[dict[str, str]]:
    return [{"label": labels[v], "value": v} for v in values]


def _text_list(name: str, label: str, hint: str) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": "list", "required": False, "hint": hint}


def _links_field() -> dict[str, Any]:
    """`links` (contract 2.1): sources shown under the text, each a text and a
    web or mail address (validate.py judges it again, as a browser reads it)."""
    return {
        "name": "links", "label": "Källor", "label_singular": "källa", "widget": "list", "required": False,
        "summary": "{{fields.text}}",
        "hint": "Visas under texten: det undertecknade löftet som pdf, kommunens eller polisens egen sida, en artikel.",
        "fields": [
            {"name": "text", "label": "Länktext", "widget": "string", "hint": "Vad länken leder till, till exempel Det undertecknade löftet (pdf)."},
            {
                "name": "url", "label": "Adress", "widget": "string",
                "pattern": ["^([hH][tT][tT][pP][sS]?://[^/\\s]|[mM][aA][iI][lL][tT][oO]:\\S)", "Börja med https://, http:// eller mailto:."],
                "hint": "Hela adressen från webbläsarens adressfält, eller mailto: och en e-postadress.",
            },
        ],
    }


def _commitment_fields() -> list[dict[str, Any]]:
    return [
        {
            "name": "id", "label": "Id", "widget": "string", "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", "Bara små bokstäver a–z, siffror och bindestreck, till exempel insatser-centrum."],
            "hint": "Kort namn för åtagandet, unikt i löftet. Uppföljningarna räknar framsteg med det: ändra det inte när det väl används.",
        },
        {"name": "text", "label": "Åtagande", "widget": "text", "hint": "Vad som ska göras, som en hel mening: Polisen genomför minst femton riktade insatser i Runnerydsområdet."},
        {"name": "by", "label": "Vem ansvarar", "widget": "select", "options": _choices(PARTY, PARTIES)},
        {"name": "area", "label": "Område eller tema", "widget": "string", "required": False, "hint": "Rubrik som åtagandena grupperas under, till exempel Resecentrum."},
        {"name": "partners", "label": "Andra parter", "widget": "list", "required": False, "hint": "Skilj med kommatecken, till exempel fastighetsägare, polisen."},
        {"name": "target", "label": "Mål (minst)", "widget": "number", "value_type": "int", "min": 1, "required": False, "hint": "Ett heltal om åtagandet räknas, till exempel 15. Lämna tomt annars."},
        {"name": "unit", "label": "Enhet", "widget": "string", "required": False, "hint": "Det som räknas, i plural: insatser, trygghetsvandringar."},
        {
            "name": "unit_singular", "label": "Enhet, en av den (till exempel insats)", "widget": "string", "required": False,
            "pattern": [f"^.{{0,{MAX_UNIT}}}$", f"Högst {MAX_UNIT} tecken."],
            "hint": "Samma sak i singular: insats, trygghetsvandring. Då skriver webbplatsen «1 insats» i stället för «insatser: 1».",
        },
    ]


def _promise_collection() -> dict[str, Any]:
    return {
        "name": "loften",
        "label": "Löften",
        "label_singular": "löfte",
        "description": "Ett medborgarlöfte per fil. Filens namn blir löftets id och bestäms när löftet skapas.",
        "folder": "promises",
        # Translations (promises/<id>.<lang>.md) are not promises of their own.
        "filter": {"field": ORIGINAL_MARK, "value": True},
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,
        # The id, e.g. nassjo-2024-2025: the municipality and the period's years.
        "slug": "{{municipality}}-{{fields.valid_from | date('YYYY')}}-{{fields.valid_until | date('YYYY')}}",
        "identifier_field": "municipality",
        "summary": "{{municipality}}: {{valid_from}} – {{valid_until}} ({{filename}})",
        "sortable_fields": ["municipality", "valid_from"],
        "fields": [
            {"name": "municipality", "label": "Kommun", "widget": "string", "hint": "Kommunens namn som det skrivs på svenska, utan ordet kommun: Nässjö, Upplands Väsby."},
            {"name": "municipality_slug", "label": "Kommunens adressnamn", "widget": "string", "required": False, "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", "Bara små bokstäver a–z, siffror och bindestreck."], "hint": "Behövs bara när två kommuner får samma adress, som Håbo (haabo) och Habo."},
            {"name": "police_area", "label": "Lokalpolisområde", "widget": "string", "required": False},
            {"name": "title", "label": "Rubrik", "widget": "string", "required": False, "hint": "Lämna tomt för »Medborgarlöfte i Nässjö kommun 2024–2025«."},
            _date("valid_from", "Gäller från", "Första dagen löftet gäller.", True),
            _date("valid_until", "Gäller till och med", "Sista dagen löftet gäller, inte före startdagen.", True),
            _date("signed", "Undertecknat", "Dagen löftet skrevs under.", False),
            {
                "name": "signatories", "label": "Undertecknare", "label_singular": "undertecknare", "widget": "list", "required": False,
                "summary": "{{fields.name}}, {{fields.role}}",
                "fields": [
                    {"name": "name", "label": "Namn", "widget": "string"},
                    {"name": "role", "label": "Roll", "widget": "string", "hint": "Till exempel Kommunstyrelsens ordförande."},
                    {"name": "organisation", "label": "Organisation", "widget": "string", "required": False},
                ],
            },
            {
                "name": "diary_numbers", "label": "Diarienummer", "widget": "object", "required": False, "collapsed": True,
                "fields": [
                    {"name": "kommunen", "label": "Kommunens diarienummer", "widget": "string", "required": False},
                    {"name": "polisen", "label": "Polisens diarienummer", "widget": "string", "required": False},
                ],
            },
            {
                "name": "follow_up", "label": "Uppföljning", "widget": "select", "required": False,
                "options": _choices({k: v.capitalize() for k, v in FOLLOW_UP.items()}, FOLLOW_UPS),
                "hint": "Hur ofta en uppföljning ska publiceras. Utan val: löpande. Webbplatsen säger till när en uppföljning är försenad.",
            },
            _text_list("channels", "Kanaler", "Var uppföljningarna också publiceras, skilj med kommatecken: polisen.se, Facebook."),
            {
                "name": "replaces", "label": "Ersätter löftet", "widget": "relation", "collection": "loften", "required": False,
                "value_field": "{{slug}}", "search_fields": ["municipality", "title"], "display_fields": ["{{slug}}"],
                "hint": "Det tidigare löfte som det här löftet ersätter, om något.",
            },
            {
                "name": "commitments", "label": "Åtaganden", "label_singular": "åtagande", "widget": "list", "min": 1,
                "summary": "{{fields.text}}", "fields": _commitment_fields(),
                "hint": "Minst ett. Varje åtagande följs upp för sig.",
            },
            _links_field(),
            {"name": "body", "label": "Text", "widget": "markdown", "required": False, "hint": "Lägesbilden, målen och hur löftet togs fram."},
        ],
    }


def markdown_text(text: str) -> str:
    """A writer's text for a place Decap renders as Markdown (a field's hint):
    every ASCII punctuation character escaped and lines joined, so that
    `[x](javascript:…)`, `**`, `www.…` or an address is shown as the text it is
    and never becomes a link or emphasis."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def form_name(commitment_id: str) -> str:
    """The name of a commitment's progress and status fields in the form."""
    return f"_{commitment_id}" if commitment_id in RESERVED_IDS else commitment_id


def _progress_hint(commitment: Commitment) -> str:
    if commitment.target is None:
        # Contract 2.1: a commitment without a target counts nothing; a number for it is not shown.
        return "Åtagandet har inget mål i antal, så ett antal visas inte. Lämna tomt och välj läget under Status i stället."
    unit = markdown_text(commitment.unit) if commitment.unit else "genomförda"
    singular = markdown_text(commitment.unit_singular) if commitment.unit and commitment.unit_singular else None
    goal = counts.at_least(i18n.words(i18n.SWEDISH), counts.Unit(unit, singular) if commitment.unit else None, commitment.target)
    return f"Hur många ({unit}) sedan förra uppföljningen, inte sammanlagt. Målet är {goal}. Lämna tomt om inget har hänt."


def _years(start: int, end: int) -> str:
    return str(start) if start == end else f"{start}–{end}"


def _update_collection(entry: PromiseEntry) -> dict[str, Any]:
    promise = entry.promise
    commitments = promise.commitments
    return {
        "name": f"uppfoljningar-{promise.id}",
        "label": f"Uppföljningar: {kommun(promise.municipality)} {_years(promise.valid_from.year, promise.valid_until.year)}",
        "label_singular": "uppföljning",
        "description": f"Uppföljningar av löftet {promise.title} ({promise.id}).",
        "folder": f"updates/{promise.municipality_slug}",
        # Translations of updates name no promise: they are left out too.
        "filter": {"field": "promise", "value": promise.id},
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,
        # 2024-03-15-trygghetsvandring-centrum.md: the date field's day and the title.
        "slug": "{{year}}-{{month}}-{{day}}-{{slug}}",
        # Images in the municipality's bilder/, written as bilder/<name> in the update.
        "media_folder": "bilder",
        "public_folder": "bilder",
        "summary": "{{date}} {{title}}{{draft | ternary(' (utkast)', '')}}",
        "sortable_fields": ["date", "title"],
        "fields": [
            {"name": "title", "label": "Rubrik", "widget": "string", "hint": "Kort och konkret, gärna vad som har hänt: Fyra insatser i Runneryd i mars."},
            _date("date", "Datum", "Bestämmer var inlägget hamnar i listorna och månaden i adressen. Ett datum i framtiden publiceras först den dagen.", True),
            {"name": "promise", "label": "Löfte", "widget": "hidden", "default": promise.id},
            {"name": "draft", "label": "Utkast", "widget": "boolean", "required": False, "default": False, "hint": "Ett utkast syns bara i förhandsvisningen och publiceras inte. Slå av när inlägget är klart."},
            {"name": "summary", "label": "Sammanfattning", "widget": "text", "required": False, "hint": "En eller två meningar för listor och flöden. Utan den används textens första stycke."},
            {
                "name": "progress", "label": "Framsteg sedan förra uppföljningen", "widget": "object", "required": False,
                "hint": "Hur många som har genomförts sedan förra uppföljningen, per åtagande. Webbplatsen räknar ihop.",
                "fields": [
                    {"name": form_name(c.id), "label": c.text, "widget": "number", "value_type": "int", "min": 0, "required": False, "hint": _progress_hint(c)}
                    for c in commitments
                ],
            },
            {
                "name": "status", "label": "Status", "widget": "object", "required": False,
                "hint": "Välj bara när ett åtagandes läge ändras. Utan val räknar webbplatsen ut läget av framstegen.",
                "fields": [
                    {"name": form_name(c.id), "label": c.text, "widget": "select", "required": False, "options": _choices(STATUS, STATUSES)}
                    for c in commitments
                ],
            },
            {"name": "image", "label": "Bild", "widget": "image", "required": False, "choose_url": False, "hint": "JPEG för foton, PNG för kartor och diagram (WebP och GIF går också); högst 1600 pixlar bred och helst under 300 kB. SVG tar redigeraren inte emot."},
            {"name": "image_alt", "label": "Alternativtext till bilden", "widget": "string", "required": False, "hint": "Måste finnas när det finns en bild: beskriv det bilden visar i en eller två meningar. Börja inte med »Bild på«."},
            {"name": "tags", "label": "Ämnesord", "widget": "list", "required": False, "hint": "Skilj med kommatecken: trygghetsvandring, centrum."},
            {"name": "author", "label": "Skribent", "widget": "string", "required": False, "hint": "Till exempel Kommunikationsenheten."},
            _links_field(),
            {"name": "body", "label": "Text", "widget": "markdown", "required": False, "hint": "Vad som har gjorts sedan förra uppföljningen: vad, var och tillsammans med vilka. Det viktigaste först."},
        ],
    }


def config(site: Site, own: Settings, site_url: str, local: bool = False) -> dict[str, Any]:
    """Decap's config.yml, as data. Only the preview of `make redaktor` names
    the local server: a published /admin/ that named it would try it first
    (and its Content-Security-Policy would rightly block the request)."""
    local_backend = {"local_backend": {"url": f"http://127.0.0.1:{own.local_port}/api/v1", "allowed_hosts": ["127.0.0.1"]}} if local else {}
    return {
        "locale": "sv",
        "backend": own.backend,
        **local_backend,
        "site_url": site_url,
        "display_url": site_url,
        "media_folder": "updates",
        "public_folder": "",
        # File names as the slug rule makes them: å, ä → a, ö → o, no other characters.
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [_promise_collection(), *(_update_collection(entry) for entry in offered(site))],
    }


def config_file(site: Site, own: Settings, site_url: str, local: bool = False) -> bytes:
    """config.yml as JSON, which is YAML 1.2 as Decap reads it: every name and
    id stays text (a YAML writer leaves `08`, `1e4` or `true` bare, and Decap's
    YAML 1.2 reader makes numbers and booleans of them)."""
    return json.dumps(config(site, own, site_url, local), ensure_ascii=False, indent=1).encode() + b"\n"


def page(site_name: str, configured: bool, local: bool, policy: str) -> bytes:
    environment = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return environment.get_template("admin.html").render(
        site_name=site_name, assets=ASSET_NAMES, configured=configured, local=local, csp_meta=Markup(csp.meta(policy)),
    ).encode()


def files(site: Site, own: Settings, site_name: str, site_url: str, local: bool = False) -> dict[str, bytes | Path]:
    """Every file of /admin/, by its address: made ones as bytes, published ones as their path."""
    made: dict[str, bytes | Path] = {
        # Its Content-Security-Policy names only the backend Decap talks to.
        f"{ADMIN}index.html": page(site_name, own.configured, local, csp.admin_policy(own.backend, own.local_port if local else None)),
        f"{ADMIN}config.yml": config_file(site, own, site_url, local),
    }
    for name in ASSET_NAMES:
        made[f"{ADMIN}{name}"] = ASSETS / name
    for path in sorted(YAML_LIBRARY.iterdir()):
        made[f"{ADMIN}yaml/{path.name}"] = path
    return made
