"""What may stand beside the content (contract 2.1): the one judgement of the
files under promises/ and updates/ that are not Markdown, and of the picture an
update's `image:` names, shared by `make check` (load.py), the build (the
adapter publishes only what load keeps) and validate.py.

The site is published on the same origin as the editor at /admin/, which keeps
its login to the repository in the browser's storage: a file that a browser
runs (HTML, JavaScript, an SVG with a script) would run with that login within
reach. So only pictures are published: PNG, JPEG, WebP and GIF whose first
bytes are what their name says (a web server sends a file with the type its
name says, and a browser shown image/png never runs it as a page), and SVG,
which is a document and can hold scripts, only when it holds nothing that runs
or fetches: no script, event handler, foreignObject, HTML, style sheet import,
or reference to another file or host. Everything else is an error naming the
file, saying what it is and how to fix it, and is never published.

The extension is read without regard to case (`IMG_0042.JPG` from a camera is
a JPEG); the content must match it.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath

from lxml import etree

from .problems import Report

PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"
SVG = "image/svg+xml"
# What may be published beside the content, by extension (read in lower case).
MIME_TYPES = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".gif": GIF, ".webp": WEBP, ".svg": SVG}
# An SVG is read whole to be judged: far above a map or a diagram, and far
# below what would make `make check` slow. A bigger picture is a photo, for JPEG.
MAX_SVG_BYTES = 2 * 1024 * 1024

_NAMES = {PNG: "PNG-bild", JPEG: "JPEG-bild", GIF: "GIF-bild", WEBP: "WebP-bild", SVG: "SVG-bild"}
_EXTENSION_OF = {PNG: ".png", JPEG: ".jpg", GIF: ".gif", WEBP: ".webp", SVG: ".svg"}
_HEAD_BYTES = 1024
_ALLOWED = "PNG, JPEG, WebP, GIF och SVG utan skript"
_SAVE_AS_IMAGE = "Spara bilden som PNG, JPEG, WebP eller GIF i ett bildprogram (Exportera eller Spara som)"


@dataclass(frozen=True)
class Refusal:
    """Why a file is not published: a sentence about the file (``message``,
    starting in lower case, as the Report's other messages do) and the fix."""

    message: str
    hint: str


def mime_type(name: str) -> str | None:
    """The type a file is published as, by its extension, or None: not a picture the site publishes."""
    return MIME_TYPES.get(PurePosixPath(name).suffix.lower())


def publishable(root: Path, paths: Iterable[str], report: Report) -> list[str]:
    """The files among ``paths`` (relative to ``root``) that may be published;
    every other one is an error naming it."""
    kept: list[str] = []
    for path in paths:
        refusal = judge(root / path)
        if refusal is None:
            kept.append(path)
        else:
            report.error(path, "", refusal.message, refusal.hint)
    return kept


def judge(path: Path) -> Refusal | None:
    """None when the file at ``path`` may be published, else why not. Judged
    once per file version: load.py and validate.py (the `image:` field) both ask."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return Refusal(f"filen kunde inte läsas ({exc.strerror}).", "Kontrollera att filen finns och går att öppna.")
    if not stat.S_ISREG(info.st_mode):
        # A named pipe would make the build wait for ever; a device has no end.
        return Refusal("filen är ingen vanlig fil (utan till exempel en namngiven pipe eller en enhet) och publiceras inte.", "Ta bort den.")
    return _judged(str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=4096)
def _judged(path: str, device: int, inode: int, size: int, modified: int) -> Refusal | None:
    suffix = PurePosixPath(path).suffix
    mime = MIME_TYPES.get(suffix.lower())
    data = b""
    try:
        with open(path, "rb") as file:
            head = file.read(_HEAD_BYTES)
            if mime == SVG and size <= MAX_SVG_BYTES:
                data = head + file.read(MAX_SVG_BYTES + 1 - len(head))
    except OSError as exc:
        return Refusal(f"filen kunde inte läsas ({exc.strerror}).", "Kontrollera att filen går att öppna.")
    found = _sniff(head)
    if mime is None:
        return _not_a_picture(suffix, found, head)
    if mime != SVG:
        if found == mime:
            return None
        return _mismatch(suffix, found, head)
    # Whatever is not plainly something else is read as XML and judged as SVG.
    if found not in (SVG, None) or _what(found, head) not in (f"en {_NAMES[SVG]}", "en XML-fil", "en textfil"):
        return _mismatch(suffix, found, head)
    if size > MAX_SVG_BYTES:
        return Refusal(
            f"SVG-bilden är {size // 1024} kB, men en SVG får vara högst {MAX_SVG_BYTES // (1024 * 1024)} MB.",
            "Förenkla bilden, eller spara den som PNG (diagram och kartor) eller JPEG (foton).",
        )
    return _svg_refusal(data)


# ------------------------------------------------------------------ what a file is


def _sniff(head: bytes) -> str | None:
    """The picture type the first bytes say, or None when they are no picture the site publishes."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith((b"GIF87a", b"GIF89a")):
        return GIF
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return WEBP
    text = _text_start(head)
    if text is not None and re.match(r"(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!doctype svg[^>]*>\s*)?(<!--.*?-->\s*)*<svg[\s>]", text, re.S):
        return SVG
    return None


def _text_start(head: bytes) -> str | None:
    """The first bytes as lower-case text without leading space, or None when they are not text."""
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            # A multi-byte character cut at the end of the head is not a reason to call it binary.
            text = head.decode(encoding, errors="strict" if len(head) < _HEAD_BYTES else "ignore")
        except UnicodeDecodeError:
            return None
        if "\x00" in text:
            return None
        return text.lstrip().lower()
    return None


def _what(found: str | None, head: bytes, suffix: str = "") -> str:
    """What a file is, as a writer would call it: «en webbsida (HTML)»."""
    if found is not None:
        return f"en {_NAMES[found]}"
    if not head:
        return "tom"
    for start, name in (
        (b"%PDF", "en PDF-fil"), (b"PK\x03\x04", "en zip-fil (till exempel ett Word- eller Excel-dokument)"),
        (b"\x1f\x8b", "en gzip-packad fil"), (b"BM", "en BMP-bild"), (b"II*\x00", "en TIFF-bild"), (b"MM\x00*", "en TIFF-bild"),
        (b"\xd0\xcf\x11\xe0", "ett Office-dokument"),
    ):
        if head.startswith(start):
            return name
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"avif", b"avis"):
            return "en AVIF-bild"
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
            return "en HEIC-bild (som iPhone sparar foton)"
        return "en video- eller ljudfil"
    text = _text_start(head)
    if text is not None:
        if text.startswith(("<!doctype html", "<html")) or re.search(r"<(html|head|body|script|iframe)[\s>]", text):
            return "en webbsida (HTML)"
        if "<svg" in text:
            return "en SVG-bild"
        if text.startswith("<?xml") or text.startswith("<"):
            return "en XML-fil"
    by_extension = {
        ".html": "en webbsida (HTML)", ".htm": "en webbsida (HTML)", ".xhtml": "en webbsida (HTML)", ".shtml": "en webbsida (HTML)",
        ".js": "ett program (JavaScript)", ".mjs": "ett program (JavaScript)", ".css": "en stilmall (CSS)",
        ".svgz": "en packad SVG-bild (.svgz)", ".xml": "en XML-fil", ".json": "en datafil (JSON)",
    }
    if suffix.lower() in by_extension:
        return by_extension[suffix.lower()]
    return "en textfil" if text is not None else "en fil av okänt slag"


