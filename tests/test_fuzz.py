"""Property-based test (issue 10): whatever a writer saves, `make check` and
`mkdocs build` end in named problems or in a well-formed site that shows the
text that was written.

Each example writes a promise file and an update file (and sometimes a second,
valid promise), mostly valid, with up to two fields hostile: any Unicode
(control characters, unassigned code points, noncharacters, lone surrogates
where YAML can write them), markup and formulas, YAML tags (``!!binary``,
``!!set``, ``!!python/object``), anchors, aliases and alias bombs, deep nesting,
huge and odd numbers, dates from year 1 to 9999 (and around 2000 and 2099) with
odd offsets, invalid UTF-8, UTF-16, a symbolic link out of the project, bodies
with Word's control characters. Values are typed as a writer types YAML (plain,
quoted, escaped, block scalars, flow and block lists, the odd raw control
character), not only as yaml.safe_dump writes them. What each field should show
comes from parsing the written file with a plain YAML loader
(``fuzz_support.oracle``), not from the code under test.

Each example runs `make check`'s entry point and a real MkDocs build, each in a
child process with a time and a memory limit (tests/fuzz_support.py). Then
exactly one of:

(a) problems: `make check` exits 1 and the build aborts, both with the same
    ERROR lines, each on one line, naming a file under promises/ or updates/, in
    Swedish (no Python words like True, None, b'…' or exception names, no English
    parser text, unless the writer wrote those words); nothing else escapes;
(b) a site: check exits 0 and the build succeeds without an ERROR line, and
    every HTML page, feed, JSON and CSV file parses; no page, feed or data file
    carries control characters or live markup from content (no script but the
    site's own, no event handler attributes, no markup in a feed's plain-text
    elements or description); no file from outside the project is in site/;
    every text field (titles, summary, tags, author, municipality, police area,
    signatories, diary numbers, channels, commitment text, area, unit,
    partners, image alt text, body paragraphs) shows on its pages, in the JSON,
    in the CSV (formula-neutralised) and in the feeds (look-alikes for markup
    characters) as the text that was written, after the contract's
    normalisation (``fuzz_support.normalise``, with a warning naming the field
    when characters were removed); a required text is not blank; nothing
    written is left out, and an update that is not published is named in a
    notice.

And in either case, when there are errors, a draft or a scheduled update,
`mkdocs serve`'s build of the same files (the "preview") goes on: it reports
the same errors as make check, lists each problem on /problem/ with a banner
on the home page, and its pages, feeds and data are well-formed, without
control characters, live markup or files from outside.

Budget: without ``FUZZ_EXAMPLES`` (``make test``) a derandomized run of the
explicit examples (``FOUND``: defects the fuzzing found) and 20 generated ones,
without shrinking, so CI is deterministic and quick. ``make fuzz`` sets
``FUZZ_EXAMPLES`` (2000 by default): that many random examples, then the
failure shrunk; the seed is printed and ``FUZZ_SEED`` repeats a run.
Also: ``FUZZ_SHRINK=0`` reports failures unshrunk; ``FUZZ_IGNORE=kind,…``
counts failures of those kinds without failing (to look past a defect being
fixed); ``FUZZ_SOURCE=<tree>`` tests another checkout's mkdocs.yml, hooks/,
overrides/ and docs/ (an older commit, to see the test find what it fixed).

Size (issue 18, ``test_fuzz_size_costs_stay_proportional``): scenarios that
amplify size (many commitments, long units, texts and titles, long periods,
reports far outside the period, colliding tags, long words sharing a prefix)
hold the same property, and the site grows by a bounded number of bytes and
seconds per byte written. ``make test``: 4 generated and 4 explicit examples;
``make fuzz``: a tenth of ``FUZZ_EXAMPLES``, or ``FUZZ_SIZE_EXAMPLES``.
"""

from __future__ import annotations

import html
import os
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, example, given, seed, settings
from hypothesis import strategies as st

import fuzz_support as fz
from fuzz_support import Map, Raw, Seq, Text

# ====================================================================== settings

_EXAMPLES = os.environ.get("FUZZ_EXAMPLES")
FUZZING = bool(_EXAMPLES)
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much, HealthCheck.large_base_example]
settings.register_profile(
    "medborgarloften-ci",
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    # A failure in `make test` is shown as found; `make fuzz` shrinks it.
    phases=(Phase.explicit, Phase.generate),
    suppress_health_check=_HEALTH,
)
settings.register_profile(
    "medborgarloften-fuzz",
    max_examples=int(_EXAMPLES or 2000),
    derandomize=False,
    database=None,
    deadline=None,
    print_blob=True,
    report_multiple_bugs=True,
    # FUZZ_SHRINK=0: report failures as found (quicker, when collecting them).
    phases=tuple(Phase) if os.environ.get("FUZZ_SHRINK", "1") != "0" else (Phase.explicit, Phase.generate),
    suppress_health_check=_HEALTH,
)
# FUZZ_IGNORE="kind,kind": failures whose kind contains one of these (e.g.
# "share.py") are counted but do not fail, to look past a defect being fixed.
IGNORED = [k.strip() for k in os.environ.get("FUZZ_IGNORE", "").split(",") if k.strip()]
PROFILE = settings.get_profile("medborgarloften-fuzz" if FUZZING else "medborgarloften-ci")

# ====================================================================== the files

