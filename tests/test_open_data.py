"""Open data from a real build of the example content: it validates against its
own schema, round-trips the content, and opens in Python's csv module."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

import e2e_support
from e2e_support import PROJECT

SITE_URL = "https://medborgarloften.example.se/"


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    """The session's one build of the example content (conftest.py)."""
    return example_site.site_dir


def load(site: Path) -> dict:
    return json.loads((site / "data/loften.json").read_text(encoding="utf-8"))


def test_json_validates_against_its_published_schema(site: Path) -> None:
    schema = json.loads((site / "data/loften.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load(site), schema, format_checker=jsonschema.FormatChecker())


def test_json_round_trips_the_example_content(site: Path) -> None:
    data = load(site)
    # Originals only: a translation (nassjo-2019-2020.en.md) has a second dot.
    promise_files = sorted(p.stem for p in (PROJECT / "promises").glob("*.md") if p.name.count(".") == 1)
    assert sorted(p["id"] for p in data["promises"]) == promise_files
    published = [
        p for p in (PROJECT / "updates").rglob("*.md") if p.name.count(".") == 1 and "draft: true" not in p.read_text(encoding="utf-8")
    ]
    assert len(data["updates"]) == len(published)
    nassjo = next(p for p in data["promises"] if p["id"] == "nassjo-2019-2020")
    runneryd = next(c for c in nassjo["commitments"] if c["id"] == "insatser-runneryd")
    # progress is the sum over the promise's updates in the same file
    summed = sum(u["progress"].get("insatser-runneryd", 0) for u in data["updates"] if u["promise"] == "nassjo-2019-2020")
    assert runneryd["progress"] == summed == 15 and runneryd["target"] == 15 and runneryd["status"] == "done"
    for update in data["updates"]:
        assert update["url"].startswith(SITE_URL)
        relative = update["url"][len(SITE_URL):]
        assert (site / relative / "index.html").is_file()


def test_csv_opens_with_swedish_characters_intact(site: Path) -> None:
    with open(site / "data/ataganden.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    data = load(site)
    assert len(rows) == sum(len(p["commitments"]) for p in data["promises"])
    assert any(r["municipality"] == "Nässjö" and "Runnerydsområdet" in r["text"] for r in rows)
    with open(site / "data/uppfoljningar.csv", encoding="utf-8-sig", newline="") as handle:
        updates = list(csv.DictReader(handle))
    assert {u["url"] for u in updates} == {u["url"] for u in data["updates"]}
    with open(site / "data/loften.csv", encoding="utf-8-sig", newline="") as handle:
        promises = list(csv.DictReader(handle))
    assert sorted(p["municipality"] for p in promises) == sorted(["Haninge", "Linköping", "Nässjö", "Svalöv", "Tyresö"])


def test_per_promise_feed_carries_only_that_promises_updates(site: Path) -> None:
    from lxml import etree

    feed = etree.parse(str(site / "loften/svalov-2020/feed.xml"))
    links = feed.xpath("//item/link/text()")
    data = load(site)
    expected = [u["url"] for u in sorted(data["updates"], key=lambda u: u["date"], reverse=True) if u["promise"] == "svalov-2020"]
    assert links == expected
    assert feed.xpath("//atom:link/@href", namespaces={"atom": "http://www.w3.org/2005/Atom"}) == [SITE_URL + "loften/svalov-2020/feed.xml"]
    page = (site / "loften/svalov-2020/index.html").read_text(encoding="utf-8")
    assert 'type="application/rss+xml"' in page and "feed.xml" in page


# ------------------------------------------------------------ translations (content contract, version 2)


ARABIC_URL = SITE_URL + "ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/"
FINNISH_URL = SITE_URL + "fi/kommuner/nassjo/2019/05/forsta-insatserna-runneryd/"


def test_json_carries_each_promises_translations_by_language_code(site: Path) -> None:
    """Values from promises/nassjo-2019-2020.en.md and .lattlast.md."""
    promises = {p["id"]: p for p in load(site)["promises"]}
    nassjo = promises["nassjo-2019-2020"]["translations"]
    assert list(nassjo) == ["lattlast", "en"]  # mkdocs.yml's order
    english = nassjo["en"]
    assert english["url"] == SITE_URL + "en/loften/nassjo-2019-2020/"
    assert english["title"] == "Citizen promise in Nässjö Municipality 2019–2020"
    assert english["commitments"]["narvaro-resecentrum"] == "The police are present more often at the travel centre."
    assert english["areas"] == {"Resecentrum": "Travel centre", "Runnerydsområdet": "The Runneryd area", "Samverkan": "Cooperation"}
    assert english["translator"] == "Kommunikationsenheten"
    easy = nassjo["lattlast"]
    assert easy["title"] == "Löfte från polisen och kommunen i Nässjö 2019–2020"
    assert easy["commitments"]["narvaro-resecentrum"] == "Polisen är oftare vid resecentrum."
    assert easy["areas"]["Runnerydsområdet"] == "Runneryd"
    assert promises["svalov-2020"]["translations"] == {}


def test_json_carries_each_updates_translations_by_language_code(site: Path) -> None:
    """Values from the example's Arabic and Finnish update translations."""
    updates = {u["url"]: u for u in load(site)["updates"]}
    arabic = updates[SITE_URL + "kommuner/nassjo/2019/09/trygghetsvandring-runneryd/"]["translations"]
    assert list(arabic) == ["ar"]
    assert arabic["ar"]["url"] == ARABIC_URL
    assert arabic["ar"]["title"] == "جولة الأمان في رونيريد"
    assert arabic["ar"]["summary"] == (
        "سار السكان وأصحاب العقارات والبلدية والشرطة معًا في منطقة رونيريد للبحث عن الأماكن التي يشعر فيها الناس بعدم الأمان."
    )
    assert arabic["ar"]["image_alt"].startswith("رسم لأربعة أشخاص على ممر للمشاة")
    finnish = updates[SITE_URL + "kommuner/nassjo/2019/05/forsta-insatserna-runneryd/"]["translations"]
    assert finnish == {"fi": {
        "url": FINNISH_URL,
        "title": "Ensimmäiset kohdennetut toimet Runnerydissä",
        "summary": "Poliisi on tehnyt kaksi ensimmäistä kohdennettua toimenpidettä Runnerydin alueella ja on useammin paikalla matkakeskuksessa.",
        "image_alt": None,
        "translator": None,
    }}
    assert sum(bool(u["translations"]) for u in updates.values()) == 2
    for update in updates.values():
        for translation in update["translations"].values():
            assert (site / translation["url"][len(SITE_URL):] / "index.html").is_file()


def test_csv_has_a_row_per_translated_text(site: Path) -> None:
    found = rows(site, "oversattningar.csv")
    assert list(found[0]) == ["kind", "original", "language", "url", "field", "key", "text"]
    arabic = [r for r in found if r["language"] == "ar"]
    assert [(r["kind"], r["url"], r["field"], r["key"]) for r in arabic] == [
        ("update", ARABIC_URL, "title", ""), ("update", ARABIC_URL, "summary", ""), ("update", ARABIC_URL, "image_alt", ""),
    ]
    assert arabic[0]["text"] == "جولة الأمان في رونيريد"
    assert arabic[1]["text"].startswith("سار السكان وأصحاب العقارات") and arabic[2]["text"].startswith("رسم لأربعة أشخاص")
    [finnish_title] = [r for r in found if r["language"] == "fi" and r["field"] == "title"]
    assert finnish_title == {
        "kind": "update", "original": SITE_URL + "kommuner/nassjo/2019/05/forsta-insatserna-runneryd/", "language": "fi",
        "url": FINNISH_URL, "field": "title", "key": "", "text": "Ensimmäiset kohdennetut toimet Runnerydissä",
    }
    commitment = [r for r in found if r["original"] == "nassjo-2019-2020" and r["language"] == "en" and r["key"] == "insatser-runneryd"]
    assert [(r["kind"], r["field"], r["text"]) for r in commitment] == [(
        "promise", "commitments",
        "The police carry out at least fifteen targeted operations in the Runneryd area. The operations are based on police intelligence.",
    ), ("promise", "units", "operations"), ("promise", "units_singular", "operation")]
    area = [r["text"] for r in found if r["language"] == "lattlast" and r["field"] == "areas" and r["key"] == "Samverkan"]
    assert area == ["Polisen och kommunen tillsammans"]
    assert {r["language"] for r in found} == {"lattlast", "en", "fi", "ar"}


# ------------------------------------------------------------ cells a spreadsheet would run


FORMULA_TITLE = '=HYPERLINK("http://x","klicka")'
FORMULA_FILES = {
    "promises/ostra-goinge-2024.md": e2e_support.promise(
        "Östra Göinge",
        title=FORMULA_TITLE,
        commitments=[{"id": "vandringar", "text": "-5 grader ute, men vi går ändå på trygghetsvandring i Broby.", "by": "kommunen",
                      "area": "@Broby", "target": 4, "unit": "vandringar"}],
    ),
    "updates/ostra-goinge/2024-03-01-kyla.md": e2e_support.update(
        FORMULA_TITLE, "2024-03-01", "ostra-goinge-2024", summary="-2 grader", tags=["+1", "Trygghet"], author="@x",
        progress={"vandringar": 3}, body="Kallt i Hästveda, varmt i Glimåkra.",
    ),
    "updates/ostra-goinge/2024-03-01-kyla.en.md": e2e_support.front(
        {"title": "=cmd|' /C calc'!A0", "summary": "-2 degrees", "translator": "@translator"}, "Cold in Hästveda.",
    ),
}


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build = e2e_support.built("open-data-formulas", FORMULA_FILES, tmp_path_factory)
    assert build.returncode == 0, build.log
    return build.site_dir


def rows(site: Path, name: str) -> list[dict[str, str]]:
    with open(site / "data" / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_text_cells_that_start_a_formula_get_an_apostrophe(formula_site: Path) -> None:
    [update] = rows(formula_site, "uppfoljningar.csv")
    assert update["title"] == '\'=HYPERLINK("http://x","klicka")'
    assert update["summary"] == "'-2 grader"
    assert update["tags"] == "'+1, Trygghet"
    assert update["author"] == "'@x"
    assert update["municipality"] == "Östra Göinge"
    assert update["progress"] == "vandringar=3"
    [promise] = rows(formula_site, "loften.csv")
    assert promise["title"] == '\'=HYPERLINK("http://x","klicka")'
    assert promise["municipality"] == "Östra Göinge" and promise["municipality_slug"] == "ostra-goinge"
    assert (promise["commitments"], promise["updates"]) == ("1", "1")  # numbers the site counts: as they are
    [commitment] = rows(formula_site, "ataganden.csv")
    assert commitment["text"] == "'-5 grader ute, men vi går ändå på trygghetsvandring i Broby."
    assert commitment["area"] == "'@Broby"
    assert (commitment["target"], commitment["progress"]) == ("4", "3")
    english = {r["field"]: r["text"] for r in rows(formula_site, "oversattningar.csv")}
    assert english == {"title": "'=cmd|' /C calc'!A0", "summary": "'-2 degrees", "translator": "'@translator"}


def test_no_csv_cell_starts_a_formula(formula_site: Path) -> None:
    for name in ("loften.csv", "ataganden.csv", "uppfoljningar.csv", "oversattningar.csv"):
        with open(formula_site / "data" / name, encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)


def test_json_keeps_the_exact_text(formula_site: Path) -> None:
    data = load(formula_site)
    [update] = data["updates"]
    assert update["title"] == '=HYPERLINK("http://x","klicka")'
    assert update["summary"] == "-2 grader"
    assert update["tags"] == ["+1", "Trygghet"]
    assert update["author"] == "@x"
    [promise] = data["promises"]
    assert promise["title"] == '=HYPERLINK("http://x","klicka")'
    assert promise["commitments"][0]["text"] == "-5 grader ute, men vi går ändå på trygghetsvandring i Broby."
    assert promise["commitments"][0]["area"] == "@Broby"
    english = update["translations"]["en"]
    assert (english["title"], english["summary"], english["translator"]) == ("=cmd|' /C calc'!A0", "-2 degrees", "@translator")
