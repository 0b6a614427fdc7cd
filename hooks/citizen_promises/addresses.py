"""The site's addresses, as fixed by the contract. Every URL here is relative to
``site_url`` and, for pages, ends with ``/`` (each page is ``<folder>/index.html``)."""

from __future__ import annotations

import posixpath
from datetime import datetime

from .swedish import local

HOME = ""
MUNICIPALITIES = "kommuner/"
TIMELINE = "uppdateringar/"
NATIONAL_FEED = "feed.xml"
PROBLEMS = "problem/"  # only in `mkdocs serve`


def municipality(slug: str) -> str:
    return f"kommuner/{slug}/"


def municipality_feed(slug: str) -> str:
    return f"kommuner/{slug}/feed.xml"


def promise(promise_id: str) -> str:
    return f"loften/{promise_id}/"


def promise_feed(promise_id: str) -> str:
    return f"loften/{promise_id}/feed.xml"


OPEN_DATA = "data/"
OPEN_DATA_PAGE = "oppna-data/"  # docs/oppna-data.md, which describes the files under data/
# Every feed's address to copy, and how to use a feed (a page in the nav).
SUBSCRIBE = "prenumerera/"


def widget(slug: str) -> str:
    """A municipality's embeddable widget, for an <iframe> on another website."""
    return f"kommuner/{slug}/widget/"


def evaluation(promise_id: str) -> str:
    """A promise's printable evaluation report."""
    return f"loften/{promise_id}/utvardering/"


def timeline_page(number: int) -> str:
    return TIMELINE if number == 1 else f"{TIMELINE}sida/{number}/"


# Every tag, and a page of the updates that carry one (in pages, like the timeline).
TAGS = "taggar/"


def tag(slug: str, number: int = 1) -> str:
    """``taggar/trygghetsvandring/``, then ``taggar/trygghetsvandring/sida/2/``."""
    first = f"{TAGS}{slug}/"
    return first if number == 1 else f"{first}sida/{number}/"


def subscribe(municipality_slug: str) -> str:
    """A municipality's feeds and widget on the page for webmasters."""
    return f"{SUBSCRIBE}#kommun-{municipality_slug}"


def update(municipality_slug: str, moment: datetime, slug: str) -> str:
    when = local(moment)  # the month in the address is the local month
    return f"kommuner/{municipality_slug}/{when:%Y}/{when:%m}/{slug}/"


def page_source(url: str) -> str:
    """Where a generated page pretends to live in the docs: ``kommuner/`` → ``kommuner/index.md``."""
    return f"{url}index.md"


def relative(target: str, start: str) -> str:
    """Link from the page at ``start`` to ``target``, both site-relative URLs.

    Relative links keep the site working under any ``site_url`` prefix and in
    ``mkdocs serve``.
    """
    start_dir = start if start.endswith("/") or start == "" else posixpath.dirname(start) + "/"
    rel = posixpath.relpath("/" + target, "/" + start_dir)
    if target.endswith("/") or target == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def absolute(site_url: str, url: str) -> str:
    return site_url.rstrip("/") + "/" + url


def share_card(municipality_slug: str | None) -> str:
    """The default share card image of a municipality, or of the site (``None``)."""
    return f"kommuner/{municipality_slug}/delningsbild.png" if municipality_slug else "assets/delningsbild.png"


def update_card(page_url: str) -> str:
    """The share card of an update without an image of its own, beside its page."""
    return f"{page_url}delningsbild.png"


def translated(code: str, url: str) -> str:
    """A translated page mirrors its Swedish address under the language code:
    ``en/loften/<id>/``."""
    return f"{code}/{url}"


def language_home(code: str, number: int = 1) -> str:
    """What exists in a language, in pages like the timeline: ``en/``, ``en/sida/2/``."""
    return f"{code}/" if number == 1 else f"{code}/sida/{number}/"


def language_feed(code: str) -> str:
    return f"{code}/feed.xml"

