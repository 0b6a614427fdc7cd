"""Site search in real headless Chromium, over HTTP as a visitor gets it: the
search box in the header sends its words to /sok/, which finds the update that
holds a word, also in another inflection (Swedish stemming), narrows by
municipality, prints titles as text, and fetches nothing from elsewhere.
The browser cuts and stems words exactly as the index was built, with
Snowball's own JavaScript stemmer (docs/assets/snowball/): every word of the
example site and of a national corpus, and every suffix rule of the stemmer.
Also, without a browser, which pages are searched and how the index is split.

The accessibility of the search page (axe, keyboard) is tested with the
other pages in test_accessibility.py.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml
from playwright.sync_api import expect

from browser_support import PROJECT, serve_directory, until
from citizen_promises import search_index
from citizen_promises.search_index import Record, SearchIndex, Stems, words
from citizen_promises.swedish import STOCKHOLM
from e2e_support import HIDDEN, XSS_TITLE

sys.path.insert(0, str(PROJECT / "bench"))
import generate as national  # bench/generate.py

# A word that only one example update holds, its update and another form of the word.
WORD, OTHER_FORM = "vänthallen", "vänthallar"
UPDATE_FILE = "updates/nassjo/2019-06-28-tryggare-resecentrum.md"
UPDATE_URL = "kommuner/nassjo/2019/06/tryggare-resecentrum/"
RESULT = ".ml-search__results a"
ASTRAL = re.compile("[\U00010000-\U0010FFFF]")  # two code units in JavaScript, one character in Python
DONE = "document.querySelector('[data-ml-search]').getAttribute('aria-busy') === 'false'"


def _title(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["title"]


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    """The session's one build of the example content (conftest.py)."""
    return example_site.site_dir


