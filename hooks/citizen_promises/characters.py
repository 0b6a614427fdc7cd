"""Characters that cannot be published: what Word, Outlook and web forms leave
in pasted text that XML, HTML, JSON readers and spreadsheets choke on.

XML 1.0 forbids most C0 control characters, and the HTML standard calls C1
controls, noncharacters and lone surrogates errors; lxml refuses to write them
and a UTF-8 encoder cannot write a lone surrogate at all. Word's line break
(vertical tab, U+000B) and the Unicode line and paragraph separators mean
"new line", so they become one; everything else in the list is removed.

In one-line fields (everything in the front matter) the explicit direction
controls go too (contract 2.1): an embedding, override or isolate left open
(U+202E, RIGHT-TO-LEFT OVERRIDE) turns the text after it around, and a field
stands inline with other text on the site's pages: a title in the
breadcrumbs, a name in a list. A body keeps them, since a paragraph ends their
reach. The implicit marks (U+200E, U+200F, U+061C) stay everywhere: they
reach no further than the characters beside them, and Arabic and Hebrew text
needs them to place punctuation and numbers; the templates isolate writer
text that shares a line with other text (<bdi>), which contains them too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Line breaks that are not "\n": vertical tab (Word's Shift+Enter), form feed
# (Word's page break), NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR.
_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_REMOVED = (
    "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f"  # C0 (but tab, LF, CR) and C1 controls, DEL
    "\ud800-\udfff"  # lone surrogates (from "\uD800" escapes in YAML)
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters of the first plane
)
# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI.
_DIRECTION_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_UNWANTED_BMP = re.compile(f"[{_LINE_BREAKS}{_REMOVED}]")
_UNWANTED_IN_FIELD_BMP = re.compile(f"[{_LINE_BREAKS}{_REMOVED}{_DIRECTION_CONTROLS}]")
# The noncharacters above the first plane in a pattern of their own: in one
# character class with the rest they make every search ten times slower, and
# only text with a character above U+FFFF needs them.
_NONCHARACTERS_ABOVE = "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
_UNWANTED = re.compile(f"[{_LINE_BREAKS}{_REMOVED}{_NONCHARACTERS_ABOVE}]")
_UNWANTED_IN_FIELD = re.compile(f"[{_LINE_BREAKS}{_REMOVED}{_DIRECTION_CONTROLS}{_NONCHARACTERS_ABOVE}]")
_DIRECTION = re.compile(f"[{_DIRECTION_CONTROLS}]")
_ABOVE_FIRST_PLANE = re.compile("[\U00010000-\U0010FFFF]")
_TO_NEWLINE = str.maketrans({c: "\n" for c in _LINE_BREAKS})


@dataclass(frozen=True)
class Cleaned:
    text: str
    found: tuple[str, ...]  # the distinct characters replaced or removed, in order of first appearance

    @property
    def changed(self) -> bool:
        return bool(self.found)


def has_unwanted(text: str, field: bool = False) -> bool:
    """Whether ``text`` has a character clean() replaces or removes; ``field``:
    in a one-line field, where the direction controls are unwanted too."""
    if (_UNWANTED_IN_FIELD_BMP if field else _UNWANTED_BMP).search(text) is not None:
        return True
    return _ABOVE_FIRST_PLANE.search(text) is not None and _UNWANTED.search(text) is not None


def clean(text: str, field: bool = False) -> Cleaned:
    """``text`` with line-break characters as "\\n" and the other unwanted ones
    removed; ``field``: the direction controls too."""
    if not has_unwanted(text, field):
        return Cleaned(text, ())
    pattern = _UNWANTED_IN_FIELD if field else _UNWANTED
    found = pattern.findall(text)
    result = pattern.sub(lambda m: "\n" if m.group() in _LINE_BREAKS else "", text.translate(_TO_NEWLINE))
    return Cleaned(result, tuple(dict.fromkeys(found)))


def is_direction_control(character: str) -> bool:
    return _DIRECTION.fullmatch(character) is not None


def describe(found: tuple[str, ...], limit: int = 3) -> str:
    """``U+000B (radbrytning från Word), U+0000`` for a message: what was there, readably."""
    named = [f"U+{ord(c):04X}{_NAMES.get(c, '')}" for c in found[:limit]]
    more = len(found) - limit
    return ", ".join(named) + (f" och {more} till" if more > 0 else "")


def visible(text: str) -> str:
    """``text`` with every character that cannot be seen written as U+XXXX,
    for messages that compare two names that look alike."""
    return "".join(
        c if unicodedata.category(c)[0] not in "CMZ" or c == " " else f"[U+{ord(c):04X}]" for c in text
    )


_NAMES = {
    "\x0b": " (radbrytning från Word)",
    "\x0c": " (sidbrytning)",
    "\x00": " (nolltecken)",
    "\x1b": " (escape)",
    "\u2028": " (radavgränsare)",
    "\u2029": " (styckeavgränsare)",
    "\ufffe": " (inget tecken)",
    "\u202a": " (vänster till höger-inbäddning)",
    "\u202b": " (höger till vänster-inbäddning)",
    "\u202c": " (slut på inbäddning)",
    "\u202d": " (tvingad vänster till höger)",
    "\u202e": " (tvingad höger till vänster)",
    "\u2066": " (isolerad vänster till höger)",
    "\u2067": " (isolerad höger till vänster)",
    "\u2068": " (isolerad, riktning efter första bokstaven)",
    "\u2069": " (slut på isolering)",
}
