"""What one file may cost (issue 18): the content contract's limits (version
2.1) are errors naming the file, the field and the limit in Swedish; month
tables stay inside the promise's own period; long words sharing a prefix build
and are found; tags count each spelling once an update, and tags that share a
page or get none are notices naming the spellings; a translation of a
translation is an error. Each case runs the real `make check` (python -m
citizen_promises.check) and the real `mkdocs build`; the search runs in real
headless Chromium."""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import lxml.html
import pytest

from browser_support import serve_directory, until
from citizen_promises import search_index
from citizen_promises.search_index import Record, SearchIndex, words
from e2e_support import Build, front, make_project, promise, run_mkdocs, update
from test_hostile_input import PROMISE_FILE, PROMISE_TEXT, UPDATE, check, project_with, rejected


def commitments(number: int, **extra: object) -> list[dict]:
    return [
        {"id": f"insatser-{n}", "text": f"Polisen gör insatser i område {n}.", "by": "polisen", "target": 10, "unit": "insatser", **extra}
        for n in range(1, number + 1)
    ]


def accepted(tmp_path: Path, files: dict[str, str]) -> str:
    """`make check` passes the content without an error; its output is returned."""
    checked = check(project_with(tmp_path, files))
    output = checked.stdout + checked.stderr
    assert checked.returncode == 0, output[-3000:]
    assert not [line for line in output.splitlines() if line.startswith("FEL")], output[-3000:]
    return output


# ---------------------------------------------------------------- the contract's limits


def test_51_commitments_are_an_error_naming_the_limit(tmp_path: Path) -> None:
    text = promise("Ystad", commitments(51))
    rejected(tmp_path, {PROMISE_FILE: text}, PROMISE_FILE, "commitments", "löftet har 51 åtaganden", "högst 50")


def test_a_period_of_seven_years_is_an_error_saying_the_last_day_allowed(tmp_path: Path) -> None:
    text = promise("Ystad", valid_from="2024-01-01", valid_until="2030-12-31")
    rejected(
        tmp_path, {PROMISE_FILE: text}, PROMISE_FILE, "valid_until",
        "högst 6 år", "till och med 2029-12-31", "«valid_until: 2029-12-31»",
    )


def test_six_years_from_29_february_end_on_28_february(tmp_path: Path) -> None:
    text = promise("Ystad", valid_from="2024-02-29", valid_until="2030-03-01")
    rejected(tmp_path, {PROMISE_FILE: text}, PROMISE_FILE, "valid_until", "till och med 2030-02-28")


def test_a_unit_of_41_characters_is_an_error(tmp_path: Path) -> None:
    text = promise("Ystad", commitments(1, unit="u" * 41))
    rejected(tmp_path, {PROMISE_FILE: text}, PROMISE_FILE, "commitments › insatser-1 › unit", "41 tecken", "högst 40 tecken")


@pytest.mark.parametrize("file", [PROMISE_FILE, UPDATE])
def test_a_title_of_201_characters_is_an_error(tmp_path: Path, file: str) -> None:
    files = {
        PROMISE_FILE: promise("Ystad", title="R" * 201) if file == PROMISE_FILE else PROMISE_TEXT,
        UPDATE: update("U" * 201 if file == UPDATE else "Kvällsinsats", "2024-03-15", "ystad-2024"),
    }
    rejected(tmp_path, files, file, "title", "rubriken är 201 tecken lång", "högst 200 tecken")


def test_a_translations_title_and_commitment_text_have_the_same_limits(tmp_path: Path) -> None:
    translated = "promises/ystad-2024.en.md"
    files = {translated: front({"title": "T" * 201, "commitments": {"insatser-1": "x" * 1001}}, "Background.")}
    files[PROMISE_FILE] = promise("Ystad", commitments(1))
    rejected(tmp_path, files, translated, "title", "rubriken är 201 tecken lång")
    rejected(tmp_path / "text", files, translated, "commitments › insatser-1", "1 001 tecken", "högst 1 000 tecken")


def test_a_commitment_text_of_1001_characters_is_an_error(tmp_path: Path) -> None:
    text = promise("Ystad", [{"id": "insatser", "text": "x" * 1001, "by": "polisen"}])
    rejected(
        tmp_path, {PROMISE_FILE: text}, PROMISE_FILE, "commitments › insatser › text",
        "åtagandets text är 1 001 tecken lång", "högst 1 000 tecken",
    )


def test_everything_at_its_limit_is_accepted(tmp_path: Path) -> None:
    at_limits = commitments(50, unit="u" * 40)
    at_limits[0]["text"] = "x" * 1000
    files = {
        PROMISE_FILE: promise("Ystad", at_limits, title="R" * 200, valid_from="2024-01-01", valid_until="2029-12-31"),
        UPDATE: update("U" * 200, "2024-03-15", "ystad-2024"),
    }
    accepted(tmp_path, files)
    leap = promise("Ystad", valid_from="2024-02-29", valid_until="2030-02-28")
    accepted(tmp_path / "leap", {PROMISE_FILE: leap})