@pytest.fixture(scope="module")
def base_url(chromium, site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def page(chromium, base_url: str) -> Iterator:
    """A page that records every request and script error."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def _search(page, address: str) -> list[dict]:
    """Open the search page at ``address`` (with ?q=) and return the results shown."""
    page.goto(address, wait_until="load")
    return _results(page)


def _results(page) -> list[dict]:
    until(page, DONE)
    return page.evaluate(
        "sel => Array.from(document.querySelectorAll(sel), a => ({title: a.textContent.trim(), href: a.getAttribute('href')}))",
        RESULT,
    )


def test_the_word_is_in_one_example_update_only() -> None:
    holders = [p.relative_to(PROJECT).as_posix() for p in sorted((PROJECT / "updates").rglob("*.md"))
               if WORD in p.read_text(encoding="utf-8").lower()]
    assert holders == [UPDATE_FILE], "pick another WORD: the example content changed"


def test_header_search_box_finds_the_update_with_a_word(page, base_url: str) -> None:
    page.goto(base_url + "kommuner/", wait_until="load")
    box = page.get_by_role("searchbox", name="Sök på webbplatsen")
    box.fill(WORD)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/sok/\?q="))
    page.wait_for_selector(RESULT)
    results = _results(page)
    title = _title(PROJECT / UPDATE_FILE)
    assert results == [{"title": title, "href": "/" + UPDATE_URL}]  # only the update: no list that repeats it
    status = page.locator(".ml-search__status").inner_text()
    assert status == f"1 träff för «{WORD}».", status
    # The word is marked where it stands in the result.
    assert page.locator(".ml-search__results mark").first.inner_text().lower() == WORD
    assert page.locator(".ml-search__results time").first.inner_text() == "28 juni 2019"
    # The words stay in the search box and the address.
    assert page.get_by_role("searchbox", name="Sök på webbplatsen").last.input_value() == WORD
    page.locator(RESULT).first.click()
    page.wait_for_url(base_url + UPDATE_URL)
    assert page.locator("h1").inner_text() == title
    own = urlsplit(base_url).netloc
    assert [url for url in page.requests if urlsplit(url).netloc != own] == []
    assert page.errors == []


def _announced(page, query: str) -> None:
    """Wait until the search for ``query`` is done and its outcome announced: the
    status names the words (no earlier search while typing does) and the page is
    no longer busy."""
    status = page.locator(".ml-search__status")
    expect(status).to_contain_text(f"«{query}»")
    until(page, DONE)


def test_swedish_stemming_finds_another_form_of_the_word(page, base_url: str) -> None:
    page.goto(base_url + "sok/", wait_until="load")
    box = page.locator("#ml-sok-ord")
    until(page, "document.activeElement.id === 'ml-sok-ord'")  # the box has the focus
    box.press_sequentially(OTHER_FORM)  # typed, as a visitor types: no Enter
    _announced(page, OTHER_FORM)
    assert page.locator(".ml-search__status").inner_text() == f"1 träff för «{OTHER_FORM}»."
    assert [r["href"] for r in _results(page)] == ["/" + UPDATE_URL]
    assert page.url.endswith("/sok/?q=" + "v%C3%A4nthallar")  # typed words go into the address too
    assert page.errors == []


def test_a_one_word_search_fetches_a_few_small_files_not_the_index(page, base_url: str, site: Path) -> None:
    """Bounds on what a search fetched, read once its results are shown (not while typing)."""
    page.goto(base_url + "sok/?q=" + OTHER_FORM, wait_until="load")
    _announced(page, OTHER_FORM)
    shown = _results(page)
    assert [r["href"] for r in shown] == ["/" + UPDATE_URL]
    fetched = [urlsplit(url).path.removeprefix("/sokindex/") for url in page.requests if "/sokindex/" in url]
    shards = [p for p in fetched if p.startswith("ord/")]
    pages = [p for p in fetched if p.startswith("sidor/")]
    assert fetched.count("index.json") == 1, fetched
    assert set(fetched) <= {"index.json", *shards, *pages}, fetched  # nothing else (no municipality filter asked for)
    every_shard = len(list((site / "sokindex" / "ord").iterdir()))
    assert 1 <= len(shards) <= 3 < every_shard, fetched  # a word's own shard (and a few it begins), not all of them
    assert len(pages) <= len(shown), fetched  # a page's file only for a result shown
    assert page.errors == []


def test_a_word_being_typed_finds_the_words_it_begins(page, base_url: str) -> None:
    results = _search(page, base_url + "sok/?q=vänthal")
    assert "/" + UPDATE_URL in [r["href"] for r in results]
    # A finished word (a space after it) is a whole word only.
    assert _search(page, base_url + "sok/?q=vänthal%20") == []
    assert page.locator(".ml-search__status").inner_text().startswith("Inga träffar för «vänthal»")


def test_every_word_must_be_found(page, base_url: str) -> None:
    both = _search(page, base_url + "sok/?q=vänthallen%20resecentrum")
    assert [r["href"] for r in both] == ["/" + UPDATE_URL]
    assert _search(page, base_url + "sok/?q=vänthallen%20linköping") == []


def test_municipality_filter_narrows_the_results(page, base_url: str) -> None:
    everything = _search(page, base_url + "sok/?q=trygghetsvandring")
    page.get_by_label("Kommun").select_option(label="Nässjö")
    page.wait_for_url(re.compile(r"kommun=nassjo"))
    narrowed = _results(page)
    assert 0 < len(narrowed) < len(everything)
    assert all(r["href"].startswith(("/kommuner/nassjo/", "/loften/nassjo-")) for r in narrowed), narrowed
    assert "i Nässjö" in page.locator(".ml-search__status").inner_text()
    # The filter in the address is kept when the page is opened again.
    page.reload(wait_until="load")
    assert _results(page) == narrowed


def test_more_results_on_request_with_focus_on_the_first_new_one(page, base_url: str) -> None:
    first = _search(page, base_url + "sok/?q=polisen")
    assert len(first) == 20
    assert "De 20 bästa visas först" in page.locator(".ml-search__status").inner_text()
    page.get_by_role("button", name="Visa fler träffar").click()
    until(page, "document.querySelectorAll('.ml-search__results a').length > 20")
    assert page.evaluate("document.activeElement.getAttribute('href')") == _results(page)[20]["href"]


def _differing_stems(page, base_url: str, vocabulary: list[str]) -> list[tuple[str, str, str]]:
    """(word, Python's stem, the browser's) for each word the search page stems otherwise than the index."""
    page.goto(base_url + "sok/", wait_until="load")
    # The page stems with Snowball's generated stemmer, vendored and served with the site.
    served = [urlsplit(url).path for url in page.requests]
    assert {"/assets/snowball/base-stemmer.js", "/assets/snowball/swedish-stemmer.js"} <= set(served), served
    browser_stems = page.evaluate("ws => ws.map(w => window.mlSok.stem(w))", vocabulary)
    # … and sok.js's stem() is that stemmer's (for a word with no letter beyond U+FFFF).
    snowball = page.evaluate("ws => { const s = new SwedishStemmer(); return ws.map(w => s.stemWord(w)); }", vocabulary)
    assert [(w, b) for w, b, s in zip(vocabulary, browser_stems, snowball, strict=True) if b != s and not ASTRAL.search(w)] == []
    stems = Stems()
    assert page.errors == []
    return [(w, stems(w), b) for w, b in zip(vocabulary, browser_stems, strict=True) if stems(w) != b]


def test_browser_cuts_and_stems_words_as_the_index_does(page, base_url: str, site: Path) -> None:
    texts = [" ".join(str(t) for t in lxml.html.fromstring(p.read_bytes()).itertext()) for p in sorted(site.rglob("*.html"))]
    vocabulary = sorted({w for text in texts for w in words(text)})
    # Every rule of the stemmer: each main suffix, "s" after every letter, the
    # "et" exceptions, the consonant pairs and the other suffixes.
    suffixes = ["a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en", "anden",
                "aren", "heten", "ern", "ar", "er", "heter", "or", "s", "as", "arnas", "ernas", "ornas", "es", "ades",
                "andes", "ens", "arens", "hetens", "erns", "at", "et", "ets", "andet", "het", "ast", "dd", "gd", "nn",
                "dt", "gt", "kt", "tt", "ig", "lig", "els", "fullt", "öst", "löst", "ligt", "igheten"]
    bases = ["kv", "hus", "vandr", "polis", "fab", "pak", "rak", "stak", "kom", "iet", "kvit", "spel", "bi", "aa",
             "trygghet", "krist", "smål", "bokst", "ö", "ytt", "abc" + "x", "öst", "full"]
    made = [b + s for b in bases for s in suffixes] + [b + letter + "s" for b in bases for letter in "abcdefghijklmnopqrstuvxyzåäö"]
    # Letters beyond U+FFFF are two code units in JavaScript, one character in Python.
    made += [b + s for b in ["𝐀", "a𝐀", "ae𝐀", "𝐀𝐀k", "hö𠀀"] for s in suffixes]
    every = sorted(set(vocabulary) | set(made))
    assert len(vocabulary) > 1500 and len(every) > 3000
    differing = _differing_stems(page, base_url, every)
    assert differing == [], differing[:20]
    tricky = "Malung-Sälen A027.427/2020 foo_bar ½ É Ärende ÖVERSIKT e\u0301 3:e «citat» – 15 mars"
    assert page.evaluate("t => window.mlSok.words(t)", tricky) == words(tricky)


def test_browser_stems_a_national_corpus_as_the_index_does(page, base_url: str, tmp_path: Path) -> None:
    # A year of bench/generate.py's national corpus: every municipality, and the
    # generator's place names, streets, people and sentences.
    counts = national.generate(tmp_path, months=12, copy_project=False)
    assert counts["municipalities"] == 290
    texts = [p.read_text(encoding="utf-8") for part in ("promises", "updates") for p in sorted((tmp_path / part).rglob("*.md"))]
    texts += [a + b for a in national.PLACE_PREFIX for b in national.PLACE_SUFFIX]
    vocabulary = sorted({w for text in texts for w in words(text)})
    assert len(vocabulary) > 2000
    differing = _differing_stems(page, base_url, vocabulary)
    assert differing == [], differing[:20]


def test_hostile_title_is_printed_as_text_and_drafts_are_not_found(chromium, main) -> None:
    build = main  # the scenario content of e2e_support, built once (conftest.py)
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    try:
        with serve_directory(build.site_dir) as url:
            titles = [r["title"] for r in _search(page, url + "sok/?q=torget")]
            assert XSS_TITLE in titles, titles
            assert page.locator(".ml-search script").count() == 0
            for _, title, address, word in HIDDEN:
                found = _search(page, url + "sok/?q=" + word)
                assert f"«{word}»" in page.locator(".ml-search__status").inner_text()
                assert title not in [r["title"] for r in found] and "/" + address not in [r["href"] for r in found]
    finally:
        context.close()
    assert dialogs == []


# ---------------------------------------------------------------- without a browser


@pytest.mark.parametrize("url, searched", [
    ("", True), ("kommuner/nassjo/", True), ("loften/nassjo-2019-2020/", True), (UPDATE_URL, True),
    ("tillganglighet/", True),
    ("kommuner/", False), ("uppdateringar/", False), ("uppdateringar/sida/2/", False),
    ("sok/", False), ("problem/", False), ("404.html", False), (None, False), ("kommuner/nassjo/widget/", False),
    ("loften/nassjo-2019-2020/utvardering/", False),
    ("kommuner/nassjo/2024/03/widget/", True),
    ("skrivhandledning/", False), ("skrivhandledning/loften/", False),
])
def test_which_pages_are_searched(url, searched) -> None:
    assert search_index.searchable(url) is searched


def test_words_and_stems() -> None:
    assert words("Malung-Sälen, 2024: trygghets_vandring!") == ["malung", "sälen", "2024", "trygghets", "vandring"]
    # NFC: a decomposed "é" (as some editors save it) is one letter of the word.
    assert words("Cafe\u0301et") == ["caféet"]
    stem = Stems()
    assert stem("vänthallen") == stem("vänthallar") == "vänthall"
    assert stem("trygghetsvandringar") == stem("trygghetsvandring")


def _index(pages: list[str]) -> dict[str, bytes]:
    index = SearchIndex()
    for number, text in enumerate(pages):
        index.add(Record(f"sida/{number}/", f"Sida {number}", "Sida", "", None), text, "", None)
    return dict(index.files())


def test_every_stem_is_in_the_shard_of_its_longest_prefix_and_shards_stay_small() -> None:
    # 3,000 different words, on 600 pages: many shards.
    pages = [" ".join(f"ord{chr(97 + (n * 7 + k) % 26)}{chr(97 + (n + k) % 26)}{n * 5 + k}" for k in range(5)) * 3
             for n in range(600)]
    files = _index(pages)
    manifest = json.loads(files["sokindex/index.json"])
    shards = manifest["shards"]
    assert shards == sorted(shards) and len(shards) > 5
    for number, key in enumerate(shards):
        data = files[f"sokindex/ord/{number}.json"]
        assert len(data) <= 2 * search_index.SHARD_BYTES, (key, len(data))
        for stem in json.loads(data):
            longest = max((k for k in shards if stem.startswith(k)), key=len)
            assert longest == key, (stem, key, longest)
    # Every page has its file, numbered in the order of the addresses (so the order
    # MkDocs renders pages in changes nothing): sida/0/, sida/1/, sida/10/, sida/100/, …
    assert manifest["pages"] == len(pages)
    assert [json.loads(files[f"sokindex/sidor/{n}.json"])[0] for n in range(len(pages))] == sorted(f"sida/{n}/" for n in range(len(pages)))


def test_the_index_is_the_same_bytes_for_the_same_pages_and_names_its_version() -> None:
    pages = ["Trygghetsvandring i Runneryd med polisen.", "Polisen genomförde insatser i centrum.", "Ett möte."]
    first, second = _index(pages), _index(pages)
    assert first == second
    other = _index(pages[:2] + ["Ett annat möte."])
    assert json.loads(first["sokindex/index.json"])["version"] != json.loads(other["sokindex/index.json"])["version"]


def test_a_title_word_weighs_more_a_long_page_less_and_updates_carry_their_date() -> None:
    index = SearchIndex()
    moment = datetime(2024, 3, 15, 18, 30, tzinfo=STOCKHOLM)
    index.add(Record("a/", "Trygghetsvandring", "Uppföljning", "Nässjö", moment), "Trygghetsvandring i centrum.", "Kort.", "nassjo")
    index.add(Record("b/", "Möte", "Sida", "", None), "En trygghetsvandring i centrum.", "", None)
    index.add(Record("c/", "Lång", "Sida", "", None), "En trygghetsvandring. " + "Annat ord. " * 600, "", None)
    files = dict(index.files())
    manifest = json.loads(files["sokindex/index.json"])
    shard = json.loads(files[f"sokindex/ord/{manifest['shards'].index('t')}.json"])
    gaps, weights = shard["trygghetsvandring"]
    assert gaps == [0, 1, 1]
    title, short, long = weights
    assert title > 2 * short and short > 2 * long >= 2
    row = json.loads(files["sokindex/sidor/0.json"])
    assert row == ["a/", "Trygghetsvandring", "Uppföljning", "Nässjö", "2024-03-15T18:30:00+01:00", "15 mars 2024", "Kort.",
                   "Trygghetsvandring i centrum."]
    assert json.loads(files["sokindex/kommuner/nassjo.json"]) == [0]
