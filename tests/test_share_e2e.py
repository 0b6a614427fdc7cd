"""Share cards: what Facebook, LinkedIn, Slack or a text message shows when
someone pastes a link to a page, and the plain share links under the page.

Real `mkdocs build` of the e2e content set (see e2e_support.py); the metadata
is read from the written HTML the way a link preview crawler reads it.
"""

from __future__ import annotations

import os
import struct
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import mkdocs
import pytest
from PIL import Image, ImageDraw, ImageFont

from browser_support import free_port, mkdocs_serve
from citizen_promises import share
from citizen_promises.share import CARD_SIZE, CardPainter, UpdateCard, _wrap, shorten
from e2e_support import EPOCH, SITE_URL, SWEDISH_ORDER, XSS_TITLE, absolute, main_build, main_files, make_project

UPDATE_WITH_IMAGE = "kommuner/alingsas/2024/01/vinterrapport/"
UPDATE_WITHOUT_IMAGE = "kommuner/alingsas/2024/02/natt/"  # 2024-01-31T23:30Z: 00:30 in Stockholm
FEBRUARY_UPDATE = "kommuner/alingsas/2024/02/februari/"  # progress: insatser 4, kameror 2
MARCH_UPDATE = "kommuner/alingsas/2024/03/mars/"  # status: samverkan paused
SUMMER_UPDATE = "kommuner/are/2024/06/sommar/"
HOSTILE_UPDATE = "kommuner/ystad/2024/04/kvall/"
PROMISE = "loften/alingsas-2024/"
MUNICIPALITY = "kommuner/alingsas/"
SHARED_PAGES = [UPDATE_WITH_IMAGE, UPDATE_WITHOUT_IMAGE, PROMISE, MUNICIPALITY]
URL_PROPERTIES = ("og:url", "og:image", "twitter:image")


