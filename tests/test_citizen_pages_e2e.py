"""End-to-end: the citizen-first pages of issue 13. Real `mkdocs build` runs;
assertions on the written site only.

- a promise at a glance (promise page; shorter on the municipality page),
- the whole country on /kommuner/ (a table, complete without JavaScript),
- the home page's state of things, tag pages with pagination,
- "Om löftet" only where the body has no heading of its own, the table of
  contents listing the page's own sections, and no skipped heading level.

Build date: 2024-07-01 14:00 Stockholm (e2e_support.EPOCH). Expected values are
written out by hand from the content: the repository's promises/ and updates/
for the example site, CITIZEN below for the rest.
"""

from __future__ import annotations

import pytest

from e2e_support import Build, built, content, front, links, promise, text, update

# ---- the repository's example content, by hand. Every promise is over at the
# build date. Statuses: the latest `status` in updates/<municipality>/*.md, else
# from progress against target (the Linköping draft of 2022-11-25 does not count).
# name, slug, promise id, years, done, commitments, latest follow-up (date, title)
EXAMPLE_ROWS = [
    ("Haninge", "haninge", "haninge-2021", "2021", 6, 7, "21 januari 2022", "Så gick medborgarlöftet 2021"),
    ("Linköping", "linkoping", "linkoping-2021-2022", "2021–2022", 2, 2, "20 december 2022", "Medborgarlöftet 2021–2022 är avslutat"),
    ("Nässjö", "nassjo", "nassjo-2019-2020", "2019–2020", 5, 5, "15 januari 2021", "Så gick medborgarlöftet 2019–2020"),
    ("Svalöv", "svalov", "svalov-2020", "2020", 2, 2, "18 december 2020", "Året som gick med medborgarlöftet"),
    ("Tyresö", "tyreso", "tyreso-2018", "2018", 3, 3, "18 januari 2019", "Så gick medborgarlöftet 2018"),
]
# Haninge: trygghetsinventeringar cancelled on 2021-12-17, the other six done.
HANINGE_GLANCE = {
    "Åtaganden": "6 av 7 åtaganden klara 6 klara 1 inställd",
    "Perioden": "Avslutad 12 månader, 1 januari 2021 – 31 december 2021",
    "Senaste uppföljningen": "21 januari 2022 Så gick medborgarlöftet 2021",
}
# Nässjö: 25 April 2019 to 31 December 2020 touches 21 calendar months.
NASSJO_PERIOD = "Avslutad 21 månader, 25 april 2019 – 31 december 2020"
# promises/nassjo-2019-2020.md's body headings, around the page's own sections.
# The example Nässjö promise gives links: its sources stand under the text, before the updates.
NASSJO_TOC = ["Läget i korthet", "Åtaganden", "Lägesbild", "Mål", "Vad är ett medborgarlöfte?", "Så följer vi upp", "Källor", "Uppföljningar", "Frågor om löftet"]
# Tag "trygghetsinventering": updates/haninge 2021-04-30, 06-24, 11-26, 12-17 and
# updates/nassjo 2019-06-28, 2020-04-17, 2020-09-25; newest first.
TRYGGHETSINVENTERING = [
    "Årets sista uppföljning",
    "Trygghetsinventering i Brandbergen",
    "Inför sommaren – fler besök där unga träffas",
    "Första trygghetsinventeringen gjord i Jordbro",
    "Den andra trygghetsinventeringen i Runneryd är gjord",
    "Den andra trygghetsinventeringen skjuts upp",
    'Polis & kommun: "Tryggare resecentrum"',
]

# ---- CITIZEN: current, overdue, upcoming promises and a tag over two pages.
BORAS_COMMITMENTS = [
    {"id": "insatser", "text": "Polisen gör tio insatser.", "by": "polisen", "target": 10, "unit": "insatser", "area": "Centrum"},
    {"id": "vandringar", "text": "Kommunen ordnar fem vandringar.", "by": "kommunen", "target": 5, "area": "Centrum"},
    {"id": "kameror", "text": "Kommunen sätter upp kameror.", "by": "kommunen", "area": "Skolor"},
    {"id": "moten", "text": "Polisen och kommunen håller hundra möten.", "by": "gemensamt", "target": 100, "area": "Skolor"},
    {"id": "skyltar", "text": "Kommunen sätter upp tre skyltar.", "by": "kommunen", "target": 3},
]
BORAS_UPDATES = 32  # one a day from 1 March 2024: the last on 1 April 2024