def _not_a_picture(suffix: str, found: str | None, head: bytes) -> Refusal:
    what = _what(found, head, suffix)
    if found is not None:  # a picture under another name, or none
        named = f"filen heter {suffix}" if suffix else "filen har ingen filändelse"
        return Refusal(
            f"{named} men är {what}, och en fil vars namn inte säger vad den är publiceras inte.",
            f"Döp om filen så att den slutar på {_EXTENSION_OF[found]} (och ändra sökvägen där den används).",
        )
    if suffix.lower() == ".svgz":
        return Refusal(
            f"filen är {what}, och bredvid löften och uppföljningar publiceras bara bilder: {_ALLOWED}.",
            "Spara bilden som vanlig SVG (.svg) eller som PNG.",
        )
    return Refusal(
        f"filen är {what}, och bredvid löften och uppföljningar publiceras bara bilder: {_ALLOWED}.",
        f"{_SAVE_AS_IMAGE}, och flytta andra filer härifrån; en handling, som det undertecknade löftet, länkas i stället med fältet links.",
    )


def _mismatch(suffix: str, found: str | None, head: bytes) -> Refusal:
    what = _what(found, head, suffix)
    message = f"filen heter {suffix} men är {what}, och en fil vars innehåll inte stämmer med namnet publiceras inte."
    if found is not None:
        return Refusal(message, f"Döp om filen så att den slutar på {_EXTENSION_OF[found]} (och ändra sökvägen där den används).")
    return Refusal(message, f"{_SAVE_AS_IMAGE}; att byta filändelse räcker inte. Eller ta bort filen.")


