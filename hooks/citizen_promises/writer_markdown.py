"""What a writer's Markdown may make: text, headings, lists, links, images,
tables, never markup of its own.

Writers paste from Word and Outlook, and the body of a promise or an update
is published on the site, in three feeds and in the search. Raw HTML in it is
shown as the text it is (`<script>` reads "<script>"), a link or image whose
address a browser would read as `javascript:`, `data:` or any scheme but
http(s), mailto and tel becomes its text, and attribute lists keep only
`lang`, `dir` and `title`. Hand-written pages in docs/ are the developers' and
keep Markdown's HTML.

Every address the site takes from a writer is judged by ``safe_address``, as
a browser reads it: Python-Markdown writes an address's character references
(``jav&#x61;script:``) into the page as they were written, and the browser
decodes them before it looks at the scheme, so the scheme is judged after the
same decoding. The feeds judge their content's addresses with it again.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import lxml.html
from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.treeprocessors import Treeprocessor

# Addresses a writer may link to: the web, mail, phone, and addresses on the
# site (no scheme at all).
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a URL parser drops anywhere ("java\tscript:") and at either end.
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_CONTROLS_AND_SPACES = re.compile(r"[\x00-\x20\x7f]+")


def url_reading(address: str) -> str:
    """An address as a browser's URL parser reads it once the HTML parser has
    decoded the attribute: ASCII tabs and line breaks dropped wherever they
    stand, C0 controls and spaces dropped at either end."""
    return _TAB_OR_NEWLINE.sub("", address).strip(_C0_OR_SPACE)


def browser_reading(address: str) -> str:
    """An attribute's address as a browser reads it: character references
    decoded (``&#106;``, ``&#x6A``, ``&Tab;``; ``html.unescape`` decodes every
    form a browser does in an attribute, and a few more), then url_reading."""
    return url_reading(html.unescape(address))


def scheme(address: str) -> str | None:
    """The scheme a browser reads in ``address``, lower case; None for an
    address on the site (no scheme). Spaces and controls inside count as
    nothing too, more than a browser drops: Markdown turns a tab in an address
    into spaces, and no address a writer means has them before its colon."""
    found = _SCHEME.match(_CONTROLS_AND_SPACES.sub("", browser_reading(address)))
    return found.group(1).lower() if found else None


def safe_address(address: str) -> bool:
    """Whether a link or image may keep ``address``: one on the site, or an
    http(s), mailto or tel address, as a browser reads it."""
    found = scheme(address)
    return found is None or found in SAFE_SCHEMES


# What a source in `links` may be (contract 2.1): a page on the web, or a mail address.
_SOURCE = re.compile(r"^(https?://[^/\s]|mailto:\S)", re.IGNORECASE)


def source_address(url: str) -> bool:
    """Whether ``url`` may be a source's address: ``https://``, ``http://`` or
    ``mailto:`` both as written and as a browser reads it."""
    return all(_SOURCE.match(reading) for reading in (url_reading(url), browser_reading(url)))


def other_host(address: str, own_host: str | None = None) -> str | None:
    """The host an image at ``address`` (as the HTML parser gives it) is
    fetched from when that is not the site: an absolute http(s) address, or a
    protocol-relative ``//host/…`` (browsers read ``\\`` as ``/`` there)."""
    cleaned = url_reading(address).replace("\\", "/")
    found = _SCHEME.match(cleaned)
    if found is not None:
        if found.group(1).lower() not in ("http", "https"):
            return None
        # "http:host/x" on an https page still goes to host: the slashes are optional.
        cleaned = "//" + cleaned[found.end():].lstrip("/")
    if not cleaned.startswith("//"):
        return None
    try:
        host = urlsplit("https:" + cleaned).hostname
    except ValueError:  # "[" without "]": not an address a browser fetches either
        return None
    if not host or (own_host is not None and host == own_host.lower()):
        return None
    return host


# ---------------------------------------------------------------- attributes

# The attributes a writer's attribute list may set: none that styles, moves or
# runs anything, or dresses a link as the site's own button.
LIST_ATTRIBUTES = frozenset({"lang", "dir", "title"})
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")
_DIRECTIONS = frozenset({"ltr", "rtl", "auto"})
# What Python-Markdown and the site's extensions make of a writer's text, by
# element; everything else is dropped after the attribute lists.
_MADE = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    **{f"h{level}": frozenset({"id"}) for level in range(1, 7)},  # toc's anchors
    "div": frozenset({"class"}),  # admonitions and [TOC]
    "p": frozenset({"class"}),  # an admonition's title
    "ol": frozenset({"start"}),
    "th": frozenset({"style", "align"}),  # a table column's alignment
    "td": frozenset({"style", "align"}),
}
# The classes admonitions and the table of contents make (Material's types).
_CLASSES = frozenset({
    "admonition", "admonition-title", "toc", "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint",
    "important", "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention", "failure",
    "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
})
_ALIGNMENT = re.compile(r"^text-align: (left|right|center);?$")
_ALIGN = frozenset({"left", "right", "center"})


def _list_value_ok(name: str, value: str) -> bool:
    if name == "lang":
        return _LANGUAGE_TAG.match(value) is not None
    if name == "dir":
        return value.lower() in _DIRECTIONS
    return True