PROMISE_ID = "ort-2024"
PROMISE_PATH = f"promises/{PROMISE_ID}.md"
UPDATE_PATH = "updates/ort/2024-03-01-uppfoljning.md"
OTHER_PATH = "promises/annat-2023.md"
IMAGE_PATH = "updates/ort/bilder/bild.png"
LINK_PATH = "updates/ort/bilder/lank.png"
# What a `!!python/object/apply` would create if the YAML were loaded unsafely.
PWNED = Path("/tmp/medborgarloften-fuzz-pwned")

OTHER_PROMISE = (
    "---\nmunicipality: Annat\nvalid_from: 2023-01-01\nvalid_until: 2023-12-31\n"
    "commitments:\n  - id: moten\n    text: Kommunen håller fyra möten.\n    by: kommunen\n    target: 4\n---\n"
    "Bakgrund till det andra löftet.\n"
)

# ====================================================================== text

SPECIAL = [
    "\x00", "\x01", "\x02", "\x03", "\x07", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\x7f",
    "\x80", "\x85", "\x9f", "\xa0", "\xad", "\u200b", "\u200e", "\u202e", "\u2028", "\u2029", "\ufeff",
    "\ufdd0", "\ufdef", "\ufffe", "\uffff", "\U0001fffe", "\U0010ffff", "\U000e0001", "\ud800", "\udfff",
    "\u0301", "\u0378", "\U000f0000", "\U0001f600", "<", ">", "&", '"', "'", "\\", "«", "»", "#", ":", "- ",
    "=", "+", "-", "@", "*", "_", "`", "[", "]", "{", "}", "|", "%", "!", "~", "\u2039", "\uff06", " ", "  ",
]
SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title><script>alert(1)</script>",
    '"><svg onload=alert(1)>', '=HYPERLINK("https://example.com","klicka")', "=1+1", "+46 70", "-2", "@SUM(A1)",
    "\t=1", "&lt;script&gt;", "&amp;", "&#60;", "&#x3C;", "& ", "&", "**fet**", "_kursiv_", "[länk](javascript:alert(1))",
    "{{ 7*7 }}", "{% raw %}", "${7*7}", "<!-- ml-body -->", "]]>", "<![CDATA[x]]>", "True", "None", "null", "~",
    "yes", "0114", "1e3", "b'x'", ": ", " #", "---", "\\x00", "Åtgärd", "Trygghetsvandring i Runneryd", "Örebro",
    "Malung-Sälen", "ﬁ", "İ", "ß", "Ǆ", "ٱلسلام", "\u05e9\u05dc\u05d5\u05dd", "Lång" + "text" * 80,
]
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖABC0123456789", min_size=1, max_size=10)
REALISTIC = [
    "Trygghetsvandring i centrum", "Fler insatser i februari", "Polisen genomför minst tio insatser.",
    "Kommunikationsenheten", "Kommunstyrelsens ordförande", "Anna-Carin Magnusson", "Högländet",
    "Nattvandring & samtal", "Möte med handlarna 5/3", "Kort text för flöden och listor.",
]
MUNICIPALITIES = ["Ort", "Nässjö", "Upplands Väsby", "Malung-Sälen", "Håbo", "Åre", "Örebro"]

piece = st.one_of(
    st.text(st.characters(), max_size=6),  # any Unicode but surrogates: controls, unassigned, private use
    st.sampled_from(SPECIAL),
    st.sampled_from(SNIPPETS),
    WORDS,
    WORDS.map(lambda w: w + " "),
)
fuzz_text = st.lists(piece, min_size=1, max_size=6).map("".join)
text_value = st.one_of(st.sampled_from(REALISTIC), st.sampled_from(REALISTIC), fuzz_text, fuzz_text)
# Most writers type plain or quoted text; some paste control characters as they are.
STYLES = ["plain", "plain", "plain", "double", "double", "single", "literal", "folded"]
text_node = st.builds(Text, text_value, st.sampled_from(STYLES))
hostile_text_node = st.builds(Text, fuzz_text, st.sampled_from([*STYLES, "raw", "raw"]))


def _nest(depth: int, kind: str) -> Raw:
    dangerous = depth > 60
    if kind == "flow":
        return Raw("[" * depth + "x" + "]" * depth, dangerous)
    if kind == "map":
        return Raw("{a: " * depth + "1" + "}" * depth, dangerous)
    return Raw("\n" + "- " * depth + "x", dangerous)


