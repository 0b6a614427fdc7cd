"""The only module that touches MkDocs: it hands MkDocs the pages, assets and
feeds that the citizen_promises package derives from promises/ and updates/.

MkDocs loads this file once and keeps it across `mkdocs serve` rebuilds. Its
hooks are the methods of one plugin object, `Adapter`, which knows the command
it runs under and holds the state of the build under way, made afresh in
on_files. Every fact comes from the model, made before any page renders; the
only thing taken from rendered pages is their HTML, for the feeds' full text
and the search index, so the order MkDocs renders pages in changes nothing.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import sys
from concurrent.futures import BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import mkdocs
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils.templates import TemplateContext

# MkDocs puts hooks/ on sys.path while it executes this module.
from citizen_promises import addresses, card_cache, contact, csp, editor, i18n, opendata, opendata_docs, search_index
from citizen_promises.content import (
    SCOPE_VARIABLE,
    build_moment,
    docs_clashes,
    note_example_site_url,
    preview_scope,
    read_content,
)
from citizen_promises.feeds import ItemContent, all_feeds, feed_urls, in_feeds, item_root
from citizen_promises.model import Municipality, PromiseEntry, Site, UpdateEntry
from citizen_promises.pages import Layout, PageSpec, Renderer, plan
from citizen_promises.problems import Report
from citizen_promises.search_index import SearchIndex
from citizen_promises.share import CardPainter, Cards, CardText, ShareCard, fill_cache
from citizen_promises.summary import Summaries
from citizen_promises.writer_markdown import WriterMarkdown

log = logging.getLogger("mkdocs.plugins.medborgarloften")
# Lato, which MkDocs ships with its readthedocs theme, draws the share card images.
CARD_FONTS = Path(mkdocs.__file__).parent / "themes" / "readthedocs" / "css" / "fonts"
# Drawn share cards by a digest of what they show and of their bytes (card_cache), kept between builds.
CARD_CACHE = Path(".cache") / "share-cards"
OPEN_DATA_DOCS = "oppna-data.md"  # the hand-written page that gets opendata_docs' tables
# Pages with an entry in mkdocs.yml's nav; every other generated page stays out of it.
IN_NAV = {addresses.MUNICIPALITIES, addresses.TIMELINE, addresses.SUBSCRIBE}


# The model object a generated page shows, if any.
Subject = UpdateEntry | PromiseEntry | Municipality | None


@dataclass
class _Painting:
    """One build's share card images (the site's, the municipalities', the
    updates'), by address: drawn into the cache while MkDocs renders the pages,
    and published from there."""

    painter: CardPainter
    cards: dict[str, CardText]
    keys: dict[str, str]  # each card's key in the cache (CardPainter.key)
    files: dict[str, File]
    # Each card's checked file in the cache, or its bytes where the cache could not keep it, by key.
    drawn: Future[dict[str, Path | bytes]]
    whole: bool  # the whole site (no preview of one municipality): the cache is pruned to its cards
    used: set[Path] = field(default_factory=set)  # the cache's files this build published


def _painter_pool() -> Executor:
    """Drawing the cards takes seconds to minutes (~6 ms of CPU a card, one per
    update without an image): a process of its own draws them on the second core
    while MkDocs renders the pages. Forked, it starts at once with everything
    imported; without fork (Windows, and macOS, where forking is unsafe), a
    thread, which Pillow lets run beside MkDocs only part of the time."""
    if sys.platform == "linux":
        return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_painter_started, initargs=(os.getpid(),))
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="share-cards")


def _painter_started(parent: int) -> None:
    """In the painter's process. Ctrl-C in `mkdocs serve` reaches it too:
    MkDocs stops it (on_shutdown), without a traceback. If MkDocs is killed
    instead, it ends too, or it would wait for work for ever."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)  # Linux: a signal when the parent ends
    if os.getppid() != parent:  # it ended before that
        os._exit(0)


_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


