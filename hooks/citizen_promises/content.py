"""The pipeline up to the model, without MkDocs: load → validate → model.

Shared by the MkDocs hook and by `make check`, so both report the same problems
in the same words.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import languages
from .load import UPDATES_DIR, SourceFile, load, written_promise
from .model import Promise, Site, build_site, translate_site
from .pages import PageSpec, plan
from .problems import Report
from .slug import slugify
from .summary import Summaries
from .swedish import STOCKHOLM
from .translations import validate_translations
from .validate import check_body_images, validate
from .writer_markdown import WriterImages

# The environment variable that narrows `mkdocs serve` to one municipality
# (`make serve KOMMUN=<slug or name>` sets it).
SCOPE_VARIABLE = "MEDBORGARLOFTEN_KOMMUN"


def preview_scope(written: str | None) -> str | None:
    """The slug of the municipality a preview shows, from SCOPE_VARIABLE as
    typed: a slug (upplands-vasby) or a name (Upplands Väsby); None for all."""
    return slugify(written or "") or None


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for a setting or two: tags MkDocs knows (!ENV,
    !!python/name) are read as nothing instead of failing."""


_ConfigLoader.add_constructor(None, lambda loader, node: None)
# The address mkdocs.yml comes with: a site published with it has feeds, share
# links and open data that lead nowhere.
EXAMPLE_HOST = "medborgarloften.example.se"


def _site_config(root: Path) -> dict[str, Any]:
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError):
        config = None
    return config if isinstance(config, dict) else {}


def docs_dir(root: Path) -> Path:
    """The site's docs folder as mkdocs.yml names it (MkDocs' default: docs)."""
    name = _site_config(root).get("docs_dir")
    return root / (name if isinstance(name, str) and name else "docs")


def site_url(root: Path) -> str:
    """mkdocs.yml's ``site_url`` as written ("" for none, or a tag such as !ENV)."""
    url = _site_config(root).get("site_url")
    return url if isinstance(url, str) else ""


def note_example_site_url(url: str, report: Report) -> None:
    """A notice (a warning would fail the example's strict build) while the
    site still has the example's address."""
    if urlsplit(url).hostname == EXAMPLE_HOST:
        report.notice(
            "mkdocs.yml", "site_url",
            f"webbplatsen har fortfarande exemplets adress {url}, så flöden, delningslänkar och öppna data pekar dit.",
            "Skriv webbplatsens riktiga adress i site_url i mkdocs.yml (skrivhandledningen: Publicera webbplatsen).",
        )


def writer_images(root: Path) -> WriterImages:
    """The images of a writer's body, read with mkdocs.yml's Markdown
    extensions: the build and `make check` find the same ones."""
    extensions: list[str] = []
    configs: dict[str, Any] = {}
    written = _site_config(root).get("markdown_extensions")
    for item in written if isinstance(written, list) else []:
        named = item.items() if isinstance(item, dict) else [(item, None)] if isinstance(item, str) else []
        for name, config in named:
            extensions.append(str(name))
            if isinstance(config, dict):
                configs[str(name)] = config
    return WriterImages(extensions, configs)


def extra_setting(root: Path) -> Any:
    """mkdocs.yml's ``extra:`` as written (for `make check`: contact.read checks it)."""
    return _site_config(root).get("extra")


def languages_setting(root: Path) -> Any:
    """mkdocs.yml's ``extra: languages:`` as written (checked in read_content)."""
    extra = _site_config(root).get("extra")
    return extra.get(languages.CONFIG_KEY) if isinstance(extra, dict) else None


def build_moment() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch else datetime.now(UTC)
    return now.astimezone(STOCKHOLM)


