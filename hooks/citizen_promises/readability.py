"""LIX, the Swedish readability index, for the lättläst check of `make check`.

LIX = words per sentence + the percentage of long words (more than six
letters). Under 30 reads as very easy, 30–40 as easy, and ordinary news text
lies around 40–50 (Björnsson 1968; the guide explains it). A short text's LIX
swings with a name or two ("Polisen i Runneryd" alone scores 70), so the check
notes only text above easy, not every text above very easy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LATTLAST_LIX = 40  # above this, `make check` notes the lättläst text

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[#*_>`|]")
# A heading or a list item starts a unit of its own; other lines continue the
# paragraph they are in (writers wrap lines wherever their editor does).
_OWN_LINE = re.compile(r"^\s*(#|[-*+]\s|\d+[.)]\s)")
# A sentence ends at . ! ? or : before a space or the end.
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
LONG_WORD = 6  # letters; a word longer than this is long


@dataclass(frozen=True)
class Score:
    value: int
    longest: str  # the sentence with the most words, as written
    longest_words: int


def lix(markdown: str) -> Score | None:
    """The text's LIX, rounded, and its longest sentence; None without words."""
    units: list[str] = []
    for block in re.split(r"\n[ \t]*\n", markdown):
        lines: list[str] = []
        for line in block.splitlines():
            if _OWN_LINE.match(line) and lines:
                units.append(" ".join(lines))
                lines = []
            lines.append(line)
        units.append(" ".join(lines))
    sentences = [
        s.strip() for unit in units for s in _SENTENCE_END.split(_MARKUP.sub(" ", _LINK.sub(r"\1", _OWN_LINE.sub("", unit)))) if _WORD.search(s)
    ]
    words = [w for s in sentences for w in _WORD.findall(s)]
    if not words:
        return None
    long_words = sum(1 for w in words if len(w.replace("-", "")) > LONG_WORD)
    value = len(words) / len(sentences) + 100 * long_words / len(words)
    longest = max(sentences, key=lambda s: len(_WORD.findall(s)))
    return Score(round(value), " ".join(longest.split()), len(_WORD.findall(longest)))
