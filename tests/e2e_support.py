"""Shared helpers for the end-to-end tests: make a throwaway project, run a real
`mkdocs build` in a subprocess, and read what it wrote.

A scenario is a dict of file contents (path relative to the project root ->
text or bytes). The project is a copy of the real mkdocs.yml, hooks/,
overrides/ and docs/ with the scenario's promises/ and updates/ beside them.

Builds are memoised for the whole test session (``built``), so a content set
shared by several test modules is built once.
"""

from __future__ import annotations

import email.utils
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import lxml.html
import yaml
from lxml import etree
from PIL import Image

PROJECT = Path(__file__).resolve().parents[1]
# 2024-07-01 12:00 UTC = 14:00 in Stockholm (summer time).
EPOCH = int(datetime(2024, 7, 1, 12, 0, tzinfo=UTC).timestamp())
assert EPOCH == 1719835200

CONFIG = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL: str = CONFIG["site_url"]
if not SITE_URL.endswith("/"):
    SITE_URL += "/"
SITE_NAME: str = CONFIG["site_name"]

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
RFC822 = (
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
STATUS_LABELS = ("Planerad", "Pågår", "Pausad", "Klar", "Inställd")

Files = Mapping[str, "str | bytes"]


# ---------------------------------------------------------------- content


def front(meta: Mapping[str, object], body: str = "") -> str:
    """A Markdown file with YAML front matter, as a writer (or a tool) saves it."""
    head = yaml.safe_dump(dict(meta), allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
    return f"---\n{head}---\n{body}\n"


def promise(municipality: str, commitments: list[dict] | None = None, **extra: object) -> str:
    meta: dict[str, object] = {
        "municipality": municipality,
        "valid_from": "2024-01-01",
        "valid_until": "2024-12-31",
    }
    meta.update(extra)
    meta["commitments"] = commitments or [
        {"id": "insatser", "text": f"Polisen gör insatser i {municipality}.", "by": "polisen", "target": 10, "unit": "insatser", "unit_singular": "insats"}
    ]
    return front(meta, f"Bakgrund till löftet i {municipality}.")


def update(title: str, date: str, promise_id: str, body: str | None = None, **extra: object) -> str:
    meta: dict[str, object] = {"title": title, "date": date, "promise": promise_id}
    meta.update(extra)
    return front(meta, body if body is not None else f"Första stycket om {title}.\n\nAndra stycket.")


def png(width: int = 3, height: int = 2) -> bytes:
    """A small, valid red PNG, drawn with Pillow (deterministic bytes)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 0, 0)).save(out, format="PNG")
    return out.getvalue()


# ---------------------------------------------------------------- building


def make_project(root: Path, files: Files) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(PROJECT / "mkdocs.yml", root / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("hooks", "overrides", "docs"):
        shutil.copytree(PROJECT / folder, root / folder, ignore=ignore)
    for sub in ("promises", "updates"):
        (root / sub).mkdir(exist_ok=True)
    for rel, content in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


@dataclass
class Build:
    project: Path
    site_dir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def log(self) -> str:
        """What MkDocs reports: its log goes to stderr."""
        return self.stderr

    def lines_naming(self, text: str) -> list[str]:
        return [line for line in self.log.splitlines() if text in line]

    def warning_lines(self) -> list[str]:
        return [line for line in self.log.splitlines() if line.startswith("WARNING")]

    # ---- reading the site

    def path(self, url: str) -> Path:
        """File for a site-relative URL: ``kommuner/`` -> ``kommuner/index.html``."""
        url = url.lstrip("/")
        return self.site_dir / (url + "index.html" if url == "" or url.endswith("/") else url)

    def exists(self, url: str) -> bool:
        return self.path(url).is_file()

    def html(self, url: str) -> lxml.html.HtmlElement:
        return lxml.html.fromstring(self.path(url).read_bytes())

    def xml(self, url: str) -> etree._Element:
        return etree.fromstring(self.path(url).read_bytes())

    def search_documents(self) -> list[dict]:
        """What the site search indexed, a page a record: the result it shows
        (url, title, kind, municipality, date, summary, text) and the stems it holds,
        read back from the index files as sok.js reads them."""
        index = self.site_dir / "sokindex"
        manifest = json.loads((index / "index.json").read_text(encoding="utf-8"))
        records = []
        for number in range(manifest["pages"]):
            url, title, kind, municipality, iso, when, summary, text = json.loads((index / "sidor" / f"{number}.json").read_text(encoding="utf-8"))
            records.append({"url": "/" + url, "title": title, "kind": kind, "municipality": municipality,
                            "date": iso, "summary": summary, "text": text, "stems": set()})
        for number in range(len(manifest["shards"])):
            for stem, (gaps, weights) in json.loads((index / "ord" / f"{number}.json").read_text(encoding="utf-8")).items():
                assert len(gaps) == len(weights), stem
                page = 0
                for gap in gaps:
                    page += gap
                    records[page]["stems"].add(stem)
        return records

    def html_files(self) -> Iterator[Path]:
        yield from sorted(self.site_dir.rglob("*.html"))

    def url_of(self, file: Path) -> str:
        rel = file.relative_to(self.site_dir).as_posix()
        if rel == "index.html":
            return ""
        return rel[: -len("index.html")] if rel.endswith("/index.html") else rel

    def timeline_urls(self) -> list[str]:
        urls = ["uppdateringar/"]
        number = 2
        while self.exists(f"uppdateringar/sida/{number}/"):
            urls.append(f"uppdateringar/sida/{number}/")
            number += 1
        return urls


def run_mkdocs(project: Path, site_dir: Path, strict: bool = False, epoch: int = EPOCH, env: Mapping[str, str] | None = None) -> Build:
    command = [sys.executable, "-m", "mkdocs", "build"]
    if strict:
        command.append("--strict")
    command += ["-f", str(project / "mkdocs.yml"), "-d", str(site_dir)]
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": str(epoch),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "NO_COLOR": "1",
        "PYTHONHASHSEED": "0",
        **(env or {}),
    }
    done = subprocess.run(command, cwd=project, env=environment, capture_output=True, text=True, timeout=300)
    return Build(project, site_dir, done.returncode, done.stdout, done.stderr)


_BUILDS: dict[tuple[str, bool, str], Build] = {}
_PROJECTS: dict[str, Path] = {}


def built(name: str, files: Files, tmp_path_factory, strict: bool = False, variant: str = "") -> Build:
    """Build ``files`` once per session (per name, strictness and variant).

    Builds with the same name share one project directory; ``variant`` gives
    a second output directory for the same project (reproducibility)."""
    key = (name, strict, variant)
    if key not in _BUILDS:
        if name not in _PROJECTS:
            _PROJECTS[name] = make_project(tmp_path_factory.mktemp(f"project-{name}"), files)
        project = _PROJECTS[name]
        site_dir = tmp_path_factory.mktemp(f"site-{name}-{'strict' if strict else 'plain'}{variant}")
        shutil.rmtree(site_dir)
        _BUILDS[key] = run_mkdocs(project, site_dir, strict=strict)
    return _BUILDS[key]


_EXAMPLE: list[Build] = []


def example_build(parent: Path) -> Build:
    """The repository's own example content (its promises/, updates/ and docs/,
    as they are), built once per test session, strict, with the one build date
    EPOCH, into ``parent``/site. Tests reach it through conftest's
    ``example_site`` fixture; later calls return the first build."""
    if not _EXAMPLE:
        _EXAMPLE.append(run_mkdocs(PROJECT, parent / "site", strict=True))
    return _EXAMPLE[0]


def build_bundled(tmp_path: Path) -> Build:
    """The session's one build of the example content (see example_build);
    ``tmp_path`` is used only when nothing has built it yet."""
    return example_build(tmp_path)


# ---------------------------------------------------------------- reading pages


def absolute(url: str) -> str:
    return SITE_URL + url.lstrip("/")


def site_relative(href: str, page_url: str) -> str | None:
    """A link on the page at ``page_url`` (site-relative) as a site-relative URL,
    or None when it leaves the site."""
    target, _ = urldefrag(urljoin(absolute(page_url), href))
    if not target.startswith(SITE_URL):
        return None
    rel = target[len(SITE_URL):]
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def content(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The page's main content (without header, sidebars and footer)."""
    found = doc.xpath("//article") or doc.xpath("//main") or [doc]
    return found[0]


def links(build: Build, url: str, main_only: bool = True) -> list[str]:
    """Site-relative targets of the links on a page, in document order."""
    doc = build.html(url)
    scope = content(doc) if main_only else doc
    result = []
    for a in scope.iter("a"):
        href = a.get("href")
        if href is None:
            continue
        target = site_relative(href, url)
        if target is not None:
            result.append(target)
    return result


def text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


# ---------------------------------------------------------------- feeds


def channel(feed: etree._Element) -> etree._Element:
    channels = feed.findall("channel")
    assert len(channels) == 1, f"expected one <channel>, found {len(channels)}"
    return channels[0]


def items(feed: etree._Element) -> list[etree._Element]:
    return channel(feed).findall("item")


def item_links(feed: etree._Element) -> list[str]:
    return [item.findtext("link", "") for item in items(feed)]


def item_by_link(feed: etree._Element, url: str) -> etree._Element:
    wanted = absolute(url)
    found = [item for item in items(feed) if item.findtext("link") == wanted]
    assert len(found) == 1, f"{wanted} appears {len(found)} times in the feed"
    return found[0]


def pub_date(item: etree._Element) -> datetime:
    return email.utils.parsedate_to_datetime(item.findtext("pubDate", ""))


# ---------------------------------------------------------------- scenarios
#
# MAIN: seven municipalities, published, draft and future updates, a hostile
# title, time zones, an image, progress and status, a byte-order mark.
# Build date (EPOCH): 2024-07-01 14:00 Stockholm.


@dataclass(frozen=True)
class Published:
    path: str
    municipality: str  # slug
    promise: str
    url: str
    title: str


XSS_TITLE = 'Trygghet & ordning <på> "torget" <script>alert(1)</script>'

ALINGSAS_COMMITMENTS = [
    {"id": "insatser", "text": "Polisen genomför minst tio insatser i centrum.", "by": "polisen", "target": 10, "unit": "insatser", "unit_singular": "insats"},
    {"id": "vandringar", "text": "Kommunen ordnar fem trygghetsvandringar.", "by": "kommunen", "target": 5, "unit": "trygghetsvandringar", "unit_singular": "trygghetsvandring"},
    {"id": "belysning", "text": "Kommunen förbättrar belysningen på tre platser.", "by": "kommunen", "target": 3, "unit": "platser", "unit_singular": "plats"},
    {"id": "samverkan", "text": "Polisen och kommunen håller tolv samverkansmöten.", "by": "gemensamt", "target": 12, "unit": "möten", "unit_singular": "möte"},
    {"id": "kameror", "text": "Kommunen sätter upp två kameror vid stationen.", "by": "kommunen", "target": 2, "unit": "kameror", "unit_singular": "kamera"},
]
# commitment text -> (progress label, status label) expected on the site.
ALINGSAS_EXPECTED = {
    # 6 + 4 published (the draft's 3 does not count); reaches the target: Klar.
    "Polisen genomför minst tio insatser i centrum.": ("10 av 10 insatser", "Klar"),
    # 2 published (the draft's 3 would make it 5 of 5): above zero, Pågår.
    "Kommunen ordnar fem trygghetsvandringar.": ("2 av 5 trygghetsvandringar", "Pågår"),
    # only the future update reports progress: nothing published, Planerad.
    "Kommunen förbättrar belysningen på tre platser.": ("0 av 3 platser", "Planerad"),
    # ongoing in January, paused in March (done only in the future update).
    "Polisen och kommunen håller tolv samverkansmöten.": ("3 av 12 möten", "Pausad"),
    # target reached, but the latest explicit status says ongoing.
    "Kommunen sätter upp två kameror vid stationen.": ("2 av 2 kameror", "Pågår"),
}

IMAGE = png(5, 4)
MAP_IMAGE = png(2, 2)
BOM = "\ufeff"

PUBLISHED = [
    Published("updates/alingsas/2024-01-15-vinterrapport.md", "alingsas", "alingsas-2024", "kommuner/alingsas/2024/01/vinterrapport/", "Vinterns första insatser"),
    Published("updates/alingsas/2024-01-31-natt.md", "alingsas", "alingsas-2024", "kommuner/alingsas/2024/02/natt/", "Nattinsats vid stationen"),
    Published("updates/alingsas/2024-02-20-februari.md", "alingsas", "alingsas-2024", "kommuner/alingsas/2024/02/februari/", "Fler insatser i februari"),
    Published("updates/alingsas/2024-03-01-zon.md", "alingsas", "alingsas-2024", "kommuner/alingsas/2024/03/zon/", "Morgonmöte med handlarna"),
    Published("updates/alingsas/2024-03-15-mars.md", "alingsas", "alingsas-2024", "kommuner/alingsas/2024/03/mars/", "Samverkan pausas i mars"),
    Published("updates/angelholm/2024-02-02-bom.md", "angelholm", "angelholm-2024", "kommuner/angelholm/2024/02/bom/", "Byte-ordningsmärke i Ängelholm"),
    Published("updates/orebro/2024-04-20-var.md", "orebro", "orebro-2024", "kommuner/orebro/2024/04/var/", "Vårens arbete i Örebro"),
    Published("updates/ystad/2024-04-10-kvall.md", "ystad", "ystad-2024", "kommuner/ystad/2024/04/kvall/", XSS_TITLE),
    Published("updates/eda/2024-05-05-zeta.md", "eda", "eda-2024", "kommuner/eda/2024/05/zeta/", "Zeta: kvällsmöte i Eda"),
    Published("updates/eda/kvall/2024-05-05-alfa.md", "eda", "eda-2024", "kommuner/eda/2024/05/alfa/", "Alfa: kvällsmöte i Eda"),
    Published("updates/are/2024-06-15-sommar.md", "are", "are-2024", "kommuner/are/2024/06/sommar/", "Sommarstart i Åre"),
]

# Never published: (path, title, the address it would get, a word only its body has)
HIDDEN = [
    ("updates/alingsas/2024-04-01-utkast.md", "Hemligt utkast Zebrafink", "kommuner/alingsas/2024/04/utkast/", "Kvastfening"),
    ("updates/alingsas/2024-08-01-framtid.md", "Framtida inlägg Kolibri", "kommuner/alingsas/2024/08/framtid/", "Snabelsnäcka"),
    ("updates/alingsas/2024-07-01-eftermiddag.md", "Eftermiddagens inlägg Pelikan", "kommuner/alingsas/2024/07/eftermiddag/", "Myrslok"),
]

# Municipality names in the Swedish order the /kommuner/ page must show.
SWEDISH_ORDER = [("Alingsås", "alingsas"), ("Eda", "eda"), ("Ystad", "ystad"), ("Åre", "are"),
                 ("Ängelholm", "angelholm"), ("Örebro", "orebro"), ("Östersund", "ostersund")]


def main_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "promises/alingsas-2024.md": promise("Alingsås", ALINGSAS_COMMITMENTS, police_area="Alingsås"),
        # Written in an unhelpful order on purpose: the site must sort.
        "promises/orebro-2024.md": promise("Örebro"),
        "promises/ostersund-2024.md": promise("Östersund"),
        "promises/eda-2024.md": promise("Eda"),
        "promises/angelholm-2024.md": promise("Ängelholm"),
        "promises/ystad-2024.md": promise("Ystad"),
        "promises/are-2024.md": (BOM + promise("Åre")).encode("utf-8"),
        "updates/alingsas/bilder/vinter.png": IMAGE,
        "updates/alingsas/bilder/karta.png": MAP_IMAGE,
        # Hand-written YAML: unquoted dates, as a communicator types them.
        "updates/alingsas/2024-01-15-vinterrapport.md": (
            "---\n"
            "title: Vinterns första insatser\n"
            "date: 2024-01-15\n"
            "promise: alingsas-2024\n"
            "progress:\n  insatser: 6\n  vandringar: 2\n  samverkan: 3\n"
            "status:\n  samverkan: ongoing\n  kameror: ongoing\n"
            "tags: [trygghetsvandring, belysning]\n"
            "image: bilder/vinter.png\n"
            "image_alt: Snöig gata i centrum\n"
            "author: Kommunikationsenheten\n"
            "---\n"
            "Polisen har gjort **sex insatser** i centrum. Läs mer [om löftet](../../promises/alingsas-2024.md).\n\n"
            "![Karta över centrum](bilder/karta.png)\n\n"
            "Kommunen har gått två trygghetsvandringar.\n"
        ),
        "updates/alingsas/2024-01-31-natt.md": (
            "---\ntitle: Nattinsats vid stationen\ndate: 2024-01-31T23:30:00Z\npromise: alingsas-2024\n---\n"
            "En insats strax efter midnatt, svensk tid.\n"
        ),
        "updates/alingsas/2024-02-20-februari.md": update(
            "Fler insatser i februari", "2024-02-20", "alingsas-2024", progress={"insatser": 4, "kameror": 2}
        ),
        "updates/alingsas/2024-03-01-zon.md": (
            "---\ntitle: Morgonmöte med handlarna\ndate: 2024-03-01T09:00:00Z\npromise: alingsas-2024\n---\n"
            "Ett möte klockan tio svensk tid.\n"
        ),
        "updates/alingsas/2024-03-15-mars.md": update(
            "Samverkan pausas i mars", "2024-03-15", "alingsas-2024", status={"samverkan": "paused"}
        ),
        "updates/alingsas/2024-04-01-utkast.md": update(
            "Hemligt utkast Zebrafink", "2024-04-01", "alingsas-2024", body="Ordet Kvastfening finns bara här.",
            draft=True, progress={"insatser": 3, "vandringar": 3},
        ),
        "updates/alingsas/2024-08-01-framtid.md": update(
            "Framtida inlägg Kolibri", "2024-08-01", "alingsas-2024", body="Ordet Snabelsnäcka finns bara här.",
            progress={"samverkan": 9, "belysning": 3}, status={"samverkan": "done"},
        ),
        # Same day as the build, half an hour after it (build: 14:00 local).
        "updates/alingsas/2024-07-01-eftermiddag.md": update(
            "Eftermiddagens inlägg Pelikan", "2024-07-01T14:30:00", "alingsas-2024", body="Ordet Myrslok finns bara här.",
        ),
        "updates/angelholm/2024-02-02-bom.md": (
            BOM + update("Byte-ordningsmärke i Ängelholm", "2024-02-02", "angelholm-2024")
        ).encode("utf-8"),
        "updates/orebro/2024-04-20-var.md": update("Vårens arbete i Örebro", "2024-04-20", "orebro-2024"),
        "updates/ystad/2024-04-10-kvall.md": update(
            XSS_TITLE, "2024-04-10", "ystad-2024", body="Ett **möte** om kvällarna på torget.", tags=["kväll & natt"]
        ),
        # The same instant written two ways; file path order: zeta before kvall/alfa.
        "updates/eda/2024-05-05-zeta.md": update("Zeta: kvällsmöte i Eda", "2024-05-05T10:00:00+02:00", "eda-2024"),
        "updates/eda/kvall/2024-05-05-alfa.md": update("Alfa: kvällsmöte i Eda", "2024-05-05T08:00:00Z", "eda-2024"),
        "updates/are/2024-06-15-sommar.md": (
            "---\ntitle: Sommarstart i Åre\ndate: 2024-06-15T10:00:00\npromise: are-2024\n---\n"
            "Sommarens första uppföljning.\n"
        ),
    }
    return files


