"""Generated pages: which ones exist, their addresses and titles, and their
Markdown, rendered from Jinja templates with autoescape.

A generated page's Markdown is HTML blocks from the templates with the
writer's Markdown body between them; MkDocs renders it like any page, so
links and images in a body resolve exactly as they would next to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from . import addresses
from .model import Site, State, UpdateEntry
from .problems import LEVEL_WORD, Level, Report
from .summary import summary_text
from .swedish import FOLLOW_UP, PARTY, STATUS, long_date, month_heading

TIMELINE_PAGE_SIZE = 30
LATEST_ON_HOME = 5
LATEST_ON_MUNICIPALITY = 10


@dataclass(frozen=True)
class PageSpec:
    kind: str  # update | promise | municipality | municipalities | timeline | problems
    key: str  # the update's path, promise id, municipality slug or timeline page number
    src_uri: str  # where the page pretends to live among the docs
    url: str  # its address, from the contract
    title: str  # plain text; escaping is the templates' job
    feed: str | None = None  # a feed of its own, beside the national one


def plan(site: Site, show_problems: bool) -> list[PageSpec]:
    """Every generated page. Update pages come first: MkDocs renders in this
    order, and the list pages reuse the summaries the update pages yield."""
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
    for number in range(1, timeline_pages(site) + 1):
        url = addresses.timeline_page(number)
        title = "Uppföljningar" if number == 1 else f"Uppföljningar, sida {number}"
        specs.append(PageSpec("timeline", str(number), addresses.page_source(url), url, title))
    if show_problems:
        specs.append(PageSpec("problems", "", addresses.page_source(addresses.PROBLEMS), addresses.PROBLEMS, "Problem i innehållet"))
    return specs


def timeline_pages(site: Site) -> int:
    return max(1, -(-len(site.updates) // TIMELINE_PAGE_SIZE))


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


class Renderer:
    def __init__(self, site: Site, report: Report) -> None:
        self.site = site
        self.report = report
        # Filled from rendered update pages (see plan()); the fallback renders the
        # first paragraph on its own.
        self.summaries: dict[str, str] = {}
        self.updates = {u.update.path: u for u in site.updates}
        self.municipalities = {m.slug: m for m in site.municipalities}
        self.env = Environment(
            loader=FileSystemLoader(Path(__file__).with_name("templates")),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(long_date=long_date, month_heading=month_heading)
        self.env.globals.update(
            link=_link,
            summary=self.summary,
            PARTY=PARTY,
            STATUS=STATUS,
            FOLLOW_UP=FOLLOW_UP,
            State=State,
            addresses=addresses,
            site=site,
        )

    def summary(self, entry: UpdateEntry) -> str:
        update = entry.update
        if update.path not in self.summaries:
            self.summaries[update.path] = summary_text(update.summary, update.body)
        return self.summaries[update.path]

    def _render(self, template: str, here: str, **context: Any) -> str:
        return self.env.get_template(template).render(here=here, **context)

    def markdown(self, spec: PageSpec) -> str:
        site = self.site
        if spec.kind == "update":
            entry = self.updates[spec.key]
            return self._render("update.md", spec.url, entry=entry, promise=site.promises[entry.promise.id], body=Markup(entry.update.body))
        if spec.kind == "promise":
            entry = site.promises[spec.key]
            return self._render("promise.md", spec.url, entry=entry, body=Markup(entry.promise.body))
        if spec.kind == "municipality":
            municipality = self.municipalities[spec.key]
            return self._render("municipality.md", spec.url, municipality=municipality, latest=municipality.updates[:LATEST_ON_MUNICIPALITY])
        if spec.kind == "municipalities":
            return self._render("municipalities.md", spec.url)
        if spec.kind == "timeline":
            number, last = int(spec.key), timeline_pages(site)
            chunk = site.updates[(number - 1) * TIMELINE_PAGE_SIZE : number * TIMELINE_PAGE_SIZE]
            months = [(heading, list(group)) for heading, group in groupby(chunk, key=lambda u: month_heading(u.update.moment))]
            return self._render("timeline.md", spec.url, months=months, number=number, last=last, window=_page_window(number, last), title=spec.title)
        if spec.kind == "problems":
            levels = [(LEVEL_WORD[level], self.report.at(level)) for level in (Level.ERROR, Level.WARNING, Level.NOTICE)]
            return self._render("problems.md", spec.url, levels=levels)
        raise ValueError(spec.kind)

    def home(self, written: str) -> str:
        """The hand-written home page followed by the latest updates and the municipalities."""
        return self._render("home.md", addresses.HOME, written=Markup(written), latest=self.site.updates[:LATEST_ON_HOME])


@pass_context
def _link(context: Any, target: str) -> str:
    return addresses.relative(target, context["here"])