@dataclass
class _Build:
    """One build: the model and what is gathered while MkDocs renders."""

    site: Site
    report: Report
    renderer: Renderer
    summaries: Summaries
    specs: dict[str, PageSpec]  # by src_uri
    in_feeds: set[str]  # paths of the updates some feed carries
    feed_files: dict[str, File]  # feeds, by address
    cards: Cards
    painting: _Painting
    feed_html: ItemContent = field(default_factory=ItemContent)
    search: SearchIndex = field(default_factory=SearchIndex)
    # Template HTML of pages between on_page_markdown and on_page_content, by src_uri.
    layouts: dict[str, Layout] = field(default_factory=dict)
    # A hand-written page's first paragraph for its search result, by src_uri.
    page_summaries: dict[str, str] = field(default_factory=dict)

    def subject(self, spec: PageSpec | None) -> Subject:
        """The model object a generated page shows: an update, a promise or a municipality.
        A page in another language has none: feeds and search carry the Swedish one."""
        if spec is None or spec.lang != i18n.SWEDISH:
            return None
        if spec.kind == "update":
            return self.renderer.updates[spec.key]
        if spec.kind == "promise":
            return self.site.promises[spec.key]
        if spec.kind == "municipality":
            return self.renderer.municipalities[spec.key]
        return None


class SharedNav:
    """The primary navigation of pages outside it (overrides/main.html): no
    item is active there, so it differs only in how deep the page's folder
    is, which its links from the site's root depend on, and in the page's
    language (the theme's words). One build's renderings by language and
    depth; the key None is a page's own (a page in the nav)."""

    def __init__(self) -> None:
        self._html: dict[tuple[str, int] | None, str] = {}

    def key(self, page: Page | None) -> tuple[str, int] | None:
        """The page's folder depth, and its language: the theme's words in the nav follow it."""
        if page is None or not page.file.inclusion.is_not_in_nav() or (page.meta and page.meta.get("hide")):
            return None
        language = page.meta.get("page_language")
        return (language.code if language else i18n.SWEDISH, page.url.count("/"))

    def has(self, key: tuple[str, int] | None) -> bool:
        return key is not None and key in self._html

    def keep(self, key: tuple[str, int] | None, html: str) -> str:
        self._html[key] = html
        return html

    def get(self, key: tuple[str, int] | None) -> str:
        return self._html[key]


def _log(report: Report) -> None:
    for problem in report.errors:
        log.error(problem.text())
    for problem in report.warnings:
        log.warning(problem.text())
    for problem in report.notices:
        log.info(problem.text())


def _toc_headings(toc: TableOfContents | list[AnchorLink]) -> list[tuple[int, str, str]]:
    """MkDocs' table of contents of a rendered body, flat, in page order: (level, id, title as HTML)."""
    return [heading for link in toc for heading in [(link.level, link.id, link.title), *_toc_headings(link.children)]]


def _site_url(config: MkDocsConfig) -> str:
    """The site's public address, which feeds, open data and share cards need."""
    if not config.site_url:
        raise PluginError("mkdocs.yml måste ange site_url: flöden och delade länkar behöver webbplatsens fullständiga adress.")
    return config.site_url


