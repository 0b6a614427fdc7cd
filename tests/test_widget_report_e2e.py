"""End-to-end: the pages made to take the site elsewhere. Real `mkdocs build`
runs; assertions on the written site only.

- /prenumerera/: every feed's absolute address, to copy.
- /kommuner/<slug>/widget/: a widget for an <iframe> on another website, and
  the code to paste it on the municipality page.
- /loften/<id>/utvardering/: a promise's printable evaluation.

Build date: SOURCE_DATE_EPOCH = 2024-07-01 14:00 Stockholm (e2e_support.EPOCH).
"""

from __future__ import annotations

from datetime import datetime, timezone

import lxml.html
import pytest

from citizen_promises.content import read_content
from citizen_promises.swedish import STOCKHOLM, sort_key
from e2e_support import (
    ALINGSAS_EXPECTED,
    EPOCH,
    HIDDEN,
    PUBLISHED,
    SITE_URL,
    SWEDISH_ORDER,
    XSS_TITLE,
    build_bundled,
    built,
    content,
    links,
    main_files,
    promise,
    text,
)

# The widget's bound: small enough for a municipality's page to carry.
WIDGET_BYTES = 10 * 1024
PROMISE_IDS = sorted(path.removeprefix("promises/").removesuffix(".md") for path in main_files() if path.startswith("promises/"))


@pytest.fixture(scope="module")
def bundled(tmp_path_factory):
    """The repository's example content: promises with signatories and
    diary numbers, all of them over by the build date."""
    build = build_bundled(tmp_path_factory.mktemp("bundled-share"))
    assert build.returncode == 0, build.log
    assert not build.warning_lines(), build.warning_lines()
    return build


def model(build):
    """The site model, derived again from the build's own content and date."""
    moment = datetime.fromtimestamp(EPOCH, tz=timezone.utc).astimezone(STOCKHOLM)
    site, report, _ = read_content(build.project, build.project / "docs", moment, preview=False)
    assert not report.errors
    return site


def local(build, address: str) -> str:
    """A site-relative address for an absolute one on the published site."""
    assert address.startswith(SITE_URL), address
    return address[len(SITE_URL):]


# ------------------------------------------------------------ A. /prenumerera/


def test_subscribe_page_lists_every_feed_as_an_absolute_address_that_exists(main):
    codes = [text(code) for code in content(main.html("prenumerera/")).iter("code")]
    expected = ["feed.xml"]
    expected += [f"kommuner/{slug}/feed.xml" for _, slug in SWEDISH_ORDER]
    # Each municipality's current promise, or its latest (as its widget): the page
    # grows with the municipalities, not with the years.
    for municipality in model(main).municipalities:
        shown = municipality.current or municipality.promises[:1]
        expected += [f"loften/{entry.promise.id}/feed.xml" for entry in shown]
    for url in expected:
        assert SITE_URL + url in codes, f"{SITE_URL + url} is not on /prenumerera/"
    feeds = [code for code in codes if code.endswith("feed.xml")]
    assert sorted(feeds) == sorted(SITE_URL + url for url in expected), "these feeds once, and no other"
    for code in codes:
        assert main.exists(local(main, code)), f"{code} is not in the built site"


@pytest.fixture(scope="module")
def with_earlier(tmp_path_factory):
    """The main content and an earlier promise of Eda's, whose period is over."""
    files = {**main_files(), "promises/eda-2023.md": promise("Eda", valid_from="2023-01-01", valid_until="2023-12-31")}
    build = built("earlier-promise", files, tmp_path_factory, strict=True)
    assert build.returncode == 0, build.log
    return build


def test_every_promise_feed_is_on_its_municipality_page_and_linked_from_the_promise(with_earlier):
    build = with_earlier
    for municipality in model(build).municipalities:
        section = build.html(municipality.url).xpath("//section[@aria-labelledby='prenumerera']")[0]
        codes = [text(code) for code in section.iter("code")]
        wanted = [municipality.feed_url] + [f"loften/{entry.promise.id}/feed.xml" for entry in municipality.promises]
        assert codes == [SITE_URL + url for url in wanted], municipality.slug
        for entry in municipality.promises:
            assert f"loften/{entry.promise.id}/feed.xml" in links(build, entry.url)
    codes = [text(code) for code in content(build.html("prenumerera/")).iter("code")]
    assert SITE_URL + "loften/eda-2024/feed.xml" in codes
    assert SITE_URL + "loften/eda-2023/feed.xml" not in codes  # over: on Eda's page
    # /prenumerera/ sends those who want an earlier promise's feed there.
    earlier = {text(a): a.get("href") for a in content(build.html("prenumerera/")).iter("a") if "#prenumerera" in a.get("href", "")}
    assert earlier == {"Flöden för tidigare löften i Eda": "../kommuner/eda/#prenumerera"}


