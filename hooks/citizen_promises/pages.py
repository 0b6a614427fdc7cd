"""Generated pages: which ones exist, their addresses and titles, and their
content, rendered from Jinja templates with autoescape.

A generated page is a Layout: the template's HTML before and after the
writer's Markdown body. Only the body goes through MkDocs' Markdown, so links
and images in it resolve exactly as they would next to the file; the template
HTML is put around the rendered body afterwards. Running the template HTML
through Markdown as well cost about an eighth of a national build and changed
nothing in it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from html import unescape
from itertools import groupby
from pathlib import Path
from typing import Any

import lxml.html
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import addresses, counts, i18n
from .contact import Contact
from .model import Commitment, Edition, Municipality, PromiseEntry, Site, State, Tag, UpdateEntry, tag_slug
from .problems import LEVEL_WORD, Level, Report
from .summary import shorten as shorten_to
from .swedish import month_heading
from .translations import PromiseTranslation

# Where a template's `{{ body }}` is. Autoescape turns every "<" in content
# into "&lt;", so only a template can print this comment.
_BODY_SLOT = Markup("<!-- ml-body -->")
_ID_ATTRIBUTE = re.compile(r'\sid="([^"]*)"')
# A template's heading with an id, for the table of contents (see Layout.headings).
_TOC_HEADING = re.compile(r'<h([2-6])\b[^>]*?\sid="([^"]*)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
# A Markdown body that opens with a heading of its own: ATX ("## Lägesbild") or setext (a line, then === or ---).
_OPENING_HEADING = re.compile(r"\A\s*(?:#{1,6}[ \t]|[^\n]+\n[ \t]*(?:=+|-+)[ \t]*(?:\n|\Z))")
TIMELINE_PAGE_SIZE = 30
TAG_PAGE_SIZE = TIMELINE_PAGE_SIZE
LATEST_ON_HOME = 5
LATEST_ON_MUNICIPALITY = 10
LATEST_IN_WIDGET = 3
WIDGET_TEMPLATE = "widget.html"  # overrides/widget.html
# The widget shortens commitment texts to about this many characters (whole
# words, with "…"): the full text is one click away, and the widget has to fit
# a fixed <iframe> height (widget_height()).
WIDGET_TEXT_LENGTH = 90


@dataclass(frozen=True)
class PageSpec:
    kind: str  # update | promise | evaluation | municipality | widget | municipalities | subscribe | timeline | tags | tag | problems
    key: str  # the update's path, promise id, municipality slug, timeline page number or "<tag slug>/<page number>"
    src_uri: str  # where the page pretends to live among the docs
    url: str  # its address, from the contract
    title: str  # plain text; escaping is the templates' job
    feed: str | None = None  # a feed of its own, beside the national one
    # The theme template that frames the page; None is the theme's main.html.
    # The widget has its own: it is shown inside other websites, without the site's chrome.
    template: str | None = None
    # The page's language: "sv", the original, or a translation's code (an edition of the site).
    lang: str = i18n.SWEDISH


def plan(site: Site, show_problems: bool) -> list[PageSpec]:
    """Every generated page, in a fixed order (the output does not depend on it)."""
    specs = [
        # The update page pretends to be its own source file, so relative links
        # and images in its body resolve as they do beside the file.
        PageSpec("update", u.update.path, u.update.path, u.url, u.update.title)
        for u in site.updates
    ]
    specs += [
        PageSpec("promise", p.promise.id, p.promise.path, p.url, p.promise.title, addresses.promise_feed(p.promise.id))
        for p in site.promises.values()
    ]
    specs += [
        PageSpec("municipality", m.slug, addresses.page_source(m.url), m.url, m.name, m.feed_url)
        for m in site.municipalities
    ]
    specs.append(PageSpec("municipalities", "", addresses.page_source(addresses.MUNICIPALITIES), addresses.MUNICIPALITIES, "Kommuner"))
    specs.append(PageSpec("subscribe", "", addresses.page_source(addresses.SUBSCRIBE), addresses.SUBSCRIBE, "Prenumerera och dela"))
    specs += [
        PageSpec("evaluation", p.promise.id, addresses.page_source(addresses.evaluation(p.promise.id)),
                 addresses.evaluation(p.promise.id), f"Utvärdering: {p.promise.title}")
        for p in site.promises.values()
    ]
    # Out of search (search_index.searchable): it repeats the municipality
    # page, and a search hit would open a page without the site's navigation.
    specs += [
        PageSpec("widget", m.slug, addresses.page_source(addresses.widget(m.slug)), addresses.widget(m.slug),
                 f"Medborgarlöften i {m.name}", m.feed_url, template=WIDGET_TEMPLATE)
        for m in site.municipalities
    ]
    for number in range(1, timeline_pages(site) + 1):
        url = addresses.timeline_page(number)
        title = "Uppföljningar" if number == 1 else f"Uppföljningar, sida {number}"
        specs.append(PageSpec("timeline", str(number), addresses.page_source(url), url, title))
    specs.append(PageSpec("tags", "", addresses.page_source(addresses.TAGS), addresses.TAGS, "Ämnen"))
    for tag in site.tags:
        for number in range(1, tag_pages(tag) + 1):
            url = addresses.tag(tag.slug, number)
            title = f"Ämne: {tag.name}" if number == 1 else f"Ämne: {tag.name}, sida {number}"
            specs.append(PageSpec("tag", f"{tag.slug}/{number}", addresses.page_source(url), url, title))
    for edition in site.editions.values():
        specs += translated_specs(site, edition)
    if show_problems:
        specs.append(PageSpec("problems", "", addresses.page_source(addresses.PROBLEMS), addresses.PROBLEMS, "Problem i innehållet"))
    return specs


def translated_specs(site: Site, edition: Edition) -> list[PageSpec]:
    """The pages in one language: its translated updates and promises, the
    municipalities with a translated promise, and its home page in pages.
    A translated page pretends to be its translation file, so links and
    images in its body resolve beside the file, as the original's do."""
    code = edition.code
    if not edition.promises and not edition.updates:
        return []
    specs = [
        PageSpec("update", t.entry.update.path, t.translation.path, t.url, t.translation.title, edition.feed_url, lang=code)
        for t in edition.updates
    ]
    specs += [
        PageSpec("promise", t.entry.promise.id, t.translation.path, t.url, t.title or t.entry.promise.title, edition.feed_url, lang=code)
        for t in edition.promises.values()
    ]
    names = {m.slug: m.name for m in site.municipalities}
    for slug in edition.municipalities:
        url = addresses.translated(code, addresses.municipality(slug))
        specs.append(PageSpec("municipality", slug, addresses.page_source(url), url, names[slug], edition.feed_url, lang=code))
    words = i18n.words(code)
    for number in range(1, language_pages(edition) + 1):
        url = addresses.language_home(code, number)
        title = words.gettext("Medborgarlöften") if number == 1 else words.gettext("Medborgarlöften, sida %(number)s") % {"number": number}
        specs.append(PageSpec("language", str(number), addresses.page_source(url), url, title, edition.feed_url, lang=code))
    return specs