# ---------------------------------------------------------------- months inside the period


def test_a_report_far_after_the_period_adds_no_months_to_its_chart(tmp_path: Path) -> None:
    """A promise of 2000 and a report in 2099, built in December 2099: the
    chart's table has the period's 12 months, not 1,200."""
    files = {
        "promises/ystad-2000.md": promise("Ystad", commitments(1), valid_from="2000-01-01", valid_until="2000-12-31"),
        "updates/ystad/2000-03-15-forsta.md": update("Första", "2000-03-15", "ystad-2000", progress={"insatser-1": 2}),
        "updates/ystad/2099-06-01-sent.md": update("Sent", "2099-06-01", "ystad-2000", progress={"insatser-1": 3}),
    }
    project = make_project(tmp_path / "project", files)
    epoch = 4099680000  # 2099-12-01 00:00 UTC
    build = run_mkdocs(project, tmp_path / "site", epoch=epoch)
    assert build.returncode == 0, build.log[-3000:]
    for url in ("loften/ystad-2000/", "loften/ystad-2000/utvardering/"):
        page = lxml.html.fromstring(build.path(url).read_bytes())
        charts = [t for t in page.iterfind(".//table") if "Genomfört totalt per månad" in t.findtext("caption", "")]
        rows = [row for table in charts for row in table.iterfind("tbody/tr")]
        assert len(rows) == 12, (url, len(rows))
        cells = [(row.xpath("string(th)").strip(), row.xpath("string(td)").strip()) for row in rows]
        assert cells[0] == ("januari 2000", "0") and cells[2] == ("mars 2000", "2"), cells
        assert cells[-1] == ("december 2000", "5"), cells  # 2 and the late 3
        assert build.path(url).stat().st_size < 150_000, (url, build.path(url).stat().st_size)


# ---------------------------------------------------------------- the search index

PREFIX = "a" * 1000  # far deeper than Python's recursion limit
LONG_FILES = 11
LONG_WORDS = 190  # a file: 11 × 190 = 2,090 words, over a shard's 24 kB of postings


def _long_word(file: int, number: int) -> str:
    return f"{PREFIX}b{file}x{number}"