def _bomb(levels: int, width: int) -> Raw:
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    for level in range(1, levels):
        parts.append(f"&a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    return Raw("[" + ", ".join(parts) + "]", width**levels > 10_000)


HOSTILE_SNIPPETS = [
    "!!binary SGVq", "!!binary |\n  SGVqIGTDpSBww6UgZGln", "!!set {a, b}", "!!set {b: null, a: null}",
    "!!python/object:os.system {}", f"!!python/object/apply:os.system ['touch {PWNED}']", "!!python/name:os.system",
    "!!omap [a: 1, b: 2]", "!!pairs [a: 1]", "!!str 42", "!!int '5'", "!!float 1e400", "!!bool yes", "!!null ''",
    "!!timestamp 2024-01-01", "!!timestamp 2024-03-01T10:00:00+01:00", "!custom x", "!<tag:yaml.org,2002:str> x",
    "!!merge x", "&a x", "*nope", "[&a x, *a]", "{<<: {a: 1}}", "~", "null", "''", '""', "[]", "{}", "[~]", "[[]]",
    "{a: [b, {c: d}]}", "[a, [b, [c]]]", "yes", "no", "on", "off", "NO", "y", "True", "FALSE", ".inf", "-.inf",
    ".nan", "1e3", "1.5", "-0", "+5", "0x1F", "0o17", "0b101", "1_000", "007", "1 000", "'٣'", "'²'", "'５'", "-1",
    "0", "2147483648", "18446744073709551616", "10**100", "1" + "0" * 100, "1" + "0" * 4300, "9" * 5000,
    "=", "<<", "|", ">", "@x", "`x`", "%x", "? a", "- a", ":", "a: b", "\n  a: b\n  c: d", "\n  - a\n  - b",
    "\n  - - a", "\"\\ud800\"", "\"\\x00\"", "\"a\\vb\"", "'<script>alert(1)</script>'",
]
number = st.one_of(
    st.integers().map(str),
    st.integers(min_value=10**18).map(str),
    st.floats().map(repr),
    st.sampled_from(["10**100", "٣", "²", "５", "1e3", "1.0", ".inf", "-1", "0", "1" + "0" * 4299, "1" + "0" * 4301]),
).map(Raw)
day = st.dates().map(lambda d: d.isoformat())
offset = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: f"{'+' if m >= 0 else '-'}{abs(m) // 60:02d}:{abs(m) % 60:02d}")
# The edges of the range a site can show (the contract leaves it open; the site takes 2000–2099).
edge_day = st.one_of(st.dates(date(1999, 12, 25), date(2000, 1, 6)), st.dates(date(2099, 12, 25), date(2100, 1, 6)))
edge_offset = st.sampled_from(["", "Z", "+14:00", "-12:00", "+05:00", "-05:00", "+23:59", "-23:59", "+01:00", "+02:00"])
moment = st.one_of(
    day,
    edge_day.map(lambda d: d.isoformat()),
    st.builds(lambda d, t, o: f"{d.isoformat()}T{t.isoformat()}{o}", edge_day, st.times(), edge_offset),
    st.builds(lambda d, t, o: f"{d.isoformat()}T{t.isoformat()}{o}", st.dates(), st.times(), st.one_of(st.just(""), st.just("Z"), offset)),
    st.sampled_from([
        "0001-01-01", "9999-12-31", "9999-12-31T23:59-05:00", "0001-01-01T00:30+05:00", "9999-12-31T23:59:59.999999",
        "2024-02-30", "2024-13-01", "2023-02-29", "10000-01-01", "+2024-01-01", "2024-03-01T25:00", "2024-03-01T24:00",
        "2024-03-01 18:30:00 +1", "2024-03-01t10:00:00z", "2024-W10", "2024-W10-1", "2024-060", "20240301",
        "2024-03-01T10:00:00.123456789+01:00", "2024-03-01T10:00+14:00", "2024-03-01T10:00-23:59",
        "2024-03-01T23:59:60", "2024-3-1", "1 mars 2024", "2024-03-01T10:00:00+01:00[Europe/Stockholm]",
    ]),
)
date_node = st.one_of(moment.map(Raw), moment.map(lambda v: Text(v, "double")))
hostile_raw = st.one_of(
    st.sampled_from(HOSTILE_SNIPPETS).map(Raw),
    st.builds(_nest, st.sampled_from([3, 20, 60, 1000, 10_000, 30_000]), st.sampled_from(["flow", "map", "block"])),
    st.builds(_bomb, st.integers(2, 9), st.integers(2, 9)),
    number,
    date_node,
    st.lists(text_node, max_size=3).map(lambda items: Seq(tuple(items))),
    st.sampled_from([10_000, 200_000]).map(lambda n: Raw('"' + "å" * n + '"')),
    st.sampled_from([2_000]).map(lambda n: Raw("[" + ", ".join(["tagg"] * n) + "]")),
)
hostile = st.one_of(hostile_text_node, hostile_text_node, hostile_raw)


def maybe(strategy: st.SearchStrategy, p_absent: int = 1) -> st.SearchStrategy:
    """The node or None (absent); absent about p_absent in p_absent+1."""
    return st.one_of(*([st.none()] * p_absent), strategy)


def chance(n: int) -> st.SearchStrategy[bool]:
    """True about once in n draws (and False when shrinking)."""
    return st.sampled_from([False] * (n - 1) + [True])


def text_list(min_size: int = 1) -> st.SearchStrategy:
    return st.builds(lambda items, flow: Seq(tuple(items), flow), st.lists(text_node, min_size=min_size, max_size=3), st.booleans())


# ====================================================================== bodies

SEPARATORS = [" ", " ", " ", " ", "\x0b", "\x00", "\x1b", "\x0c", "\u2028", "\u2029", "\x85", "\x7f", "\ufffe", "\x08", "\x02", "\x03", "\ufdd0"]
ENTITY = "&lt;script&gt;alert(1)&lt;/script&gt;"


@st.composite
def body(draw: st.DrawFn) -> tuple[str, list[str] | None]:
    """Markdown paragraphs of words with Word's control characters between them.
    Returns the body and the text each paragraph must show, or None for no check."""
    if draw(chance(10)):
        return "", []
    paragraphs, expected = [], []
    for _ in range(draw(st.integers(1, 3))):
        words = draw(st.lists(st.one_of(WORDS, WORDS, WORDS, st.just(ENTITY)), min_size=1, max_size=8))
        words[0] = "Ord" + words[0]  # never a list, heading or code block
        text = words[0]
        for word in words[1:]:
            text += draw(st.sampled_from(SEPARATORS)) + word
        paragraphs.append(text)
        expected.append(fz.collapse(fz.normalise(html.unescape(text))))
    return "\n\n".join(paragraphs) + "\n", expected


# ====================================================================== scenarios


Entries = list[tuple[str, Any]]  # front matter: key and node (None: absent), in order