# ------------------------------------------------------------------ SVG

_SVG_NS = "http://www.w3.org/2000/svg"
_XHTML_NS = "http://www.w3.org/1999/xhtml"
# Elements that run code or show a document of their own, in any namespace.
_ACTIVE = {
    "script": "ett skript (<script>)",
    "handler": "ett skript (<handler>)",
    "foreignobject": "<foreignObject>, som kan bära en hel webbsida med skript",
    "iframe": "en inbäddad webbsida (<iframe>)",
    "embed": "en inbäddad fil (<embed>)",
    "object": "en inbäddad fil (<object>)",
}
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
# Attributes whose value is an address a browser follows or fetches.
_ADDRESSES = {"href", "src", "ping", "action", "formaction"}
# An embedded photo, as Inkscape saves one; never another SVG (it is a document again).
_EMBEDDED_PICTURE = re.compile(r"data:image/(png|jpeg|jpg|gif|webp)[;,]")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\r\n\f]?|(.))", re.S)
_CSS_FETCHES = re.compile(r"(?<![\w-])(url|src|image|image-set|-webkit-image-set|cross-fade)\s*\(\s*(['\"]?)\s*(.?)")
_SVG_HINT = (
    "Spara bilden som PNG i stället, eller ta bort det som nämns och spara SVG-filen igen "
    "(ritprogram kan exportera SVG utan skript och länkar, till exempel Inkscapes Optimerad SVG)."
)


def _svg_refusal(data: bytes) -> Refusal | None:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, remove_blank_text=False,
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 1
        return Refusal(
            f"SVG-bilden går inte att läsa: den är inte giltig XML (första felet på rad {line}).",
            "Exportera bilden på nytt ur ritprogrammet, eller spara den som PNG.",
        )
    except ValueError:  # lxml refuses some documents outright (an encoding declaration it cannot use)
        return Refusal("SVG-bilden går inte att läsa som XML.", "Exportera bilden på nytt ur ritprogrammet, eller spara den som PNG.")
    root = tree.getroot()
    if not isinstance(root.tag, str) or root.tag != f"{{{_SVG_NS}}}svg":
        return Refusal(
            "filen heter .svg men är ingen SVG-bild (den yttersta taggen är inte <svg> med SVG:s namnrymd), och den publiceras inte.",
            'Exportera bilden på nytt som SVG (med xmlns="http://www.w3.org/2000/svg"), eller spara den som PNG.',
        )
    found = _svg_doctype(tree) or _svg_content(root)
    if found is None:
        return None
    return Refusal(
        f"SVG-bilden innehåller {found}, och en SVG som kan köra kod eller hämta något från en annan fil eller webbplats publiceras inte.",
        _SVG_HINT,
    )


