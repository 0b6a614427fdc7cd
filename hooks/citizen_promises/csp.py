"""Content-Security-Policy for every page of the site, and one of its own for /admin/.

Static hosting (GitHub and GitLab Pages) sets no headers, so each page carries
its policy in a ``<meta http-equiv="Content-Security-Policy">`` at the top of
its ``<head>``: right after ``<meta charset>`` where the page starts with one
(the charset must stay within the first 1024 bytes a browser reads), else as
the head's first child; before any script either way.

Scripts run from the site's own files and, inline, only where the templates
print them: each page's policy lists the SHA-256 of the executable inline
scripts in the parts of the page the templates make, which is every part but
the page's content (``page.content``: a writer's body, a hand-written page
from docs/). A script in the content, even one written there on purpose, does
not run, and neither does a ``javascript:`` address or an ``onclick=``
attribute anywhere: there is no ``'unsafe-inline'`` for scripts. The theme's
inline scripts (``__md_scope=new URL("../..", location)``…) differ only with
the page's depth, so a build hashes a handful of texts however many pages it has.

What cannot be said in a meta element (``frame-ancestors``, reports) is left
out: the widget (/kommuner/<slug>/widget/) is framed by other websites anyway.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from urllib.parse import urlsplit

import lxml.html
from lxml.html import builder

HTTP_EQUIV = "Content-Security-Policy"

# Everything but scripts: inline styles are the theme's and our templates' own
# (style attributes, the charts); images from other hosts are a writer's
# warning, not an error (content contract 2.1), so they still show.
SITE_DIRECTIVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'self'",)),
    ("script-src", ("'self'",)),  # the page's hashes follow
    ("style-src", ("'self'", "'unsafe-inline'")),
    ("img-src", ("'self'", "data:", "https:", "http:")),
    ("font-src", ("'self'",)),
    ("connect-src", ("'self'",)),
    ("frame-src", ("'none'",)),  # the site embeds no other page
    ("object-src", ("'none'",)),
    ("base-uri", ("'self'",)),
    ("form-action", ("'self'",)),
)

# The <head> start tag, and a <meta charset> right after it, within a page's
# first bytes. The first one in a page is the template's: nothing a writer
# writes comes before it.
_HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta\s+charset\s*=[^>]*>)?", re.IGNORECASE)
_HEAD_WITHIN = 4096
_HEAD_END = "</head>"
# An inline or external script as the templates write it (they write no '>' in attributes).
_OPEN, _CLOSE, _AFTER_NAME = "<script", "</script", frozenset(" \t\n\r\f/>")
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
# Script types a browser executes (HTML's JavaScript MIME types, modules and
# import maps, which CSP also checks); any other type is a data block, such as
# the theme's application/json configuration.
_JAVASCRIPT_TYPES = frozenset({
    "", "module", "importmap", "speculationrules",
    "application/ecmascript", "application/javascript", "application/x-ecmascript", "application/x-javascript",
    "text/ecmascript", "text/javascript", "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript", "text/livescript",
    "text/x-ecmascript", "text/x-javascript",
})


@lru_cache(maxsize=1024)
def script_hash(text: str) -> str:
    """The CSP source that lets an inline script with exactly this text run."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def _attributes(tag: str) -> dict[str, str]:
    return {m[1].lower(): m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(tag)}


@lru_cache(maxsize=1024)
def _executable(tag: str) -> bool:
    """Whether a script element with these attributes (its start tag after the
    name) is one a browser runs inline: no src, and a JavaScript type or none."""
    attributes = _attributes(tag)
    if "src" in attributes:
        return False
    return attributes.get("type", "").strip().lower() in _JAVASCRIPT_TYPES


def inline_scripts(html: str, skip: tuple[int, int] = (0, 0)) -> list[str]:
    """The texts of the executable inline scripts in ``html``, in order, but
    for those in ``skip`` (a span of it). Found as the templates write them,
    in lower case: a template's script in capitals would go unfound and stay
    blocked, never the other way. Its text ends at the first "</script", as a
    browser reads it."""
    texts = []
    for start, limit in ((0, skip[0]), (skip[1], len(html))) if skip[1] > skip[0] else ((0, len(html)),):
        at = html.find(_OPEN, start, limit)
        while at >= 0:
            close = html.find(">", at, limit)
            end = html.find(_CLOSE, close, limit)
            if close < 0 or end < 0:
                break
            if html[at + len(_OPEN)] in _AFTER_NAME and _executable(html[at + len(_OPEN):close]):
                texts.append(html[close + 1:end])
            at = html.find(_OPEN, end, limit)
    return texts


def policy(directives: Iterable[tuple[str, Iterable[str]]]) -> str:
    return "; ".join(" ".join((name, *sources)) for name, sources in directives)


def site_policy(hashes: Iterable[str]) -> str:
    """A site page's policy, its inline scripts' hashes added to script-src."""
    extra = tuple(dict.fromkeys(hashes))
    return policy((name, (*sources, *extra) if name == "script-src" else sources) for name, sources in SITE_DIRECTIVES)


@lru_cache(maxsize=256)
def meta(text: str) -> str:
    """The meta element for a policy (lxml escapes the attribute; pages share a handful)."""
    element = builder.META({"http-equiv": HTTP_EQUIV, "content": text})
    return lxml.html.tostring(element, encoding="unicode")


def _insert(html: str, element: str) -> str:
    """``html`` with ``element`` at the top of its head (see the module's docstring)."""
    match = _HEAD.search(html, 0, _HEAD_WITHIN)
    if match is None:
        raise ValueError("A page without <head> near its start: its Content-Security-Policy has nowhere to go.")
    return html[:match.end()] + element + html[match.end():]