@dataclass
class Scenario:
    promise: Entries
    update: Entries
    promise_body: tuple[str, list[str] | None]
    update_body: tuple[str, list[str] | None]
    promise_encoding: str = "utf-8"
    update_encoding: str = "utf-8"
    other_promise: bool = False
    symlink: bool = False

    def files_as_written(self) -> str:
        """What a failure shows: the files as written."""
        files, links, _ = self.render()
        shown = {k: v.decode("utf-8", errors="backslashreplace") for k, v in files.items() if k.endswith(".md")}
        lines = ["Scenario files:"]
        for path, text in shown.items():
            lines.append(f"--- {path} ---\n{text[:6000]!r}" + (" …" if len(text) > 6000 else ""))
        if links:
            lines.append(f"symlinks: {links}")
        return "\n".join(lines)

    def render(self) -> tuple[dict[str, bytes], dict[str, str], fz.Expected]:
        files: dict[str, bytes] = {IMAGE_PATH: fz.IMAGE}
        written = []
        metas = []
        for path, entries, (body_text, paragraphs), encoding in (
            (PROMISE_PATH, self.promise, self.promise_body, self.promise_encoding),
            (UPDATE_PATH, self.update, self.update_body, self.update_encoding),
        ):
            entries = [(k, v) for k, v in entries if v is not None]
            front = fz.front_matter(entries)
            text = "---\n" + front + "---\n" + body_text
            written.append(text)
            dangerous = any(fz.is_dangerous(v) for _, v in entries)
            meta = None if dangerous else fz.oracle(front)
            data, intact = encode(text, encoding)
            files[path] = data
            if not intact:
                meta, paragraphs = None, None
            metas.append((meta, paragraphs))
            if meta is not None:
                written.extend(str(v) for v in _scalars(meta))
        if self.other_promise:
            files[OTHER_PATH] = OTHER_PROMISE.encode("utf-8")
            written.append(OTHER_PROMISE)
        links = {}
        if self.symlink:
            links[LINK_PATH] = "../../../../outside/hemlig.png"
        expected = fz.Expected(
            promise_path=PROMISE_PATH, promise_id=PROMISE_ID, update_path=UPDATE_PATH, written="\n".join(written),
            promise=metas[0][0], update=metas[1][0], promise_body=metas[0][1], update_body=metas[1][1],
        )
        return files, links, expected


def _scalars(value: object) -> Iterator[object]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _scalars(item)
    elif isinstance(value, (list, tuple, set)):
        for item in value:
            yield from _scalars(item)
    else:
        yield value


def encode(text: str, encoding: str) -> tuple[bytes, bool]:
    """The file's bytes, and whether its text is still what was written."""
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass"), True
    if encoding in ("utf-8-sig", "utf-16", "utf-16-le", "latin-1"):
        try:
            return text.encode(encoding), True
        except UnicodeEncodeError:
            pass
    if encoding.startswith("corrupt"):
        data = text.encode("utf-8", "surrogatepass")
        bad = {"corrupt-ff": b"\xff", "corrupt-c3": b"\xc3", "corrupt-surrogate": b"\xed\xa0\x80", "corrupt-overlong": b"\xc0\xaf"}[encoding]
        at = data.find(b"\n", 4) + 1  # in the front matter, after its first line
        return data[:at] + bad + data[at:], False
    # Lone surrogates cannot be in UTF-8 text; as written by a broken tool they are invalid bytes.
    data = text.encode("utf-8", "surrogatepass")
    return data, not any(0xD800 <= ord(c) <= 0xDFFF for c in text)


ENCODINGS = ["utf-8"] * 60 + ["utf-8-sig", "crlf", "utf-16", "utf-16-le", "latin-1", "corrupt-ff", "corrupt-c3", "corrupt-surrogate", "corrupt-overlong"]

PROMISE_TARGETS = [
    "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed", "signatories",
    "signatories.name", "signatories.role", "diary_numbers", "diary_numbers.value", "follow_up", "channels",
    "channels.item", "replaces", "commitments", "commitments.id", "commitments.text", "commitments.by",
    "commitments.area", "commitments.partners", "commitments.target", "commitments.unit", "unknown key",
    "duplicate key",
]
UPDATE_TARGETS = [
    "title", "date", "promise", "summary", "progress", "progress.key", "progress.value", "status", "status.value",
    "image", "image_alt", "tags", "tags.item", "author", "draft", "slug", "unknown key", "duplicate key",
]
TARGETS = [("promise", t) for t in PROMISE_TARGETS] + [("update", t) for t in UPDATE_TARGETS]
DATE_FIELDS = {"valid_from", "valid_until", "signed", "date"}
NUMBER_FIELDS = {"commitments.target", "progress.value"}
UNKNOWN_KEYS = ["progres", "titel", "Title", "title ", "tags\u200b", "<script>", "True", "1", "~", "? a"]


@st.composite
def commitment(draw: st.DrawFn, cid: str) -> Entries:
    return [
        ("id", Raw(cid)),
        ("text", draw(text_node)),
        ("by", Raw(draw(st.sampled_from(["polisen", "kommunen", "gemensamt"])))),
        ("area", draw(maybe(text_node, 2))),
        ("partners", draw(maybe(text_list(), 2))),
        ("target", draw(maybe(st.sampled_from(["10", "3", "1"]).map(Raw)))),
        ("unit", draw(maybe(text_node, 2))),
    ]


