"""End-to-end: each language's feed, /<lang>/feed.xml (content contract,
version 2), from a real `mkdocs build` of a corpus with translations in four
languages: it exists, passes the W3C feed validator and holds only that
language's updates; the Swedish feeds hold no translation.

Build date: SOURCE_DATE_EPOCH = 2024-07-01 12:00 UTC. The languages are the
project's mkdocs.yml's: lattlast, en, fi, ar.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

import e2e_support
from citizen_promises.content import read_content
from citizen_promises.feeds import ItemContent, all_feeds
from citizen_promises.summary import Summaries
from e2e_support import (
    CONTENT,
    IMAGE,
    SITE_URL,
    absolute,
    channel,
    front,
    item_by_link,
    item_links,
    items,
    promise,
    update,
)
from feed_validator import w3c_problems

START, EVENING, WINTER = "kommuner/alvesta/2024/03/start/", "kommuner/alvesta/2024/04/kvall/", "kommuner/boden/2024/02/vinter/"
SUMMER = "kommuner/boden/2024/06/sommar/"
HOSTILE = "Evening operation <script>alert(1)</script> & more in Alvesta"

FILES: dict[str, str | bytes] = {
    "promises/alvesta-2024.md": promise("Alvesta"),
    "promises/boden-2024.md": promise("Boden"),
    "promises/boden-2024.fi.md": front({"title": "Kansalaislupaus Bodenissa"}, "Taustaa."),
    "updates/alvesta/bilder/kvall.png": IMAGE,
    "updates/alvesta/2024-03-01-start.md": update(
        "Starten i Alvesta", "2024-03-01", "alvesta-2024", summary="Två insatser i centrum.", progress={"insatser": 2},
        author="Polisen i Alvesta", tags=["centrum"], body="Polisen gjorde två insatser i centrum.",
    ),
    "updates/alvesta/2024-03-01-start.en.md": front(
        {"title": "The start in Alvesta", "summary": "Two operations in the town centre."},
        "The police made **two operations** near the lighthouse café.",
    ),
    "updates/alvesta/2024-03-01-start.ar.md": front({"title": "البداية في ألفيستا", "summary": "عمليتان في وسط المدينة."}, "نفذت الشرطة عمليتين."),
    # A draft translation: in no feed, not even the preview's.
    "updates/alvesta/2024-03-01-start.fi.md": front({"title": "Alku Alvestassa", "draft": True}, "Luonnos."),
    "updates/alvesta/2024-04-10-kvall.md": update(
        "Kvällsinsats i Alvesta", "2024-04-10", "alvesta-2024", summary="En kvällsinsats på torget.",
        image="bilder/kvall.png", image_alt="Torget i kvällsljus", progress={"insatser": 1},
    ),
    "updates/alvesta/2024-04-10-kvall.en.md": front(
        {"title": HOSTILE, "summary": "An evening operation on the square.", "image_alt": "The square in evening light"},
        "One evening on the square.",
    ),
    "updates/alvesta/2024-04-10-kvall.fi.md": front(
        {"title": "Ilta-operaatio Alvestassa", "summary": "Ilta-operaatio torilla.", "image_alt": "Tori iltavalossa"}, "Ilta torilla.",
    ),
    "updates/alvesta/2024-04-10-kvall.lattlast.md": front(
        {"title": "Polisen var på torget en kväll", "summary": "Polisen var på torget.", "image_alt": "Torget på kvällen"},
        "Polisen var på torget en kväll.",
    ),
    # Originals not published: a draft and one dated after the build.
    "updates/alvesta/2024-05-01-utkast.md": update("Hemligt utkast", "2024-05-01", "alvesta-2024", draft=True),
    "updates/alvesta/2024-05-01-utkast.en.md": front({"title": "Secret draft Quokka"}, "Quokka."),
    "updates/alvesta/2024-08-01-framtid.md": update("Framtida insats", "2024-08-01", "alvesta-2024"),
    "updates/alvesta/2024-08-01-framtid.en.md": front({"title": "Future operation Wombat"}, "Wombat."),
    "updates/boden/2024-02-01-vinter.md": update("Vinter i Boden", "2024-02-01", "boden-2024", summary="Polisen patrullerade i snön."),
    "updates/boden/2024-02-01-vinter.lattlast.md": front(
        {"title": "Vinter i Boden på lättläst", "summary": "Polisen var ute i Boden i vintras."}, "Polisen var ute i snön.",
    ),
    "updates/boden/2024-02-01-vinter.ar.md": front({"title": "الشتاء في بودن", "summary": "دوريات الشرطة في الثلج."}, "دوريات في الثلج."),
    "updates/boden/2024-06-01-sommar.md": update("Sommar i Boden", "2024-06-01", "boden-2024"),
}

# Each language's items, newest first: (Swedish address, title, description), written out from FILES.
EXPECTED = {
    "lattlast": [
        (EVENING, "Polisen var på torget en kväll", "Polisen var på torget."),
        (WINTER, "Vinter i Boden på lättläst", "Polisen var ute i Boden i vintras."),
    ],
    "en": [
        (EVENING, "Evening operation ‹script›alert(1)‹/script› & more in Alvesta", "An evening operation on the square."),
        (START, "The start in Alvesta", "Two operations in the town centre."),
    ],
    "fi": [(EVENING, "Ilta-operaatio Alvestassa", "Ilta-operaatio torilla.")],
    "ar": [
        (START, "البداية في ألفيستا", "عمليتان في وسط المدينة."),
        (WINTER, "الشتاء في بودن", "دوريات الشرطة في الثلج."),
    ],
}
# RSS `language`, and the channel's own words.
CHANNELS = {
    "lattlast": ("sv", "Medborgarlöften på lättläst svenska", "Nyheter om vad polisen och kommunen gör. På lättläst svenska."),
    "en": ("en", "Citizen promises in English", "Follow-ups of the citizen promises of municipalities and the police, in English."),
    "fi": ("fi", "Kansalaislupaukset suomeksi", "Kuntien ja poliisin kansalaislupausten seurannat suomeksi."),
    "ar": ("ar", "وعود المواطنين بالعربية", "متابعات وعود المواطنين بين البلديات والشرطة باللغة العربية."),
}
SWEDISH_TITLES = {"Starten i Alvesta", "Kvällsinsats i Alvesta", "Vinter i Boden", "Sommar i Boden"}
NEVER_IN_A_FEED = ("Alku Alvestassa", "Secret draft Quokka", "Future operation Wombat", "Hemligt utkast", "Framtida insats")


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    done = e2e_support.built("language-feeds", FILES, tmp_path_factory, strict=True)
    assert done.returncode == 0, done.log
    return done


@pytest.fixture(scope="module")
def feeds(build):
    return {p.relative_to(build.site_dir).as_posix(): build.xml(p.relative_to(build.site_dir).as_posix()) for p in build.site_dir.rglob("feed.xml")}


def test_each_language_has_its_feed(feeds):
    assert {name for name in feeds if name.count("/") == 1} == {"lattlast/feed.xml", "en/feed.xml", "fi/feed.xml", "ar/feed.xml"}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_a_language_feed_holds_only_that_languages_updates_newest_first(feeds, code):
    feed = feeds[f"{code}/feed.xml"]
    expected = EXPECTED[code]
    assert item_links(feed) == [absolute(f"{code}/{url}") for url, _, _ in expected]
    assert [item.findtext("title") for item in items(feed)] == [title for _, title, _ in expected]
    assert [item.findtext("description") for item in items(feed)] == [description for _, _, description in expected]
    text = etree.tostring(feed, encoding="unicode")
    assert not [title for title in SWEDISH_TITLES if f"<title>{title}</title>" in text]
    assert not [word for word in NEVER_IN_A_FEED if word in text]


@pytest.mark.parametrize("code", list(CHANNELS))
def test_a_language_feeds_channel_speaks_its_language(feeds, code):
    head = channel(feeds[f"{code}/feed.xml"])
    language, title, description = CHANNELS[code]
    assert (head.findtext("language"), head.findtext("title"), head.findtext("description")) == (language, title, description)
    assert head.findtext("link") == absolute(f"{code}/")
    self_link = head.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == absolute(f"{code}/feed.xml")


def test_every_feed_passes_the_w3c_feed_validator(build, feeds):
    problems = w3c_problems(build.site_dir, SITE_URL)
    assert set(problems) == set(feeds) and "ar/feed.xml" in problems
    assert {name: found for name, found in problems.items() if found} == {}


def test_swedish_feeds_hold_no_translation(feeds):
    national = feeds["feed.xml"]
    assert item_links(national) == [absolute(url) for url in (SUMMER, EVENING, START, WINTER)]
    for name, feed in feeds.items():
        if name.count("/") == 1:
            continue  # a language's feed
        for item in items(feed):
            assert item.findtext("link").startswith(SITE_URL + "kommuner/"), (name, item.findtext("link"))
            assert item.findtext("title") in SWEDISH_TITLES, (name, item.findtext("title"))


def test_a_translated_item_has_its_own_guid_and_the_originals_date(feeds):
    swedish = item_by_link(feeds["feed.xml"], START)
    english = item_by_link(feeds["en/feed.xml"], "en/" + START)
    arabic = item_by_link(feeds["ar/feed.xml"], "ar/" + START)
    guids = [swedish.findtext("guid"), english.findtext("guid"), arabic.findtext("guid")]
    assert guids == [absolute(START), absolute("en/" + START), absolute("ar/" + START)]
    assert swedish.findtext("pubDate") == english.findtext("pubDate") == arabic.findtext("pubDate") == "Fri, 01 Mar 2024 00:00:00 +0100"
    # The sender and the municipality come from the original; its Swedish tags do not.
    assert english.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Polisen i Alvesta"
    assert [c.text for c in english.findall("category")] == ["Alvesta"]


def test_a_translated_item_carries_the_originals_image(build, feeds):
    for code in ("en", "fi", "lattlast"):
        (enclosure,) = item_by_link(feeds[f"{code}/feed.xml"], f"{code}/{EVENING}").findall("enclosure")
        assert enclosure.get("url") == absolute("updates/alvesta/bilder/kvall.png"), code
        assert enclosure.get("length") == str(len(IMAGE))


def test_a_translated_item_without_an_image_carries_a_share_card(build, feeds):
    (enclosure,) = item_by_link(feeds["en/feed.xml"], "en/" + START).findall("enclosure")
    # The original's card, or one in English beside the translated page where cards are drawn per language.
    card = enclosure.get("url")
    assert card in {absolute(START + "delningsbild.png"), absolute("en/" + START + "delningsbild.png")}
    assert enclosure.get("type") == "image/png"
    assert enclosure.get("length") == str(build.path(card[len(SITE_URL):]).stat().st_size)


def encoded(item) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(item.findtext(f"{{{CONTENT}}}encoded"), create_parent="div")


def test_a_translated_items_full_text_is_the_translated_page_in_its_language(feeds):
    english = encoded(item_by_link(feeds["en/feed.xml"], "en/" + START))
    (wrapper,) = english.xpath("./div")
    assert (wrapper.get("lang"), wrapper.get("dir")) == ("en", "ltr")
    assert "The police made two operations near the lighthouse café." in english.text_content()
    assert "Polisen gjorde två insatser i centrum." not in english.text_content()
    arabic = encoded(item_by_link(feeds["ar/feed.xml"], "ar/" + START))
    (wrapper,) = arabic.xpath("./div")
    assert (wrapper.get("lang"), wrapper.get("dir")) == ("ar", "rtl")
    assert "نفذت الشرطة عمليتين." in arabic.text_content()
    easy = encoded(item_by_link(feeds["lattlast/feed.xml"], "lattlast/" + WINTER))
    assert easy.xpath("./div")[0].get("lang") == "sv"
    assert "Polisen var ute i snön." in easy.text_content()


def test_the_hostile_translated_title_reads_the_same_as_text_and_as_html(feeds):
    title = item_by_link(feeds["en/feed.xml"], "en/" + EVENING).findtext("title")
    assert lxml.html.fragment_fromstring(title, create_parent="div").text_content() == title
    assert "<script" not in title


def test_the_example_sites_language_feeds(example_site):
    """The repository's own example translations: a Finnish and an Arabic update;
    English and lättläst have promises but no update, so their feeds are empty."""
    def feed(code: str) -> etree._Element:
        return etree.parse(str(example_site.site_dir / code / "feed.xml")).getroot()

    assert [i.findtext("title") for i in items(feed("fi"))] == ["Ensimmäiset kohdennetut toimet Runnerydissä"]
    (arabic,) = items(feed("ar"))
    assert arabic.findtext("title") == "جولة الأمان في رونيريد"
    assert arabic.findtext("link") == absolute("ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/")
    assert arabic.find("enclosure").get("url") == absolute("updates/nassjo/bilder/trygghetsvandring.png")
    assert items(feed("en")) == [] and items(feed("lattlast")) == []
    swedish = etree.parse(str(example_site.site_dir / "feed.xml")).getroot()
    assert not [link for link in item_links(swedish) if not link.startswith(SITE_URL + "kommuner/")]


def test_the_preview_feed_holds_no_draft_translation(tmp_path: Path):
    """`mkdocs serve` shows a draft translation's page, but its language's feed does not carry it."""
    e2e_support.make_project(tmp_path, FILES)
    built_at = datetime.fromtimestamp(e2e_support.EPOCH, UTC)
    site, report, _ = read_content(tmp_path, tmp_path / "docs", built_at, True, None, Summaries(), ["lattlast", "en", "fi", "ar"])
    assert report.errors == []
    assert [t.translation.title for t in site.editions["fi"].updates] == ["Ilta-operaatio Alvestassa", "Alku Alvestassa"]
    fi = etree.fromstring(all_feeds(site, SITE_URL, "Test", ItemContent(), {})["fi/feed.xml"])
    assert [i.findtext("title") for i in items(fi)] == ["Ilta-operaatio Alvestassa"]


@pytest.mark.parametrize("page, feed", [
    ("en/loften/nassjo-2019-2020/", "en/feed.xml"),
    ("lattlast/kommuner/linkoping/", "lattlast/feed.xml"),
    ("ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/", "ar/feed.xml"),
    ("fi/", "fi/feed.xml"),
])
def test_a_translated_page_links_its_languages_feed(example_site, page, feed):
    """A feed reader or browser extension on a page in a language finds that language's feed."""
    doc = lxml.html.fromstring(example_site.path(page).read_bytes())
    links = [
        e2e_support.site_relative(link.get("href"), page)
        for link in doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")
    ]
    assert feed in links and "feed.xml" in links