def main_build(tmp_path_factory, variant: str = "") -> Build:
    return built("main", main_files(), tmp_path_factory, strict=True, variant=variant)


# SERIES: one municipality with many updates (feeds hold 50, the timeline pages).

SERIES_FIRST_DAY = datetime(2024, 3, 1)


def series_files(count: int) -> tuple[dict[str, str | bytes], list[str]]:
    """``count`` updates for Borås, one a day from 2024-03-01, plus one older
    update for Mölndal. Returns the files and the Borås addresses, newest first."""

    files: dict[str, str | bytes] = {
        "promises/boras-2024.md": promise("Borås"),
        "promises/molndal-2024.md": promise("Mölndal"),
        "updates/molndal/2024-02-01-gammal.md": update("Gammal uppföljning i Mölndal", "2024-02-01", "molndal-2024"),
    }
    urls = []
    for number in range(count):
        day = (SERIES_FIRST_DAY + timedelta(days=number)).date()
        files[f"updates/boras/{day}-dag-{number:02d}.md"] = update(
            f"Dag {number} i Borås", str(day), "boras-2024", progress={"insatser": 1}
        )
        urls.append(f"kommuner/boras/{day:%Y}/{day:%m}/dag-{number:02d}/")
    return files, urls[::-1]


def series_build(count: int, tmp_path_factory) -> tuple[Build, list[str]]:
    files, urls = series_files(count)
    return built(f"series{count}", files, tmp_path_factory, strict=True), urls
