"""The only module that touches MkDocs: it hands MkDocs the pages, assets and
feeds that the citizen_promises package derives from promises/ and updates/.

MkDocs loads this file once and keeps it across `mkdocs serve` rebuilds, so
every build starts from a fresh _Build.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# MkDocs puts hooks/ on sys.path while it executes this module.
from citizen_promises import addresses, opendata
from citizen_promises.content import build_moment, read_content
from citizen_promises.feeds import all_feeds, channels, feed_html, in_feeds
from citizen_promises.model import Site
from citizen_promises.pages import PageSpec, Renderer, plan
from citizen_promises.problems import Report
from citizen_promises.summary import summary_from_html

log = logging.getLogger("mkdocs.plugins.medborgarloften")
# Pages with an entry in mkdocs.yml's nav; every other generated page stays out of it.
IN_NAV = {addresses.MUNICIPALITIES, addresses.TIMELINE}


@dataclass
class _Build:
    site: Site
    report: Report
    renderer: Renderer
    specs: dict[str, PageSpec]  # by src_uri
    in_feeds: set[str]  # paths of the updates some feed carries
    feed_files: dict[str, File]  # feeds and open data, by address
    feed_html: dict[str, str] = field(default_factory=dict)


_command = "build"
_build: _Build | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not config.site_url:
        raise PluginError("mkdocs.yml måste ange site_url: flöden och delade länkar behöver webbplatsens fullständiga adress.")
    return config


def _log(report: Report) -> None:
    for problem in report.errors:
        log.error(problem.text())
    for problem in report.warnings:
        log.warning(problem.text())
    for problem in report.notices:
        log.info(problem.text())


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _build
    root = Path(config.config_file_path).parent
    preview = _command == "serve"
    site, report, assets = read_content(root, Path(config.docs_dir), build_moment(), preview)
    _log(report)
    if report.errors and not preview:
        raise Abort(f"Bygget avbröts: {len(report.errors)} fel i innehållet (se raderna ERROR ovan).")

    specs = plan(site, show_problems=preview)
    pages = []
    for spec in specs:
        inclusion = InclusionLevel.UNDEFINED if spec.url in IN_NAV else InclusionLevel.NOT_IN_NAV
        # Empty now; the Markdown is made in on_page_markdown, when the update
        # pages rendered before it have yielded their summaries.
        page = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
        page.dest_uri = spec.url + "index.html"
        pages.append(page)
    asset_files = [File(path, src_dir=str(root), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls) for path in assets]
    # Feeds and open data: filled in on_env, once every page is rendered.
    outputs = [channel.feed_url for channel, _ in channels(site, config.site_name)]
    outputs += [opendata.JSON_FILE, opendata.SCHEMA_FILE, *opendata.CSV_FILES.values()]
    feed_files = {url: File.generated(config, url, content=b"") for url in outputs}
    _build = _Build(site, report, Renderer(site, report), {s.src_uri: s for s in specs}, in_feeds(site), feed_files)
    # Generated pages first: MkDocs renders pages in this order (see plan()).
    return Files([*pages, *files, *asset_files, *feed_files.values()])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    spec = _build.specs.get(page.file.src_uri)
    if spec is None:
        return _build.renderer.home(markdown) if page.is_homepage else markdown
    # The theme prints page titles unescaped; front matter is untrusted text.
    page.title = str(escape(spec.title))
    if spec.feed:
        page.meta["feed"] = spec.feed
    return _build.renderer.markdown(spec)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    spec = _build.specs.get(page.file.src_uri)
    if spec is not None and spec.kind == "update":
        update = _build.renderer.updates[spec.key].update
        if not update.summary:
            _build.renderer.summaries[update.path] = summary_from_html(html)
        if update.path in _build.in_feeds:
            _build.feed_html[update.path] = feed_html(html, addresses.absolute(config.site_url, spec.url))
    return html


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    """Every page is rendered by now and static files are not yet written:
    the moment to fill in the feeds."""
    assert _build is not None
    feeds = all_feeds(_build.site, config.site_url, config.site_name, _build.feed_html, _build.renderer.summary)
    feeds.update(opendata.files(_build.site, config.site_url, _build.renderer.summary))
    for url, data in feeds.items():
        _build.feed_files[url].content_bytes = data
    report = _build.report
    env.globals["content_problems"] = (
        {"errors": len(report.errors), "warnings": len(report.warnings), "url": addresses.PROBLEMS}
        if _build.site.preview and (report.errors or report.warnings)
        else None
    )
    return env