def citizen_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {
        "promises/boras-2024.md": front(
            {"municipality": "Borås", "title": "Medborgarlöfte i Borås 2024", "valid_from": "2024-01-01",
             "valid_until": "2024-12-31", "follow_up": "monthly", "commitments": BORAS_COMMITMENTS},
            "## Lägesbild\n\nSå ser det ut i Borås.\n\n## Mål\n\nTryggare kvällar.",
        ),
        "promises/eksjo-2024.md": promise("Eksjö", follow_up="monthly"),
        "updates/eksjo/2024-06-20-juni.md": update("Juni i Eksjö", "2024-06-20", "eksjo-2024", tags=["!!!"]),
        "promises/molndal-2025.md": front(
            {"municipality": "Mölndal", "valid_from": "2025-01-01", "valid_until": "2026-06-30",
             "commitments": [{"id": "a", "text": "Polisen gör insatser.", "by": "polisen"}]}, ""),
    }
    for number in range(BORAS_UPDATES):
        day = f"2024-03-{number + 1:02d}" if number < 31 else "2024-04-01"
        status = {"vandringar": "paused", "kameror": "cancelled"} if number == 5 else {}
        files[f"updates/boras/{day}-dag-{number:02d}.md"] = update(
            f"Dag {number} i Borås", day, "boras-2024", progress={"insatser": 1, "moten": 1}, status=status,
            tags=["trygghetsvandring" if number < 2 else "Trygghetsvandring"])
    return files