def test_subscribe_page_groups_feeds_by_municipality_in_swedish_order(main):
    article = content(main.html("prenumerera/"))
    headings = [text(h) for h in article.iter("h3")]
    assert headings == [name for name, _ in SWEDISH_ORDER]
    assert headings == sorted(headings, key=sort_key)
    # Each municipality's own feeds are under its heading.
    for heading in article.iter("h3"):
        slug = dict(SWEDISH_ORDER)[text(heading)]
        group = heading.getnext()
        codes = [text(code) for code in group.iter("code")]
        assert f"{SITE_URL}kommuner/{slug}/feed.xml" in codes
        assert f"{SITE_URL}loften/{slug}-2024/feed.xml" in codes
        assert f"{SITE_URL}kommuner/{slug}/widget/" in codes


def test_subscribe_page_explains_feeds_and_links_open_data_and_widgets(main):
    article = content(main.html("prenumerera/"))
    words = text(article)
    for tool in ("flödesläsare", "sociala medier", "webbplats"):
        assert tool in words, tool
    targets = links(main, "prenumerera/")
    assert "oppna-data/" in targets
    assert main.exists("oppna-data/")
    assert "kommuner/alingsas/" in targets  # where the widget's code is


def test_subscribe_page_is_in_the_navigation(main):
    for page in ("", "kommuner/alingsas/"):
        doc = main.html(page)
        nav = doc.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
        names = {text(a): a.get("href") for a in nav.iter("a")}
        assert names.get("Prenumerera och dela") is not None, f"/{page}"


# ------------------------------------------------------------ B. widget and its code


def snippet(build, slug: str) -> lxml.html.HtmlElement:
    """The <iframe> code shown on the municipality page, parsed as a visitor would paste it."""
    article = content(build.html(f"kommuner/{slug}/"))
    heading = [h for h in article.iter("h2") if text(h) == "Visa på er webbplats"]
    assert heading, "no heading 'Visa på er webbplats'"
    code = article.xpath(".//pre/code")
    assert len(code) == 1
    shown = code[0].text_content()
    assert shown.lstrip().startswith("<iframe"), "the code is shown as text, not as markup"
    return lxml.html.fragment_fromstring(shown)


@pytest.mark.parametrize("name, slug", SWEDISH_ORDER)
def test_municipality_page_shows_the_iframe_code_with_the_absolute_widget_address(main, name, slug):
    frame = snippet(main, slug)
    assert frame.tag == "iframe"
    assert frame.get("src") == f"{SITE_URL}kommuner/{slug}/widget/"
    assert frame.get("title") == f"Medborgarlöften i {name}"
    assert frame.get("loading") == "lazy"
    assert int(frame.get("width")) > 0 and int(frame.get("height")) > 0
    assert main.exists(f"kommuner/{slug}/widget/")


def widget(build, slug: str) -> lxml.html.HtmlElement:
    return build.html(f"kommuner/{slug}/widget/")


@pytest.mark.parametrize("slug", [slug for _, slug in SWEDISH_ORDER])
def test_widget_is_a_small_page_without_the_site_chrome(main, slug):
    doc = widget(main, slug)
    assert doc.get("lang") == "sv"
    assert doc.findtext(".//title").strip()
    assert doc.xpath("//meta[@name='viewport']/@content")
    assert doc.xpath("//meta[@name='robots']/@content") == ["noindex"]
    for tag in ("header", "nav", "footer", "script", "form", "input", "iframe", "style"):
        assert not doc.xpath(f"//{tag}"), f"<{tag}> in the widget"
    assert not doc.xpath("//*[@style]"), "inline styles"
    sheets = doc.xpath("//link[@rel='stylesheet']/@href")
    assert len(sheets) == 1 and sheets[0].endswith("assets/widget.css") and "//" not in sheets[0]
    size = main.path(f"kommuner/{slug}/widget/").stat().st_size + (main.site_dir / "assets" / "widget.css").stat().st_size
    assert size < WIDGET_BYTES, f"widget and stylesheet: {size} bytes"


