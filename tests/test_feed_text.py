"""End-to-end: text in a feed reaches a reader as the text that was written,
whether the reader takes an element as plain text or as HTML (issue 10, 9).

- title, category, dc:creator and the channel's title and description: `<` and
  `>` become the look-alikes ‹ ›, an `&` that HTML would read as a character
  reference becomes ＆; read as XML text or parsed as HTML, they are the same text
  and hold no element.
- description: HTML-escaped text; parsed as HTML it is the summary as written.
- content:encoded: the page's HTML; no <script> from a title or a body.

Every expected value is written out by hand.
"""

from __future__ import annotations

import lxml.html
import pytest

from e2e_support import CONTENT, SITE_URL, absolute, built, channel, items, promise, update
from feed_validator import w3c_problems

DC = "http://purl.org/dc/elements/1.1/"

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
AMPERSAND = "Trygghet & säkerhet"
ENTITY = "&amp;"
TAG_ENTITIES = "&lt;b&gt;"
# A first paragraph that writes the characters of a tag on purpose.
BODY_WITH_ENTITIES = "Vi skriver &lt;script&gt;alert(1)&lt;/script&gt; med flit.\n\nAndra stycket &lt;script&gt;alert(2)&lt;/script&gt;."

FILES = {
    "promises/skript-2024.md": promise(SCRIPT, title=f"{AMPERSAND} {IMG}"),
    "promises/ek-2024.md": promise("Ås &amp; Ek &lt;b&gt;", title="Löfte &amp; &lt;b&gt; i Ek"),
    "updates/skript/2024-03-01-ett.md": update(
        SCRIPT, "2024-03-01", "skript-2024", body=BODY_WITH_ENTITIES,
        summary=IMG, tags=[AMPERSAND, ENTITY, TAG_ENTITIES], author=IMG,
    ),
    "updates/ek/2024-03-02-tva.md": update(
        f"{AMPERSAND} {ENTITY} {TAG_ENTITIES}", "2024-03-02", "ek-2024", body=BODY_WITH_ENTITIES,
        tags=[SCRIPT], author=AMPERSAND,
    ),
    "updates/ek/2024-03-03-tre.md": update(
        IMG, "2024-03-03", "ek-2024", body="Första stycket.\n\nAndra stycket.", summary=f"{AMPERSAND} {ENTITY} {TAG_ENTITIES}", tags=[IMG], author=ENTITY,
    ),
}

