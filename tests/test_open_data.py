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


def test_no_csv_cell_starts_a_formula(formula_site: Path) -> None:
    for name in ("loften.csv", "ataganden.csv", "uppfoljningar.csv"):
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