def _set(entries: Entries, key: str, node: Any) -> None:
    for number, (k, _) in enumerate(entries):
        if k == key:
            entries[number] = (k, node)
            return
    entries.append((key, node))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    other = draw(chance(5))
    cids = ["insatser", "vandringar"][: draw(st.integers(1, 2))]
    commitments = [draw(commitment(cid)) for cid in cids]
    municipality = draw(st.one_of(
        st.sampled_from(MUNICIPALITIES).map(Text),
        st.builds(lambda m, t: Text(m + " " + t, "double"), st.sampled_from(MUNICIPALITIES), fuzz_text),
        text_node,
    ))
    promise: Entries = [
        ("municipality", municipality),
        ("municipality_slug", draw(maybe(st.sampled_from([Raw("ort-kommun"), Raw("annat")]), 4))),
        ("police_area", draw(maybe(text_node))),
        ("title", draw(maybe(text_node))),
        ("valid_from", draw(st.sampled_from([Raw("2024-01-01"), Text("2024-01-01", "double"), Text("2024-01-01", "single"), Raw("2000-01-01")]))),
        # 2099-12-31 is at the edge of the years a site shows, and longer than the 6 years a promise may run.
        ("valid_until", draw(st.sampled_from([Raw("2024-12-31"), Raw("2024-12-31"), Raw("2029-12-31"), Raw("2099-12-31")]))),
        ("signed", draw(maybe(st.just(Raw("2023-12-15")), 2))),
        ("signatories", draw(maybe(st.builds(
            lambda people: Seq(tuple(Map(tuple(p)) for p in people)),
            st.lists(st.builds(
                lambda n, r, o: [("name", n), ("role", r)] + ([("organisation", o)] if o is not None else []),
                text_node, text_node, maybe(text_node)), min_size=1, max_size=2),
        ), 2))),
        ("diary_numbers", draw(maybe(st.builds(lambda v: Map((("kommunen", Text("396-2019", "double")), ("polisen", v))), text_node), 2))),
        ("follow_up", draw(maybe(st.sampled_from(["monthly", "quarterly", "yearly", "continuous"]).map(Raw)))),
        ("channels", draw(maybe(text_list(), 2))),
        ("replaces", draw(maybe(st.sampled_from([Raw("annat-2023"), Raw(PROMISE_ID)]), 6)) if other else None),
        ("commitments", Seq(tuple(Map(tuple(c)) for c in commitments))),
    ]
    with_image = draw(chance(3))
    update: Entries = [
        ("title", draw(text_node)),
        ("date", draw(st.sampled_from([
            Raw("2024-03-01"), Raw("2024-03-01T10:00:00+01:00"), Raw("2024-03-01T10:00"), Text("2024-03-01", "double"),
            Raw("2024-03-31T23:30:00-01:00"), Raw("2024-07-01T13:59:59+02:00"), Raw("2024-07-01T14:00:01+02:00"),
        ]))),
        ("promise", Raw(PROMISE_ID)),
        ("summary", draw(maybe(text_node))),
        ("progress", draw(maybe(st.just(Map((("insatser", Raw("2")),)))))),
        ("status", draw(maybe(st.sampled_from(["ongoing", "done", "paused"]).map(lambda s: Map((("insatser", Raw(s)),))), 2))),
        ("image", Raw("bilder/bild.png") if with_image else None),
        ("image_alt", draw(text_node) if with_image else None),
        ("tags", draw(maybe(text_list()))),
        ("author", draw(maybe(text_node))),
        ("draft", draw(maybe(st.just(Raw("false")), 4))),
        ("slug", draw(maybe(st.just(Raw("forsta-uppfoljningen")), 4))),
    ]
    for kind, target in draw(st.lists(st.sampled_from(TARGETS), min_size=0, max_size=2, unique=True)):
        entries = promise if kind == "promise" else update
        field = target.split(".")[-1] if "." in target else target
        if target in DATE_FIELDS:
            node = draw(st.one_of(date_node, hostile))
        elif target in NUMBER_FIELDS:
            node = draw(st.one_of(number, hostile))
        else:
            node = draw(hostile)
        if target == "unknown key":
            entries.append((draw(st.one_of(st.sampled_from(UNKNOWN_KEYS), fuzz_text)), node))
        elif target == "duplicate key":
            key = draw(st.sampled_from([k for k, v in entries if v is not None]))
            entries.append((key, node))
        elif "." not in target:
            _set(entries, target, node)
        elif target.startswith("commitments."):
            number_ = draw(st.integers(0, len(commitments) - 1))
            _set(commitments[number_], field, node)
            _set(promise, "commitments", Seq(tuple(Map(tuple(c)) for c in commitments)))
        elif target.startswith("signatories."):
            person: Entries = [("name", Text("Anna Andersson")), ("role", Text("Ordförande"))]
            _set(person, field, node)
            _set(promise, "signatories", Seq((Map(tuple(person)),)))
        elif target == "diary_numbers.value":
            _set(promise, "diary_numbers", Map((("kommunen", node),)))
        elif target == "channels.item":
            _set(promise, "channels", Seq((Text("polisen.se"), node), draw(st.booleans())))
        elif target == "tags.item":
            _set(update, "tags", Seq((Text("trygghet"), node), draw(st.booleans())))
        elif target == "progress.key":
            key = draw(st.one_of(st.sampled_from(["insatser ", "Insatser", "1", "true", "~", "[a]", "? [a]", "<<"]), fuzz_text))
            _set(update, "progress", Raw("{" + fz.key_text(key) + ": 2}") if key.startswith(("[", "?", "<<")) else Map(((key, Raw("2")),)))
        elif target == "progress.value":
            _set(update, "progress", Map((("insatser", node),)))
        elif target == "status.value":
            _set(update, "status", Map((("insatser", node),)))
    return Scenario(
        promise=promise,
        update=update,
        promise_body=draw(body()),
        update_body=draw(body()),
        promise_encoding=draw(st.sampled_from(ENCODINGS)),
        update_encoding=draw(st.sampled_from(ENCODINGS)),
        other_promise=other,
        symlink=draw(chance(40)),
    )


