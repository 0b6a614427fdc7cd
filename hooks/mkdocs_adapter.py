"""The only module that touches MkDocs: it hands MkDocs the pages, assets and
feeds that the citizen_promises package derives from promises/ and updates/.

MkDocs loads this file once and keeps it across `mkdocs serve` rebuilds, so
every build starts from a fresh _Build.
"""

from __future__ import annotations

import logging
import os
import shutil
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import mkdocs
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

# MkDocs puts hooks/ on sys.path while it executes this module.
from citizen_promises import addresses, opendata, search_index
from citizen_promises.content import SCOPE_VARIABLE, build_moment, docs_clashes, read_content
from citizen_promises.feeds import ItemContent, all_feeds, channels, in_feeds, item_root
from citizen_promises.model import Municipality, PromiseEntry, Site, UpdateEntry
from citizen_promises.pages import Layout, PageSpec, Renderer, plan
from citizen_promises.problems import Report
from citizen_promises.search_index import SearchIndex
from citizen_promises.share import CardPainter, Cards, ShareCard
from citizen_promises.summary import summary_from_html

log = logging.getLogger("mkdocs.plugins.medborgarloften")
# Lato, which MkDocs ships with its readthedocs theme, draws the share card images.
CARD_FONT = Path(mkdocs.__file__).parent / "themes" / "readthedocs" / "css" / "fonts" / "lato-bold.woff2"
# Pages with an entry in mkdocs.yml's nav; every other generated page stays out of it.
IN_NAV = {addresses.MUNICIPALITIES, addresses.TIMELINE, addresses.SUBSCRIBE}


# The model object a generated page shows, if any.
Subject = UpdateEntry | PromiseEntry | Municipality | None


@dataclass
class _Build:
    site: Site
    report: Report
    renderer: Renderer
    specs: dict[str, PageSpec]  # by src_uri
    in_feeds: set[str]  # paths of the updates some feed carries
    feed_files: dict[str, File]  # feeds and open data, by address
    cards: Cards
    card_files: dict[str, File]  # default share card images, by address
    painted: Future[dict[str, bytes]]
    feed_html: ItemContent = field(default_factory=ItemContent)
    search: SearchIndex = field(default_factory=SearchIndex)
    # Template HTML of pages between on_page_markdown and on_page_content, by src_uri.
    layouts: dict[str, Layout] = field(default_factory=dict)


_command = "build"
_painter_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="share-cards")
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
    # Only a preview may show part of the site; a published build is always whole.
    scope = (os.environ.get(SCOPE_VARIABLE) or None) if preview else None
    site, report, assets = read_content(root, Path(config.docs_dir), build_moment(), preview, scope)
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
    # The preview goes on after errors (a build stops on them): hand-written
    # pages at a generated page's address, and links in docs/ that lead out of
    # the project, are left out of it too.
    clashing = docs_clashes([f.src_uri for f in files.documentation_pages()], specs)
    inside = root.resolve()
    files = Files([
        f for f in files
        if f.src_uri not in clashing and (f.abs_src_path is None or Path(f.abs_src_path).resolve().is_relative_to(inside))
    ])
    # Feeds and open data: filled in on_env, once every page is rendered.
    outputs = [channel.feed_url for channel, _ in channels(site, config.site_name)]
    outputs += [opendata.JSON_FILE, opendata.SCHEMA_FILE, *opendata.CSV_FILES.values()]
    feed_files = {url: File.generated(config, url, content=b"") for url in outputs}
    cards = Cards(site, config.site_url, config.site_name, config.site_description or "")
    images = cards.images()
    card_files = {url: File.generated(config, url, content=b"") for url in images}
    # Drawing ~300 PNGs takes seconds; Pillow does it outside the GIL on the
    # second core while MkDocs renders the pages, and on_env collects them.
    painter = CardPainter(CARD_FONT)
    painted = _painter_pool.submit(lambda: {url: painter.png(*args) for url, args in images.items()})
    _build = _Build(site, report, Renderer(site, report, config.site_url), {s.src_uri: s for s in specs}, in_feeds(site), feed_files, cards, card_files, painted)
    # Generated pages first: MkDocs renders pages in this order (see plan()).
    return Files([*pages, *files, *asset_files, *feed_files.values(), *card_files.values()])


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    spec = _build.specs.get(page.file.src_uri)
    if spec is None:
        if not page.is_homepage:
            return markdown
        layout = _build.renderer.home(markdown)
    else:
        # The theme prints page titles unescaped; front matter is untrusted text.
        page.title = escape(spec.title)
        if spec.feed:
            page.meta["feed"] = spec.feed
        if spec.template:
            page.meta["template"] = spec.template  # MkDocs renders the page with this theme template
        layout = _build.renderer.layout(spec)
    # Only the writer's body goes through Markdown; on_page_content puts the
    # template HTML around it.
    _build.layouts[page.file.src_uri] = layout
    return layout.body


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    assert _build is not None
    layout = _build.layouts.pop(page.file.src_uri, None)
    page_html = html if layout is None else layout.wrap(html)
    spec = _build.specs.get(page.file.src_uri)
    searched = search_index.searchable(page.url)
    subject = _subject(spec)
    if layout is not None and page.present_anchor_ids is not None:
        # MkDocs checks links to anchors against what it met in the Markdown; the template's ids are added.
        page.present_anchor_ids |= layout.anchor_ids()
    if isinstance(subject, UpdateEntry):
        update = subject.update
        if not update.summary:
            # `html` is the rendered body alone.
            _build.renderer.summaries[update.path] = summary_from_html(html)
        # One parse of the page for its feed item and then its search text
        # (the feed only makes links absolute).
        root = item_root(page_html)
        if update.path in _build.in_feeds:
            _build.feed_html.add(update.path, root, addresses.absolute(config.site_url, subject.url))
        if searched:
            _build.search.add_update(subject, root, _build.renderer.summary(subject))
    elif searched:
        # Hand-written pages have their own title; the home page is the site.
        title = spec.title if spec is not None else str((not page.is_homepage and page.title) or config.site_name)
        _build.search.add_page(page.url, title, page_html, subject)
    return page_html


