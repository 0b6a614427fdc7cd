"""Contract 2.1's counting rules on every surface, end to end: a small project
goes through a real `mkdocs build` and every page kind, the feeds, the widget,
the evaluation, the share card's text and the open data are read back.

It guards three rules: with `unit_singular` the noun after a number agrees
with it ("1 insats", "1 av 15 insatser"); without it no noun follows a bare
number ("samverkansmöten: 1 av 2"); a commitment without `target` counts
nothing (its status alone, never "0", `null`/empty in the open data). And
translated units (`units`, `units_singular`) on the English pages, with a
unit left out shown in Swedish, marked `lang="sv"`. Expected strings are
written out from the content below."""

from __future__ import annotations

import csv
import io
import json
import re

import lxml.html
import pytest

from e2e_support import CONTENT, Build, front, item_by_link, make_project, promise, run_mkdocs, text, update

COMMITMENTS: list[dict] = [
    {"id": "insatser", "text": "Polisen gör riktade insatser i centrum.", "by": "polisen", "target": 15, "unit": "insatser", "unit_singular": "insats"},
    {"id": "moten", "text": "Polisen och kommunen håller samverkansmöten.", "by": "gemensamt", "target": 2, "unit": "samverkansmöten"},
    {"id": "rapport", "text": "Kommunen skriver en rapport om centrum.", "by": "kommunen"},
]
FILES = {
    "promises/vaxjo-2024.md": promise("Växjö", COMMITMENTS, follow_up="monthly"),
    "updates/vaxjo/2024-03-15-mars.md": update(
        "Insatser i mars", "2024-03-15", "vaxjo-2024", progress={"insatser": 1, "moten": 1}, status={"rapport": "done"},
    ),
    "updates/vaxjo/2024-05-20-maj.md": update("Fler insatser i maj", "2024-05-20", "vaxjo-2024", progress={"insatser": 2, "rapport": 3}),
    "updates/vaxjo/2024-06-10-juni.md": update("Rapporten klar", "2024-06-10", "vaxjo-2024", status={"rapport": "done"}),
    "promises/vaxjo-2024.en.md": front(
        {"title": "Citizen promise in Växjö 2024", "units": {"insatser": "operations"}, "units_singular": {"insatser": "operation"}},
        "The police and the municipality promise a safer centre.",
    ),
    "updates/vaxjo/2024-03-15-mars.en.md": front({"title": "Operations in March"}, "One operation so far."),
    "updates/vaxjo/2024-05-20-maj.en.md": front({"title": "More operations in May"}, "Two more operations."),
}

PROMISE = "loften/vaxjo-2024/"
MUNICIPALITY = "kommuner/vaxjo/"
MARCH = "kommuner/vaxjo/2024/03/mars/"
MAY = "kommuner/vaxjo/2024/05/maj/"
JUNE = "kommuner/vaxjo/2024/06/juni/"
WIDGET = "kommuner/vaxjo/widget/"
EVALUATION = "loften/vaxjo-2024/utvardering/"
EN_PROMISE = "en/loften/vaxjo-2024/"
EN_MARCH = "en/kommuner/vaxjo/2024/03/mars/"
EN_MAY = "en/kommuner/vaxjo/2024/05/maj/"
# A plural noun straight after the number one: what the site must never write.
ONE_PLURAL = re.compile(r"(?<![\d,.])\b1 (insatser|samverkansmöten|åtgärder|operations)\b")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("project-counts"), FILES)
    build = run_mkdocs(project, tmp_path_factory.mktemp("site-counts") / "site")
    assert build.returncode == 0, build.log
    return build


def _main(build: Build, url: str) -> str:
    doc = build.html(url)
    found = doc.xpath("//article") or doc.xpath("//main") or [doc]
    return text(found[0])


def _card_alt(build: Build, url: str) -> str:
    return build.html(url).xpath("//meta[@property='og:image:alt']/@content")[0]