def _svg_doctype(tree: etree._ElementTree) -> str | None:
    docinfo = tree.docinfo
    dtd = docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]  # lxml-stubs lack it
        return "en DOCTYPE med egna entiteter (<!ENTITY>), som kan hämta filer eller växa till gigabyte när bilden läses"
    system = (docinfo.system_url or "").strip()  # type: ignore[attr-defined]  # lxml-stubs lack it
    # Drawing programs write W3C's own DTD for SVG, which no browser fetches.
    if system and not re.match(r"https?://www\.w3\.org/(Graphics/SVG|TR/2001/REC-SVG-20010904)/", system):
        return f"en DOCTYPE som hänvisar till en annan fil («{_short(system)}»)"
    return None


def _svg_content(root: etree._Element) -> str | None:
    """The first thing in the SVG that runs or fetches, said for a writer, or None."""
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        if (found := _instruction(sibling)) is not None:
            return found
    for element in root.iter():
        if not isinstance(element.tag, str):
            if (found := _instruction(element)) is not None:
                return found
            continue
        qname = etree.QName(element)
        name = qname.localname.lower()
        shown = f"<{qname.localname}>"
        if name in _ACTIVE:
            return _ACTIVE[name]
        if qname.namespace == _XHTML_NS:
            return f"HTML ({shown}), som kan bära skript"
        if name == "style" and (found := _css(element.text or "")) is not None:
            return f"{found} (i elementet <style>)"
        for attribute, raw in element.attrib.items():
            value = str(raw)  # lxml gives text; its stubs say text or bytes
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                return f"en händelsehanterare (attributet {etree.QName(attribute).localname} på {shown}), som kör kod"
            if local in _ADDRESSES and (found := _address(name, value)) is not None:
                return f"{found} ({etree.QName(attribute).localname}=«{_short(value)}» på {shown})"
            if name in _ANIMATIONS and local == "attributename":
                target = value.strip().rsplit(":", 1)[-1].lower()
                if target in _ADDRESSES or target.startswith("on"):
                    return f"en animering som byter en länk eller en händelse (attributeName=«{_short(value)}» på {shown})"
            if (found := _css(value)) is not None:
                return f"{found} (attributet {etree.QName(attribute).localname} på {shown})"
    return None


def _instruction(node: etree._Element) -> str | None:
    if isinstance(node, etree._ProcessingInstruction) and str(node.target).strip().lower() == "xml-stylesheet":
        return "en hänvisning till en stilmall (<?xml-stylesheet?>)"
    return None


def _address(element: str, value: str) -> str | None:
    """Why an address in the SVG is refused, or None: only a place in the picture itself (#id) is kept."""
    address = value.strip(" \t\n\r\f")
    if address.startswith("#"):
        return None
    if element == "image" and _EMBEDDED_PICTURE.match(address.lower()):
        return None
    return "en hänvisning till en annan fil eller webbplats"


def _css(text: str) -> str | None:
    """What in a style (an attribute or a <style> element) fetches from elsewhere, or None."""
    if "(" not in text and "@" not in text and "\\" not in text:
        return None  # nearly every attribute: no function, no rule, no escape
    plain = _CSS_ESCAPE.sub(_unescaped, _CSS_COMMENT.sub("", text)).lower()
    if "@import" in plain:
        return "en @import, som hämtar en stilmall från en annan fil"
    for found in _CSS_FETCHES.finditer(plain):
        function, argument = found.group(1), found.group(3)
        if function in ("url", "src") and argument == "#":
            continue
        return f"en hänvisning till en annan fil eller webbplats med {function}(…) i en stil"
    return None


def _unescaped(found: re.Match[str]) -> str:
    """A CSS escape as the browser reads it: «u\\72l(» is «url(»."""
    if found.group(1):
        code = int(found.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
    return found.group(2)


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
