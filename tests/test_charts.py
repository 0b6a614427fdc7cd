"""Progress over time: a commitment's running total by month (the model's
series) and its chart (templates/_chart.html): inline SVG with the same
numbers as a table, escaped, and legible on a phone, in print and in forced
colours (real headless Chromium). Screenshots: test-output/screenshots/charts/."""

from __future__ import annotations

from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe
from jinja2 import Environment

from browser_support import PROJECT, fresh_screenshot_dir, serve_directory
from citizen_promises.charts import MonthTotal
from citizen_promises.model import Site, translate_site
from citizen_promises.pages import Renderer
from citizen_promises.problems import Report
from citizen_promises.swedish import STOCKHOLM
from citizen_promises.translations import Translations
from content_support import PROMISE, run, update

# Months 1, 1 and 3 of a promise for 2024 with the target 15 insatser; built 1 June 2024.
BY_HAND = {
    "promises/nassjo-2024.md": PROMISE,
    "updates/nassjo/2024-01-05-a.md": update("2024-01-05", extra="progress:\n  insatser-runneryd: 4\n"),
    "updates/nassjo/2024-01-20-b.md": update("2024-01-20", extra="progress:\n  insatser-runneryd: 2\n"),
    "updates/nassjo/2024-03-10-c.md": update("2024-03-10", extra="progress:\n  insatser-runneryd: 3\n  moten: 2\n"),
}
MONTHS_BY_HAND = ["januari 2024", "februari 2024", "mars 2024", "april 2024", "maj 2024", "juni 2024"]
TOTALS_BY_HAND = [6, 6, 9, 9, 9, 9]


def item_of(site: Site, commitment_id: str, promise_id: str = "nassjo-2024"):
    return next(p for p in site.promises[promise_id].progress if p.commitment.id == commitment_id)


def chart(site: Site, commitment_id: str, promise_id: str = "nassjo-2024", open: bool = False) -> str:
    """The macro's HTML, rendered by the site's own Jinja environment."""
    env = Renderer(site, Report()).env
    template = env.from_string('{% from "_chart.html" import progress_chart %}{{ progress_chart(item, open) }}')
    return template.render(item=item_of(site, commitment_id, promise_id), open=open)


def svg_of(html: str) -> lxml.etree._Element:
    """The chart's <svg>, parsed as XML: it must be well-formed on its own."""
    return lxml.etree.fromstring(html[html.index("<svg") : html.index("</svg>") + len("</svg>")])


def name_of(svg: lxml.etree._Element) -> str:
    """The chart's accessible name."""
    return str(svg.get("aria-label"))


def table_of(html: str) -> tuple[list[str], list[int], str]:
    table = lxml.html.fragment_fromstring(html, create_parent="div").find(".//table")
    months = [th.text_content() for th in table.findall("./tbody/tr/th")]
    totals = [int(td.text_content()) for td in table.findall("./tbody/tr/td")]
    return months, totals, table.find("caption").text_content()


def heights(svg: lxml.etree._Element) -> list[float]:
    """Each month's point, as its height above the zero line."""
    baseline = float(svg.find("g/path[@class='ml-chart__axis']").get("d").split()[1].split("H")[0])
    points = svg.find("g/polyline[@class='ml-chart__line']").get("points").split()
    return [baseline - float(point.split(",")[1]) for point in points]


# ---------------------------------------------------------------- the series


def test_series_by_month_written_out_by_hand(tmp_path: Path) -> None:
    site, _ = run(tmp_path, BY_HAND)
    series = item_of(site, "insatser-runneryd").series
    assert series.months == (
        MonthTotal(date(2024, 1, 1), 6, True),
        MonthTotal(date(2024, 2, 1), 6, False),  # no update: the total carries forward
        MonthTotal(date(2024, 3, 1), 9, True),
        MonthTotal(date(2024, 4, 1), 9, False),
        MonthTotal(date(2024, 5, 1), 9, False),
        MonthTotal(date(2024, 6, 1), 9, False),  # the build date's month: the promise is current
    )
    assert (series.target, series.unit) == (15, "insatser")