def test_with_a_singular_the_noun_agrees_with_the_number(site: Build) -> None:
    assert "1 av 15 insatser" not in _main(site, PROMISE)  # the total is 3 after May
    assert "3 av 15 insatser (20 %)" in _main(site, PROMISE)
    march = _main(site, MARCH)
    assert "Den här gången: 1 insats." in march
    assert "Totalt efter den här uppföljningen: 1 av 15 insatser." in march
    may = _main(site, MAY)
    assert "Den här gången: 2 insatser." in may
    assert "Totalt efter den här uppföljningen: 3 av 15 insatser." in may
    assert "3 av 15 insatser" in _main(site, MUNICIPALITY)
    assert "3 av 15 insatser (20 %)" in text(site.html(WIDGET))
    evaluation = _main(site, EVALUATION)
    assert "minst 15 insatser" in evaluation and "3 insatser" in evaluation
    # The feed item's full text is the update page's, in the national and the promise's feed.
    for feed in ("feed.xml", "loften/vaxjo-2024/feed.xml"):
        march_item = lxml.html.fragment_fromstring(item_by_link(site.xml(feed), MARCH).findtext(f"{{{CONTENT}}}encoded"), create_parent="div")
        assert "Den här gången: 1 insats. Totalt efter den här uppföljningen: 1 av 15 insatser." in text(march_item)
    # The share card of each update: its running totals, as of that update.
    assert "1 av 15 insatser, samverkansmöten: 1 av 2" in _card_alt(site, MARCH)
    assert "3 av 15 insatser" in _card_alt(site, MAY)


def test_without_a_singular_no_noun_follows_a_bare_number(site: Build) -> None:
    assert "samverkansmöten: 1 av 2" in _main(site, PROMISE)
    march = _main(site, MARCH)
    assert "Den här gången: samverkansmöten: 1." in march
    assert "Totalt efter den här uppföljningen: samverkansmöten: 1 av 2." in march
    assert "samverkansmöten: 1 av 2" in text(site.html(WIDGET))
    evaluation = _main(site, EVALUATION)
    assert "samverkansmöten: minst 2" in evaluation and "samverkansmöten: 1" in evaluation
    offending = []
    for path in [*site.site_dir.rglob("*.html"), *site.site_dir.rglob("*.xml")]:
        found = ONE_PLURAL.search(path.read_text(encoding="utf-8"))
        if found:
            offending.append(f"{path.relative_to(site.site_dir)}: {found.group(0)}")
    assert offending == []


def test_a_commitment_without_target_shows_its_status_and_no_number(site: Build) -> None:
    promise_page = site.html(PROMISE)
    item = next(li for li in promise_page.xpath("//li[contains(@class, 'ml-commitment')]") if "rapport om centrum" in text(li))
    assert "Status: Klar" in text(item)
    assert not re.search(r"\d", text(item)), text(item)
    march = site.html(MARCH)
    reported = next(li for li in march.xpath("//section[@class='ml-reported']//li") if "rapport om centrum" in text(li))
    assert text(reported) == "Kommunen skriver en rapport om centrum. Status: Klar."
    # May gave it a number, which counts nothing: the commitment is not reported there.
    assert "rapport om centrum" not in text(site.html(MAY).xpath("//section[@class='ml-reported']")[0])
    assert "genomförda" not in "".join(p.read_text(encoding="utf-8") for p in site.site_dir.rglob("*.html"))
    widget_item = next(li for li in site.html(WIDGET).xpath("//li") if "rapport om centrum" in text(li))
    assert text(widget_item) == "Kommunen skriver en rapport om centrum. Status: Klar"
    row = next(tr for tr in site.html(EVALUATION).xpath("//tr[@class='ml-report__row']") if "rapport om centrum" in text(tr))
    assert [text(td) for td in row.xpath("td")] == [
        "Kommunen skriver en rapport om centrum.", "Kommunen", "Inget antal", "Räknas inte", "Inget mål", "Klar",
    ]
    for url in (MARCH, MAY):
        assert not re.search(r"\b0\b", _card_alt(site, url)), _card_alt(site, url)
    # An update that reports only on it: its card shows the promise, no number and no "and 1 more".
    assert _card_alt(site, JUNE) == "Rapporten klar. Växjö, 10 juni 2024. Medborgarlöfte i Växjö kommun 2024"
    feed = (site.site_dir / "feed.xml").read_text(encoding="utf-8")
    assert "Status: Klar." in feed and not re.search(r"\b0 (genomförda|av)\b", feed)
    # The writer is told, naming the file and the field.
    warned = site.lines_naming("progress › rapport")
    assert len(warned) == 1 and "updates/vaxjo/2024-05-20-maj.md" in warned[0] and "inget mål (target)" in warned[0], site.log


