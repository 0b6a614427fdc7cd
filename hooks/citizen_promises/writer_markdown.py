"""What a writer's Markdown may make: text, headings, lists, links, images,
tables, never markup of its own.

Writers paste from Word and Outlook, and the body of a promise or an update
is published on the site, in three feeds and in the search. Raw HTML in it is
shown as the text it is (`<script>` reads "<script>"), a link or image whose
address is `javascript:` or another scheme a browser would run loses the
address, and attribute lists cannot add event handlers (`{: onclick=… }`).
Hand-written pages in docs/ are the developers' and keep Markdown's HTML.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

# Addresses a writer may link to: the web, mail, phone, and addresses on the
# site (no scheme at all).
SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What browsers ignore before and inside a scheme ("java\tscript:").
_IGNORED = re.compile(r"[\x00-\x20\x7f]+")


def safe_address(address: str) -> bool:
    found = _SCHEME.match(_IGNORED.sub("", address))
    return found is None or found.group(1).lower() in SAFE_SCHEMES


class _SafeAttributes(Treeprocessor):
    """Drops event handlers and styles, and turns a link or image to an
    address a browser would run into its text (a link without an address
    would trip MkDocs' own link rewriting, which comes next)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name in list(element.attrib):
                lowered = name.lower()
                if lowered.startswith("on") or lowered in ("style", "srcdoc", "formaction"):
                    del element.attrib[name]
            address = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if address is not None and not safe_address(address):
                text = element.get("alt", "") if element.tag == "img" else None
                element.tag = "span"
                element.attrib.clear()
                if text is not None:
                    element.text = text


class WriterMarkdown(Extension):
    """Markdown's rules for a writer's body, while ``active``: the site turns
    it on for each generated page just before MkDocs renders its body."""

    def __init__(self, active: bool = False) -> None:
        super().__init__()
        self.active = active

    def extendMarkdown(self, md: Markdown) -> None:
        if not self.active:
            return
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Last of the tree's processors but the unescaping: after attribute lists and links.
        md.treeprocessors.register(_SafeAttributes(md), "ml-safe-attributes", 1)