def test_an_ended_promise_charts_its_whole_period_and_a_late_report_in_its_last_month(tmp_path: Path) -> None:
    files = dict(BY_HAND)
    files["updates/nassjo/2025-01-31-sen.md"] = update("2025-01-31T23:30:00Z", extra="progress:\n  insatser-runneryd: 6\n")
    files["updates/nassjo/2099-12-31-langt-fram.md"] = update("2099-12-31", extra="progress:\n  insatser-runneryd: 1\n")
    site, _ = run(tmp_path, files, built_at=datetime(2025, 3, 1, 12, 0, tzinfo=STOCKHOLM), preview=True)
    months = item_of(site, "insatser-runneryd").series.months
    # January to December 2024, the promise's own period (issue 18): a report
    # after it, late (1 February 2025 in Stockholm) or dated 75 years ahead
    # (shown in the preview), counts in the period's last month.
    assert (months[0].month, months[-1].month, len(months)) == (date(2024, 1, 1), date(2024, 12, 1), 12)
    assert [(m.total, m.reported) for m in months[-3:]] == [(9, False), (9, False), (16, True)]
    assert months[-1].total == item_of(site, "insatser-runneryd").done == 16


def test_a_report_before_the_period_counts_in_its_first_month(tmp_path: Path) -> None:
    files = dict(BY_HAND)
    files["updates/nassjo/2023-12-20-tidig.md"] = update("2023-12-20", extra="progress:\n  insatser-runneryd: 1\n")
    site, _ = run(tmp_path, files)
    months = item_of(site, "insatser-runneryd").series.months
    assert [m.total for m in months] == [7, 7, 10, 10, 10, 10]


def test_drafts_are_not_in_the_published_chart(tmp_path: Path) -> None:
    files = dict(BY_HAND)
    files["updates/nassjo/2024-04-02-utkast.md"] = update("2024-04-02", extra="draft: true\nprogress:\n  insatser-runneryd: 100\n")
    site, _ = run(tmp_path, files)
    assert [m.total for m in item_of(site, "insatser-runneryd").series.months] == TOTALS_BY_HAND


def test_in_the_preview_a_draft_counts_like_the_progress_beside_the_chart(tmp_path: Path) -> None:
    files = dict(BY_HAND)
    files["updates/nassjo/2024-04-02-utkast.md"] = update("2024-04-02", extra="draft: true\nprogress:\n  insatser-runneryd: 5\n")
    site, _ = run(tmp_path, files, preview=True)
    item = item_of(site, "insatser-runneryd")
    assert [m.total for m in item.series.months] == [6, 6, 9, 14, 14, 14]
    assert item.done == 14


# ---------------------------------------------------------------- the chart


def test_chart_is_svg_with_the_same_numbers_as_its_table(tmp_path: Path) -> None:
    site, _ = run(tmp_path, BY_HAND)
    html = chart(site, "insatser-runneryd")
    svg = svg_of(html)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == (
        "Diagram över genomfört per månad från januari 2024 till juni 2024: 9 av 15 insatser. "
        "Siffrorna finns i tabellen under diagrammet."
    )
    assert svg.get("viewBox") == "0 0 360 160"
    months, totals, caption = table_of(html)
    assert months == MONTHS_BY_HAND
    assert totals == TOTALS_BY_HAND
    assert caption == (
        "Genomfört totalt per månad: Polisen genomför minst femton riktade insatser i Runnerydsområdet. "
        "Mål: 15 insatser."
    )
    # one point a month, each as high as its total: 6 is two thirds of 9
    points = heights(svg)
    assert len(points) == 6
    assert [round(h / points[0] * 6, 1) for h in points] == TOTALS_BY_HAND
    # the target: a dashed line at 15, labelled in words, in the table's footer too
    target = svg.find("g/path[@class='ml-chart__target']")
    assert target.get("stroke-dasharray")
    baseline = float(svg.find("g/path[@class='ml-chart__axis']").get("d").split()[1].split("H")[0])
    target_height = baseline - float(target.get("d").split()[1].split("H")[0])
    assert target_height / points[0] == pytest.approx(15 / 6, abs=0.01)
    words = [t.text for t in svg.iter("text")]
    assert "Mål: 15" in words and "9" in words  # the target and the latest total
    assert ("jan. 2024", "juni 2024") == (words[2], words[3])
    assert "Mål15" in lxml.html.fragment_fromstring(html).xpath("string(.//tfoot)")
    # dots where updates reported: January and March
    assert svg.find("g/path[@class='ml-chart__dots']").get("d") == "M50.4 88h0M160.1 66h0"