def on_env(env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
    """Every page is rendered by now and static files are not yet written:
    the moment to fill in the feeds."""
    assert _build is not None
    feeds = all_feeds(_build.site, config.site_url, config.site_name, _build.feed_html, _build.renderer.summary)
    feeds.update(opendata.files(_build.site, config.site_url, _build.renderer.summary))
    for url, data in feeds.items():
        _build.feed_files[url].content_bytes = data
    for url, data in _build.painted.result().items():
        _build.card_files[url].content_bytes = data
    # The theme prints titles unescaped, also other pages' titles in the nav
    # and footer; a hand-written page's title comes from its first heading or
    # front matter, which may hold any text. Every page is read by now and no
    # template has been rendered yet.
    for file in files.documentation_pages():
        page = file.page
        if page is None:
            continue
        if page.title is not None and not isinstance(page.title, Markup):
            page.title = escape(page.title)
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = escape(page.meta["title"])
    report = _build.report
    env.globals["content_problems"] = (
        {"errors": len(report.errors), "warnings": len(report.warnings), "url": addresses.PROBLEMS}
        if _build.site.preview and (report.errors or report.warnings)
        else None
    )
    # The search page's municipality filter (overrides/sok.html).
    env.globals["search_municipalities"] = [(m.name, m.slug) for m in _build.site.municipalities]
    return env


def _subject(spec: PageSpec | None) -> Subject:
    """The model object a generated page shows: an update, a promise or a municipality."""
    assert _build is not None
    if spec is None:
        return None
    if spec.kind == "update":
        return _build.renderer.updates[spec.key]
    if spec.kind == "promise":
        return _build.site.promises[spec.key]
    if spec.kind == "municipality":
        return _build.renderer.municipalities[spec.key]
    return None


def _share_card(page: Page) -> ShareCard:
    assert _build is not None
    cards, spec = _build.cards, _build.specs.get(page.file.src_uri)
    subject = _subject(spec)
    if isinstance(subject, UpdateEntry):
        return cards.update(subject, _build.renderer.summary(subject))
    if isinstance(subject, PromiseEntry):
        return cards.promise(subject)
    if isinstance(subject, Municipality):
        return cards.municipality(subject)
    if spec is not None:
        return cards.other(spec.title, spec.url)
    # Hand-written pages from docs/: their titles are ours, not a writer's.
    # on_env escaped the title for the theme; the card escapes where it prints.
    title = page.title.unescape() if isinstance(page.title, Markup) else str(page.title)
    return cards.other(cards.site_name if page.is_homepage else title, page.url)


def on_page_context(context, page: Page, config: MkDocsConfig, nav):  # type: ignore[no-untyped-def]
    """Open Graph metadata and share links, printed by overrides/main.html."""
    card = _share_card(page)
    context["share"] = card
    # The theme prints this raw into <meta name="description">: each page
    # describes itself, and the text comes from writers, so it is escaped.
    page.meta.setdefault("description", str(escape(card.description)))
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """The site is written: the search index goes beside it (`mkdocs build` and every `mkdocs serve` rebuild)."""
    assert _build is not None
    site_dir = Path(config.site_dir)
    # Emptied first, so no file of an earlier build (`mkdocs build --dirty`) is left behind.
    shutil.rmtree(site_dir / search_index.INDEX_DIR, ignore_errors=True)
    for path, data in _build.search.files():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    log.info(f"Sökindexet har {len(_build.search)} sidor.")