# ====================================================================== running an example


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[fz.Runner]:
    instance = fz.Runner(tmp_path_factory.mktemp("fuzz"))
    yield instance
    instance.close()


CHILD_SECONDS: list[tuple[float, float]] = []  # (check, build) of every example


def run(runner: fz.Runner, scenario: Scenario) -> str:
    """"problem" or "site"; raises a PropertyFailure."""
    files, links, expected = scenario.render()
    fz.write_content(runner.project, files, links)
    PWNED.unlink(missing_ok=True)
    outcome = runner.outcome()
    CHILD_SECONDS.append((outcome.check.seconds, outcome.build.seconds))
    if PWNED.exists():
        raise fz.failure("YAML executed code", f"{PWNED} was created by a !!python tag")
    try:
        return fz.check_outcome(outcome, expected, runner.project / "site")
    except fz.PropertyFailure as exc:
        exc.add_note(scenario.files_as_written())
        raise


# A valid scenario that must build: the harness checks itself.
VALID = Scenario(
    promise=[
        ("municipality", Text("Nässjö")), ("police_area", Text("Högländet")), ("title", Text("Medborgarlöfte i Nässjö 2024")),
        ("valid_from", Raw("2024-01-01")), ("valid_until", Raw("2024-12-31")),
        ("signatories", Seq((Map((("name", Text("Anna Andersson")), ("role", Text("Ordförande")), ("organisation", Text("Nässjö kommun")))),))),
        ("diary_numbers", Map((("kommunen", Text("396-2019", "double")),))), ("channels", Seq((Text("polisen.se"), Text("Facebook")), True)),
        ("commitments", Seq((Map((("id", Raw("insatser")), ("text", Text("Polisen gör tio insatser.")), ("by", Raw("polisen")),
                                  ("area", Text("Centrum")), ("partners", Seq((Text("fastighetsägare"),))), ("target", Raw("10")),
                                  ("unit", Text("insatser")))),))),
    ],
    update=[
        ("title", Text("Fler insatser i februari", "single")), ("date", Raw("2024-03-01")), ("promise", Raw(PROMISE_ID)),
        ("progress", Map((("insatser", Raw("2")),))), ("image", Raw("bilder/bild.png")), ("image_alt", Text("En gata i snö")),
        ("tags", Seq((Text("trygghet"), Text("belysning")), True)), ("author", Text("Kommunikationsenheten")),
    ],
    promise_body=("Bakgrund till löftet.\n", ["Bakgrund till löftet."]),
    update_body=("Första stycket om insatserna.\n\nAndra stycket.\n", ["Första stycket om insatserna.", "Andra stycket."]),
)


def edited(scenario: Scenario, kind: str, key: str, node: Any) -> Scenario:
    entries = list(getattr(scenario, kind))
    _set(entries, key, node)
    return replace(scenario, promise=entries) if kind == "promise" else replace(scenario, update=entries)


# Defects the fuzzing found (shrunk), kept as explicit examples: every run tries them first.
FOUND = [
    # The share card image cannot draw a name with a line break (Pillow: "can't measure
    # length of multiline text" / "raqm_layout() failed"); make check passes.
    edited(VALID, "promise", "municipality", Text("Nässjö\rby", "double")),
    edited(VALID, "promise", "municipality", Text("Nässjö\u2028by", "double")),
    # A municipality or update slug longer than a file name may be: OSError ENAMETOOLONG.
    edited(VALID, "update", "slug", Text("a" * 300)),
    edited(VALID, "promise", "municipality", Text("Ort" * 100)),
    # Diary numbers keep leading and trailing whitespace (other text fields are stripped).
    edited(VALID, "promise", "diary_numbers", Map((("polisen", Text("A-1 ", "double")),))),
    # Text typed like a YAML boolean or number is printed back as Python reads it: True → true, +5 → 5.
    edited(VALID, "update", "title", Text("True")),
    edited(VALID, "update", "tags", Seq((Text("+5"), Text("-0")), True)),
    # A required text that is blank is accepted: an empty title, a commitment without text,
    # a signatory without a name silently left out.
    edited(VALID, "update", "title", Text(" ", "double")),
    edited(VALID, "promise", "signatories", Seq((Map((("name", Text(" ", "single")), ("role", Text("Ordförande")))),))),
]


def test_fuzz_harness_sees_a_valid_site_and_a_problem(runner: fz.Runner) -> None:
    """The property is not vacuous: a valid scenario is a site, checked field by
    field, and a broken one is a named problem."""
    assert run(runner, VALID) == "site"
    broken = replace(VALID, update=[(k, v) for k, v in VALID.update if k != "title"])
    assert run(runner, broken) == "problem"
    # The checks do look: a site that shows other text than was written fails.
    files, links, expected = VALID.render()
    fz.write_content(runner.project, files, links)
    outcome = runner.outcome()
    assert expected.update is not None
    wrong = replace(expected, update={**expected.update, "title": "Något annat"})
    with pytest.raises(fz.PropertyFailure, match=r"JSON text differs"):
        fz.check_outcome(outcome, wrong, runner.project / "site")