def test_the_subscribe_page_lists_each_languages_feed(example_site):
    doc = lxml.html.fromstring(example_site.path("prenumerera/").read_bytes())
    items = doc.xpath("//section[@aria-labelledby='andra-sprak']//li")
    assert [" ".join(li.text_content().split()) for li in items] == [
        "Lättläst: https://medborgarloften.example.se/lattlast/feed.xml",
        "English: https://medborgarloften.example.se/en/feed.xml",
        "Suomi: https://medborgarloften.example.se/fi/feed.xml",
        "العربية: https://medborgarloften.example.se/ar/feed.xml",
    ]
    assert [li.xpath("./span/@lang")[0] for li in items] == ["sv", "en", "fi", "ar"]


def test_share_cards_speak_the_pages_language(example_site):
    """A translated update without its own image gets a card in its language (the
    card's font draws Latin letters); one with an image shares it, described in
    its language; the Swedish page keeps its Swedish card."""
    def meta(page: str, name: str) -> str:
        doc = lxml.html.fromstring(example_site.path(page).read_bytes())
        return str(doc.xpath(f"//meta[@property='{name}']/@content")[0])

    finnish = "fi/kommuner/nassjo/2019/05/forsta-insatserna-runneryd/"
    assert meta(finnish, "og:image") == f"https://medborgarloften.example.se/{finnish}delningsbild.png"
    assert meta(finnish, "og:locale") == "fi_FI"
    assert meta(finnish, "og:image:alt").startswith("Ensimmäiset kohdennetut toimet Runnerydissä. Nässjö, 31. toukokuuta 2019.")
    card = example_site.path(f"{finnish}delningsbild.png").read_bytes()
    assert card.startswith(b"\x89PNG") and card != example_site.path("kommuner/nassjo/2019/05/forsta-insatserna-runneryd/delningsbild.png").read_bytes()
    arabic = "ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/"
    assert meta(arabic, "og:image") == "https://medborgarloften.example.se/updates/nassjo/bilder/trygghetsvandring.png"
    assert meta(arabic, "og:image:alt").startswith("رسم لأربعة أشخاص")
    swedish = "kommuner/nassjo/2019/05/forsta-insatserna-runneryd/"
    assert meta(swedish, "og:image:alt").startswith("De första insatserna i Runneryd. Nässjö, 31 maj 2019.")


@pytest.mark.parametrize("page, label", [
    ("en/loften/nassjo-2019-2020/", "Search the site (in Swedish)"),
    ("ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/", "ابحث في الموقع (بالسويدية)"),
    ("loften/nassjo-2019-2020/", "Sök på webbplatsen"),
])
def test_the_header_search_box_speaks_the_pages_language(example_site, page, label):
    doc = lxml.html.fromstring(example_site.path(page).read_bytes())
    assert [x.text_content() for x in doc.xpath("//label[@for='ml-header-search']")] == [label]
