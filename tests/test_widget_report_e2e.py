"""End-to-end: the pages made to take the site elsewhere. Real `mkdocs build`
runs; assertions on the written site only.

- /prenumerera/: every feed's absolute address, to copy.
- /kommuner/<slug>/widget/: a widget for an <iframe> on another website, and
  the code to paste it on the municipality page.
- /loften/<id>/utvardering/: a promise's printable evaluation.

Build date: SOURCE_DATE_EPOCH = 2024-07-01 14:00 Stockholm (e2e_support.EPOCH).

Expected values are written out by hand from the content (e2e_support.main_files()
and the repository's promises/ and updates/), never computed by the site's own code.
"""

from __future__ import annotations

import lxml.html
import pytest

from e2e_support import (
    ALINGSAS_EXPECTED,
    HIDDEN,
    PROJECT,
    PUBLISHED,
    SITE_URL,
    SWEDISH_ORDER,
    XSS_TITLE,
    built,
    content,
    links,
    main_files,
    promise,
    text,
)

# The widget's bound: small enough for a municipality's page to carry.
WIDGET_BYTES = 10 * 1024

# ---- the main scenario (e2e_support.main_files()), by hand
# Every municipality has one promise, promises/<slug>-2024.md, valid 2024-01-01 to
# 2024-12-31: current on the build date.
MAIN_PROMISES = {slug: f"{slug}-2024" for _, slug in SWEDISH_ORDER}
# Evaluation rows, commitment text -> [by, promised, delivered, share, status].
# promises/alingsas-2024.md (ALINGSAS_COMMITMENTS) and its published updates under
# updates/alingsas/ (the draft 2024-04-01 and the later 2024-07-01T14:30 and 2024-08-01
# do not count): insatser 6 + 4, vandringar 2, samverkan 3 (paused 15 March),
# kameror 2 (status ongoing), belysning nothing.
ALINGSAS_ROWS = {
    "Polisen genomför minst tio insatser i centrum.": ["Polisen", "minst 10 insatser", "10 insatser", "100 %", "Klar"],
    "Kommunen ordnar fem trygghetsvandringar.": ["Kommunen", "minst 5 trygghetsvandringar", "2 trygghetsvandringar", "40 %", "Pågår"],
    "Kommunen förbättrar belysningen på tre platser.": ["Kommunen", "minst 3 platser", "0 platser", "0 %", "Planerad"],
    "Polisen och kommunen håller tolv samverkansmöten.": ["Gemensamt", "minst 12 möten", "3 möten", "25 %", "Pausad"],
    "Kommunen sätter upp två kameror vid stationen.": ["Kommunen", "minst 2 kameror", "2 kameror", "100 %", "Pågår"],
}
# The other six: e2e_support.promise()'s one commitment (polisen, target 10 insatser), no progress reported.
MAIN_EVALUATIONS = {"alingsas-2024": ALINGSAS_ROWS} | {
    f"{slug}-2024": {f"Polisen gör insatser i {name}.": ["Polisen", "minst 10 insatser", "0 insatser", "0 %", "Planerad"]}
    for name, slug in SWEDISH_ORDER if slug != "alingsas"
}

