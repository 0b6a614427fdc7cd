"""Site search: an index split into small files that a phone fetches only as a
query needs them, built in the same process as the site.

Each searchable page's text is cut into words (runs of letters and digits,
at most MAX_WORD of them), and each word is put to its Swedish stem with the Snowball stemmer, so
"vänthallar" finds "vänthallen". The stems' postings (which pages hold them,
and how strongly) go into shards by prefix, each about SHARD_BYTES, and each
page's title, summary and text into a small file of its own. A one-word
search fetches the manifest, one shard and the files of the results it shows:
docs/assets/sok.js does the same cutting and stemming in the browser
(tests/test_search_browser.py compares the two on every word of the site).

Why not Pagefind, which the site used before: fed the quarter-size national
corpus (5,811 pages) it needed 1.06 GB of memory, and 3.6 GB at full size,
against 776 MiB for a whole plain MkDocs build, and it took 45–60 s of a
three-minute build. This index is built from the text the build already has,
in the same process (README, Benchmark).

The files, under INDEX_DIR (all JSON, UTF-8, the same bytes for the same site):

- ``index.json``: ``{"format", "version", "pages", "shards"}``; ``shards`` is
  the sorted list of shard prefixes (at most MAX_PREFIX letters), and shard
  ``i`` is ``ord/<i>.json``. A stem lives in the shard of the longest prefix
  it starts with.
- ``ord/<i>.json``: ``{stem: [gaps, weights]}``: page numbers as gaps from the
  previous one (the first from 0), and a weight for each (_Weights).
- ``sidor/<n>.json``: page ``n`` as a result shows it:
  ``[url, title, kind, municipality, iso date, date in words, summary, text]``;
  the text (at most TEXT_LENGTH characters) gives the words around a hit.
- ``kommuner/<slug>.json``: gaps of the pages about that municipality (the filter).

``version`` (a hash of everything else) goes into every fetch as ``?v=``, so a
browser never mixes files of two builds.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import lxml.html
from snowballstemmer.swedish_stemmer import SwedishStemmer

from . import addresses
from .languages import LANGUAGES
from .model import Municipality, PromiseEntry, UpdateEntry
from .summary import description, shorten
from .swedish import long_date

INDEX_DIR = "sokindex/"
FORMAT = 1
SEARCH_PAGE = "sok/"
SHARD_BYTES = 24_000  # about this much JSON a shard, before gzip
IN_TITLE = 1_000_000  # added to a word's count on a page when its title says it
BM25_K1, BM25_B = 1.2, 0.75  # the usual values
REFERENCE_LENGTH = 300  # words: about an update page's
WEIGHT_SCALE = 20  # weights are whole numbers: 20 × (at most 2.2 + 2.2)
SUMMARY_LENGTH = 200
TEXT_LENGTH = 20_000  # a long guide page is cut here; updates are far shorter

# Pages whose content is not searched: lists of other pages (the timeline and
# its pages, the tags and theirs, the list of municipalities), the search page itself, the preview's
# problem list, the 404 page, the widgets shown on other websites and the
# printable evaluations, which repeat their promise's page; and the writer's
# guide, which is for the people who write the site, not for its citizens (its
# examples name real municipalities and would crowd their search results).
NOT_SEARCHED = (addresses.MUNICIPALITIES, addresses.PROBLEMS, SEARCH_PAGE, "404.html")
WRITERS_GUIDE = "skrivhandledning/"
NOT_SEARCHED_UNDER = (addresses.TIMELINE, addresses.TAGS, WRITERS_GUIDE)
_OWN_PAGE = re.compile(r"^(?:kommuner/[^/]+/widget|loften/[^/]+/utvardering)/$")
# Parts of searched pages that only repeat other pages: update lists (start,
# municipality and promise pages) and the start page's list of municipalities;
# and the heading anchors' "¶".
EXCLUDED_CLASSES = ("ml-updates", "ml-home-municipalities", "headerlink")
_EXCLUDED = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in EXCLUDED_CLASSES)
_EXCLUDED_XPATH = f"//*[{_EXCLUDED}]"
# A word is at most MAX_WORD letters; a longer run of letters is cut into
# words of MAX_WORD (and the rest). The longest words of a Swedish dictionary
# have about 40 letters ("realisationsvinstbeskattningsregler" has 35), so no
# real word is cut, and a longer run, such as a 300-letter nonsense word or a
# digest in an address, is still found when searched whole (sok.js cuts the
# query the same way). A stem is never longer than its word, so each posting
# costs at most so much, and prefixes never grow longer either.
MAX_WORD = 50
# Shards are split by ever longer prefixes while they are bigger than
# SHARD_BYTES, but not past MAX_PREFIX letters: stems that share this many
# letters stay in one shard, however big (only a hostile text has 24 kB of
# stems sharing 20 letters; Swedish needs 3 to 6). It bounds the work of the
# split to MAX_PREFIX passes over the stems.
MAX_PREFIX = 20
# Letters and digits of any script, as sok.js's /[\p{L}\p{N}]{1,50}/gu: both
# count characters (code points), not bytes or UTF-16 units.
_WORD = re.compile(rf"[^\W_]{{1,{MAX_WORD}}}")


def searchable(url: str | None) -> bool:
    """Whether the page at ``url`` (site-relative, as MkDocs' page.url) is indexed."""
    if url is None:
        return False
    # Pages in other languages (/en/…): the index and its stemmer are Swedish.
    if url.split("/", 1)[0] in LANGUAGES:
        return False
    return url not in NOT_SEARCHED and not url.startswith(NOT_SEARCHED_UNDER) and not _OWN_PAGE.match(url)


def words(text: str) -> list[str]:
    """The words of ``text``, lowercased, in the form sok.js cuts a query into."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


class Stems:
    """Swedish Snowball stems, each word stemmed once (a site repeats its words)."""

    def __init__(self) -> None:
        # The generated class itself: snowballstemmer.stemmer() would take
        # PyStemmer instead where it is installed, a different Snowball version.
        self._stemmer = SwedishStemmer()
        self.known: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        stem = self.known.get(word)
        if stem is None:
            stem = self.known[word] = self._stemmer.stemWord(word)
        return stem


def page_text(page_html: str) -> str:
    """A page's searchable text, from the page's HTML."""
    return text_of(lxml.html.fragment_fromstring(page_html, create_parent="div"))


def text_of(root: lxml.html.HtmlElement, drop_repeats: bool = True) -> str:
    """The text of a page's tree, without (``drop_repeats``; dropped from
    ``root``) the parts that only repeat other pages. Elements are joined with
    a space, so "<dt>Kommun</dt><dd>Nässjö</dd>" stays two words."""
    if drop_repeats:
        for element in root.xpath(_EXCLUDED_XPATH):
            element.drop_tree()
    return " ".join(" ".join(root.itertext()).split())


@dataclass(frozen=True)
class Record:
    """What a result shows of a page."""

    url: str  # site-relative
    title: str
    kind: str  # Uppföljning, Medborgarlöfte, Kommun, Sida
    municipality: str  # its name, "" for pages about no municipality
    moment: datetime | None  # updates only

    def row(self, summary: str) -> list[str]:
        iso = self.moment.isoformat() if self.moment else ""
        when = long_date(self.moment) if self.moment else ""
        return [self.url, self.title, self.kind, self.municipality, iso, when, shorten(summary, SUMMARY_LENGTH)]


class SearchIndex:
    """Pages are numbered in the order they are added (the order MkDocs renders
    them: updates newest first, then promises, municipalities and the
    hand-written pages), which is also the order of equal scores."""

    def __init__(self) -> None:
        self.stem = Stems()
        # stem → (page numbers, weights): the postings, in page order.
        self._postings: dict[str, tuple[array, array]] = {}
        self._municipalities: dict[str, array] = {}
        # Each page's result file until the end of the build, zlib-compressed:
        # the texts of ~20,000 pages of the whole country would otherwise hold ~60 MiB.
        self._pages: list[bytes] = []
        self._urls: list[str] = []  # by page number as added

    def __len__(self) -> int:
        return len(self._pages)

    def add_update(self, entry: UpdateEntry, root: lxml.html.HtmlElement) -> None:
        """An update's page, from its tree as feeds.item_root() gives it: without
        the page's head (where it is from is added here) and without the parts
        that repeat other pages (an update page has none)."""
        promise = entry.promise
        text = f"{promise.municipality} {promise.title} {text_of(root, drop_repeats=False)}"
        found = Record(entry.url, entry.update.title, "Uppföljning", promise.municipality, entry.update.moment)
        self.add(found, text, description(entry), promise.municipality_slug)

    def add_page(self, url: str, title: str, page_html: str, subject: PromiseEntry | Municipality | None, summary: str = "") -> None:
        """Any other searchable page, with the promise or municipality it shows,
        if any; ``summary`` is a hand-written page's first paragraph."""
        text = page_text(page_html)
        if isinstance(subject, PromiseEntry):
            promise = subject.promise
            found = Record(url, title, "Medborgarlöfte", promise.municipality, None)
            self.add(found, text, description(subject), promise.municipality_slug)
        elif isinstance(subject, Municipality):
            self.add(Record(url, title, "Kommun", subject.name, None), text, description(subject), subject.slug)
        else:
            self.add(Record(url, title, "Sida", "", None), text, summary)

    def add(self, record: Record, text: str, summary: str, municipality_slug: str | None = None) -> None:
        number = len(self._pages)
        self._pages.append(zlib.compress(_json([*record.row(summary), text[:TEXT_LENGTH]]), 1))
        self._urls.append(record.url)
        found = words(text)
        # Counted as words first (in C), then stemmed: a page says most words
        # more than once. The loops below run ~200 times a page, 4 million
        # times for the whole country: the caches are read inline.
        stem, known = self.stem, self.stem.known
        counts: dict[str, int] = {}
        for word, times in Counter(found).items():
            base = known.get(word) or stem(word)
            counts[base] = counts.get(base, 0) + times
        for base in {known.get(word) or stem(word) for word in words(record.title)}:
            counts[base] = counts.get(base, 0) + IN_TITLE
        weight = _Weights(len(found))
        weights = weight.known
        postings = self._postings
        for base, count in counts.items():
            entry = postings.get(base)
            if entry is None:
                entry = postings[base] = (array("I"), array("B"))
            entry[0].append(number)
            entry[1].append(weights.get(count) or weight(count))
        if municipality_slug:
            self._municipalities.setdefault(municipality_slug, array("I")).append(number)

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file of the index: its path under the site and its bytes, one
        at a time (the texts of the whole country are ~60 MiB), the manifest last.

        Pages are numbered by address here, not in the order they were added:
        that is the order MkDocs renders them in, which must not change a byte."""
        order = sorted(range(len(self._urls)), key=self._urls.__getitem__)
        renumber = array("I", [0]) * len(order)
        for new, old in enumerate(order):
            renumber[old] = new
        postings = {stem: _renumbered(ids, weights, renumber) for stem, (ids, weights) in self._postings.items()}
        shards = _partition(sorted(postings), {s: 8 + 4 * len(ids) for s, (ids, _) in postings.items()}, SHARD_BYTES)
        digest = hashlib.sha256()

        def counted(path: str, data: bytes) -> tuple[str, bytes]:
            digest.update(path.encode() + b"\0" + data + b"\0")
            return INDEX_DIR + path, data

        for number, (_, stems) in enumerate(shards):
            yield counted(f"ord/{number}.json", _json({s: [_gaps(postings[s][0]), list(postings[s][1])] for s in stems}))
        for number, old in enumerate(order):
            yield counted(f"sidor/{number}.json", zlib.decompress(self._pages[old]))
        for slug, ids in sorted(self._municipalities.items()):
            yield counted(f"kommuner/{slug}.json", _json(_gaps(array("I", sorted(renumber[i] for i in ids)))))
        manifest = {
            "format": FORMAT,
            "version": digest.hexdigest()[:12],
            "pages": len(self._pages),
            "shards": [key for key, _ in shards],
        }
        yield INDEX_DIR + "index.json", _json(manifest)


def _renumbered(ids: array, weights: array, renumber: array) -> tuple[array, array]:
    """A posting list with its pages renumbered, in the new page order."""
    pairs = sorted(zip([renumber[i] for i in ids], weights, strict=True))
    return array("I", [page for page, _ in pairs]), array("B", [weight for _, weight in pairs])


class _Weights:
    """A posting's weight from how often a page says a word (plus IN_TITLE when
    its title does) and the page's length: BM25's term frequency part
    (k1 = 1.2, b = 0.75) against a fixed REFERENCE_LENGTH rather than the
    site's average, so it is known as the page is added. A word counts for
    less in a long page and its tenth mention adds little to its first; a word
    in the title counts as much as a body full of it. Whole numbers from 1 to
    88, which sok.js multiplies by the word's rarity."""

    def __init__(self, length: int) -> None:
        self.norm = BM25_K1 * (1 - BM25_B + BM25_B * length / REFERENCE_LENGTH)
        self.known: dict[int, int] = {}  # most words of a page are said once or twice

    def __call__(self, count: int) -> int:
        weight = self.known.get(count)
        if weight is None:
            times = count % IN_TITLE
            body = times * (BM25_K1 + 1) / (times + self.norm)
            title = BM25_K1 + 1 if count >= IN_TITLE else 0.0
            weight = self.known[count] = max(1, round(WEIGHT_SCALE * (body + title)))
        return weight