@pytest.mark.parametrize("slug", [slug for _, slug in SWEDISH_ORDER])
def test_widget_links_are_absolute_and_leave_the_frame(main, slug):
    anchors = widget(main, slug).xpath("//a")
    assert anchors
    for a in anchors:
        assert a.get("href").startswith(SITE_URL), a.get("href")
        assert main.exists(local(main, a.get("href").split("#")[0])), a.get("href")
        # target="_top": the full page replaces the embedding one, as its own links do.
        assert a.get("target") == "_top", a.get("href")
    assert f"{SITE_URL}kommuner/{slug}/" in [a.get("href") for a in anchors]


def test_widget_shows_the_current_promise_with_progress_as_text(main):
    doc = widget(main, "alingsas")
    promise_title = text(content(main.html("loften/alingsas-2024/")).xpath(".//h1")[0])
    titles = [text(h) for h in doc.xpath("//main//h2")]
    assert promise_title in titles
    words = text(doc.xpath("//main")[0])
    assert "Alingsås" in text(doc.xpath("//h1")[0])
    # Klar: only the first commitment (see ALINGSAS_EXPECTED).
    assert "1 av 5 åtaganden klara" in words
    for progress, status in ALINGSAS_EXPECTED.values():
        assert f"Genomfört: {progress}" in words and status in words
    assert "inget medborgarlöfte som gäller" not in words
    # Bars only repeat the text; screen readers skip them.
    bars = doc.xpath("//*[contains(@class, 'w-bar')]")
    assert len(bars) == 5 and all(bar.get("aria-hidden") == "true" for bar in bars)


def test_widget_lists_the_three_latest_published_updates(main):
    doc = widget(main, "alingsas")
    newest = sorted((p for p in PUBLISHED if p.municipality == "alingsas"), key=lambda p: p.path, reverse=True)[:3]
    section = doc.xpath("//section[.//h2[normalize-space()='Senaste uppföljningarna']]")[0]
    shown = [(a.get("href"), text(a)) for a in section.iter("a")]
    assert shown == [(SITE_URL + p.url, p.title) for p in newest]
    dates = [text(t) for t in section.iter("time")]
    assert dates == ["15 mars 2024", "1 mars 2024", "20 februari 2024"]
    raw = main.path("kommuner/alingsas/widget/").read_text(encoding="utf-8")
    for path, title, url, word in HIDDEN:
        assert title not in raw and url not in raw, path


def test_widget_escapes_titles(main):
    raw = main.path("kommuner/ystad/widget/").read_text(encoding="utf-8")
    assert "<script>alert" not in raw
    assert XSS_TITLE in [text(a) for a in widget(main, "ystad").xpath("//a")]


def test_widget_without_a_current_promise_says_so_and_shows_the_latest(bundled):
    doc = widget(bundled, "nassjo")
    words = text(doc.xpath("//main")[0])
    assert "Nässjö har inget medborgarlöfte som gäller just nu" in words
    assert "Medborgarlöfte i Nässjö kommun 2019–2020" in [text(h) for h in doc.xpath("//main//h2")]
    assert len(doc.xpath("//section[.//h2[normalize-space()='Senaste uppföljningarna']]//a")) == 3


def test_widget_is_out_of_the_nav_and_the_search(main):
    for file in main.html_files():
        page = main.url_of(file)
        if "/widget/" in page:
            continue
        nav = main.html(page).xpath("//nav[contains(@class, 'md-nav')]//a/@href")
        assert not [href for href in nav if "widget/" in href], f"/{page} has the widget in its navigation"
    assert not [doc["url"] for doc in main.search_documents() if doc["url"].endswith("/widget/")]


# ------------------------------------------------------------ C. evaluation


def rows(build, promise_id: str) -> dict[str, list[str]]:
    """Commitment text -> the cells of its row."""
    article = content(build.html(f"loften/{promise_id}/utvardering/"))
    result = {}
    for tr in article.xpath(".//table//tbody/tr"):
        cells = [text(td) for td in tr.xpath("./td")]
        result[cells[0]] = cells
    return result