# ---- the repository's example content, by hand
# Evaluation rows of every promise in promises/, commitment text -> [by (and partners),
# promised, delivered, share, status]; delivered is the sum of `progress` over the
# promise's published updates in updates/<municipality>/ (the Linköping draft
# 2022-11-25-november-utkast.md does not count), status the latest `status` given.
# A commitment without target counts nothing (contract 2.1): "Räknas inte".
EXAMPLE_EVALUATIONS = {
    # promises/haninge-2021.md, updates/haninge/*.md (trygghetsinventeringar cancelled 2021-12-17)
    "haninge-2021": {
        "Polisen och kommunen gör två trygghetsinventeringar varje halvår. Vi väljer kommundelar utifrån "
        "trygghetsmätningen och den lägesbild vi tar fram tillsammans.":
            ["Gemensamt", "minst 4 trygghetsinventeringar", "3 trygghetsinventeringar", "75 %", "Inställd"],
        "Polisen syns mer i kollektivtrafiken, vid knutpunkter för resor och i centrumanläggningar. Utöver det vanliga "
        "arbetet gör polisen riktade insatser där tillsammans med andra aktörer.":
            ["Polisen", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och personal från kommunens verksamheter besöker regelbundet platser där unga träffas, för att lära "
        "känna dem och öka tryggheten.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och kommunen träffas varje fredag för att dela den aktuella operativa lägesbilden och planera helgens insatser.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och kommunen arbetar aktivt för att hindra att unga hamnar i brott. Vi delar lägesbilden och "
        "prioriterar insatser för unga i riskzonen i var sin verksamhet.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och kommunen arbetar tillsammans för säkrare trafik. Vi utgår från en gemensam lägesbild inom våra ansvarsområden.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och kommunen håller minst fyra trygghetsdialoger i olika delar av kommunen.":
            ["Gemensamt", "minst 4 trygghetsdialoger", "4 trygghetsdialoger", "100 %", "Klar"],
    },
    # promises/linkoping-2021-2022.md, updates/linkoping/*.md
    "linkoping-2021-2022": {
        "Polisen och kommunen utvecklar och samordnar sin närvaro på platser som är otrygga eller utsatta för brott. "
        "En gemensam lägesbild avgör var.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Polisen och kommunen gör fysiska förändringar som ökar säkerheten och tryggheten i stadsmiljön, till exempel "
        "bättre belysning, parkskötsel och renhållning.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
    },
    # promises/nassjo-2019-2020.md, updates/nassjo/*.md
    "nassjo-2019-2020": {
        "Polisen är oftare på plats vid resecentrum.":
            ["Polisen", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Kommunen gör en trygghetsinventering av resecentrum tillsammans med fastighetsägaren och polisen.":
            ["Kommunen, tillsammans med fastighetsägaren, polisen", "minst 1 trygghetsinventering", "1 trygghetsinventering", "100 %", "Klar"],
        "Kommunen gör minst två trygghetsinventeringar i Runnerydsområdet tillsammans med fastighetsägare och polisen.":
            ["Kommunen, tillsammans med fastighetsägare, polisen", "minst 2 trygghetsinventeringar", "2 trygghetsinventeringar", "100 %", "Klar"],
        "Polisen gör minst femton riktade insatser i Runnerydsområdet. Insatserna bygger på polisens underrättelser.":
            ["Polisen", "minst 15 insatser", "15 insatser", "100 %", "Klar"],
        "Polisen och kommunen håller minst två samverkansmöten om hur aktiviteterna går.":
            ["Gemensamt", "minst 2 samverkansmöten", "3 samverkansmöten", "150 %", "Klar"],
    },
    # promises/svalov-2020.md, updates/svalov/*.md
    "svalov-2020": {
        "Polisen och kommunen inför trygghetsvandringar och gör två under hösten. Vi tittar bland annat på hur den "
        "fysiska miljön kan utformas för att förebygga brott och öka tryggheten.":
            ["Gemensamt", "minst 2 trygghetsvandringar", "2 trygghetsvandringar", "100 %", "Klar"],
        "Polisen och kommunen inför ett arbetssätt för EST, effektiv samordning för trygghet. Vi följer händelser "
        "systematiskt, delar lägesbilder, samordnar resurser och håller varandra informerade.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
    },
    # promises/tyreso-2018.md, updates/tyreso/*.md
    "tyreso-2018": {
        "Kommunen och polisen kartlägger regelbundet vilka platser i Tyresö som invånarna upplever som otrygga.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Kommunen och polisen sätter in åtgärder för ökad trygghet på de platser som kartläggningen pekar ut, till "
        "exempel där många människor passerar och där det är mörkt.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
        "Kommunen och polisen fortsätter arbetet från 2017 med att göra trafikmiljöerna i Tyresö tryggare.":
            ["Gemensamt", "Inget antal", "Räknas inte", "Inget mål", "Klar"],
    },
}


@pytest.fixture(scope="module")
def bundled(example_site):
    """The repository's example content (the session's one build, conftest.py):
    promises with signatories and diary numbers, all of them over by the build date."""
    assert not example_site.warning_lines(), example_site.warning_lines()
    return example_site


def local(build, address: str) -> str:
    """A site-relative address for an absolute one on the published site."""
    assert address.startswith(SITE_URL), address
    return address[len(SITE_URL):]


# ------------------------------------------------------------ A. /prenumerera/


def addresses_on(build, url: str) -> list[str]:
    """The addresses to copy on a page: the <code> in its address lists (not the widget's code)."""
    return [text(code) for code in content(build.html(url)).xpath(".//ul[contains(@class, 'ml-addresses')]//code")]


def test_subscribe_page_lists_every_feed_as_an_absolute_address_that_exists(main):
    codes = addresses_on(main, "prenumerera/")
    expected = ["feed.xml"]
    expected += [f"kommuner/{slug}/feed.xml" for _, slug in SWEDISH_ORDER]
    # Each municipality's current promise, or its latest (as its widget): the page
    # grows with the municipalities, not with the years. Here: the one 2024 promise each.
    expected += [f"loften/{promise_id}/feed.xml" for promise_id in MAIN_PROMISES.values()]
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


def test_every_promise_feed_is_linked_from_its_promise_and_the_current_ones_are_on_the_subscribe_page(with_earlier):
    build = with_earlier
    # Each municipality's promises: Eda has its current 2024 and its earlier 2023.
    promises = {slug: [promise_id] for slug, promise_id in MAIN_PROMISES.items()} | {"eda": ["eda-2024", "eda-2023"]}
    for slug, ids in promises.items():
        # The municipality page is for citizens: no feed addresses to copy, one link to them.
        assert addresses_on(build, f"kommuner/{slug}/") == [], slug
        assert f"prenumerera/#kommun-{slug}" in [href.split("/", 2)[-1] for href in
                                                   content(build.html(f"kommuner/{slug}/")).xpath(".//a/@href")], slug
        for promise_id in ids:
            assert f"loften/{promise_id}/feed.xml" in links(build, f"loften/{promise_id}/")
        # Every promise, earlier ones too, is linked from its municipality's page.
        for promise_id in ids:
            assert f"loften/{promise_id}/" in links(build, f"kommuner/{slug}/"), (slug, promise_id)
    codes = addresses_on(build, "prenumerera/")
    assert SITE_URL + "loften/eda-2024/feed.xml" in codes
    assert SITE_URL + "loften/eda-2023/feed.xml" not in codes  # over: on its own page
    # /prenumerera/ sends those who want an earlier promise's feed to the list of earlier promises.
    earlier = {text(a): a.get("href") for a in content(build.html("prenumerera/")).iter("a") if "#tidigare" in a.get("href", "")}
    assert earlier == {"Tidigare löften i Eda": "../kommuner/eda/#tidigare"}
    assert "loften/eda-2023/" in links(build, "kommuner/eda/")


def test_subscribe_page_groups_feeds_by_municipality_in_swedish_order(main):
    article = content(main.html("prenumerera/"))
    headings = [text(h) for h in article.iter("h3")]
    assert headings == [name for name, _ in SWEDISH_ORDER]
    # Each municipality's own feeds are under its heading.
    for heading in article.iter("h3"):
        slug = dict(SWEDISH_ORDER)[text(heading)]
        group = heading.getnext()
        codes = [text(code) for code in group.iter("code")]
        assert f"{SITE_URL}kommuner/{slug}/feed.xml" in codes
        assert f"{SITE_URL}loften/{slug}-2024/feed.xml" in codes
        # and the widget's code to paste, after the addresses
        assert f'src="{SITE_URL}kommuner/{slug}/widget/"' in text(group.getnext().getnext())


def test_subscribe_page_explains_feeds_and_links_open_data_and_widgets(main):
    article = content(main.html("prenumerera/"))
    words = text(article)
    for tool in ("flödesläsare", "sociala medier", "webbplats"):
        assert tool in words, tool
    targets = links(main, "prenumerera/")
    assert "oppna-data/" in targets
    assert main.exists("oppna-data/")
    assert "kommuner/alingsas/widget/" in targets  # how the widget looks


def test_subscribe_page_is_in_the_navigation(main):
    for page in ("", "kommuner/alingsas/"):
        doc = main.html(page)
        nav = doc.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
        names = {text(a): a.get("href") for a in nav.iter("a")}
        assert names.get("Prenumerera och dela") is not None, f"/{page}"


# ------------------------------------------------------------ B. widget and its code


def snippet(build, slug: str) -> lxml.html.HtmlElement:
    """The <iframe> code shown under the municipality on /prenumerera/, parsed as a webmaster would paste it."""
    article = content(build.html("prenumerera/"))
    assert [h for h in article.iter("h2") if text(h) == "Visa på er webbplats"], "no heading 'Visa på er webbplats'"
    heading = article.xpath(f".//h3[@id='kommun-{slug}']")
    assert len(heading) == 1
    code = heading[0].xpath("following-sibling::pre[1]/code")
    assert len(code) == 1
    shown = code[0].text_content()
    assert shown.lstrip().startswith("<iframe"), "the code is shown as text, not as markup"
    return lxml.html.fragment_fromstring(shown)


@pytest.mark.parametrize("name, slug", SWEDISH_ORDER)
def test_subscribe_page_shows_the_iframe_code_with_the_absolute_widget_address(main, name, slug):
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
    for path, title, url, _word in HIDDEN:
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
    """Commitment text -> the cells of its row in the section "Åtaganden" (the
    charts' tables further down carry months, not commitments)."""
    article = content(build.html(f"loften/{promise_id}/utvardering/"))
    result = {}
    for tr in article.xpath(".//section[@aria-labelledby='ataganden']//table//tbody/tr"):
        cells = [text(td) for td in tr.xpath("./td")]
        result[cells[0]] = cells
    return result


def test_the_hand_written_evaluations_cover_every_promise():
    assert sorted(MAIN_EVALUATIONS) == sorted(p.removeprefix("promises/").removesuffix(".md") for p in main_files() if p.startswith("promises/"))
    assert sorted(EXAMPLE_EVALUATIONS) == sorted(p.stem for p in (PROJECT / "promises").glob("*.md") if p.name.count(".") == 1)


@pytest.mark.parametrize("promise_id", sorted(MAIN_EVALUATIONS))
def test_evaluation_has_every_commitment_with_promised_against_delivered(main, promise_id):
    found = rows(main, promise_id)
    assert {commitment: cells[1:] for commitment, cells in found.items()} == MAIN_EVALUATIONS[promise_id]
    assert list(found) == list(MAIN_EVALUATIONS[promise_id]), "in the promise file's order"


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
    for path, title, _url, _word in HIDDEN:
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


@pytest.mark.parametrize("promise_id", sorted(EXAMPLE_EVALUATIONS))
def test_evaluation_rows_match_the_example_content(bundled, promise_id):
    found = rows(bundled, promise_id)
    assert {commitment: cells[1:] for commitment, cells in found.items()} == EXAMPLE_EVALUATIONS[promise_id]
    assert list(found) == list(EXAMPLE_EVALUATIONS[promise_id]), "in the promise file's order"