def card(build, url: str) -> dict[str, str]:
    """The page's Open Graph and Twitter metadata, as a crawler reads it."""
    head = build.html(url).head
    found: dict[str, str] = {}
    for meta in head.iter("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith(("og:", "twitter:", "article:")) or key == "description"):
            assert key not in found, f"{url}: {key} twice"
            found[key] = meta.get("content")
    return found


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("url", SHARED_PAGES)
def test_every_shared_page_has_a_complete_card(main, url):
    meta = card(main, url)
    for key in ("og:title", "og:description", "og:url", "og:type", "og:image", "og:image:alt",
                "twitter:card", "twitter:title", "twitter:image", "twitter:image:alt"):
        assert meta.get(key), f"{url}: {key} missing or empty"
    assert meta["og:locale"] == "sv_SE"
    assert meta["og:url"] == absolute(url)
    assert meta["twitter:card"] == "summary_large_image"
    assert meta["description"] == meta["og:description"]


@pytest.mark.parametrize("url", SHARED_PAGES + ["", "kommuner/", "uppdateringar/"])
def test_card_urls_are_absolute_and_images_exist(main, url):
    meta = card(main, url)
    for key in URL_PROPERTIES:
        assert meta[key].startswith(SITE_URL), f"{url}: {key} = {meta[key]} is not absolute"
    image = meta["og:image"][len(SITE_URL):]
    assert main.exists(image), f"{url}: og:image {image} is not in the built site"
    assert meta["twitter:image"] == meta["og:image"]


def test_update_with_image_shares_its_own_image_and_alt_text(main):
    meta = card(main, UPDATE_WITH_IMAGE)
    # Published beside the update file, where the writer put it.
    assert meta["og:image"] == absolute("updates/alingsas/bilder/vinter.png")
    assert meta["og:image:alt"] == "Snöig gata i centrum"
    assert meta["og:type"] == "article"
    # vinter.png is 5 × 4 pixels (e2e_support.IMAGE).
    assert (meta["og:image:width"], meta["og:image:height"]) == ("5", "4")


def test_update_without_image_gets_its_own_card(main):
    meta = card(main, UPDATE_WITHOUT_IMAGE)
    assert meta["og:image"] == absolute(UPDATE_WITHOUT_IMAGE + "delningsbild.png")
    assert meta["twitter:image"] == meta["og:image"]
    assert meta["og:image"] != absolute("kommuner/alingsas/delningsbild.png")
    assert meta["og:image"] != card(main, FEBRUARY_UPDATE)["og:image"]
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    data = main.path(UPDATE_WITHOUT_IMAGE + "delningsbild.png").read_bytes()
    assert png_size(data) == (1200, 630)
    others = {main.path(url).read_bytes() for url in (FEBRUARY_UPDATE + "delningsbild.png", "kommuner/alingsas/delningsbild.png")}
    assert data not in others


@pytest.mark.parametrize(
    ("url", "alt"),
    [
        # No progress and no status: no number, the promise it follows up.
        (UPDATE_WITHOUT_IMAGE, "Nattinsats vid stationen. Alingsås, 1 februari 2024. Medborgarlöfte i Alingsås kommun 2024"),
        # Two commitments, running totals as of the update: insatser 6 in January + 4 now.
        (FEBRUARY_UPDATE, "Fler insatser i februari. Alingsås, 20 februari 2024. 10 av 10 insatser, 2 av 2 kameror"),
        # A status alone reports on a commitment too: 3 meetings since January.
        (MARCH_UPDATE, "Samverkan pausas i mars. Alingsås, 15 mars 2024. 3 av 12 möten"),
        # Hostile title: text in the alt attribute, escaped by the template.
        (HOSTILE_UPDATE, f"{XSS_TITLE}. Ystad, 10 april 2024. Medborgarlöfte i Ystads kommun 2024"),
    ],
    ids=["none", "two", "status-only", "hostile"],
)
def test_update_card_says_what_it_shows(main, url, alt):
    assert card(main, url)["og:image:alt"] == alt


def png_chunks(data: bytes) -> list[bytes]:
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        chunks.append(data[at + 4:at + 8])
        at += 12 + length
    return chunks


def test_cards_carry_no_metadata_and_are_the_same_bytes_on_a_second_build(main, tmp_path_factory):
    # The second build of the same project reads its cards from the first one's
    # cache (.cache/share-cards/): a card from the cache is the card drawn.
    again = main_build(tmp_path_factory, variant="-again")
    assert again.returncode == 0, again.log
    cards = sorted(p.relative_to(main.site_dir) for p in main.site_dir.rglob("delningsbild.png"))
    assert len(cards) == 1 + len(SWEDISH_ORDER) + 10  # site, municipalities, the 10 updates without an image
    assert (main.project / ".cache" / "share-cards").is_dir()
    for rel in cards:
        data = (main.site_dir / rel).read_bytes()
        assert (again.site_dir / rel).read_bytes() == data, rel
        # No tEXt, tIME or pHYs chunk: nothing from the machine or the clock.
        assert png_chunks(data) == [b"IHDR", b"PLTE", b"IDAT", b"IEND"], rel


@pytest.mark.parametrize(
    ("url", "published"),
    [
        (UPDATE_WITHOUT_IMAGE, "2024-02-01T00:30:00+01:00"),  # winter: UTC+1, the next local day
        (SUMMER_UPDATE, "2024-06-15T10:00:00+02:00"),  # summer: UTC+2
    ],
)
def test_updates_carry_their_publication_time_in_stockholm_time(main, url, published):
    assert card(main, url)["article:published_time"] == published


@pytest.mark.parametrize("url", [PROMISE, MUNICIPALITY, ""])
def test_only_updates_are_articles(main, url):
    meta = card(main, url)
    assert meta["og:type"] == "website"
    assert "article:published_time" not in meta


def test_promise_and_municipality_cards_say_how_far_the_promise_has_come(main):
    # Alingsås: insatser 10 of 10 is the only one done (see ALINGSAS_EXPECTED).
    for url in (PROMISE, MUNICIPALITY):
        description = card(main, url)["og:description"]
        assert "Alingsås" in description and "1 av 5 är klara" in description, description
    assert card(main, MUNICIPALITY)["og:title"] == "Medborgarlöften i Alingsås"


def test_a_hostile_title_reaches_the_card_as_text(main):
    meta = card(main, HOSTILE_UPDATE)
    assert meta["og:title"] == XSS_TITLE
    assert meta["twitter:title"] == XSS_TITLE
    raw = main.path(HOSTILE_UPDATE).read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw


def test_default_cards_are_large_pngs_one_per_municipality(main):
    site_card = (main.site_dir / "assets" / "delningsbild.png").read_bytes()
    assert png_size(site_card) == (1200, 630)
    cards = {}
    for slug in ("alingsas", "are", "orebro", "ystad"):
        data = main.path(f"kommuner/{slug}/delningsbild.png").read_bytes()
        assert png_size(data) == (1200, 630)
        cards[slug] = data
    # Each names its municipality, so no two are the same picture.
    assert len(set(cards.values()) | {site_card}) == 5


def test_share_links_are_plain_links_to_the_services_with_the_page_address(main):
    doc = main.html(UPDATE_WITHOUT_IMAGE)
    (nav,) = doc.xpath('//nav[@aria-label="Dela sidan"]')
    found = {a.text_content().strip(): a.get("href") for a in nav.iter("a")}
    assert list(found) == ["Facebook", "LinkedIn", "E-post", "Kopiera länk"]
    page = absolute(UPDATE_WITHOUT_IMAGE)
    facebook = urlsplit(found["Facebook"])
    assert facebook.netloc == "www.facebook.com" and parse_qs(facebook.query) == {"u": [page]}
    assert parse_qs(urlsplit(found["LinkedIn"]).query) == {"url": [page]}
    mail = urlsplit(found["E-post"])
    assert mail.scheme == "mailto"
    assert parse_qs(mail.query) == {"subject": ["Nattinsats vid stationen"], "body": [page]}
    assert "+" not in mail.query  # a + would show in the mail as a plus, not a space
    assert found["Kopiera länk"] == page


def test_no_third_party_script_on_any_page(main):
    for file in main.html_files():
        for src in lxml_scripts(main, file):
            assert not src.startswith(("http:", "https:", "//")), f"{file}: {src}"


def lxml_scripts(build, file) -> list[str]:
    return [s.get("src") for s in build.html(build.url_of(file)).iter("script") if s.get("src")]


def test_list_pages_have_no_share_links(main):
    for url in ("kommuner/", "uppdateringar/"):
        assert not main.html(url).xpath('//nav[@aria-label="Dela sidan"]')


def test_descriptions_are_cut_at_a_word_with_an_ellipsis():
    text = "ord " * 100
    short = shorten(text, 30)
    assert len(short) <= 30 and short.endswith("ord…")
    assert shorten("  Kort   text. ") == "Kort text."


# ---------------------------------------------------------------- the painter itself

FONTS = Path(mkdocs.__file__).parent / "themes" / "readthedocs" / "css" / "fonts"
LONG_TITLE = (
    "Trygghetsvandring i Runneryd och Stationsområdet med fastighetsägare, skolor, föreningar, "
    "räddningstjänsten och boende som ville visa var belysningen brister och buskarna skymmer sikten"
)


def painter(cache: Path | None = None) -> CardPainter:
    return CardPainter(FONTS / "lato-bold.woff2", FONTS / "lato-normal.woff2", cache)


def an_update_card(title: str) -> UpdateCard:
    return UpdateCard(title, "Upplands Väsby", ("9 av 15 insatser",), "", "Medborgarlöfte", "15 januari 2024", "Medborgarlöften · kommunen och polisen")


def test_a_long_title_wraps_to_three_lines_inside_the_card_and_is_cut_with_an_ellipsis():
    image = Image.new("L", CARD_SIZE)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS / "lato-bold.woff2"), 50, layout_engine=ImageFont.Layout.BASIC)
    width = CARD_SIZE[0] - 160
    for title in (LONG_TITLE, "Ö" * 400, LONG_TITLE.replace(" ", "-")):
        lines, whole = _wrap(draw, title, font, width, 3)
        assert len(lines) == 3 and not whole, title
        assert all(draw.textlength(line, font=font) <= width for line in lines), lines
        assert lines[-1].endswith("…")
    assert _wrap(draw, "Nattinsats vid stationen", font, width, 3) == (["Nattinsats vid stationen"], True)


