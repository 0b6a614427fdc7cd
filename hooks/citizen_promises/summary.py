"""Plain-text summaries: an update's `summary`, else its body's first
paragraph; what a page about an update, promise or municipality says of
itself (its share card, its search result); and texts shortened for cards,
widgets and search results."""

from __future__ import annotations

import re

import lxml.html
import markdown

from .model import Municipality, PromiseEntry, UpdateEntry
from .swedish import long_date

DESCRIPTION_LENGTH = 200  # longer descriptions are cut by every platform anyway
_SKIP = re.compile(r"^\s*(#|!\[|<|\||```|~~~|>|---|\*\*\*)")
_SPACE = re.compile(r"\s+")
# One converter, reset between uses: building a Markdown instance costs far more
# than converting one paragraph, and there are thousands of updates.
_CONVERTER = markdown.Markdown()


def first_paragraph(body: str) -> str:
    """The first block of running text, as plain text (headings, images, HTML,
    tables, code and quotes are passed over)."""
    for block in re.split(r"\n\s*\n", body.strip()):
        if block.strip() and not _SKIP.match(block):
            html = _CONVERTER.reset().convert(block)
            return _SPACE.sub(" ", lxml.html.fragment_fromstring(html, create_parent="div").text_content()).strip()
    return ""


def summary_text(explicit: str | None, body: str) -> str:
    return _SPACE.sub(" ", explicit).strip() if explicit else first_paragraph(body)


def summary_from_html(body_html: str) -> str:
    """The first paragraph of an update's rendered body, as plain text.

    The body's paragraphs are its top-level <p> elements; those nested in a
    quote, list or table are not running text of its own."""
    root = lxml.html.fragment_fromstring(body_html, create_parent="div")
    for paragraph in root.iterchildren("p"):
        text = _SPACE.sub(" ", paragraph.text_content()).strip()
        if text:
            return text
    return ""


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters with whitespace collapsed, cut between
    words, saying so with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:–-") + "…"


def _promise_text(entry: PromiseEntry) -> str:
    promise = entry.promise
    done = sum(1 for item in entry.progress if item.status == "done")
    return (
        f"{promise.municipality} och polisen: {len(entry.progress)} åtaganden, "
        f"{long_date(promise.valid_from)} – {long_date(promise.valid_until)}. "
        f"{done} av {len(entry.progress)} är klara."
    )


def description(subject: UpdateEntry | PromiseEntry | Municipality, summary: str = "") -> str:
    """What a page about ``subject`` says of itself in its share card and its
    search result, at most DESCRIPTION_LENGTH characters; ``summary`` is an
    update's summary."""
    if isinstance(subject, UpdateEntry):
        text = summary or f"Uppföljning av medborgarlöftet i {subject.promise.municipality}."
    elif isinstance(subject, PromiseEntry):
        text = _promise_text(subject)
    elif subject.current:
        text = _promise_text(subject.current[0])
    else:
        text = f"Medborgarlöften mellan {subject.name} och polisen, och hur arbetet med dem går."
    return shorten(text, DESCRIPTION_LENGTH)