def test_fuzz_front_matter(runner: fz.Runner, capsys: pytest.CaptureFixture[str]) -> None:
    stats: Counter[str] = Counter()
    ignored_kinds: Counter[str] = Counter()
    seconds: list[float] = []

    @PROFILE
    @given(scenario=scenarios())
    def property_holds(scenario: Scenario) -> None:
        started = time.monotonic()
        try:
            stats[run(runner, scenario)] += 1
        except fz.PropertyFailure as exc:
            if any(kind in exc.kind for kind in IGNORED):
                stats["ignored"] += 1
                ignored_kinds[exc.kind] += 1
                return
            stats["failure"] += 1
            raise
        finally:
            seconds.append(time.monotonic() - started)

    for found in FOUND:
        property_holds = example(scenario=found)(property_holds)
    used_seed = None
    if FUZZING:
        used_seed = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().getrandbits(32))
        property_holds = seed(used_seed)(property_holds)
    try:
        property_holds()
    finally:
        mean = sum(seconds) / len(seconds) if seconds else 0.0
        ordered = sorted(seconds) or [0.0]
        children = CHILD_SECONDS[-len(seconds):] if seconds else []
        check_mean = sum(c for c, _ in children) / len(children) if children else 0.0
        build_mean = sum(b for _, b in children) / len(children) if children else 0.0
        how = f"random, FUZZ_SEED={used_seed}" if FUZZING else "derandomized"
        with capsys.disabled():
            print(
                f"\nfuzz ({how}): {len(seconds)} examples run (generated and, after a failure, shrinking), "
                f"{stats['site']} built a site, {stats['problem']} ended in named problems, "
                f"{stats['failure']} broke the property"
                + (f", {stats['ignored']} broke it in an ignored way ({', '.join(IGNORED)})" if IGNORED else "")
                + f"; {mean:.2f} s an example (check {check_mean:.2f} s, build {build_mean:.2f} s; "
                f"median {ordered[len(ordered) // 2]:.2f} s, slowest {ordered[-1]:.1f} s), {sum(seconds):.0f} s in all."
            )
            for kind, number in ignored_kinds.most_common():
                print(f"  ignored: {number} × {kind}")


# ====================================================================== size (issue 18)
#
# What one file may cost: a writer's few bytes must not become minutes or
# megabytes. Scenarios that amplify size: many commitments (up to and past the
# contract's 50), long units (past 40), long commitment texts (past 1,000) and
# titles (past 200), periods up to a century (past 6 years), a report far
# outside its period, many tags whose spellings share a page, and bodies of long
# words sharing a prefix. Each goes through the same check and builds as above
# (the whole property holds), and then: the site grows by at most
# SIZE_BYTES_PER_BYTE bytes per byte written beyond the valid scenario's, and
# check and build take at most SIZE_SECONDS plus SIZE_SECONDS_PER_KB a kB.
#
# The bounds are the largest valid content's own ratio with a margin of two:
# 50 short commitments and a report for each, over six years of monthly charts,
# write ~4 kB and grow the site (its preview) by ~175 (~195) bytes a byte: each
# commitment is on the promise page, its evaluation, its widget, the open data
# and the editor configuration, with a chart of up to 73 months on two pages.