class Adapter:
    """MkDocs' hooks, as one object: the command, the card painter's process,
    and the build under way."""

    def __init__(self) -> None:
        self.command = "build"
        # Kept across `mkdocs serve` rebuilds; on_env waits for each build's cards.
        self.painter_pool = _painter_pool()
        self._build: _Build | None = None
        # On while MkDocs renders a writer's body (on_page_markdown turns it on and off).
        self.writer_markdown = WriterMarkdown()

    @property
    def build(self) -> _Build:
        if self._build is None:
            raise PluginError("on_files has not run: the content is not read yet.")
        return self._build

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command
        # The painter's process is forked now, while this one is small and has
        # no other thread (`mkdocs serve` starts its server's later).
        self.painter_pool.submit(os.getpid)

    def on_shutdown(self) -> None:
        self.painter_pool.shutdown(cancel_futures=True)

    def _paint(self, painter: CardPainter, cards: list[CardText]) -> Future[dict[str, Path | bytes]]:
        assert painter.cache is not None
        try:
            return self.painter_pool.submit(fill_cache, painter.bold, painter.regular, painter.cache, cards)
        except (BrokenExecutor, RuntimeError):  # its process was killed, or it was shut down: a new one
            self.painter_pool = _painter_pool()
            return self.painter_pool.submit(fill_cache, painter.bold, painter.regular, painter.cache, cards)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _site_url(config)  # stops the build at once without one
        # Python-Markdown takes Extension instances; MkDocs annotates the list as names.
        config.markdown_extensions.append(self.writer_markdown)  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path).parent
        preview = self.command == "serve"
        # Only a preview may show part of the site; a published build is always whole.
        scope = preview_scope(os.environ.get(SCOPE_VARIABLE)) if preview else None
        summaries = Summaries([e for e in config.markdown_extensions if isinstance(e, str)], config.mdx_configs)
        site, report, assets = read_content(
            root, Path(config.docs_dir), build_moment(), preview, scope, summaries, config.extra.get("languages"),
        )
        if not preview:  # mkdocs serve sets its own address
            note_example_site_url(config.site_url or "", report)
        contacts = contact.read(config.extra, report, [m.name for m in site.municipalities] if scope is None else ())
        _log(report)
        if report.errors and not preview:
            raise Abort(f"Bygget avbröts: {len(report.errors)} fel i innehållet (se raderna ERROR ovan).")

        specs = plan(site, show_problems=preview)
        pages = []
        for spec in specs:
            inclusion = InclusionLevel.UNDEFINED if spec.url in IN_NAV else InclusionLevel.NOT_IN_NAV
            # Empty now; the Markdown is made in on_page_markdown.
            page = File.generated(config, spec.src_uri, content="", inclusion=inclusion)
            page.dest_uri = spec.url + "index.html"
            pages.append(page)
        asset_files = [File(path, src_dir=str(root), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls) for path in assets]
        # The preview goes on after errors (a build stops on them): hand-written
        # pages at a generated page's address, and links in docs/ that lead out of
        # the project, are left out of it too.
        clashing = docs_clashes([f.src_uri for f in files.documentation_pages()], specs)
        inside = root.resolve()
        # Only files from docs/ are checked: the theme's own live wherever it is installed.
        files = Files([
            f for f in files
            if f.src_uri not in clashing
            and (f.abs_src_path is None or f.src_dir != config.docs_dir or Path(f.abs_src_path).resolve().is_relative_to(inside))
        ])
        # Open data comes from the model alone; feeds carry each update's page
        # HTML and are filled in on_env, once every page is rendered.
        data = [File.generated(config, url, content=content) for url, content in opendata.files(site, _site_url(config)).items()]
        feed_files = {url: File.generated(config, url, content=b"") for url in feed_urls(site)}
        # The browser editor at /admin/: static files, so in no nav, sitemap, search index or feed.
        admin = [
            File.generated(config, url, content=made) if isinstance(made, bytes) else File.generated(config, url, abs_src_path=str(made))
            for url, made in editor.files(
                site, editor.settings(config.repo_url, config.extra), config.site_name, _site_url(config),
                local=os.environ.get(editor.LOCAL_VARIABLE) == "1",
            ).items()
        ]
        cards = Cards(site, _site_url(config), config.site_name, config.site_description or "")
        painter = CardPainter(CARD_FONTS / "lato-bold.woff2", CARD_FONTS / "lato-normal.woff2", root / CARD_CACHE)
        # Titles the card's font cannot draw are left off their cards, each with a notice.
        untitled = Report()
        images = cards.images(painter.missing, untitled)
        _log(untitled)
        report.problems += untitled.problems
        card_keys = {url: painter.key(card) for url, card in images.items()}
        # Published from the cache, where the painter puts them (checked) before
        # on_env ends and _cards_drawn says which file; the folder stands in till then.
        card_files = {url: File.generated(config, url, abs_src_path=str(root / CARD_CACHE)) for url in images}
        if self._build is not None:  # an earlier build that stopped before on_env: its cards are not wanted
            self._build.painting.drawn.cancel()
        # The painter's process gets only what is drawn, each card once.
        drawn = self._paint(painter, list(dict.fromkeys(images.values())))
        self._build = _Build(
            site, report, Renderer(site, report, _site_url(config), contacts), summaries, {s.src_uri: s for s in specs}, in_feeds(site),
            feed_files, cards, _Painting(painter, images, card_keys, card_files, drawn, whole=scope is None),
        )
        return Files([*pages, *files, *asset_files, *data, *admin, *feed_files.values(), *card_files.values()])

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        spec = build.specs.get(page.file.src_uri)
        # MkDocs renders this page's Markdown next: a writer's body gets the writer's rules.
        self.writer_markdown.active = spec is not None
        if spec is None:
            if page.file.src_uri == OPEN_DATA_DOCS:
                # The field tables, from the schema and the CSV headers: never out of step with the files.
                markdown = markdown.replace(opendata_docs.MARKER, opendata_docs.markdown(_site_url(config)))
            if search_index.searchable(page.url):
                build.page_summaries[page.file.src_uri] = build.summaries.first_paragraph(markdown)
            if not page.is_homepage:
                return markdown
            layout = build.renderer.home(markdown)
            page.meta["alternates"] = build.renderer.alternates(None)
        else:
            # Text, as written: the templates escape it where they print it.
            page.title = spec.title
            if spec.feed:
                page.meta["feed"] = spec.feed
            if spec.template:
                page.meta["template"] = spec.template  # MkDocs renders the page with this theme template
            if spec.lang != i18n.SWEDISH:
                # The theme's words, <html lang> and dir (overrides/partials/language.html).
                page.meta["page_language"] = i18n.page_language(spec.lang)
            # <link rel="alternate" hreflang> for every version (overrides/main.html).
            page.meta["alternates"] = build.renderer.alternates(spec)
            layout = build.renderer.layout(spec)
        # Only the writer's body goes through Markdown; on_page_content puts the
        # template HTML around it.
        build.layouts[page.file.src_uri] = layout
        return layout.body

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        layout = build.layouts.pop(page.file.src_uri, None)
        page_html = html if layout is None else layout.wrap(html)
        spec = build.specs.get(page.file.src_uri)
        searched = search_index.searchable(page.url)
        subject = build.subject(spec)
        if layout is not None and page.present_anchor_ids is not None:
            # MkDocs checks links to anchors against what it met in the Markdown; the template's ids are added.
            page.present_anchor_ids |= layout.anchor_ids()
        if layout is not None:
            # The table of contents lists the template's sections too, around the body's headings.
            page.toc = get_toc(layout.toc(_toc_headings(page.toc)))  # type: ignore[arg-type]  # dicts of the same keys
        if isinstance(subject, UpdateEntry):
            # One parse of the page for its search text and its feed item: the
            # search reads the words first, then the feed makes the links absolute.
            root = item_root(page_html)
            if searched:
                build.search.add_update(subject, root)
            if subject.update.path in build.in_feeds:
                build.feed_html.add(subject.update.path, root, addresses.absolute(_site_url(config), subject.url))
        elif spec is not None and spec.kind == "update" and spec.src_uri in build.in_feeds:
            # A translated update in its language's feed (kept by its translation file's path).
            build.feed_html.add(spec.src_uri, item_root(page_html, spec.lang), addresses.absolute(_site_url(config), spec.url))
        elif searched:
            # Hand-written pages have their own title; the home page is the site.
            title = spec.title if spec is not None else str((not page.is_homepage and page.title) or config.site_name)
            build.search.add_page(page.url, title, page_html, subject, build.page_summaries.get(page.file.src_uri, ""))
        return page_html

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Every page is rendered by now and no template is: the moment to fill
        in the feeds."""
        build = self.build
        # The feeds' enclosures give each update card's length in bytes.
        lengths = self._cards_drawn(build.painting)
        for url, data in all_feeds(build.site, _site_url(config), config.site_name, build.feed_html, lengths).items():
            build.feed_files[url].content_bytes = data
        report = build.report
        env.globals["content_problems"] = (
            {"errors": len(report.errors), "warnings": len(report.warnings), "url": addresses.PROBLEMS}
            if build.site.preview and (report.errors or report.warnings)
            else None
        )
        env.globals["shared_nav"] = SharedNav()
        # The search page's municipality filter (overrides/sok.html).
        env.globals["search_municipalities"] = [(m.name, m.slug) for m in build.site.municipalities]
        return env

    def _cards_drawn(self, painting: _Painting) -> dict[str, int]:
        """Waits for the painter (MkDocs copies the cards from the cache next)
        and gives each card's size in bytes, by address."""
        try:
            drawn = painting.drawn.result()
        except BrokenExecutor:  # its process was killed (out of memory?): drawn here, and a new one for the next build
            self.painter_pool = _painter_pool()
            drawn = painting.painter.fill(painting.cards.values())
        sizes: dict[str, int] = {}
        for url, key in painting.keys.items():
            card = drawn[key]
            if isinstance(card, bytes):
                painting.files[url].content_bytes = card
                sizes[url] = len(card)
            else:
                try:
                    sizes[url] = card.stat().st_size
                except OSError:  # gone since it was checked (deleted by hand?): published from memory
                    data = painting.painter.png(painting.cards[url])
                    painting.files[url].content_bytes = data
                    sizes[url] = len(data)
                    continue
                painting.files[url].abs_src_path = str(card)
                painting.used.add(card)
        return sizes

    def _share_card(self, page: Page) -> ShareCard:
        build = self.build
        cards, spec = build.cards, build.specs.get(page.file.src_uri)
        if spec is not None and spec.lang != i18n.SWEDISH:
            edition = build.site.editions[spec.lang]
            if spec.kind == "update":
                return cards.translated_update(edition.by_path[spec.key], spec.lang)
            if spec.kind == "promise":
                return cards.translated_promise(edition.promises[spec.key])
            return cards.other(spec.title, spec.url)
        subject = build.subject(spec)
        if isinstance(subject, UpdateEntry):
            return cards.update(subject)
        if isinstance(subject, PromiseEntry):
            return cards.promise(subject)
        if isinstance(subject, Municipality):
            return cards.municipality(subject)
        if spec is not None:
            return cards.other(spec.title, spec.url)
        # Hand-written pages from docs/: their title, from their first heading.
        return cards.other(cards.site_name if page.is_homepage else str(page.title), page.url)

    def on_page_context(self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
        """Open Graph metadata and share links, printed by overrides/main.html."""
        card = self._share_card(page)
        context["share"] = card  # type: ignore[typeddict-unknown-key]  # our own key, for overrides/main.html
        # Each page describes itself (overrides/main.html escapes it).
        page.meta.setdefault("description", card.description)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Each page's Content-Security-Policy: its templates' inline scripts by hash, none of its content's."""
        return csp.protect_page(output, page.content)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html (sitemap.xml too comes here): all template, no content."""
        return csp.protect_page(output_content, None) if template_name.endswith(".html") else output_content

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
        """The preview adds its live reload to each page it serves as an inline
        script, with a number of its own each time: the page's policy gets its
        hash on the way out, so the preview reloads and keeps its policy."""
        inject = server._inject_js_into_html

        def injected(content: bytes, epoch: int) -> bytes:
            return csp.allow_added_script(content, inject(content, epoch))

        server._inject_js_into_html = injected  # type: ignore[method-assign]
        return server

    def on_post_build(self, config: MkDocsConfig) -> None:
        """The site is written: the search index goes beside it (`mkdocs build` and every `mkdocs serve` rebuild)."""
        build = self.build
        site_dir = Path(config.site_dir)
        # Emptied first, so no file of an earlier build (`mkdocs build --dirty`) is left behind.
        shutil.rmtree(site_dir / search_index.INDEX_DIR, ignore_errors=True)
        for path, data in build.search.files():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        log.info(f"Sökindexet har {len(build.search)} sidor.")
        painting = build.painting
        if painting.whole and not build.site.preview and painting.painter.cache is not None:
            # Only this build's cards stay (and those another build is using): the cache does not grow for
            # ever, and nothing else in it lasts. A preview shows drafts too, so it leaves the cache as it is.
            card_cache.prune(painting.painter.cache, painting.used)


# MkDocs looks up a hooks module's events by name: each is the plugin's method.
_adapter = Adapter()
on_startup = _adapter.on_startup
on_shutdown = _adapter.on_shutdown
on_config = _adapter.on_config
on_files = _adapter.on_files
on_page_markdown = _adapter.on_page_markdown
on_page_content = _adapter.on_page_content
on_env = _adapter.on_env
on_page_context = _adapter.on_page_context
on_post_page = _adapter.on_post_page
on_post_template = _adapter.on_post_template
on_serve = _adapter.on_serve
on_post_build = _adapter.on_post_build