def _kept_value(tag: str, name: str, value: str | None) -> str | None:
    """The value ``name`` keeps on a ``tag`` of a writer's body, or None to drop it."""
    if value is None:  # a bare attribute from an attribute list
        return None
    if name in LIST_ATTRIBUTES:
        return value if _list_value_ok(name, value) else None
    if name not in _MADE.get(tag, ()):
        return None
    if name == "class":
        kept = [token for token in value.split() if token in _CLASSES]
        return " ".join(kept) or None
    if name == "style":
        return value if _ALIGNMENT.match(value) else None
    if name == "align":
        return value if value in _ALIGN else None
    if name == "start":
        return value if value.isascii() and value.isdigit() else None
    return value


class _WriterAttributeList(AttrListTreeprocessor):
    """attr_list for a writer's body: ``{: lang=en }`` is kept, ``{: .md-button }``,
    ``{: #id }``, ``{: target=_blank }`` and every other attribute are dropped
    (and the braces still leave the text, as attr_list does)."""

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        attrs, remainder = get_attrs_and_remainder(attrs_string)
        if strict and remainder:
            return remainder
        for key, value in attrs:
            name = key.lower()
            if name in LIST_ATTRIBUTES and value is not None and _list_value_ok(name, value):
                elem.set(name, value)
        return remainder


# Python-Markdown's placeholders in attribute values, replaced after the tree:
# a backslash-escaped character and an ampersand of its own.
_ESCAPED = re.compile(f"{util.STX}([0-9]+){util.ETX}")


def _as_written_out(value: str) -> str:
    """An attribute value as Python-Markdown will write it into the page."""
    return _ESCAPED.sub(lambda found: chr(int(found.group(1))), value).replace(util.AMP_SUBSTITUTE, "&")


def _to_text(element: Any) -> None:
    """A link becomes its text and an image its alt text, in place (the tail
    and the children stay). Works on Python-Markdown's and lxml's trees."""
    alt = element.get("alt") if element.tag == "img" else None
    element.tag = "span"
    element.attrib.clear()
    if alt:
        element.text = alt


class _SafeAttributes(Treeprocessor):
    """Keeps only the attributes Markdown itself makes and the allowed list
    attributes, and turns a link or image to an address a browser would run
    into its text (a link without an address would trip MkDocs' own link
    rewriting, which comes next)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for name, value in list(element.attrib.items()):
                kept = _kept_value(element.tag, name.lower(), value)
                if kept is None:
                    del element.attrib[name]
                elif kept != value:
                    element.set(name, kept)
            address = element.get("href") if element.tag == "a" else element.get("src") if element.tag == "img" else None
            if address is not None and not safe_address(_as_written_out(address)):
                _to_text(element)


# Attributes that hold an address a browser follows or fetches.
_ADDRESS_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "poster", "data", "cite", "background", "xlink:href", "ping",
    "longdesc", "manifest", "codebase", "archive", "usemap", "lowsrc", "dynsrc", "icon", "itemtype", "srcset",
})


def _srcset_safe(value: str) -> bool:
    return all(safe_address(candidate.split()[0]) for candidate in value.split(",") if candidate.split())


def safe_tree(root: lxml.html.HtmlElement) -> None:
    """A rendered page's content (the feeds', after lxml has decoded it) with
    every address judged again by safe_address: a link or image that fails
    becomes its text, any other attribute holding such an address is dropped,
    and so are handlers. The writer's body is judged already when it is
    rendered; this holds whatever the page around it carries."""
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments and processing instructions
            continue
        for name, value in list(element.attrib.items()):
            lowered = str(name).lower()
            if lowered.startswith("on") or lowered == "srcdoc":
                del element.attrib[name]
            elif lowered in _ADDRESS_ATTRIBUTES and not (_srcset_safe(value) if lowered == "srcset" else safe_address(value)):
                if (element.tag, lowered) in (("a", "href"), ("img", "src")):
                    _to_text(element)
                    break
                del element.attrib[name]


# ---------------------------------------------------------------- the extension


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
        if "attr_list" in md.treeprocessors:
            # attr_list's own name and priority: this one takes its place.
            md.treeprocessors.register(_WriterAttributeList(md), "attr_list", 8)
        # Last of the tree's processors but the unescaping: after attribute lists and links.
        md.treeprocessors.register(_SafeAttributes(md), "ml-safe-attributes", 1)


# ---------------------------------------------------------------- images in a body


@dataclass(frozen=True)
class BodyImage:
    src: str  # as the HTML parser reads the page's attribute
    alt: str


class WriterImages:
    """The images a writer's body shows, read with the writer's Markdown
    configuration (reference-style images included), for `make check` and the
    build alike. Only a body with ``![`` in it is rendered: no image without
    it, and a large site has few such bodies."""

    def __init__(self, extensions: Sequence[Any] = (), configs: Mapping[str, Any] | None = None) -> None:
        self._extensions = list(extensions)
        self._configs = dict(configs or {})
        self._converter: Markdown | None = None

    def __call__(self, body: str) -> list[BodyImage]:
        if "![" not in body:
            return []
        if self._converter is None:  # made once, when the first image is seen
            self._converter = Markdown(extensions=[*self._extensions, WriterMarkdown(active=True)], extension_configs=self._configs)
        rendered = self._converter.reset().convert(body)
        if not rendered.strip():
            return []
        root = lxml.html.fragment_fromstring(rendered, create_parent="div")
        return [BodyImage(image.get("src") or "", image.get("alt") or "") for image in root.iter("img")]