_SIZE_EXAMPLES = os.environ.get("FUZZ_SIZE_EXAMPLES")
SIZE_PROFILE = settings(
    PROFILE,
    # make test: a few; make fuzz: a tenth of FUZZ_EXAMPLES (each is bigger), or FUZZ_SIZE_EXAMPLES.
    max_examples=int(_SIZE_EXAMPLES) if _SIZE_EXAMPLES else (max(1, int(_EXAMPLES) // 10) if _EXAMPLES else 4),
)
SIZE_BYTES_PER_BYTE = 400
SIZE_SECONDS = 20.0
SIZE_SECONDS_PER_KB = 0.05
SIZE_TAGS = ["C++", "C#", "c", "x", "x", "+++", "✨", "Trygghet", "trygghet", "trygghet ", "a" * 150, "Å" * 40, "08"]


def _last_day(start: date, years: int) -> date:
    """The day before the same date ``years`` later (from 1 March for 29 February)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:
        anniversary = date(start.year + years, 3, 1)
    return anniversary - timedelta(days=1)


def _tree_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


@st.composite
def size_scenarios(draw: st.DrawFn) -> Scenario:
    count = draw(st.one_of(st.integers(1, 5), st.integers(45, 60)))
    long_text = draw(st.sampled_from([20, 1000, 1001, 5000]))
    unit_length = draw(st.sampled_from([8, 40, 41, 300, 100_000]))
    items = []
    for number in range(count):
        # The first commitment carries the drawn sizes; the others are ordinary or, sometimes, as big.
        big = number == 0 or draw(chance(4))
        text = ("Polisen gör insatser " * 60)[: long_text] if big else f"Polisen gör insats nummer {number}."
        unit = ("insatser" * 12_500)[:unit_length] if big else "insatser"
        items.append(Map((
            ("id", Raw(f"c{number}")), ("text", Text(text.strip() or "x")), ("by", Raw("polisen")),
            ("target", Raw(str(draw(st.integers(1, 100))))), ("unit", Text(unit)),
        )))
    start = draw(st.sampled_from([date(2000, 1, 1), date(2019, 1, 1), date(2019, 7, 1), date(2024, 1, 1), date(2024, 2, 29)]))
    years = draw(st.sampled_from([1, 5, 6, 7, 30, 99]))
    end = min(date(2099, 12, 31), _last_day(start, years) + timedelta(days=draw(st.sampled_from([0, 0, 1]))))
    title = ("Medborgarlöfte om trygghet " * 12)[: draw(st.sampled_from([30, 200, 201, 1000]))].strip()
    promise: Entries = [
        ("municipality", Text("Ort")), ("title", Text(title)), ("valid_from", Raw(start.isoformat())),
        ("valid_until", Raw(end.isoformat())), ("follow_up", Raw("monthly")), ("commitments", Seq(tuple(items))),
    ]
    # The report: in the period, far after it (2099: scheduled, so only the preview shows it), or before it.
    when = draw(st.sampled_from(["2024-03-01", "2024-03-01", "2099-06-01", "2000-06-01"]))
    reported = count if draw(st.booleans()) else 1
    words = draw(st.sampled_from([0, 50, 2000]))
    prefix = "a" * draw(st.sampled_from([5, 45, 300, 1000]))
    paragraph = " ".join(f"{prefix}b{n}" for n in range(words))
    update: Entries = [
        ("title", Text(("Rapport om insatser " * 12)[: draw(st.sampled_from([20, 200, 201])) ].strip())),
        ("date", Raw(when)), ("promise", Raw(PROMISE_ID)),
        ("progress", Map(tuple((f"c{n}", Raw("1")) for n in range(reported)))),
        ("tags", Seq(tuple(Text(t) for t in draw(st.lists(st.sampled_from(SIZE_TAGS), max_size=40))), True)),
    ]
    body = f"Ord om insatserna.\n\n{paragraph}\n" if paragraph else "Ord om insatserna.\n"
    return Scenario(promise, update, ("Bakgrund till löftet.\n", ["Bakgrund till löftet."]), (body, None))


def test_fuzz_size_costs_stay_proportional(runner: fz.Runner, capsys: pytest.CaptureFixture[str]) -> None:
    files, links, _ = VALID.render()
    assert run(runner, VALID) == "site"
    base_bytes, base_input = _tree_bytes(runner.project / "site"), sum(len(d) for d in files.values())
    outcomes: Counter[str] = Counter()
    worst = {"ratio": 0.0, "seconds": 0.0}

    @SIZE_PROFILE
    @given(scenario=size_scenarios())
    def proportional(scenario: Scenario) -> None:
        written = sum(len(d) for d in scenario.render()[0].values())
        started = time.monotonic()
        outcome = run(runner, scenario)
        seconds = time.monotonic() - started
        outcomes[outcome] += 1
        worst["seconds"] = max(worst["seconds"], seconds)
        limit = SIZE_SECONDS + SIZE_SECONDS_PER_KB * written / 1000
        if seconds > limit:
            raise fz.failure("size: too slow", f"{written} bytes written took {seconds:.1f} s, more than {limit:.1f} s")
        bound = SIZE_BYTES_PER_BYTE * max(written - base_input, 1000)
        # The site, and the preview when it was built (a scheduled report is only there).
        for folder in ("site", "preview") if outcome == "site" else ("preview",):
            if not (runner.project / folder).is_dir():
                continue
            grown = _tree_bytes(runner.project / folder) - base_bytes
            worst["ratio"] = max(worst["ratio"], grown / max(written - base_input, 1000))
            if grown > bound:
                raise fz.failure(
                    f"size: {folder} too big", f"{written} bytes written made {folder}/ {grown} bytes bigger than the valid site, more than {bound}",
                )

    # Explicit: the largest valid promise, and the defects this strategy was written for.
    largest = Scenario(
        [("municipality", Text("Ort")), ("title", Text("R" * 200)), ("valid_from", Raw("2019-01-01")), ("valid_until", Raw("2024-12-31")),
         ("commitments", Seq(tuple(Map((("id", Raw(f"c{n}")), ("text", Text("x" * 1000)), ("by", Raw("polisen")),
                                        ("target", Raw("100")), ("unit", Text("u" * 40)))) for n in range(50))))],
        [("title", Text("U" * 200)), ("date", Raw("2019-02-01")), ("promise", Raw(PROMISE_ID)),
         ("progress", Map(tuple((f"c{n}", Raw("1")) for n in range(50))))],
        ("Bakgrund.\n", ["Bakgrund."]), ("Text.\n", ["Text."]),
    )
    century = replace(largest, promise=[(k, Raw("2099-12-31") if k == "valid_until" else v) for k, v in largest.promise])
    # Reports far outside the period of 50 short commitments: published 24 years late, or dated 2099
    # (shown in the preview). Before the charts kept to the period: 530 and 1,560 bytes a byte written.
    short = [(k, Seq(tuple(Map((("id", Raw(f"c{n}")), ("text", Text("Insatser.")), ("by", Raw("polisen")), ("target", Raw("100")),
                                ("unit", Text("insatser")))) for n in range(50))) if k == "commitments" else v) for k, v in largest.promise]
    ended = [(k, Raw("2000-01-01") if k == "valid_from" else Raw("2000-12-31") if k == "valid_until" else v) for k, v in short]
    late = replace(largest, promise=ended, update=[(k, Raw("2024-03-01") if k == "date" else v) for k, v in largest.update])
    ahead = replace(largest, promise=short, update=[(k, Raw("2099-06-01") if k == "date" else v) for k, v in largest.update])
    for found in (largest, century, late, ahead):
        proportional = example(scenario=found)(proportional)
    try:
        proportional()
    finally:
        with capsys.disabled():
            print(
                f"\nfuzz size: {outcomes.total()} examples, {outcomes['site']} built a site, {outcomes['problem']} ended in "
                f"named problems; at most {worst['ratio']:.0f} bytes of site a byte written (bound {SIZE_BYTES_PER_BYTE}), "
                f"slowest {worst['seconds']:.1f} s."
            )
    assert outcomes["site"] >= 1