# Item link -> what a reader shows: title, description, categories (municipality first), creator.
EXPECTED = {
    "kommuner/scriptalert1script/2024/03/ett/": {
        "title": "‹script›alert(1)‹/script›",
        "description": "<img src=x onerror=alert(1)>",
        "categories": ["‹script›alert(1)‹/script›", "Trygghet & säkerhet", "＆amp;", "＆lt;b＆gt;"],
        "creator": "‹img src=x onerror=alert(1)›",
    },
    "kommuner/as-amp-ek-ltbgt/2024/03/tva/": {
        "title": "Trygghet & säkerhet ＆amp; ＆lt;b＆gt;",
        "description": "Vi skriver <script>alert(1)</script> med flit.",
        "categories": ["Ås ＆amp; Ek ＆lt;b＆gt;", "‹script›alert(1)‹/script›"],
        "creator": "Trygghet & säkerhet",
    },
    "kommuner/as-amp-ek-ltbgt/2024/03/tre/": {
        "title": "‹img src=x onerror=alert(1)›",
        "description": "Trygghet & säkerhet &amp; &lt;b&gt;",
        "categories": ["Ås ＆amp; Ek ＆lt;b＆gt;", "‹img src=x onerror=alert(1)›"],
        "creator": "＆amp;",
    },
}
# The description as it stands in the XML: the summary, HTML-escaped.
EXPECTED_DESCRIPTION_XML = {
    "kommuner/scriptalert1script/2024/03/ett/": "&lt;img src=x onerror=alert(1)&gt;",
    "kommuner/as-amp-ek-ltbgt/2024/03/tva/": "Vi skriver &lt;script&gt;alert(1)&lt;/script&gt; med flit.",
    "kommuner/as-amp-ek-ltbgt/2024/03/tre/": "Trygghet &amp; säkerhet &amp;amp; &amp;lt;b&amp;gt;",
}
# Feed -> (channel title, channel description), the promise titles and municipality names made safe.
EXPECTED_CHANNELS = {
    "kommuner/scriptalert1script/feed.xml": (
        "Medborgarlöften i ‹script›alert(1)‹/script›",
        "Uppföljningar av medborgarlöftena i ‹script›alert(1)‹/script›.",
    ),
    "kommuner/as-amp-ek-ltbgt/feed.xml": (
        "Medborgarlöften i Ås ＆amp; Ek ＆lt;b＆gt;",
        "Uppföljningar av medborgarlöftena i Ås ＆amp; Ek ＆lt;b＆gt;.",
    ),
    "loften/skript-2024/feed.xml": (
        "Trygghet & säkerhet ‹img src=x onerror=alert(1)›",
        "Uppföljningar av Trygghet & säkerhet ‹img src=x onerror=alert(1)›.",
    ),
    "loften/ek-2024/feed.xml": ("Löfte ＆amp; ＆lt;b＆gt; i Ek", "Uppföljningar av Löfte ＆amp; ＆lt;b＆gt; i Ek."),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    build = built("feed-text", FILES, tmp_path_factory)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def feeds(site):
    found = {p.relative_to(site.site_dir).as_posix(): site.xml(p.relative_to(site.site_dir).as_posix()) for p in site.site_dir.rglob("feed.xml")}
    assert set(EXPECTED_CHANNELS) | {"feed.xml"} <= set(found)
    return found


def as_html(text: str) -> lxml.html.HtmlElement:
    """How a reader that takes the element as HTML sees it."""
    return lxml.html.fragment_fromstring(text, create_parent="div")


def assert_same_as_text_and_as_html(text: str | None, expected: str, where: str) -> None:
    assert text == expected, where  # (a) read as plain text
    html = as_html(text)  # (b) read as HTML
    assert len(html) == 0, f"{where}: {text!r} holds elements {[e.tag for e in html]}"
    assert html.text_content() == expected, where


def every_item(feeds):
    for name, feed in feeds.items():
        for item in items(feed):
            link = item.findtext("link")
            assert link.startswith(SITE_URL)
            yield name, link[len(SITE_URL):], item


def test_every_update_is_in_the_national_feed(feeds):
    assert sorted(item.findtext("link") for item in items(feeds["feed.xml"])) == sorted(absolute(url) for url in EXPECTED)


def test_title_category_and_creator_read_the_same_as_text_and_as_html(feeds):
    seen = 0
    for name, url, item in every_item(feeds):
        expected = EXPECTED[url]
        where = f"{name} {url}"
        assert_same_as_text_and_as_html(item.findtext("title"), expected["title"], where + " title")
        categories = [c.text for c in item.findall("category")]
        assert categories == expected["categories"], where
        for category, wanted in zip(categories, expected["categories"], strict=True):
            assert_same_as_text_and_as_html(category, wanted, where + " category")
        creators = item.findall(f"{{{DC}}}creator")
        assert len(creators) == 1, where
        assert_same_as_text_and_as_html(creators[0].text, expected["creator"], where + " creator")
        seen += 1
    assert seen == 3 * 3  # each update in the national, its municipality's and its promise's feed


def test_description_parsed_as_html_is_the_summary_as_written(feeds):
    for name, url, item in every_item(feeds):
        description = item.findtext("description")
        assert description == EXPECTED_DESCRIPTION_XML[url], (name, url)
        html = as_html(description)
        assert len(html) == 0, (name, url, [e.tag for e in html])
        assert html.text_content() == EXPECTED[url]["description"], (name, url)


def test_channel_title_and_description_read_the_same_as_text_and_as_html(feeds):
    for name, (title, description) in EXPECTED_CHANNELS.items():
        head = channel(feeds[name])
        assert_same_as_text_and_as_html(head.findtext("title"), title, name + " title")
        assert_same_as_text_and_as_html(head.findtext("description"), description, name + " description")


def test_content_encoded_has_no_script_from_a_title_or_a_body(feeds):
    for name, url, item in every_item(feeds):
        html = as_html(item.findtext(f"{{{CONTENT}}}encoded"))
        assert html.xpath("//script") == [] and html.xpath("//img") == [], (name, url)
        if url.endswith(("/ett/", "/tva/")):
            # the body's escaped tags are text, as written
            assert "Vi skriver <script>alert(1)</script> med flit." in html.text_content(), (name, url)
            assert "Andra stycket <script>alert(2)</script>." in html.text_content(), (name, url)


def test_feeds_hold_no_markup_from_the_content(site, feeds):
    """Raw bytes: no tag from a field comes out as markup of the feed itself."""
    for name in feeds:
        raw = (site.site_dir / name).read_text(encoding="utf-8")
        assert "<script" not in raw and "<img" not in raw, name


def test_feeds_with_hostile_text_pass_the_w3c_feed_validator(site, feeds):
    problems = w3c_problems(site.site_dir, SITE_URL)
    assert set(problems) == set(feeds)
    assert {name: found for name, found in problems.items() if found} == {}


def test_hostile_titles_are_drawn_on_their_cards(site, feeds):
    """Each update here has no image: its feed item carries its own card, drawn
    from a title with markup characters, a PNG of the card's size."""
    for name, url, item in every_item(feeds):
        card = absolute(url + "delningsbild.png")
        assert item.find("enclosure").get("url") == card, (name, url)
        data = site.path(url + "delningsbild.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[16:24] == bytes.fromhex("000004b000000276"), url  # 1200 × 630