def test_the_cache_gives_the_drawn_bytes_and_never_another_cards(tmp_path):
    fresh = painter().png(an_update_card(LONG_TITLE))
    cached = painter(tmp_path)
    assert cached.png(an_update_card(LONG_TITLE)) == fresh  # drawn, then kept
    assert len(list(tmp_path.rglob("*.png"))) == 1
    assert painter(tmp_path).png(an_update_card(LONG_TITLE)) == fresh  # read back
    # One character more is another card, drawn anew.
    short = painter(tmp_path).png(an_update_card("Nattinsats"))
    assert painter(tmp_path).png(an_update_card("Nattinsats!")) not in (short, fresh)
    assert len(list(tmp_path.rglob("*.png"))) == 3


def test_a_new_version_of_the_drawing_code_draws_anew(tmp_path, monkeypatch):
    painter(tmp_path).png(an_update_card("Nattinsats"))
    monkeypatch.setattr(share, "CARD_VERSION", share.CARD_VERSION + "-next")
    painter(tmp_path).png(an_update_card("Nattinsats"))
    assert len(list(tmp_path.rglob("*.png"))) == 2


class _DrawnByPillow(CardPainter):
    """Every line through ImageDraw.text, none stamped from the painter's own renderings."""

    def _line(self, draw, xy, text, font, fill):
        draw.text(xy, text, font=font, fill=fill)