def test_front_matter_in_the_chart_is_escaped(tmp_path: Path) -> None:
    hostile = PROMISE.replace("unit: insatser", 'unit: "<script>alert(1)</script> & co"').replace(
        "text: Polisen genomför minst femton riktade insatser i Runnerydsområdet.",
        'text: "Möten & <script>alert(2)</script> <b>fet</b>"',
    )
    site, _ = run(tmp_path, {**BY_HAND, "promises/nassjo-2024.md": hostile})
    html = chart(site, "insatser-runneryd")
    assert "<script" not in html and "<b>" not in html
    svg = svg_of(html)  # still well-formed: the & is &amp;
    assert "9 av 15 <script>alert(1)</script> & co." in name_of(svg)
    _, _, caption = table_of(html)
    assert caption == "Genomfört totalt per månad: Möten & <script>alert(2)</script> <b>fet</b> Mål: 15 <script>alert(1)</script> & co."


def test_a_commitment_without_target_is_not_charted(tmp_path: Path) -> None:
    """It counts nothing (contract 2.1): the model keeps what was reported, no page draws it."""
    site, _ = run(tmp_path, BY_HAND)
    item = item_of(site, "moten")
    assert item.shown is False
    assert [m.total for m in item.series.months] == [0, 0, 2, 2, 2, 2]


def test_nothing_reported_yet_is_said_in_words(tmp_path: Path) -> None:
    site, _ = run(tmp_path, BY_HAND)
    html = chart(site, "inventeringar")
    assert "<svg" not in html and "<table" not in html
    text = lxml.html.fragment_fromstring(html).text_content().strip()
    assert text == "Inget har rapporterats för åtagandet ännu, så det finns inget diagram över tid. Målet är trygghetsinventeringar: 2."


def test_one_month_only(tmp_path: Path) -> None:
    site, _ = run(tmp_path, BY_HAND, built_at=datetime(2024, 1, 25, 12, 0, tzinfo=STOCKHOLM))
    html = chart(site, "insatser-runneryd")
    assert [t.text for t in svg_of(html).iter("text")][2] == "jan. 2024"
    assert "i januari 2024: 6 av 15 insatser." in name_of(svg_of(html))
    assert table_of(html)[:2] == (["januari 2024"], [6])


def test_the_evaluation_shows_the_table_unfolded(tmp_path: Path) -> None:
    site, _ = run(tmp_path, BY_HAND)
    assert '<details class="ml-chart__data" open>' in chart(site, "insatser-runneryd", open=True)
    assert '<details class="ml-chart__data">' in chart(site, "insatser-runneryd")


FIVE_YEARS = """\
---
municipality: Nässjö
valid_from: 2024-01-01
valid_until: 2028-12-31
commitments:
  - id: insatser
    text: Polisen genomför minst sexhundra riktade insatser i Runnerydsområdet under perioden.
    by: polisen
    target: 600
    unit: insatser
---
"""


def test_a_five_year_chart_stays_small(tmp_path: Path) -> None:
    """At national scale (about 1,450 promises, a few commitments each, on the
    promise page and the evaluation) every byte of a chart counts twice thousands of times."""
    files: dict[str, str] = {"promises/nassjo-2024.md": FIVE_YEARS}
    for year in range(2024, 2029):
        for month in range(1, 13):
            files[f"updates/nassjo/{year}-{month:02}-15-u.md"] = update(f"{year}-{month:02}-15", extra="progress:\n  insatser: 10\n")
    site, _ = run(tmp_path, files, built_at=datetime(2029, 3, 1, tzinfo=STOCKHOLM))
    html = chart(site, "insatser")
    assert table_of(html)[1] == list(range(10, 610, 10))
    assert len(html.encode()) < 6_000, len(html.encode())


# ---------------------------------------------------------------- in a browser

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}