@pytest.mark.parametrize("promise_id", PROMISE_IDS)
def test_evaluation_has_every_commitment_with_promised_against_delivered(main, promise_id):
    entry = model(main).promises[promise_id]
    found = rows(main, promise_id)
    assert list(found) == [item.commitment.text for item in entry.progress]
    for item in entry.progress:
        commitment = item.commitment
        _, party, promised, delivered, share, status = found[commitment.text]
        unit = f" {commitment.unit}" if commitment.unit else ""
        assert promised == (f"minst {commitment.target}{unit}" if commitment.target else "Inget antal")
        assert delivered == f"{item.done}{unit}"
        assert share == (f"{item.percent} %" if item.percent is not None else "Inget mål")
        assert status in ("Planerad", "Pågår", "Pausad", "Klar", "Inställd")


def test_evaluation_matches_the_promise_page(main):
    found = rows(main, "alingsas-2024")
    for commitment, (progress, status) in ALINGSAS_EXPECTED.items():
        done, target_unit = progress.split(" av ")
        target, unit = target_unit.split(" ", 1)
        assert found[commitment][2:4] == [f"minst {target} {unit}", f"{done} {unit}"]
        assert found[commitment][5] == status


def test_evaluation_of_a_running_period_is_per_the_build_date(main):
    article = content(main.html("loften/alingsas-2024/utvardering/"))
    words = text(article)
    assert "Perioden pågår. Läget per 1 juli 2024." in words
    assert "Rapporten skapades 1 juli 2024" in words
    for label, count in (("Klar", 1), ("Pågår", 2), ("Pausad", 1), ("Planerad", 1), ("Inställd", 0)):
        assert f"{label}: {count}" in words


def test_evaluation_lists_the_published_updates_oldest_first_with_absolute_links(main):
    article = content(main.html("loften/alingsas-2024/utvardering/"))
    listed = article.xpath(".//ol/li")
    expected = sorted((p for p in PUBLISHED if p.promise == "alingsas-2024"), key=lambda p: p.path)
    assert [li.xpath(".//a/@href")[0] for li in listed] == [SITE_URL + p.url for p in expected]
    assert [text(li.xpath(".//a")[0]) for li in listed] == [p.title for p in expected]
    assert text(listed[0]).startswith("15 januari 2024")
    raw = main.path("loften/alingsas-2024/utvardering/").read_text(encoding="utf-8")
    for path, title, url, word in HIDDEN:
        assert title not in raw, path


def test_promise_page_links_its_evaluation(main):
    article = content(main.html("loften/alingsas-2024/"))
    found = [a for a in article.iter("a") if text(a) == "Utvärdering (utskriftsvänlig)"]
    assert found
    assert "loften/alingsas-2024/utvardering/" in links(main, "loften/alingsas-2024/")


def test_evaluation_names_signatories_diary_numbers_and_police_area(bundled):
    words = text(content(bundled.html("loften/nassjo-2019-2020/utvardering/")))
    for fact in (
        "Nässjö", "Högländet", "25 april 2019 – 31 december 2020",
        "Anna-Carin Magnusson, Kommunstyrelsens ordförande, Nässjö kommun",
        "Jonas Lindell, Lokalpolisområdeschef, Lokalpolisområde Högländet",
    ):
        assert fact in words, fact
    assert "Perioden är slut. Läget vid periodens slut, 31 december 2020." in words
    linkoping = text(content(bundled.html("loften/linkoping-2021-2022/utvardering/")))
    assert "Samverkansoverenskommelse: KS 2019-1011" in linkoping
    assert "Niklas Borg, Kommunstyrelsens ordförande, Linköpings kommun" in linkoping


def test_evaluation_rows_match_the_model_in_the_example_content(bundled):
    site = model(bundled)
    for promise_id, entry in site.promises.items():
        found = rows(bundled, promise_id)
        assert len(found) == len(entry.progress), promise_id
        for item in entry.progress:
            unit = f" {item.commitment.unit}" if item.commitment.unit else ""
            assert found[item.commitment.text][3] == f"{item.done}{unit}", (promise_id, item.commitment.id)
