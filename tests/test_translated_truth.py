"""Translated editions never deny the Swedish follow-ups (issue 21): a page in
another language whose Swedish original has follow-ups it has no translation
of says how many and links them ("2 follow-ups are in Swedish"), says "no
follow-ups" only when the original has none either, and a language feed with
no items yet names the Swedish feed in its description, still valid RSS; the
share links and the copy script's words come from the catalogs.
A real `mkdocs build`; expected values are written out from the content."""

from __future__ import annotations

import pytest

from e2e_support import SITE_URL, Build, built, front, item_links, promise, site_relative, text, update
from feed_validator import w3c_problems

FILES = {
    "promises/vaxjo-2024.md": promise("Växjö"),
    "promises/alvesta-2024.md": promise("Alvesta"),
    "updates/vaxjo/2024-03-15-mars.md": update("Insatser i mars", "2024-03-15", "vaxjo-2024"),
    "updates/vaxjo/2024-04-15-april.md": update("Insatser i april", "2024-04-15", "vaxjo-2024"),
    "updates/vaxjo/2024-05-20-maj.md": update("Vandring i maj", "2024-05-20", "vaxjo-2024"),
    # English: both promises and one of Växjö's three follow-ups; lättläst: a promise, no follow-up.
    "promises/vaxjo-2024.en.md": front({"title": "Citizen promise in Växjö 2024"}, "A safer centre."),
    "promises/alvesta-2024.en.md": front({"title": "Citizen promise in Alvesta 2024"}, "A safer Alvesta."),
    "updates/vaxjo/2024-03-15-mars.en.md": front({"title": "Operations in March"}, "Nine operations so far."),
    "promises/vaxjo-2024.lattlast.md": front({"title": "Löftet i Växjö 2024"}, "Polisen och kommunen lovar att göra centrum tryggare."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    done = built("translated-truth", FILES, tmp_path_factory, strict=True)
    assert done.returncode == 0, done.log
    return done


def _in_swedish(build: Build, url: str) -> list[tuple[str, str | None, str | None]]:
    """(text, target, hreflang) of each "N follow-ups are in Swedish" link on a page."""
    return [(text(a), site_relative(a.get("href"), url), a.get("hreflang"))
            for a in build.html(url).xpath("//p[@class='ml-in-swedish']/a")]


def _page_text(build: Build, url: str) -> str:
    return text(build.html(url).xpath("//article")[0])


def test_an_english_promise_page_counts_and_links_its_untranslated_follow_ups(site):
    assert _in_swedish(site, "en/loften/vaxjo-2024/") == [("2 follow-ups are in Swedish", "loften/vaxjo-2024/", "sv")]
    assert "No follow-ups have been published yet" not in _page_text(site, "en/loften/vaxjo-2024/")


def test_a_page_whose_original_has_no_follow_ups_says_so(site):
    assert "No follow-ups have been published yet." in _page_text(site, "en/loften/alvesta-2024/")
    assert _in_swedish(site, "en/loften/alvesta-2024/") == []


def test_the_lattlast_municipality_page_does_not_deny_the_swedish_follow_ups(site):
    page = _page_text(site, "lattlast/kommuner/vaxjo/")
    assert "Vi har inte skrivit något om löftet ännu" not in page
    assert _in_swedish(site, "lattlast/kommuner/vaxjo/") == [("3 texter om löftet finns på vanlig svenska", "kommuner/vaxjo/", "sv")]


def test_a_language_home_counts_the_untranslated_follow_ups(site):
    assert _in_swedish(site, "en/") == [("2 follow-ups are in Swedish", "uppdateringar/", "sv")]
    assert _in_swedish(site, "lattlast/") == [("3 texter om löftet finns på vanlig svenska", "uppdateringar/", "sv")]
    assert "No follow-ups have been published yet" not in _page_text(site, "en/")


def test_swedish_pages_have_no_such_note(site):
    assert _in_swedish(site, "loften/vaxjo-2024/") == []
    assert _in_swedish(site, "kommuner/vaxjo/") == []


def test_an_empty_language_feed_names_the_swedish_feed(site):
    feed = site.xml("lattlast/feed.xml")
    assert item_links(feed) == []
    assert feed.findtext("channel/description") == (
        "Nyheter om vad polisen och kommunen gör. På lättläst svenska. Vi har inte skrivit något här ännu. "
        f"Allt vi skriver finns i flödet på vanlig svenska: {SITE_URL}feed.xml"
    )
    # A feed with items keeps its description as it was.
    assert site.xml("en/feed.xml").findtext("channel/description") == (
        "Follow-ups of the citizen promises of municipalities and the police, in English."
    )


def test_the_feeds_pass_the_w3c_feed_validator(site):
    problems = w3c_problems(site.site_dir, SITE_URL)
    assert "lattlast/feed.xml" in problems
    assert {name: found for name, found in problems.items() if found} == {}


@pytest.mark.parametrize(("url", "labels", "copied"), [
    ("en/kommuner/vaxjo/2024/03/mars/", ["Facebook", "LinkedIn", "Email", "Copy link"], "The link is copied."),
    ("kommuner/vaxjo/2024/03/mars/", ["Facebook", "LinkedIn", "E-post", "Kopiera länk"], "Länken är kopierad."),
])
def test_the_share_links_speak_the_pages_language(site, url, labels, copied):
    nav = site.html(url).xpath("//nav[contains(@class, 'ml-share')]")[0]
    assert [text(a) for a in nav.xpath(".//a")] == labels
    # dela.js writes these words into the status line after copying.
    assert nav.xpath(".//p[@class='ml-share__status']")[0].get("data-ml-copied") == copied
