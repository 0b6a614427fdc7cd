"""Site search (Pagefind) in real headless Chromium, over HTTP as a visitor
gets it: the search box in the header sends its words to /sok/, Pagefind's
own UI finds the update that holds a word, also in another inflection
(Swedish stemming), prints titles as text, and fetches nothing from
elsewhere. Also which pages are searched (search_index.searchable), the
address the results are relative to, and that Pagefind's output is the same
for the same site.

The accessibility of the search page (axe, keyboard) is tested with the
other pages in test_accessibility.py.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from browser_support import PROJECT, browser, build_example_site, serve_directory
from citizen_promises import search_index
from e2e_support import HIDDEN, XSS_TITLE, main_build

# A word that only one example update holds, its update and another form of the word.
WORD, OTHER_FORM = "vänthallen", "vänthallar"
UPDATE_FILE = "updates/nassjo/2019-06-28-tryggare-resecentrum.md"
UPDATE_URL = "kommuner/nassjo/2019/06/tryggare-resecentrum/"
RESULT = ".ml-search .pf-result-link"


def _title(path: Path) -> str:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["title"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_example_site(tmp_path_factory.mktemp("search") / "site")


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    with browser() as instance:  # skips loudly without Chromium; fails in CI
        yield instance


@pytest.fixture(scope="module")
def base_url(chromium, site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def page(chromium, base_url: str) -> Iterator:
    """A page at phone width that records every request and script error."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


def _results(page) -> list[dict]:
    page.wait_for_function("document.querySelector('.ml-search [aria-busy=\"false\"]') !== null")
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
    assert {"title": title, "href": "/" + UPDATE_URL} in results, results
    assert len(results) == 1, results  # only the update: no list that repeats its summary
    summary = page.locator(".ml-search__summary").inner_text()
    assert WORD in summary and "1 träff" in summary, summary
    # The words stay in the search box and the address.
    assert page.locator(".ml-search input[type=search]").input_value() == WORD
    page.locator(RESULT).first.click()
    page.wait_for_url(base_url + UPDATE_URL)
    assert page.locator("h1").inner_text() == title
    own = urlsplit(base_url).netloc
    assert [url for url in page.requests if urlsplit(url).netloc != own] == []
    assert page.errors == []


def test_swedish_stemming_finds_another_form_of_the_word(page, base_url: str) -> None:
    page.goto(base_url + "sok/", wait_until="load")
    box = page.get_by_role("searchbox", name="Sök på webbplatsen")
    page.wait_for_function("document.activeElement.matches('.ml-search input[type=search]')")  # the box has the focus
    box.type(OTHER_FORM)
    page.wait_for_selector(RESULT)
    assert "/" + UPDATE_URL in [r["href"] for r in _results(page)]
    assert page.url.endswith("/sok/?q=" + "v%C3%A4nthallar")  # typed words go into the address too
    # The files a search fetches: Pagefind's, from this site, a few small ones.
    fetched = [urlsplit(url).path for url in page.requests if "/pagefind/" in url]
    assert any(path.endswith(".pf_index") for path in fetched) and any(path.endswith(".pf_fragment") for path in fetched)
    assert page.errors == []


def test_municipality_filter_narrows_the_results(page, base_url: str) -> None:
    page.goto(base_url + "sok/?q=trygghetsvandring", wait_until="load")
    page.wait_for_selector(RESULT)
    summary = page.locator(".ml-search__summary")
    everything = int(re.search(r"(\d+) träff", summary.inner_text()).group(1))
    page.locator(".pf-filter-group-title").click()
    page.get_by_role("checkbox", name=re.compile("^Nässjö")).check()
    page.wait_for_function(
        "n => { const m = document.querySelector('.ml-search__summary').innerText.match(/(\\d+) träff/); return m && +m[1] < n; }",
        arg=everything,
    )
    page.wait_for_selector(RESULT)
    narrowed = _results(page)
    assert narrowed and all(r["href"].startswith(("/kommuner/nassjo/", "/loften/nassjo-")) for r in narrowed), narrowed


def test_hostile_title_is_printed_as_text_and_drafts_are_not_found(chromium, tmp_path_factory) -> None:
    build = main_build(tmp_path_factory)
    assert build.returncode == 0, build.log
    context = chromium.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        with serve_directory(build.site_dir) as url:
            page.goto(url + "sok/?q=torget", wait_until="load")
            page.wait_for_selector(RESULT)
            titles = [r["title"] for r in _results(page)]
            assert XSS_TITLE in titles, titles
            assert page.locator(".ml-search script:not([type])").count() == 0
            for _, title, address, word in HIDDEN:
                page.goto(url + "sok/?q=" + word, wait_until="load")
                page.wait_for_selector(f".ml-search__summary .pf-summary:has-text('{word} gav')")
                page.wait_for_timeout(300)  # the results, if any, drawn
                # Pagefind may offer near matches elsewhere, never the draft or future update.
                found = _results(page)
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
    ("kommuner/nassjo/2024/03/widget/", True),
])
def test_which_pages_are_searched(url, searched) -> None:
    assert search_index.searchable(url) is searched


@pytest.mark.parametrize("site_url, base", [
    ("https://medborgarloften.example.se/", "/"), ("https://example.se", "/"),
    ("https://example.se/polisen/medborgarloften", "/polisen/medborgarloften/"),
])
def test_results_are_relative_to_where_the_site_is_published(site_url, base) -> None:
    assert search_index.base_url(site_url) == base


def test_pagefind_writes_the_same_bytes_for_the_same_site(site: Path, tmp_path: Path) -> None:
    """Pagefind orders a filter's values at random; search_index puts them in order."""
    digests = set()
    for run in range(3):
        copy = tmp_path / f"site{run}"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        search_index.build(copy)
        digest = hashlib.sha256()
        for file in sorted((copy / "pagefind").rglob("*")):
            if file.is_file():
                digest.update(file.relative_to(copy).as_posix().encode() + b"\0" + file.read_bytes())
        digests.add(digest.hexdigest())
    assert len(digests) == 1