def test_open_data_has_no_progress_for_a_commitment_without_target(site: Build) -> None:
    data = json.loads((site.site_dir / "data" / "loften.json").read_text(encoding="utf-8"))
    commitments = {c["id"]: c for c in data["promises"][0]["commitments"]}
    assert (commitments["rapport"]["progress"], commitments["rapport"]["status"]) == (None, "done")
    assert (commitments["insatser"]["progress"], commitments["insatser"]["unit_singular"]) == (3, "insats")
    assert (commitments["moten"]["progress"], commitments["moten"]["unit_singular"]) == (1, None)
    rows = list(csv.DictReader(io.StringIO((site.site_dir / "data" / "ataganden.csv").read_text(encoding="utf-8-sig"))))
    by_id = {r["id"]: r for r in rows}
    assert (by_id["rapport"]["progress"], by_id["rapport"]["status"]) == ("", "done")
    assert (by_id["insatser"]["progress"], by_id["insatser"]["unit_singular"]) == ("3", "insats")
    schema = json.loads((site.site_dir / "data" / "loften.schema.json").read_text(encoding="utf-8"))
    commitment = schema["properties"]["promises"]["items"]["properties"]["commitments"]["items"]
    assert commitment["properties"]["progress"]["type"] == ["integer", "null"]
    assert commitment["properties"]["unit_singular"]["type"] == ["string", "null"]


def test_translated_units_and_swedish_units_marked(site: Build) -> None:
    en = _main(site, EN_PROMISE)
    assert "3 of 15 operations" in en
    assert "This time: 1 operation." in _main(site, EN_MARCH)
    assert "This time: 2 operations." in _main(site, EN_MAY)
    # The unit the translation leaves out is the Swedish one, marked so.
    marked = site.html(EN_PROMISE).xpath("//span[@lang='sv'][normalize-space(.)='samverkansmöten']")
    assert marked, text(site.html(EN_PROMISE))
    assert "samverkansmöten: 1 of 2" in en
    # An attribute (the chart's name) holds the words unmarked, never markup.
    labels = site.html(EN_PROMISE).xpath("//svg/@aria-label")
    assert labels and all("<" not in label for label in labels), labels
    assert any(label.endswith("samverkansmöten: 1 of 2. The numbers are in the table below the chart.") for label in labels), labels


# ---------------------------------------------------------------- the wording itself