def test_lines_rendered_once_for_many_cards_look_exactly_as_pillow_draws_them():
    cards = [
        an_update_card(LONG_TITLE),
        UpdateCard("Fler insatser", "Alingsås", ("10 av 10 insatser", "2 av 2 kameror"), "och 3 åtaganden till", "Löftet", "20 februari 2024", "Medborgarlöften · kommunen och polisen"),
        UpdateCard("Nattinsats", "Åre", (), "", "Medborgarlöfte i Åre kommun 2024 " * 4, "1 februari 2024", "Medborgarlöften · kommunen och polisen"),
        share.DefaultCard("Medborgarlöften", "Upplands Väsby"),
        share.DefaultCard("Medborgarlöften", None),
    ]
    ours, pillows = painter(), _DrawnByPillow(FONTS / "lato-bold.woff2", FONTS / "lato-normal.woff2")
    # Twice: the second time the footer and the totals come from what the first rendered.
    for card in cards + cards:
        assert ours.png(card) == pillows.png(card), card


def test_cards_the_cache_cannot_keep_come_back_to_be_published(tmp_path):
    # A read-only or full disk: the build publishes the cards from memory instead.
    blocked = tmp_path / "a-file"
    blocked.write_bytes(b"")
    cards = [an_update_card("Nattinsats"), an_update_card("Dagsinsats"), an_update_card("Nattinsats")]
    unkept = painter(blocked / "share-cards").fill(cards)
    assert sorted(unkept.values()) == sorted([painter().png(cards[0]), painter().png(cards[1])])
    # Where it can write, the cache holds each card once and gives back its file, not its bytes.
    assert all(isinstance(kept, Path) for kept in painter(tmp_path / "cache").fill(cards).values())
    assert sorted(p.read_bytes() for p in (tmp_path / "cache").rglob("*.png")) == sorted(unkept.values())


# ---------------------------------------------------------------- the preview's rebuilds

NATT_FILE = "updates/alingsas/2024-01-31-natt.md"
REBUILT_S = 90  # a rebuild of this content on a busy 2-core machine takes well under this


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def _served_cards(base: str, urls: list[str]) -> dict[str, bytes]:
    return {url: _fetch(base + url) for url in urls}


def test_the_preview_publishes_every_card_again_after_a_save(main, tmp_path):
    # `mkdocs serve` rebuilds in the same process on every save: the painter
    # that drew the first build's cards must draw (and publish) the next one's.
    project = make_project(tmp_path / "project", main_files())
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    # The published build's cards (the preview has the draft's and future update's besides).
    urls = sorted(p.relative_to(main.site_dir).as_posix() for p in main.site_dir.rglob("delningsbild.png"))
    natt_card = UPDATE_WITHOUT_IMAGE + "delningsbild.png"
    with mkdocs_serve(command, project, env, base, tmp_path / "serve.log"):
        before = _served_cards(base, urls)
        source = project / NATT_FILE
        source.write_text(source.read_text(encoding="utf-8").replace("Nattinsats vid stationen", "Nattinsats vid resecentrum"), encoding="utf-8")
        deadline = time.monotonic() + REBUILT_S
        while b"Nattinsats vid resecentrum" not in _fetch(base + UPDATE_WITHOUT_IMAGE):
            assert time.monotonic() < deadline, "the preview did not rebuild:\n" + (tmp_path / "serve.log").read_text(encoding="utf-8")[-3000:]
            time.sleep(0.2)  # polling interval of the condition above, not a wait for it
        after = _served_cards(base, urls)
        feed = _fetch(base + "kommuner/alingsas/feed.xml")
    for url in urls:
        assert png_size(after[url]) == (1200, 630), url
    # Only the saved update's card is drawn anew; every other comes from the cache as it was.
    assert [url for url in urls if after[url] != before[url]] == [natt_card]
    # The feed's enclosure gives the new card's length.
    assert f'url="{base}{natt_card}" length="{len(after[natt_card])}"'.encode() in feed
