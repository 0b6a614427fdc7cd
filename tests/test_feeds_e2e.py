"""End-to-end: the RSS feeds a real `mkdocs build` writes (/feed.xml and
/kommuner/<slug>/feed.xml), read back with lxml.etree.

Build date: SOURCE_DATE_EPOCH = 2024-07-01 12:00 UTC. Content: e2e_support.py.
"""

from __future__ import annotations

import re

import lxml.html
import pytest

from e2e_support import (
    ATOM,
    CONTENT,
    HIDDEN,
    IMAGE,
    PUBLISHED,
    RFC822,
    SITE_URL,
    SWEDISH_ORDER,
    XSS_TITLE,
    absolute,
    channel,
    item_by_link,
    item_links,
    items,
    pub_date,
    series_build,
)
from feed_validator import w3c_problems

# National feed order: newest first; the two Eda updates share an instant
# (10:00 local) and go by file path: updates/eda/2024-… before updates/eda/kvall/….
NATIONAL_ORDER = [
    "kommuner/are/2024/06/sommar/",
    "kommuner/eda/2024/05/zeta/",
    "kommuner/eda/2024/05/alfa/",
    "kommuner/orebro/2024/04/var/",
    "kommuner/ystad/2024/04/kvall/",
    "kommuner/alingsas/2024/03/mars/",
    "kommuner/alingsas/2024/03/zon/",
    "kommuner/alingsas/2024/02/februari/",
    "kommuner/angelholm/2024/02/bom/",
    "kommuner/alingsas/2024/02/natt/",
    "kommuner/alingsas/2024/01/vinterrapport/",
]
WINTER = "kommuner/alingsas/2024/01/vinterrapport/"
MEDIA = "http://search.yahoo.com/mrss/"


@pytest.fixture(scope="module")
def feeds(main):
    """Every feed in the site: address -> parsed root."""
    found = {p.relative_to(main.site_dir).as_posix(): main.xml(p.relative_to(main.site_dir).as_posix()) for p in main.site_dir.rglob("feed.xml")}
    assert "feed.xml" in found
    return found


@pytest.fixture(scope="module")
def national(feeds):
    return feeds["feed.xml"]


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    build, urls = series_build(55, tmp_path_factory)
    assert build.returncode == 0, build.log
    return build, urls


def ids(items_):
    return [item.path.removeprefix("updates/") for item in items_]


# ------------------------------------------------------------ 1. every published update is in the feeds


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_is_in_the_national_feed(national, item):
    assert absolute(item.url) in item_links(national)


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_is_in_its_municipality_feed_and_no_other_municipalitys(feeds, item):
    own = f"kommuner/{item.municipality}/feed.xml"
    assert own in feeds
    assert absolute(item.url) in item_links(feeds[own])
    others = [name for name in feeds if re.fullmatch(r"kommuner/[^/]+/feed\.xml", name) and name != own]
    assert len(others) == len(SWEDISH_ORDER) - 1
    assert [name for name in others if absolute(item.url) in item_links(feeds[name])] == []


def test_every_municipality_has_a_feed(feeds):
    assert {f"kommuner/{slug}/feed.xml" for _, slug in SWEDISH_ORDER} <= set(feeds)


# ------------------------------------------------------------ 2. drafts and future updates in no feed