def read_content(
    root: Path, docs_dir: Path, built_at: datetime, preview: bool, municipality: str | None = None,
    summaries: Summaries | None = None, languages_listed: Any = None,
) -> tuple[Site, Report, list[str]]:
    """The site model, every problem found, and the asset files to publish.

    ``municipality`` (a slug) narrows a preview to one municipality's promises
    and updates; a build that publishes never passes it. ``summaries`` renders
    with the site's Markdown configuration; `make check` and the scaffolding
    show no summary and pass none (rendering thousands would only cost time).
    ``languages_listed`` is mkdocs.yml's ``extra: languages:`` as written."""
    report = Report()
    sources = load(root, report, municipality, docs_dir)
    if municipality is not None:
        _report_scope(report, municipality, len(sources.promises), len(sources.updates))
    promises, updates = validate(sources, root, docs_dir, report)
    listed = languages.listed(languages_listed, report)
    translations = validate_translations(sources.translations, promises, updates, listed, root, report)
    images, own_host = writer_images(root), urlsplit(site_url(root)).hostname
    for source in (*sources.promises, *sources.updates, *(translation for translation, _, _ in sources.translations)):
        check_body_images(source.path, source.body, images, own_host, report)
    uncounted = _with_broken_updates(root, sources.updates, promises, report)
    site = build_site(promises, updates, built_at, preview, report, summaries or _written_summary, uncounted)
    translate_site(site, listed, translations, summaries or _written_summary, report)
    docs_name = Path(os.path.relpath(docs_dir, root)).as_posix()
    for page, spec in docs_clashes(sources.docs_pages, plan(site, show_problems=preview)).items():
        report.error(
            f"{docs_name}/{page}", "",
            f"sidan har samma adress /{spec.url} som {_made_from(spec, site)}, och bara en av dem kan publiceras.",
            "Flytta eller döp om sidan i docs/: adressen hör till webbplatsens egna sidor.",
        )
    return site, report, sources.assets


def _with_broken_updates(root: Path, read: list[SourceFile], promises: list[Promise], report: Report) -> frozenset[str]:
    """Ids of promises that an update file with an error belongs to: by its
    `promise:` field, else (unreadable) by the line that names it, else by its folder."""
    broken = {p.file for p in report.errors if p.file.startswith(f"{UPDATES_DIR}/")}
    if not broken:
        return frozenset()
    named = {s.path: s.meta.get("promise") for s in read if s.path in broken}
    ids: set[str] = set()
    for path in broken:
        promise_id = named.get(path) or written_promise(root, path)
        if isinstance(promise_id, str):
            ids.add(promise_id)
        else:
            folder = path.split("/")[1] if path.count("/") > 1 else ""
            ids.update(p.id for p in promises if p.municipality_slug == folder)
    return frozenset(ids)


def _written_summary(explicit: str | None, body: str) -> str:
    return explicit or ""


def _page_address(page: str) -> str:
    """The address MkDocs gives a Markdown page in docs/ (``use_directory_urls``)."""
    folder, _, name = page.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = f"{folder}/" if folder else ""
    return prefix if stem in ("index", "README") else f"{prefix}{stem}/"


def docs_clashes(docs_pages: list[str], specs: list[PageSpec]) -> dict[str, PageSpec]:
    """Hand-written pages (paths in docs/) at the address, or the source path,
    of a generated page, with that page."""
    by_url = {spec.url: spec for spec in specs}
    by_source = {spec.src_uri: spec for spec in specs}
    clashes = {}
    for page in docs_pages:
        spec = by_source.get(page) or by_url.get(_page_address(page))
        if spec is not None:
            clashes[page] = spec
    return clashes


def _made_from(spec: PageSpec, site: Site) -> str:
    if spec.kind == "update":
        return f"uppföljningen {spec.key}"
    if spec.kind in ("promise", "evaluation"):
        return f"{'löftet' if spec.kind == 'promise' else 'utvärderingen av'} {site.promises[spec.key].promise.path}"
    return f"sidan «{spec.title}», som webbplatsen skapar själv"


def _report_scope(report: Report, municipality: str, promises: int, updates: int) -> None:
    where = f"{SCOPE_VARIABLE}={municipality}"
    if promises == 0:
        report.error(
            where,
            "",
            f"ingen löftesfil i promises/ hör till kommunen «{municipality}».",
            "Skriv kommunens namn som det står i adressen /kommuner/<namn>/, till exempel KOMMUN=alingsas.",
        )
        return
    report.notice(
        where,
        "",
        f"förhandsvisningen visar bara den här kommunen: {promises} löften och {updates} uppföljningar.",
        "Andra kommuners filer läses inte; make check kontrollerar alla filer.",
    )