@pytest.fixture(scope="module")
def long_words(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Eleven ordinary updates (each about 190 kB, under the 256 kB a file may
    have), full of words that share their first thousand letters."""
    files = {PROMISE_FILE: PROMISE_TEXT}
    for file in range(LONG_FILES):
        text = " ".join(_long_word(file, n) for n in range(LONG_WORDS))
        files[f"updates/ystad/2024-03-{file + 1:02d}-ord-{file}.md"] = update(f"Ord nummer {file}", f"2024-03-{file + 1:02d}", "ystad-2024", f"Vänthallen {file}. {text}")
    base = tmp_path_factory.mktemp("long-words")
    return run_mkdocs(make_project(base / "project", files), base / "site")


def test_long_words_sharing_a_prefix_build_and_are_indexed(long_words: Build) -> None:
    assert long_words.returncode == 0, long_words.log[-3000:]
    assert "Traceback" not in long_words.log
    documents = {d["url"]: d for d in long_words.search_documents()}
    for file in range(LONG_FILES):
        url = f"/kommuner/ystad/2024/03/ord-{file}/"
        # A long word is indexed as words of MAX_WORD letters and the rest.
        assert {"a" * search_index.MAX_WORD, f"b{file}x7"} <= documents[url]["stems"], url
    manifest = json.loads((long_words.site_dir / "sokindex" / "index.json").read_text(encoding="utf-8"))
    assert max(len(key) for key in manifest["shards"]) <= search_index.MAX_PREFIX


def test_a_long_word_is_found_whole_in_the_browser(chromium, long_words: Build) -> None:
    assert long_words.returncode == 0, long_words.log[-3000:]
    context = chromium.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serve_directory(long_words.site_dir) as base:
            # sok.js cuts words as the index did, counting characters (astral ones too).
            text = f"{'𝐀' * 60} {'ö' * 120}x {_long_word(3, 5)}"
            page.goto(base + "sok/", wait_until="load")
            assert page.evaluate("t => window.mlSok.words(t)", text) == words(text)
            page.goto(base + "sok/?q=" + urllib.parse.quote(_long_word(3, 5) + " "), wait_until="load")
            until(page, "document.querySelector('[data-ml-search]').getAttribute('aria-busy') === 'false'")
            found = page.eval_on_selector_all(".ml-search__results a", "links => links.map(a => a.getAttribute('href'))")
            assert found == ["/kommuner/ystad/2024/03/ord-3/"]
    finally:
        context.close()
    assert errors == []


def test_shards_stop_splitting_at_the_longest_prefix() -> None:
    index = SearchIndex()
    shared = "trygghetsvandringarna" * 2  # 42 letters, longer than MAX_PREFIX
    for number in range(30):
        text = " ".join(f"{shared}{chr(97 + k % 26)}{k}" for k in range(number * 100, number * 100 + 100))
        index.add(Record(f"sida/{number}/", f"Sida {number}", "Sida", "", None), text, "", None)
    files = dict(index.files())
    shards = json.loads(files["sokindex/index.json"])["shards"]
    assert max(len(key) for key in shards) == search_index.MAX_PREFIX
    # The deepest shard holds every stem that shares its prefix, however big it is.
    deepest = shards.index(shared[:search_index.MAX_PREFIX])
    assert len(files[f"sokindex/ord/{deepest}.json"]) > search_index.SHARD_BYTES
    for number, key in enumerate(shards):
        for stem in json.loads(files[f"sokindex/ord/{number}.json"]):
            assert max((k for k in shards if stem.startswith(k)), key=len) == key


# ---------------------------------------------------------------- tags


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Build]:
    files = {
        PROMISE_FILE: PROMISE_TEXT,
        "updates/ystad/2024-03-01-a.md": update("A", "2024-03-01", "ystad-2024", tags=["C++", "Trygghet", "Trygghet", "Trygghet", "+++"]),
        "updates/ystad/2024-03-02-b.md": update("B", "2024-03-02", "ystad-2024", tags=["C#", "trygghet", "✨", "v" * 101]),
        "updates/ystad/2024-03-03-c.md": update("C", "2024-03-03", "ystad-2024", tags=["trygghet"]),
    }
    base = tmp_path_factory.mktemp("tags")
    project = make_project(base / "project", files)
    checked = check(project)
    assert checked.returncode == 0, checked.stdout[-3000:]
    return checked.stdout, run_mkdocs(project, base / "site")


def _notices(output: str, prefix: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(prefix) and "fältet «tags»" in line]


def test_spellings_that_share_a_page_are_a_notice_naming_both(tagged: tuple[str, Build]) -> None:
    checked, build = tagged
    assert build.returncode == 0, build.log[-3000:]
    for output, prefix in ((checked, "NOTIS"), (build.log, "INFO")):
        shared = [line for line in _notices(output, prefix) if "får samma sida" in line]
        # Both files that use one of the spellings hear of it; «Trygghet» and «trygghet» differ only in case.
        assert [re.search(r"updates/\S+\.md", line)[0] for line in shared] == ["updates/ystad/2024-03-01-a.md", "updates/ystad/2024-03-02-b.md"]
        for line in shared:
            assert "taggarna «C#» och «C++» får samma sida /taggar/c/, som heter «C#»" in line, line
    assert build.html("taggar/c/").xpath("string(//h1)") == "Ämne: C#"


def test_tags_that_get_no_page_are_notices_naming_the_tag(tagged: tuple[str, Build]) -> None:
    checked, build = tagged
    for output, prefix in ((checked, "NOTIS"), (build.log, "INFO")):
        lines = _notices(output, prefix)
        assert any("2024-03-01-a.md" in line and "taggen «+++» får ingen sida" in line for line in lines), lines
        assert any("2024-03-02-b.md" in line and "taggen «✨» får ingen sida" in line for line in lines), lines
        assert any("2024-03-02-b.md" in line and "adress blir 101 tecken lång, men får vara högst 100" in line for line in lines), lines
    shown = build.html("kommuner/ystad/2024/03/b/").xpath("//p[@class='ml-tags']//*[contains(@class, 'ml-tag')]")
    assert [(e.tag, e.text_content()) for e in shown] == [("a", "C#"), ("a", "trygghet"), ("span", "✨"), ("span", "v" * 101)]


def test_a_spelling_repeated_in_one_update_counts_once(tagged: tuple[str, Build]) -> None:
    _, build = tagged
    # «Trygghet» three times in one update, «trygghet» in two: the page is named as two updates write it.
    assert build.html("taggar/trygghet/").xpath("string(//h1)") == "Ämne: trygghet"


# ---------------------------------------------------------------- translations


def test_a_translation_of_a_translation_is_an_error_naming_the_swedish_original(tmp_path: Path) -> None:
    twice = "updates/ystad/2024-03-15-trygghetsvandring.fi.en.md"
    files = {
        UPDATE: update("Trygghetsvandring", "2024-03-15", "ystad-2024"),
        "updates/ystad/2024-03-15-trygghetsvandring.fi.md": front({"title": "Turvallisuuskävely"}, "Teksti."),
        twice: front({"title": "Safety walk"}, "Text."),
    }
    rejected(
        tmp_path, files, twice, "", "flera språkkoder (fi och en)", "det svenska originalet updates/ystad/2024-03-15-trygghetsvandring.md",
        "Döp om filen till updates/ystad/2024-03-15-trygghetsvandring.en.md",
    )


def test_words_are_cut_at_the_longest_word() -> None:
    assert words("a" * 120 + " kort") == ["a" * 50, "a" * 50, "a" * 20, "kort"]
    assert words("𝐀" * 51) == ["𝐀" * 50, "𝐀"]
