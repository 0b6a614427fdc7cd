"""Plain-text summaries: an update's `summary`, else its body's first
paragraph (Summaries, the one rule); what a page about an update, promise or
municipality says of itself (its share card, its search result); and texts
shortened for cards, widgets and search results."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import lxml.html
import markdown

from .model import Municipality, PromiseEntry, UpdateEntry
from .swedish import long_date
from .writer_markdown import WriterMarkdown

DESCRIPTION_LENGTH = 200  # longer descriptions are cut by every platform anyway
# Blocks that are no running text whatever they render to: headings, images,
# raw HTML, tables, code, quotes and rules. Lists and admonitions render to
# something other than a paragraph and are passed over by the rendering.
_SKIP = re.compile(r"^\s*(#|!\[|<|\||```|~~~|>|---|\*\*\*)")
_BLOCKS = re.compile(r"\n\s*\n")
_SPACE = re.compile(r"\s+")


class Summaries:
    """The one rule for a summary: an update's ``summary`` as written, else
    the first paragraph of its body rendered with the site's own Markdown
    configuration, as plain text. Every list, feed, card, open data file and
    search result reads the summary the model made with it."""

    def __init__(self, extensions: Sequence[str] = (), configs: Mapping[str, Any] | None = None) -> None:
        # One converter, reset between uses: building a Markdown instance costs
        # far more than converting one paragraph, and there are thousands of updates.
        self._converter = markdown.Markdown(
            extensions=[*extensions, WriterMarkdown(active=True)], extension_configs=dict(configs or {})
        )

    def __call__(self, explicit: str | None, body: str) -> str:
        return _SPACE.sub(" ", explicit).strip() if explicit else self.first_paragraph(body)

    def first_paragraph(self, body: str) -> str:
        """The text of the first block of the body that renders to a paragraph."""
        for block in _BLOCKS.split(body.strip()):
            if not block.strip() or _SKIP.match(block):
                continue
            html = self._converter.reset().convert(block)
            root = lxml.html.fragment_fromstring(html, create_parent="div")
            first = next(iter(root), None)
            if first is not None and first.tag == "p" and len(root) == 1:
                text = _SPACE.sub(" ", first.text_content()).strip()
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
    return (
        f"{promise.municipality} och polisen: {len(entry.progress)} {'åtagande' if len(entry.progress) == 1 else 'åtaganden'}, "
        f"{long_date(promise.valid_from)} – {long_date(promise.valid_until)}. "
        f"{entry.done_count} av {len(entry.progress)} är klara."
    )


def description(subject: UpdateEntry | PromiseEntry | Municipality) -> str:
    """What a page about ``subject`` says of itself in its share card and its
    search result, at most DESCRIPTION_LENGTH characters."""
    if isinstance(subject, UpdateEntry):
        text = subject.summary or f"Uppföljning av medborgarlöftet i {subject.promise.municipality}."
    elif isinstance(subject, PromiseEntry):
        text = _promise_text(subject)
    elif subject.current:
        text = _promise_text(subject.current[0])
    else:
        text = f"Medborgarlöften mellan {subject.name} och polisen, och hur arbetet med dem går."
    return shorten(text, DESCRIPTION_LENGTH)