@pytest.fixture(scope="module")
def citizen(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = built("citizen", citizen_files(), tmp_path_factory, strict=True)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def example(example_site: Build) -> Build:
    return example_site


def glance(build: Build, url: str, index: int = 0) -> dict[str, str]:
    """The at-a-glance box of a page: its facts, label -> text."""
    box = content(build.html(url)).xpath(".//section[contains(@class, 'ml-glance')]")[index]
    return {text(item.find("dt")): " ".join(text(dd) for dd in item.findall("dd")) for item in box.xpath(".//div[contains(@class, 'ml-glance__item')]")}


def toc(build: Build, url: str) -> list[str]:
    nav = build.html(url).xpath("//nav[contains(@class, 'md-nav--secondary')]")[0]
    return [text(a) for a in nav.xpath(".//a[contains(@class, 'md-nav__link')]")]


def headings(build: Build, url: str) -> list[tuple[int, str]]:
    return [(int(h.tag[1]), text(h)) for h in content(build.html(url)).xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6")]


def assert_outline(build: Build, url: str) -> None:
    levels = [level for level, _ in headings(build, url)]
    assert levels and levels[0] == 1 and levels.count(1) == 1, (url, headings(build, url))
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, (url, headings(build, url))


# ------------------------------------------------------------ at a glance


def test_promise_page_opens_with_the_promise_at_a_glance(example):
    facts = glance(example, "loften/haninge-2021/")
    assert facts == HANINGE_GLANCE | {"Senaste uppföljningen": HANINGE_GLANCE["Senaste uppföljningen"]}
    assert glance(example, "loften/nassjo-2019-2020/")["Perioden"] == NASSJO_PERIOD
    # Right under the title, before the facts and the commitments.
    names = [(el.tag, el.get("id") or "") for el in content(example.html("loften/haninge-2021/")).iter("h1", "h2", "dl")]
    assert names[:4] == [("h1", ""), ("h2", "lage"), ("dl", ""), ("dl", "")], names
    latest = content(example.html("loften/haninge-2021/")).xpath(".//section[contains(@class, 'ml-glance')]//a")
    assert [a.get("href") for a in latest] == ["../../kommuner/haninge/2022/01/utvardering/"]


def test_current_promise_at_a_glance_says_how_far_the_period_is_and_that_it_is_overdue(citizen):
    facts = glance(citizen, "loften/boras-2024/")
    # insatser 32 of 10: done; moten 32 of 100: ongoing; vandringar paused, kameror
    # cancelled (update number 5); skyltar nothing reported: planned.
    assert facts["Åtaganden"] == "1 av 5 åtaganden klara 1 klar 1 pågår 1 pausad 1 planerad 1 inställd"
    # 1 January to 31 December 2024; 1 July is in month 7; 182.5 of 366 days have passed.
    assert facts["Perioden"] == "Månad 7 av 12 49 % av tiden har gått: 1 januari 2024 – 31 december 2024"
    # Last follow-up 1 April, monthly: due by 2 May (31 days), so overdue on 1 July.
    assert facts["Senaste uppföljningen"] == (
        "1 april 2024 Dag 31 i Borås Uppföljningen är försenad. Senaste uppföljningen publicerades 1 april 2024. "
        "Löftet anger uppföljning varje månad. Nästa uppföljning skulle ha publicerats senast 2 maj 2024.")
    eksjo = glance(citizen, "loften/eksjo-2024/")
    assert eksjo["Senaste uppföljningen"] == "20 juni 2024 Juni i Eksjö Nästa uppföljning väntas senast 21 juli 2024."
    molndal = glance(citizen, "loften/molndal-2025/")
    # "0 klara" in the legend too: a bar with no done segment still says so in words.
    assert molndal == {"Åtaganden": "0 av 1 åtagande klara 0 klara 1 planerad", "Perioden": "Börjar 1 januari 2025 18 månader, till 30 juni 2026",
                       "Senaste uppföljningen": "Ingen ännu"}


def test_municipality_page_opens_with_its_current_promise_grouped_by_area(citizen):
    article = content(citizen.html("kommuner/boras/"))
    assert [(level, name) for level, name in headings(citizen, "kommuner/boras/")][:7] == [
        (1, "Borås"), (2, "Medborgarlöfte i Borås 2024"), (3, "Läget i korthet"), (3, "Åtaganden"), (4, "Centrum"), (4, "Skolor"),
        (2, "Senaste uppföljningarna")]
    facts = glance(citizen, "kommuner/boras/")
    assert facts["Åtaganden"].startswith("1 av 5 åtaganden klara")
    assert facts["Perioden"] == "Månad 7 av 12 49 % av tiden har gått"  # shorter: no dates
    areas = {text(h): [text(p) for p in h.getnext().xpath(".//p[@class='ml-commitment__text']")] for h in article.xpath(".//h4")}
    assert areas == {"Centrum": ["Polisen gör tio insatser.", "Kommunen ordnar fem vandringar."],
                     "Skolor": ["Kommunen sätter upp kameror.", "Polisen och kommunen håller hundra möten."]}
    # No webmaster material: no feed addresses, no widget code; one link to them.
    assert not article.xpath(".//code") and not article.xpath(".//pre")
    assert "prenumerera/" in links(citizen, "kommuner/boras/")


def test_municipality_without_a_current_promise_shows_its_latest_and_says_so(example):
    article = content(example.html("kommuner/haninge/"))
    assert "Haninge har inget medborgarlöfte som gäller just nu. Här är det senaste." in text(article)
    assert text(article.xpath(".//h2")[0]) == "Medborgarlöfte i Haninge kommun 2021"
    assert glance(example, "kommuner/haninge/")["Åtaganden"] == HANINGE_GLANCE["Åtaganden"]


# ------------------------------------------------------------ the whole country


def rows(build: Build) -> list[list[str]]:
    table = content(build.html("kommuner/")).xpath(".//table")[0]
    return [[text(cell) for cell in row.xpath("./th|./td")] for row in table.xpath("./tbody/tr")]


def test_national_page_is_a_table_of_every_municipality_in_swedish_order(example):
    table = content(example.html("kommuner/")).xpath(".//table")[0]
    assert text(table.find("caption")).startswith("Kommuner med medborgarlöfte")
    assert [text(th) for th in table.xpath("./thead/tr/th")] == [
        "Kommun", "Löfte", "Klara åtaganden", "Senaste uppföljning", "Försenad uppföljning"]
    assert rows(example) == [[name, f"{years}, avslutat", f"{done} av {total}", latest, "Gäller inte nu"]
                             for name, _, _, years, done, total, latest, _ in EXAMPLE_ROWS]
    targets = links(example, "kommuner/")
    for _, slug, promise_id, *_ in EXAMPLE_ROWS:
        assert f"kommuner/{slug}/" in targets and f"loften/{promise_id}/" in targets


def test_national_page_rows_for_current_overdue_and_upcoming_promises(citizen):
    assert rows(citizen) == [
        ["Borås", "2024, gäller nu", "1 av 5", "1 april 2024", "Ja"],
        ["Eksjö", "2024, gäller nu", "0 av 1", "20 juni 2024", "Nej"],
        ["Mölndal", "2025–2026, kommande", "0 av 1", "Ingen ännu", "Gäller inte nu"],
    ]
    assert "3 kommuner har medborgarlöften på webbplatsen. 2 löften gäller just nu, och 1 av dem har en försenad uppföljning." in text(
        content(citizen.html("kommuner/")))


def test_national_page_tools_wait_for_javascript(citizen):
    """Without JavaScript the filter would do nothing: it is hidden until kommuner.js shows it."""
    tools = content(citizen.html("kommuner/")).xpath(".//*[@data-ml-table-tools]")
    assert len(tools) == 1 and tools[0].get("hidden") is not None
    assert citizen.exists("assets/kommuner.js")


def test_home_page_shows_the_state_of_things_before_lists(citizen, example):
    state = content(citizen.html("")).xpath(".//section[contains(@class, 'ml-home-state')]")[0]
    assert [text(li) for li in state.iter("li")] == [
        "2 löften gäller just nu, av 3 på webbplatsen", "1 av 6 åtaganden i dem är klara",
        "1 löfte har en försenad uppföljning", "3 kommuner med medborgarlöfte", "33 uppföljningar publicerade"]
    order = [section.get("class") for section in content(citizen.html("")).xpath(".//section")]
    assert order == ["ml-home-state", "ml-home-latest", "ml-home-municipalities"]
    assert "kommuner/" in links(citizen, "")
    example_state = content(example.html("")).xpath(".//section[contains(@class, 'ml-home-state')]")[0]
    # 7 + 16 + 11 + 4 + 4 updates, less the Linköping draft.
    assert [text(li) for li in example_state.iter("li")] == [
        "Inget av de 5 löftena på webbplatsen gäller just nu", "5 kommuner med medborgarlöfte", "41 uppföljningar publicerade"]


# ------------------------------------------------------------ tags


def titles(build: Build, url: str) -> list[str]:
    return [text(a) for a in content(build.html(url)).xpath(".//*[contains(@class, 'ml-updates__title')]/a")]


def test_tags_link_to_their_page_newest_first(example):
    assert titles(example, "taggar/trygghetsinventering/") == TRYGGHETSINVENTERING
    assert "taggar/trygghetsinventering/" in links(example, "kommuner/haninge/2021/11/inventering-brandbergen/")
    # Written "skäggetorp": the address follows the slug rule, the page the written name.
    assert text(content(example.html("taggar/skaggetorp/")).find(".//h1")) == "Ämne: skäggetorp"
    index = {text(a): a.get("href") for a in content(example.html("taggar/")).xpath(".//ul[contains(@class, 'ml-tag-index')]//a")}
    assert index["trygghetsinventering"] == "trygghetsinventering/"
    assert index["utvärdering"] == "utvardering/"
    assert not example.exists("taggar/trygghetsinventering/sida/2/")


def test_tags_that_slug_alike_share_a_page_in_pages_of_thirty(citizen):
    # 32 updates: 2 oldest tagged "trygghetsvandring", 30 "Trygghetsvandring": one page, its name the common spelling.
    first = content(citizen.html("taggar/trygghetsvandring/"))
    assert text(first.find(".//h1")) == "Ämne: Trygghetsvandring"
    assert titles(citizen, "taggar/trygghetsvandring/") == [f"Dag {n} i Borås" for n in range(31, 1, -1)]
    assert titles(citizen, "taggar/trygghetsvandring/sida/2/") == ["Dag 1 i Borås", "Dag 0 i Borås"]
    assert "taggar/trygghetsvandring/sida/2/" in links(citizen, "taggar/trygghetsvandring/")
    assert "taggar/trygghetsvandring/" in links(citizen, "taggar/trygghetsvandring/sida/2/")
    assert not citizen.exists("taggar/trygghetsvandring/sida/3/")
    # A tag of signs only has no address: it stays text.
    tags = content(citizen.html("kommuner/eksjo/2024/06/juni/")).xpath(".//p[@class='ml-tags']")[0]
    assert text(tags) == "Ämnen: !!!" and not tags.xpath(".//a")


# ------------------------------------------------------------ headings and table of contents


def test_om_loftet_only_where_the_body_has_no_heading_of_its_own(citizen, example):
    assert "Om löftet" not in [name for _, name in headings(citizen, "loften/boras-2024/")]  # opens with ## Lägesbild
    assert (2, "Om löftet") in headings(citizen, "loften/eksjo-2024/")  # a paragraph only
    assert "Om löftet" not in [name for _, name in headings(citizen, "loften/molndal-2025/")]  # no body
    for _, _, promise_id, *_ in EXAMPLE_ROWS:
        assert "Om löftet" not in [name for _, name in headings(example, f"loften/{promise_id}/")]


def test_table_of_contents_lists_the_pages_own_sections_in_page_order(citizen, example):
    assert toc(example, "loften/nassjo-2019-2020/") == NASSJO_TOC
    assert toc(citizen, "loften/boras-2024/") == ["Läget i korthet", "Åtaganden", "Lägesbild", "Mål", "Uppföljningar", "Frågor om löftet"]
    assert toc(citizen, "loften/eksjo-2024/") == ["Läget i korthet", "Åtaganden", "Om löftet", "Uppföljningar", "Frågor om löftet"]
    assert toc(citizen, "kommuner/boras/") == ["Medborgarlöfte i Borås 2024", "Läget i korthet", "Åtaganden", "Senaste uppföljningarna"]
    assert toc(example, "") == ["Läget just nu", "Senaste uppföljningarna", "Kommunerna"]


def test_no_page_skips_a_heading_level(citizen, example):
    for build in (citizen, example):
        for file in build.html_files():
            url = build.url_of(file)
            if url.endswith("widget/") or url in ("404.html", "sok/") or not content(build.html(url)).xpath(".//h1"):
                continue
            assert_outline(build, url)