def content_span(html: str, content: str | None) -> tuple[int, int]:
    """Where the page's content is printed in ``html``: in its body, as it is.
    Where it is not found so, everything after the head is taken for content:
    its scripts stay blocked rather than run."""
    head_end = html.find(_HEAD_END)
    if head_end < 0 or not content:
        return (0, 0)
    # Found by its start, then compared whole (both in C; a long needle's find is slower).
    lead = content[:64]
    start = html.find(lead, head_end)
    while start >= 0 and not html.startswith(content, start):
        start = html.find(lead, start + 1)
    return (start, start + len(content)) if start >= 0 else (head_end, len(html))


def protect_page(html: str, content: str | None) -> str:
    """A rendered page with its policy: the hashes of the templates' inline
    scripts, none of the content's (``content`` as the page printed it)."""
    hashes = [script_hash(text) for text in inline_scripts(html, content_span(html, content))]
    return _insert(html, meta(site_policy(hashes)))


# --------------------------------------------------------------- the preview

_SCRIPT_SRC_IN_META = re.compile(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src [^;"]*')


def allow_added_script(before: bytes, after: bytes) -> bytes:
    """``after``, which is ``before`` with one inline script added (`mkdocs
    serve` adds its live reload to every page it serves, with a number of its
    own each time), its policy now letting that one script run. Anything else
    is returned as it is: that script stays blocked, the preview still shows."""
    added = len(after) - len(before)
    # Where the two part may lie inside the script ("<" of "<script" and of
    # "</body>" alike): it starts at the last "<script" up to there.
    at = after.rfind(b"<script", 0, _first_difference(before, after) + len(b"<script"))
    if added <= 0 or at < 0 or after[:at] != before[:at] or after[at + added:] != before[at:]:
        return after
    script = _SCRIPT.fullmatch(after[at:at + added].decode("utf-8", "replace"))
    if script is None or not _executable(script[1]):
        return after
    source = script_hash(script[2]).encode("ascii")
    return _SCRIPT_SRC_IN_META.sub(lambda m: m[0] + b" " + source, after, count=1)


def _first_difference(before: bytes, after: bytes) -> int:
    """Where two byte strings part, found by halves (each comparison runs in C)."""
    low, high = 0, min(len(before), len(after))
    while low < high:
        middle = (low + high + 1) // 2
        if before[:middle] == after[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


# ---------------------------------------------------------------- /admin/

# What Decap CMS (editor_assets/decap-cms.js) contacts for each backend it can
# log in to, besides the site: its API (api_root, or this default), the
# backend's own address (base_url, or this default) where Decap fetches a
# login token itself, its status page, and where avatars come from. A login
# through a pop-up window, and the pop-up's message back, are no requests of
# the page and need no source.
_BACKENDS: dict[str, dict[str, tuple[str, ...]]] = {
    "github": {"api": ("https://api.github.com",), "connect": ("https://www.githubstatus.com",), "img": ("https://avatars.githubusercontent.com",)},
    "gitlab": {"api": ("https://gitlab.com",), "base": ("https://gitlab.com",)},
    "gitea": {"api": ("https://try.gitea.io",), "base": ("https://try.gitea.io",)},
    "bitbucket": {"api": ("https://api.bitbucket.org",), "base": ("https://bitbucket.org",), "connect": ("https://bitbucket.status.atlassian.com",)},
    "azure": {"api": ("https://dev.azure.com",), "connect": ("https://app.vssps.visualstudio.com",)},
    "git-gateway": {"api": ()},  # the site's own /.netlify/git
}
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(?::[0-9]{1,5})?")
LOCAL_HOST = "127.0.0.1"


def _origin(url: str | None) -> str | None:
    """The scheme, host and port of an address from mkdocs.yml; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
    return origin if _ORIGIN.fullmatch(origin) else None


def backend_sources(backend: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The origins /admin/ connects to and takes images from, for a backend of editor.settings."""
    hosts = _BACKENDS.get(backend.get("name", ""), {"api": ()})
    api = _origin(backend.get("api_root")) or next(iter(hosts["api"]), None)
    base = (_origin(backend.get("base_url")) or next(iter(hosts["base"]), None)) if "base" in hosts else None
    connect = [o for o in (api, base, *hosts.get("connect", ())) if o]
    images = [*hosts.get("img", ()), *([base] if base else [])]
    return tuple(dict.fromkeys(connect)), tuple(dict.fromkeys(images))


def admin_policy(backend: Mapping[str, str], local_port: int | None) -> str:
    """/admin/'s policy: Decap from the site's own files, talking only to its
    backend: decap-server on this machine under `make redaktor` (``local_port``),
    else the repository's host. Decap compiles its configuration's schema
    with ``new Function`` (ajv), hence ``'unsafe-eval'``; its styles are
    inline (emotion); it shows the pictures it reads through its backend as
    blob: addresses and reads them back with fetch (connect-src blob:).
    Each of these was found needed by tests/test_csp_browser.py in Chromium."""
    if local_port is not None:
        connect: tuple[str, ...] = (f"http://{LOCAL_HOST}:{local_port}",)
        images: tuple[str, ...] = ()
    else:
        connect, images = backend_sources(backend)
    return policy((
        ("default-src", ("'self'",)),
        ("script-src", ("'self'", "'unsafe-eval'")),
        ("style-src", ("'self'", "'unsafe-inline'")),
        ("img-src", ("'self'", "blob:", *images)),
        ("font-src", ("'self'",)),
        ("connect-src", ("'self'", "blob:", *connect)),
        ("frame-src", ("'none'",)),  # its preview is a frame of its own making, about:blank
        ("object-src", ("'none'",)),
        ("base-uri", ("'self'",)),
        ("form-action", ("'self'",)),
    ))