@pytest.mark.parametrize("path, title, url, word", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_draft_or_future_update_is_in_no_feed(main, feeds, path, title, url, word):
    for name in feeds:
        raw = (main.site_dir / name).read_text(encoding="utf-8")
        assert title not in raw and word not in raw and url not in raw, f"{path} leaked into {name}"


# ------------------------------------------------------------ 3. hostile title


@pytest.mark.parametrize("feed_name", ["feed.xml", "kommuner/ystad/feed.xml"])
def test_hostile_title_reads_the_same_as_text_and_as_html(feeds, feed_name):
    # < and > as the look-alikes ‹ and ›, so a reader that shows the title as HTML
    # shows the same text and runs nothing (tests/test_feed_text.py has the rule).
    assert XSS_TITLE == 'Trygghet & ordning <på> "torget" <script>alert(1)</script>'
    item = item_by_link(feeds[feed_name], "kommuner/ystad/2024/04/kvall/")
    assert item.findtext("title") == 'Trygghet & ordning ‹på› "torget" ‹script›alert(1)‹/script›'
    assert "kväll & natt" in [c.text for c in item.findall("category")]


# ------------------------------------------------------------ 4. dates and time zones


@pytest.mark.parametrize(
    "url, expected",
    [
        (WINTER, "Mon, 15 Jan 2024 00:00:00 +0100"),  # a date alone: midnight, winter time
        ("kommuner/are/2024/06/sommar/", "Sat, 15 Jun 2024 10:00:00 +0200"),  # local time, summer time
        ("kommuner/alingsas/2024/03/zon/", "Fri, 01 Mar 2024 10:00:00 +0100"),  # 09:00Z converted
        ("kommuner/alingsas/2024/02/natt/", "Thu, 01 Feb 2024 00:30:00 +0100"),  # 23:30Z the day before
        ("kommuner/eda/2024/05/alfa/", "Sun, 05 May 2024 10:00:00 +0200"),  # 08:00Z
    ],
    ids=["winter-date", "summer-local-time", "utc-converted", "utc-crosses-midnight", "utc-summer"],
)
def test_pub_date_is_stockholm_time(national, url, expected):
    assert item_by_link(national, url).findtext("pubDate") == expected


def test_every_pub_date_is_rfc822_with_english_names(feeds):
    for name, feed in feeds.items():
        for item in items(feed):
            assert re.match(RFC822, item.findtext("pubDate") or ""), (name, item.findtext("pubDate"))
        last = channel(feed).findtext("lastBuildDate")
        if last is not None:
            assert re.match(RFC822, last), (name, last)


def test_last_build_date_is_the_newest_items_pub_date(feeds, national):
    assert channel(national).findtext("lastBuildDate") == "Sat, 15 Jun 2024 10:00:00 +0200"
    for name, feed in feeds.items():
        entries = items(feed)
        if entries:
            assert channel(feed).findtext("lastBuildDate") == entries[0].findtext("pubDate"), name


# ------------------------------------------------------------ 5. RSS 2.0 shape


def test_every_feed_is_rss_2_with_one_complete_channel(main, feeds):
    for name, feed in feeds.items():
        assert feed.tag == "rss" and feed.get("version") == "2.0", name
        head = channel(feed)
        for tag in ("title", "link", "description"):
            assert (head.findtext(tag) or "").strip(), f"{name}: empty <{tag}>"
        assert head.findtext("language") == "sv", name
        link = head.findtext("link")
        assert link.startswith(SITE_URL) and main.exists(link[len(SITE_URL):]), f"{name}: channel link {link}"


def test_every_feed_names_its_own_public_address(feeds):
    for name, feed in feeds.items():
        selves = [link for link in channel(feed).findall(f"{{{ATOM}}}link") if link.get("rel") == "self"]
        assert len(selves) == 1, name
        assert selves[0].get("href") == SITE_URL + name
        assert selves[0].get("type") == "application/rss+xml"


def test_municipality_feed_channel_links_its_municipality_page(feeds):
    assert channel(feeds["kommuner/alingsas/feed.xml"]).findtext("link") == absolute("kommuner/alingsas/")
    assert "Alingsås" in channel(feeds["kommuner/alingsas/feed.xml"]).findtext("title")


def test_item_link_and_guid_are_the_absolute_page_address(main, feeds):
    for name, feed in feeds.items():
        for item in items(feed):
            link, guid = item.findtext("link"), item.find("guid")
            assert guid is not None and guid.text == link, name
            assert guid.get("isPermaLink") == "true"
            assert link.startswith(SITE_URL) and link.endswith("/")
            assert main.exists(link[len(SITE_URL):]), f"{name}: {link} has no page"
            assert (item.findtext("title") or "").strip()


def test_item_description_is_plain_text(feeds):
    for name, feed in feeds.items():
        for item in items(feed):
            description = item.findtext("description")
            assert description and "<" not in description and "&lt;" not in description, (name, description)
    # the default summary is the body's first paragraph, without its markup
    winter = item_by_link(feeds["feed.xml"], WINTER)
    assert winter.findtext("description") == "Polisen har gjort sex insatser i centrum. Läs mer om löftet."


def encoded(item):
    html = item.findtext(f"{{{CONTENT}}}encoded")
    assert html, "no content:encoded"
    return lxml.html.fragment_fromstring(html, create_parent="div")


def test_content_encoded_has_the_body_with_absolute_links(main, feeds):
    for name, feed in feeds.items():
        for item in items(feed):
            body = encoded(item)
            for element in body.iter():
                for attribute in ("href", "src"):
                    value = element.get(attribute)
                    if value is not None:
                        assert value.startswith(SITE_URL), f"{name}: {item.findtext('link')}: {attribute}={value!r}"
    body = encoded(item_by_link(feeds["feed.xml"], WINTER))
    assert [s.text for s in body.iter("strong")] == ["sex insatser"]
    sources = [img.get("src") for img in body.iter("img")]
    assert absolute("updates/alingsas/bilder/karta.png") in sources
    assert main.exists("updates/alingsas/bilder/karta.png")
    hrefs = [a.get("href") for a in body.iter("a")]
    assert absolute("loften/alingsas-2024/") in hrefs


def test_item_categories_are_the_municipality_and_the_tags(national):
    winter = item_by_link(national, WINTER)
    assert sorted(c.text for c in winter.findall("category")) == sorted(["Alingsås", "trygghetsvandring", "belysning"])
    plain = item_by_link(national, "kommuner/orebro/2024/04/var/")
    assert [c.text for c in plain.findall("category")] == ["Örebro"]


def test_update_with_an_image_has_an_enclosure(main, national):
    enclosures = item_by_link(national, WINTER).findall("enclosure")
    assert len(enclosures) == 1
    enclosure = enclosures[0]
    url = enclosure.get("url")
    assert url == absolute("updates/alingsas/bilder/vinter.png")
    assert enclosure.get("type") == "image/png"
    published = main.path(url[len(SITE_URL):])
    assert published.is_file()
    assert enclosure.get("length") == str(len(IMAGE)) == str(published.stat().st_size)
    assert published.read_bytes() == IMAGE


def media_content(item):
    found = item.findall(f"{{{MEDIA}}}content")
    assert len(found) == 1, item.findtext("link")
    return found[0]


def test_every_image_in_a_feed_is_also_media_content_with_its_size(feeds):
    # Auto-posters (IFTTT, Hootsuite) take the post's picture from media:content.
    for name, feed in feeds.items():
        for item in items(feed):
            (enclosure,) = item.findall("enclosure")
            media = media_content(item)
            assert media.get("url") == enclosure.get("url"), name
            assert media.get("url").startswith(SITE_URL)
            assert media.get("medium") == "image"
            assert media.get("type") == enclosure.get("type")
            assert media.get("fileSize") == enclosure.get("length")
            assert int(media.get("width")) > 0 and int(media.get("height")) > 0


def test_an_updates_own_image_has_its_real_pixel_size(national):
    media = media_content(item_by_link(national, WINTER))
    assert media.get("url") == absolute("updates/alingsas/bilder/vinter.png")
    assert (media.get("width"), media.get("height")) == ("5", "4")  # e2e_support.IMAGE = png(5, 4)
    assert media.get("type") == "image/png"


def test_the_example_image_has_its_real_pixel_size(example_site):
    # updates/nassjo/bilder/trygghetsvandring.png is 640 × 360 pixels.
    feed = example_site.xml("kommuner/nassjo/feed.xml")
    item = item_by_link(feed, "kommuner/nassjo/2019/09/trygghetsvandring-runneryd/")
    media = media_content(item)
    assert media.get("url") == absolute("updates/nassjo/bilder/trygghetsvandring.png")
    assert (media.get("width"), media.get("height")) == ("640", "360")
    assert item.find("enclosure").get("url") == media.get("url")


def test_updates_without_an_image_carry_their_own_share_card(main, national):
    for url in NATIONAL_ORDER:
        if url == WINTER:
            continue
        item = item_by_link(national, url)
        (enclosure,) = item.findall("enclosure")
        card = absolute(url + "delningsbild.png")
        assert enclosure.get("url") == card, url
        assert enclosure.get("type") == "image/png"
        assert enclosure.get("length") == str(main.path(url + "delningsbild.png").stat().st_size)
        media = media_content(item)
        assert (media.get("url"), media.get("width"), media.get("height")) == (card, "1200", "630")


def test_every_feed_passes_the_w3c_feed_validator(main, feeds):
    problems = w3c_problems(main.site_dir, SITE_URL)
    assert set(problems) == set(feeds)
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_example_sites_feeds_pass_the_w3c_feed_validator(example_site):
    problems = w3c_problems(example_site.site_dir, SITE_URL)
    assert "feed.xml" in problems and "kommuner/nassjo/feed.xml" in problems
    assert {name: found for name, found in problems.items() if found} == {}


def test_the_w3c_feed_validator_finds_a_broken_feed(main, tmp_path):
    # The check can fail: a width that is no number and a missing enclosure length.
    raw = (main.site_dir / "feed.xml").read_text(encoding="utf-8")
    broken = raw.replace('width="1200"', 'width="stor"', 1).replace(' length="', ' lenght="', 1)
    (tmp_path / "feed.xml").write_text(broken, encoding="utf-8")
    (found,) = w3c_problems(tmp_path, SITE_URL).values()
    text = "\n".join(found)
    assert "width must be a positive integer" in text and "Missing enclosure attribute: length" in text, text


def test_national_feed_is_newest_first_with_same_instant_by_file_path(national):
    assert item_links(national) == [absolute(url) for url in NATIONAL_ORDER]
    dates = [pub_date(item) for item in items(national)]
    assert dates == sorted(dates, reverse=True)


def test_municipality_feed_is_newest_first(feeds):
    expected = [url for url in NATIONAL_ORDER if url.startswith("kommuner/alingsas/")]
    assert item_links(feeds["kommuner/alingsas/feed.xml"]) == [absolute(url) for url in expected]


def test_municipality_without_updates_has_an_empty_valid_feed(feeds):
    feed = feeds["kommuner/ostersund/feed.xml"]
    assert feed.get("version") == "2.0"
    assert items(feed) == []


def test_feeds_hold_the_newest_50(many):
    build, boras = many  # 55 Borås updates, newest first, and an older Mölndal one
    national = build.xml("feed.xml")
    own = build.xml("kommuner/boras/feed.xml")
    assert item_links(national) == [absolute(url) for url in boras[:50]]
    assert item_links(own) == [absolute(url) for url in boras[:50]]
    assert item_links(build.xml("kommuner/molndal/feed.xml")) == [absolute("kommuner/molndal/2024/02/gammal/")]
    # the five oldest still have their pages
    assert all(build.exists(url) for url in boras[50:])