def test_counts_in_swedish_and_english_written_out() -> None:
    from markupsafe import Markup

    from citizen_promises import counts, i18n

    sv, en = i18n.words("sv"), i18n.words("en")
    insatser = counts.Unit("insatser", "insats")
    assert [counts.count(sv, insatser, n) for n in (0, 1, 2)] == ["0 insatser", "1 insats", "2 insatser"]
    assert [counts.of_target(sv, insatser, 1, t) for t in (1, 15)] == ["1 av 1 insats", "1 av 15 insatser"]
    assert counts.at_least(sv, insatser, 1) == "minst 1 insats"
    named = counts.Unit("samverkansmöten")
    assert (counts.count(sv, named, 1), counts.of_target(sv, named, 1, 2), counts.at_least(sv, named, 2)) == (
        "samverkansmöten: 1", "samverkansmöten: 1 av 2", "samverkansmöten: minst 2",
    )
    assert counts.of_target(sv, None, 3, 15) == "3 av 15" and counts.count(sv, None, 1) == "1"
    operations = counts.Unit("operations", "operation", "en")
    assert (counts.count(en, operations, 1), counts.count(en, operations, 2), counts.of_target(en, operations, 1, 15)) == (
        "1 operation", "2 operations", "1 of 15 operations",
    )
    assert counts.at_least(en, counts.Unit("meetings", None, "en"), 2) == "meetings: at least 2"
    # A Swedish unit marked on an English page stays markup; the words around it are escaped.
    marked = counts.Unit(Markup('<span lang="sv">insatser</span>'), Markup('<span lang="sv">insats</span>'), "sv")
    said = counts.of_target(en, marked, 1, 15)
    assert isinstance(said, Markup) and str(said) == '1 of 15 <span lang="sv">insatser</span>'


# ---------------------------------------------------------------- what a writer is told


def _checked(tmp_path, files: dict[str, str]) -> str:
    from test_hostile_input import check

    result = check(make_project(tmp_path / "project", files))
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    return output


def _error(output: str, file: str, field: str) -> str:
    where = f"{file}, fältet «{field}»:"
    lines = [line for line in output.splitlines() if where in line]
    assert lines, f"no line for {where}\n{output[-3000:]}"
    return lines[0]


def test_translated_units_name_their_commitment(tmp_path) -> None:
    files = {
        "promises/vaxjo-2024.md": promise("Växjö", COMMITMENTS),
        "updates/vaxjo/2024-06-10-juni.md": update("Rapporten klar", "2024-06-10", "vaxjo-2024", status={"rapport": "done"}),
    "promises/vaxjo-2024.en.md": front(
            {"units": {"insatsr": "operations", "rapport": "reports", "moten": "x" * 41}, "units_singular": {"moten": "meeting", "insatser": "operation"}},
        ),
    }
    output = _checked(tmp_path, files)
    assert "Menade du «insatser»?" in _error(output, "promises/vaxjo-2024.en.md", "units › insatsr")
    assert "har ingen enhet (unit) att översätta" in _error(output, "promises/vaxjo-2024.en.md", "units › rapport")
    assert "41" in _error(output, "promises/vaxjo-2024.en.md", "units › moten")
    assert "ingen i plural" in _error(output, "promises/vaxjo-2024.en.md", "units_singular › insatser")


def test_unit_singular_is_limited_and_needs_a_unit(tmp_path) -> None:
    commitments = [
        {"id": "insatser", "text": "Polisen gör insatser.", "by": "polisen", "target": 15, "unit": "insatser", "unit_singular": "i" * 41},
        {"id": "moten", "text": "Vi håller möten.", "by": "gemensamt", "target": 2, "unit_singular": "möte"},
    ]
    output = _checked(tmp_path, {"promises/vaxjo-2024.md": promise("Växjö", commitments)})
    assert "40" in _error(output, "promises/vaxjo-2024.md", "commitments › insatser › unit_singular")
    assert "ingen enhet (unit) i plural" in _error(output, "promises/vaxjo-2024.md", "commitments › moten › unit_singular")


def test_a_unit_without_target_is_a_notice(tmp_path) -> None:
    commitments = [{"id": "atgarder", "text": "Kommunen gör åtgärder.", "by": "kommunen", "unit": "åtgärder", "unit_singular": "åtgärd"}]
    output = _checked(tmp_path, {"promises/vaxjo-2024.md": promise("Växjö", commitments)})
    line = _error(output, "promises/vaxjo-2024.md", "commitments › atgarder › unit")
    assert line.startswith("NOTIS") and "inget mål (target)" in line and "enheten visas inte" in line, line
    assert "0 fel, 0 varningar" in output