def language_pages(edition: Edition) -> int:
    return max(1, -(-len(edition.updates) // TIMELINE_PAGE_SIZE))


@dataclass(frozen=True)
class Version:
    """One language a page exists in, for its language list and its alternates."""

    code: str
    native: str  # the language named in itself
    lang: str  # the name's `lang` (lättläst: sv)
    hreflang: str
    url: str
    current: bool


def isolated(text: str) -> Markup:
    """Writer text inside a sentence of the site's own words, in <bdi>: its
    direction (an Arabic name, a mark left in it) cannot turn the sentence
    around it. The templates write <bdi> themselves where they can."""
    return Markup("<bdi>{}</bdi>").format(text)


class Local:
    """What a template needs to know about its page's language beyond the
    catalog's words: where a link to a Swedish page goes instead (a
    translated sibling), and how Swedish text on a translated page is marked.
    For Swedish pages every method changes nothing."""

    def __init__(self, code: str, edition: Edition | None, siblings: dict[str, str]) -> None:
        self.code = code
        self.swedish = edition is None
        self.edition = edition
        self.siblings = siblings  # Swedish address → the same page in this language
        self.words = i18n.words(code)
        self._in_swedish = Markup(' <span class="ml-in-sv">({})</span>').format(self.words.gettext("på svenska"))

    def target(self, url: str) -> str:
        return self.siblings.get(url, url)

    def _to_swedish(self, url: str) -> bool:
        """A link from a translated page to a Swedish page or feed."""
        return not self.swedish and url not in self.siblings

    def hreflang(self, url: str) -> Markup:
        return Markup(' hreflang="sv"') if self._to_swedish(url) else Markup("")

    def note(self, url: str) -> Markup:
        """After a link's text: "(in Swedish)" where the link leads to a Swedish page."""
        return self._in_swedish if self._to_swedish(url) else Markup("")

    def sv(self, text: str) -> str | Markup:
        """Swedish text (a title not translated, a tag) on a translated page is marked `lang="sv"`."""
        return text if self.swedish else Markup('<span lang="sv" dir="ltr">{}</span>').format(text)

    def sv_marked(self, text: str) -> str | Markup:
        """Swedish text standing in for a translation: marked so, in words too."""
        return text if self.swedish else self.sv(text) + self._in_swedish

    def update_title(self, entry: UpdateEntry) -> str | Markup:
        found = self.edition.by_path.get(entry.update.path) if self.edition else None
        return found.translation.title if found else self.sv(entry.update.title)

    def update_summary(self, entry: UpdateEntry) -> str | Markup:
        found = self.edition.by_path.get(entry.update.path) if self.edition else None
        return found.summary if found else self.sv(entry.summary)

    def promise_title(self, entry: PromiseEntry) -> str | Markup:
        found = self.edition.promises.get(entry.promise.id) if self.edition else None
        return found.title if found and found.title else self.sv(entry.promise.title)

    def commitment(self, commitment: Commitment, promise_id: str) -> str | Markup:
        found = self.edition.promises.get(promise_id) if self.edition else None
        text = found.commitment_text(commitment) if found else None
        return text if text else self.sv_marked(commitment.text)

    def area(self, name: str, promise_id: str) -> str | Markup:
        found = self.edition.promises.get(promise_id) if self.edition else None
        text = found.area(name) if found else None
        return text if text else self.sv(name)

    @functools.cached_property
    def _translation_of(self) -> dict[int, PromiseTranslation]:
        """Each commitment's promise translation in this language, by the commitment's identity."""
        if self.edition is None:
            return {}
        return {id(c): t.translation for t in self.edition.promises.values() for c in t.entry.promise.commitments}

    def unit(self, commitment: Commitment, marked: bool = True) -> counts.Unit | None:
        """The counted thing in this page's language; the Swedish one, marked, where not
        translated (unmarked, ``marked=False``, for an attribute, which holds no markup)."""
        return counts.unit_of(commitment, self._translation_of.get(id(commitment)), self.words.language.locale, self.sv if marked else str)

    def count(self, commitment: Commitment, number: int) -> str | Markup:
        """``2 insatser``, ``1 insats`` (counts.count)."""
        return counts.count(self.words, self.unit(commitment), number)

    def progress(self, commitment: Commitment, done: int, marked: bool = True) -> str | Markup:
        """``1 av 15 insatser`` (counts.of_target); only a counted commitment has any."""
        if commitment.target is None:
            raise ValueError(f"commitment {commitment.id} has no target and counts nothing")
        return counts.of_target(self.words, self.unit(commitment, marked), done, commitment.target)

    def at_least(self, commitment: Commitment) -> str | Markup:
        """``minst 15 insatser``: the target in words."""
        if commitment.target is None:
            raise ValueError(f"commitment {commitment.id} has no target")
        return counts.at_least(self.words, self.unit(commitment), commitment.target)


@dataclass(frozen=True)
class Layout:
    """A generated page: template HTML around the writer's Markdown body."""

    before: str  # HTML
    body: str  # Markdown; "" on pages without a writer's text
    after: str  # HTML

    @classmethod
    def split(cls, html: str, body: str) -> Layout:
        before, slot, after = html.partition(_BODY_SLOT)
        if _BODY_SLOT in after:
            raise ValueError("a page template prints {{ body }} more than once")
        # A template without {{ body }} has no text of the writer's: all of it is `before`.
        return cls(before, body if slot else "", after)

    def wrap(self, body_html: str) -> str:
        """The page's HTML, given its body rendered by Markdown (already HTML fragments)."""
        return self.before + body_html + self.after

    def headings(self) -> tuple[list[Heading], list[Heading]]:
        """The template's own headings with an id, before and after the body, in
        page order, as (level, id, title as HTML). Read with a pattern, as anchor_ids."""
        return _headings(self.before), _headings(self.after)

    def toc(self, body: list[Heading]) -> list[dict[str, Any]]:
        """The page's table of contents in page order: the template's sections
        around the body's own headings (``body``, from MkDocs' page.toc), nested
        by level as MkDocs' toc tokens are."""
        before, after = self.headings()
        return nest([*before, *body, *after])

    def anchor_ids(self) -> set[str]:
        """The ids in the template HTML. MkDocs checks links to anchors against
        the ids it met while rendering Markdown, and the template HTML no longer
        passes through it.

        Read with a pattern, not a parser (a tenth of the time, on every page):
        autoescape writes every quote in content as &#34;, so `id="` in this
        HTML can only be a template's own attribute."""
        return {unescape(value) for half in (self.before, self.after) for value in _ID_ATTRIBUTE.findall(half)}


# A heading for the table of contents: level (2–6), id, and its title as HTML.
Heading = tuple[int, str, str]


def _headings(html: str) -> list[Heading]:
    return [(int(level), unescape(id_), _TAG.sub("", inner).strip()) for level, id_, inner in _TOC_HEADING.findall(html)]


def nest(headings: list[Heading]) -> list[dict[str, Any]]:
    """Flat headings in page order as nested toc tokens ({level, id, name, children}):
    each heading goes under the nearest one before it of a lower level."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, id_, name in headings:
        token: dict[str, Any] = {"level": level, "id": id_, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def starts_with_heading(body: str) -> bool:
    """Whether a writer's Markdown body opens with a heading of its own."""
    return bool(_OPENING_HEADING.match(body))


def initials(municipalities: list[Municipality]) -> list[tuple[str, str]]:
    """Each initial letter, in the list's (Swedish) order, with the slug of the first
    municipality that has it: a jump list for a long page of municipalities."""
    first: dict[str, str] = {}
    for municipality in municipalities:
        first.setdefault(municipality.name[:1].upper(), municipality.slug)
    return list(first.items())


def timeline_pages(site: Site) -> int:
    return max(1, -(-len(site.updates) // TIMELINE_PAGE_SIZE))


def tag_pages(tag: Tag) -> int:
    return max(1, -(-len(tag.updates) // TAG_PAGE_SIZE))


def _page_window(current: int, last: int) -> list[int | None]:
    """Page numbers to link: first, last and two either side; None is a gap.
    Bounded, so the navigation does not grow with the number of updates."""
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    result: list[int | None] = []
    for number in shown:
        if result and number - (result[-1] or 0) > 1:
            result.append(None)
        result.append(number)
    return result


@dataclass(frozen=True)
class Widget:
    """What a municipality's widget shows: its current promises or, with none,
    its latest one, and its latest published updates (never a draft, not even
    in the preview: the widget is made to be shown on other websites)."""

    municipality: Municipality
    promises: list[PromiseEntry]
    current: bool
    latest: list[UpdateEntry]

    @classmethod
    def of(cls, municipality: Municipality) -> Widget:
        current = municipality.current
        latest = [u for u in municipality.updates if u.state is State.PUBLISHED][:LATEST_IN_WIDGET]
        return cls(municipality, current or municipality.promises[:1], bool(current), latest)

    height: int = 0  # the <iframe> height to recommend, from widget_height()


def widget_height(widget_html: str) -> int:
    """The <iframe> height (CSS pixels) the municipality page recommends, from
    the widget's own HTML, so it counts exactly the texts the widget shows.

    The rule: every block of the widget is its top margin plus its lines,
    and a text's lines are estimated from its length at the narrowest width
    the widget is made for, 320 px, where lines are shortest. Wider frames
    need less; Chromium checks the rule at 320 and 600 px
    (tests/test_widget_report_browser.py).
    """
    root = lxml.html.fragment_fromstring(widget_html, create_parent="div")
    for hidden in root.find_class("w-hidden"):  # read to screen readers only
        hidden.drop_tree()
    height = WIDGET_FRAME
    for element in root.iter():
        kind = _KINDS.get(element.get("class", ""))
        if kind is not None:
            height += kind.margin + kind.height(" ".join(element.text_content().split()))
        elif element.tag == "li" and element.getparent() is not None and element.getparent().get("class") == "w-updates":
            # An update: its title, then its date, which never wraps and may
            # leave most of a line empty before it: counted twice.
            date = element.findtext("time") or ""
            height += _ROW.margin + _ROW.height(" ".join(element.text_content().split()) + date)
    return height


@dataclass(frozen=True)
class _Text:
    """One kind of block in widget.css: its top margin, line height and how
    many characters surely fit a line at 320 px."""

    margin: int
    line: int
    per_line: int

    def height(self, text: str) -> int:
        if not self.per_line:
            return self.line
        return max(1, -(-len(text) // self.per_line)) * self.line


# From widget.css. Characters a line: fewer than Chromium fits with DejaVu Sans
# (the fallback on Linux, wider than Arial, Segoe UI or San Francisco), since
# lines break between words.
WIDGET_FRAME = 2 * 12 + 2  # padding and border of .w
_NAME = _Text(0, 28, 19)  # .w-name, 20 px bold
_NOTE = _Text(4, 20, 30)  # .w-note
_TITLE = _Text(8, 22, 24)  # .w-title, 16 px bold
_META = _Text(2, 20, 30)  # .w-meta
_ROW = _Text(8, 20, 30)  # a commitment's text, an update
_BAR = _Text(4, 10, 0)  # .w-bar
_PROGRESS = _Text(0, 20, 26)  # .w-progress, bold
_HEADING = _Text(12, 22, 24)  # .w-heading
_MORE = _Text(12, 20, 30)  # .w-more
_KINDS = {
    "w-name": _NAME, "w-note": _NOTE, "w-title": _TITLE, "w-meta": _META, "w-text": _ROW, "w-bar": _BAR,
    "w-progress": _PROGRESS, "w-heading": _HEADING, "w-more": _MORE,
}


def shorten(text: str, limit: int = WIDGET_TEXT_LENGTH) -> str:
    return shorten_to(text, limit)


class Renderer:
    def __init__(self, site: Site, report: Report, site_url: str = "", contacts: Mapping[str, Contact] | None = None) -> None:
        self.site = site
        self.report = report
        self.site_url = site_url
        self.contacts = dict(contacts or {})  # municipality → mkdocs.yml's extra.contact
        self.updates = {u.update.path: u for u in site.updates}
        self.municipalities = {m.slug: m for m in site.municipalities}
        self.tags = {t.slug: t for t in site.tags}
        self._widgets: dict[str, Widget] = {}
        self._envs: dict[str, Environment] = {}
        self._locals: dict[str, Local] = {}
        self.env = self.environment(i18n.SWEDISH)

    def environment(self, code: str) -> Environment:
        """The templates for pages in one language: its catalog's words
        (``_()``, ngettext), its dates, and links to its translated siblings."""
        if code in self._envs:
            return self._envs[code]
        edition = None if code == i18n.SWEDISH else self.site.editions[code]
        local = self._locals[code] = Local(code, edition, self.siblings(edition) if edition else {})
        words = local.words
        env = Environment(
            loader=FileSystemLoader(Path(__file__).with_name("templates")),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            extensions=["jinja2.ext.i18n"],
        )
        env.install_gettext_callables(words.gettext, words.ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
        env.filters.update(long_date=words.date, month_heading=words.month, shorten=shorten)
        site_url = self.site_url

        @pass_context
        def link(context: Any, target: str) -> str:
            return addresses.relative(local.target(target), context["here"])

        env.globals.update(
            isolated=isolated,
            link=link,
            exact_link=_link,  # no sibling: the language list links each version itself
            local=local,
            words=words,
            lang=code,
            tag_url=_tag_url,
            PARTY=words.parties,
            STATUS=words.statuses,
            FOLLOW_UP=words.follow_ups,
            State=State,
            addresses=addresses,
            site=self.site,
            contacts=self.contacts,
            # Pages meant to leave the site (the widget, a printed report, the
            # addresses to copy) link with the published address, from site_url.
            absolute=lambda url: addresses.absolute(site_url, url),
        )
        self._envs[code] = env
        return env

    def siblings(self, edition: Edition) -> dict[str, str]:
        """Swedish address → the same page in ``edition``'s language, for every page it has."""
        found = {t.entry.url: t.url for t in edition.updates}
        found.update((t.entry.url, t.url) for t in edition.promises.values())
        found.update(
            (addresses.municipality(slug), addresses.translated(edition.code, addresses.municipality(slug)))
            for slug in edition.municipalities
        )
        if edition.promises or edition.updates:
            found[addresses.HOME] = addresses.language_home(edition.code)
        return found

    def versions(self, spec: PageSpec | None) -> list[Version]:
        """The languages a page exists in, Swedish first, then as mkdocs.yml lists
        them; empty when it exists in Swedish only. ``None`` is the home page."""
        kind, key = (spec.kind, spec.key) if spec else ("home", "")
        if kind == "language":
            if key != "1":
                return []
            kind = "home"
        swedish_url = {"update": lambda: self.updates[key].url, "promise": lambda: addresses.promise(key),
                       "municipality": lambda: addresses.municipality(key), "home": lambda: addresses.HOME}.get(kind)
        if swedish_url is None:
            return []
        url = swedish_url()
        found = [(i18n.SWEDISH, url)]
        for code in self.site.editions:
            self.environment(code)
            translated = self._locals[code].siblings.get(url)
            if translated is not None:
                found.append((code, translated))
        if len(found) == 1:
            return []
        here = spec.lang if spec else i18n.SWEDISH
        result = []
        for code, address in found:
            language = i18n.page_language(code)
            result.append(Version(code, language.native, language.html_lang, language.hreflang, address, code == here))
        return result

    def alternates(self, spec: PageSpec | None) -> list[tuple[str, str]]:
        """``(hreflang, address)`` of every version of a page, and x-default, the
        Swedish original, for `<link rel="alternate">` (overrides/main.html)."""
        versions = self.versions(spec)
        if not versions:
            return []
        return [*((v.hreflang, v.url) for v in versions), ("x-default", versions[0].url)]

    def widget(self, municipality: Municipality) -> Widget:
        """The municipality's widget, with its height measured from its HTML."""
        if municipality.slug not in self._widgets:
            widget = Widget.of(municipality)
            html = self.env.get_template("widget.md").render(here=addresses.widget(municipality.slug), widget=widget)
            self._widgets[municipality.slug] = replace(widget, height=widget_height(html))
        return self._widgets[municipality.slug]

    def _render(self, template: str, here: str, body: str = "", lang: str = i18n.SWEDISH, **context: Any) -> Layout:
        """``body`` is the writer's Markdown; the template gets a slot in its place."""
        env = self.environment(lang)
        return Layout.split(env.get_template(template).render(here=here, body=_BODY_SLOT, **context), str(body))

    def layout(self, spec: PageSpec) -> Layout:
        if spec.lang != i18n.SWEDISH:
            return self._translated(spec)
        site = self.site
        if spec.kind == "update":
            update_entry = self.updates[spec.key]
            return self._render("update.md", spec.url, entry=update_entry, promise=site.promises[update_entry.promise.id],
                                body=update_entry.update.body, tr=None, versions=self.versions(spec))
        if spec.kind == "promise":
            entry = site.promises[spec.key]
            body = entry.promise.body
            # "Om löftet" only where the body has no heading of its own to open with.
            return self._render("promise.md", spec.url, entry=entry, body=body, tr=None, versions=self.versions(spec),
                                about_heading=bool(body.strip()) and not starts_with_heading(body))
        if spec.kind == "municipality":
            municipality = self.municipalities[spec.key]
            return self._render("municipality.md", spec.url, municipality=municipality, latest=municipality.updates[:LATEST_ON_MUNICIPALITY],
                                versions=self.versions(spec))
        if spec.kind == "municipalities":
            return self._render("municipalities.md", spec.url)
        if spec.kind == "tags":
            return self._render("tags.md", spec.url, title=spec.title)
        if spec.kind == "tag":
            slug, _, page = spec.key.partition("/")
            tag, number = self.tags[slug], int(page)
            last = tag_pages(tag)
            chunk = tag.updates[(number - 1) * TAG_PAGE_SIZE : number * TAG_PAGE_SIZE]
            return self._render("tag.md", spec.url, tag=tag, entries=chunk, number=number, last=last, window=_page_window(number, last),
                                page_url=lambda n: addresses.tag(slug, n), title=spec.title)
        if spec.kind == "subscribe":
            languages = [(i18n.page_language(e.code), e.feed_url) for e in site.editions.values() if e.promises or e.updates]
            return self._render("subscribe.md", spec.url, widgets={m.slug: self.widget(m) for m in site.municipalities},
                                letters=initials(site.municipalities), languages=languages)
        if spec.kind == "evaluation":
            entry = site.promises[spec.key]
            ended = site.built_at >= entry.promise.ends
            # The report's moment: the period's last day once it is over, else the build date.
            as_of = entry.promise.valid_until if ended else site.built_at.date()
            # Klara first: what a report's reader asks first.
            counts = [(i18n.words(i18n.SWEDISH).statuses[key], entry.status_counts[key]) for key in ("done", "ongoing", "paused", "planned", "cancelled")]
            return self._render("evaluation.md", spec.url, entry=entry, ended=ended, as_of=as_of, counts=counts,
                                oldest_first=entry.updates[::-1], title=spec.title)
        if spec.kind == "widget":
            return self._render("widget.md", spec.url, widget=self.widget(self.municipalities[spec.key]))
        if spec.kind == "timeline":
            number, last = int(spec.key), timeline_pages(site)
            chunk = site.updates[(number - 1) * TIMELINE_PAGE_SIZE : number * TIMELINE_PAGE_SIZE]
            months = [(heading, list(group)) for heading, group in groupby(chunk, key=lambda u: month_heading(u.update.moment))]
            return self._render("timeline.md", spec.url, months=months, number=number, last=last, window=_page_window(number, last),
                                page_url=addresses.timeline_page, title=spec.title)
        if spec.kind == "problems":
            levels = [(LEVEL_WORD[level], self.report.at(level)) for level in (Level.ERROR, Level.WARNING, Level.NOTICE)]
            return self._render("problems.md", spec.url, levels=levels)
        raise ValueError(spec.kind)

    def home(self, written: str) -> Layout:
        """The hand-written home page followed by the latest updates and the municipalities."""
        return self._render("home.md", addresses.HOME, body=written, latest=self.site.updates[:LATEST_ON_HOME], versions=self.versions(None))

    def _translated(self, spec: PageSpec) -> Layout:
        """A page in another language: the translation's words around the
        original's numbers, dates and statuses (the same templates as Swedish)."""
        site, code = self.site, spec.lang
        edition = site.editions[code]
        common: dict[str, Any] = {"lang": code, "versions": self.versions(spec), "falls_back": i18n.falls_back(code),
                  "language_name": i18n.page_language(code).native}
        if spec.kind == "update":
            found = edition.by_path[spec.key]
            return self._render("update.md", spec.url, entry=found.entry, promise=site.promises[found.entry.promise.id],
                                body=found.translation.body, tr=found, **common)
        if spec.kind == "promise":
            translated = edition.promises[spec.key]
            body = translated.translation.body
            return self._render("promise.md", spec.url, entry=translated.entry, body=body, tr=translated,
                                about_heading=bool(body.strip()) and not starts_with_heading(body),
                                untranslated=_untranslated(translated.entry.updates, edition), **common)
        if spec.kind == "municipality":
            municipality = self.municipalities[spec.key]
            # Only what is translated: its translated promises and follow-ups.
            shown = [p for p in municipality.promises if p.promise.id in edition.promises]
            latest = [t for t in edition.updates if t.entry.promise.municipality_slug == spec.key][:LATEST_ON_MUNICIPALITY]
            return self._render("municipality.md", spec.url, municipality=municipality, translated_promises=shown,
                                latest=[t.entry for t in latest], untranslated=_untranslated(municipality.updates, edition), **common)
        if spec.kind == "language":
            number, last = int(spec.key), language_pages(edition)
            chunk = edition.updates[(number - 1) * TIMELINE_PAGE_SIZE : number * TIMELINE_PAGE_SIZE]
            promises = sorted(edition.promises.values(), key=lambda t: (t.entry.promise.valid_from, t.entry.promise.id), reverse=True)
            return self._render("language.md", spec.url, title=spec.title, promises=promises if number == 1 else [],
                                entries=[t.entry for t in chunk], number=number, last=last, window=_page_window(number, last),
                                page_url=lambda n: addresses.language_home(code, n),
                                untranslated=_untranslated(site.updates, edition) if number == 1 else 0, **common)
        raise ValueError(spec.kind)


def _untranslated(updates: list[UpdateEntry], edition: Edition) -> int:
    """How many of the Swedish follow-ups a translated page stands for have no
    translation: the page says so and links them, never denying they exist."""
    return sum(u.update.path not in edition.by_path for u in updates)


@pass_context
def _link(context: Any, target: str) -> str:
    return addresses.relative(target, context["here"])


def _tag_url(name: str) -> str | None:
    """The page of a tag as written in an update, or None for a tag that gets none."""
    slug = tag_slug(name)
    return addresses.tag(slug) if slug else None