def _gaps(ids: array) -> list[int]:
    previous, gaps = 0, []
    for number in ids:
        gaps.append(number - previous)
        previous = number
    return gaps


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _partition(stems: list[str], sizes: dict[str, int], limit: int) -> list[tuple[str, list[str]]]:
    """Split sorted ``stems`` into shards of about ``limit`` bytes, each named
    by a prefix: a group of stems with the same first letters that is too big
    is split by the next letter, and its stems no longer than the prefix stay
    under the prefix; a group whose prefix has MAX_PREFIX letters is not split,
    however big. The result is sorted by prefix, and a stem's shard is the
    longest prefix it starts with (sok.js looks it up that way).

    A loop over a stack, not recursion: the depth is the prefix's length, and
    a recursion as deep as a writer's words are long stopped the build."""
    result: list[tuple[str, list[str]]] = []
    # What is left to do, the next on top: a shard to emit, or a group of
    # stems sharing their first ``depth - 1`` letters to split by the next.
    todo: list[tuple[str, list[str], int]] = [("", stems, 1)]
    while todo:
        prefix, members, depth = todo.pop()
        if depth == 0:
            result.append((prefix, members))
            continue
        groups: dict[str, list[str]] = {}
        for stem in members:
            groups.setdefault(stem[:depth], []).append(stem)
        steps: list[tuple[str, list[str], int]] = []
        for key in sorted(groups):
            group = groups[key]
            longer = [s for s in group if len(s) > depth]
            if len(key) == depth < MAX_PREFIX and longer and sum(sizes[s] for s in group) > limit:
                exact = [s for s in group if len(s) <= depth]
                if exact:
                    steps.append((key, exact, 0))
                steps.append((key, longer, depth + 1))
            else:
                steps.append((key, group, 0))
        todo += reversed(steps)
    return result