# A page with the theme's and the site's stylesheets around sample charts.
SAMPLE_PAGE = """<!doctype html>
<html lang="sv" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Diagram</title>
{% for sheet in sheets %}<link rel="stylesheet" href="{{ sheet }}">{% endfor %}
</head><body data-md-color-scheme="default" data-md-color-primary="indigo"><main class="md-main"><div class="md-content">
<article class="md-content__inner md-typeset"><h1>Diagram</h1>
{% from "_chart.html" import progress_chart %}
{% for item in items %}<h2>{{ item.commitment.text }}</h2>{{ progress_chart(item, open=True) }}{% endfor %}
</article></div></main></body></html>
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("chart-sample")
    site, _ = run(root / "content", BY_HAND)
    out = root / "site"
    out.mkdir()
    theme = Path(str(files("material"))) / "templates" / "assets" / "stylesheets"
    sheets = [*sorted(theme.glob("main.*.min.css")), *sorted(theme.glob("palette.*.min.css")), PROJECT / "docs" / "assets" / "medborgarloften.css"]
    for sheet in sheets:
        (out / sheet.name).write_bytes(sheet.read_bytes())
    env: Environment = Renderer(site, Report()).env
    page = env.from_string(SAMPLE_PAGE).render(sheets=[s.name for s in sheets], items=[i for i in site.promises["nassjo-2024"].progress if i.shown])
    (out / "index.html").write_text(page, encoding="utf-8")
    return out


@pytest.mark.parametrize("width", (320, 375, 1366))
def test_chart_fits_the_screen_and_axe_finds_nothing(chromium, sample: Path, width: int) -> None:
    shots = fresh_screenshot_dir(f"charts/{width}")
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        with serve_directory(sample) as base_url:
            page.goto(base_url, wait_until="load")
            page.screenshot(path=shots / "skarm.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing scrolls sideways
            box = page.locator("svg.ml-chart__svg").first.bounding_box()
            assert box is not None and 0 < box["x"] and box["x"] + box["width"] <= width
            # the month labels are no smaller than 10 px on a phone, and not huge on a laptop
            size = page.evaluate("box => 13 * box.width / 360", box)
            assert 10 <= size <= 20, size
            page.evaluate(Axe().axe_script)
            violations = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
            assert violations == [], violations
            # the table in the browser says what the chart draws
            cells = page.locator(".ml-chart").first.locator("tbody td").all_inner_texts()
            assert [int(c) for c in cells] == TOTALS_BY_HAND
            for media, forced in (("print", "none"), ("screen", "active")):
                page.emulate_media(media=media, forced_colors=forced)
                name = "utskrift" if media == "print" else "hogkontrast"
                page.screenshot(path=shots / f"{name}.png", full_page=True)
                line = page.locator(".ml-chart__line").first
                stroke = line.evaluate("el => getComputedStyle(el).stroke")
                text = line.evaluate("el => getComputedStyle(el.closest('svg')).color")
                # the line has the text's colour: black on paper, the system's text colour in high contrast
                assert stroke == text, (media, stroke, text)
                if media == "print":
                    assert stroke == "rgb(0, 0, 0)"
            page.emulate_media(media="screen", forced_colors="none")
    finally:
        context.close()


def test_the_chart_speaks_the_pages_language(tmp_path: Path) -> None:
    """On an English page the chart's words are English (the catalog) and its
    months are Babel's English ones; the numbers are the same."""
    site, _ = run(tmp_path, BY_HAND)
    translate_site(site, ("en",), Translations(), lambda written, body: written or "", Report())  # an English edition
    env = Renderer(site, Report()).environment("en")
    template = env.from_string('{% from "_chart.html" import progress_chart %}{{ progress_chart(item, text=text) }}')
    html = template.render(item=item_of(site, "insatser-runneryd"), text="The police carry out fifteen operations.")
    assert name_of(svg_of(html)) == (
        "Chart of the running total by month from January 2024 to June 2024: 9 of 15 insatser. "
        "The numbers are in the table below the chart."
    )
    months, totals, caption = table_of(html)
    assert months == ["January 2024", "February 2024", "March 2024", "April 2024", "May 2024", "June 2024"]
    assert totals == TOTALS_BY_HAND
    assert caption == "Done in total by month: The police carry out fifteen operations. Target: 15 insatser."
