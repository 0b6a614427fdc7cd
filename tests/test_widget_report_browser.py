"""Real headless Chromium: the widget embedded in another website's page, and
the evaluation printed to an A4 PDF.

The embedding page lives on a second local server (another origin, as a
municipality's website is) and pastes the code the municipality page shows,
with the published address swapped for the local one. The PDF goes to
test-output/screenshots/utskrift/ for a person to look at.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfReader

from browser_support import fresh_screenshot_dir, serve_directory, until
from e2e_support import ALINGSAS_EXPECTED, PUBLISHED, SITE_URL, content, text

SLUG = "alingsas"
PROMISE = "alingsas-2024"
WIDTHS = (320, 600)
# Only in the site's header, navigation and footer: never on paper.
CHROME_ONLY = ("Gå till innehållet", "För dig som skriver: skrivhandledning", "Tillgänglighetsredogörelse", "Prenumerera på alla uppföljningar")
A4 = (595.3, 841.9)  # points


@pytest.fixture(scope="module")
def build(main):
    """The scenario content of e2e_support, built once for the session (conftest.py)."""
    return main


@pytest.fixture(scope="module")
def site(build) -> Path:
    return build.site_dir


@pytest.fixture(scope="module")
def site_url(chromium, site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


def pasted_code(site: Path) -> str:
    """The <iframe> code as a communicator copies it from the municipality's place on /prenumerera/."""
    doc = lxml.html.fromstring((site / "prenumerera" / "index.html").read_bytes())
    return content(doc).xpath(f".//h3[@id='kommun-{SLUG}']/following-sibling::pre[1]/code")[0].text_content()


@pytest.fixture(scope="module")
def host(site: Path, site_url: str, tmp_path_factory) -> Iterator[tuple[str, int]]:
    """A municipality's page on its own origin with the widget pasted in; yields
    its address and the recommended height."""
    code = pasted_code(site)
    assert SITE_URL in code
    height = int(re.search(r'height="(\d+)"', code).group(1))
    folder = tmp_path_factory.mktemp("kommunens-webbplats")
    (folder / "index.html").write_text(
        "<!doctype html><html lang='sv'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Kommunens webbplats</title><style>body { margin: 0; }</style></head><body>"
        "<main><h1>Trygghet i kommunen</h1><p><a id='fore' href='#fore'>Länk före rutan</a></p>"
        + code.replace(SITE_URL, site_url)
        + "<p><a id='efter' href='#efter'>Länk efter rutan</a></p></main></body></html>",
        encoding="utf-8",
    )
    with serve_directory(folder) as url:
        yield url, height


def promise_title(site: Path) -> str:
    doc = lxml.html.fromstring((site / "loften" / PROMISE / "index.html").read_bytes())
    return text(content(doc).xpath(".//h1")[0])


def widget_frame(page):
    until(page, "document.querySelector('iframe').contentWindow !== null")
    frame = page.frame_locator("iframe")
    frame.locator(".w-updates").wait_for()
    return next(f for f in page.frames if f.url.endswith(f"kommuner/{SLUG}/widget/"))


# ---------------------------------------------------------------- the widget in an iframe


@pytest.mark.parametrize("width", WIDTHS)
def test_widget_loads_in_an_iframe_and_fits_the_recommended_height(chromium, host, site: Path, width: int) -> None:
    url, height = host
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        frame = widget_frame(page)
        assert frame.evaluate("document.documentElement.lang") == "sv"
        assert promise_title(site) in frame.locator("h2").all_inner_texts()
        newest = sorted((p for p in PUBLISHED if p.municipality == SLUG), key=lambda p: p.path, reverse=True)[:3]
        assert frame.locator(".w-updates a").all_inner_texts() == [p.title for p in newest]
        box = page.locator("iframe").bounding_box()
        assert round(box["height"]) == height
        assert round(box["width"]) == min(600, width), "max-width: 100% keeps the frame inside a narrow page"
        scroll = frame.evaluate("[document.documentElement.scrollHeight, document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert scroll[0] <= height, f"the widget needs {scroll[0]} px at {width} px wide, the code says {height}"
        assert scroll[1] <= scroll[2], "the widget scrolls sideways"
        page.screenshot(path=fresh_dir() / f"inbaddad-{width}.png", full_page=True)
    finally:
        context.close()


_SHOTS: list[Path] = []


def fresh_dir() -> Path:
    if not _SHOTS:
        _SHOTS.append(fresh_screenshot_dir("widget"))
    return _SHOTS[0]


def test_tab_moves_into_the_widget_and_out_again(chromium, host) -> None:
    url, _ = host
    context = chromium.new_context(viewport={"width": 600, "height": 900})
    page = context.new_page()
    try:
        page.goto(url, wait_until="load")
        frame = widget_frame(page)
        inside = frame.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.textContent.trim())")
        assert len(inside) >= 5
        page.focus("#fore")
        reached = []
        for _ in range(len(inside)):
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.tagName") == "IFRAME", "focus left the widget too early"
            reached.append(frame.evaluate("document.activeElement.textContent.trim()"))
        assert reached == inside, "every link in the widget, in order"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "efter", "no keyboard trap: Tab leaves the widget"
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.tagName") == "IFRAME"
        assert frame.evaluate("document.activeElement.textContent.trim()") == inside[-1]
        # The focused link shows a ring inside the frame.
        assert frame.evaluate("getComputedStyle(document.activeElement).outlineStyle") == "solid"
        for _ in inside:
            page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.id") == "fore"
    finally:
        context.close()


# ---------------------------------------------------------------- the evaluation on paper


@pytest.fixture(scope="module")
def pdf(chromium, site_url: str) -> bytes:
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(site_url + f"loften/{PROMISE}/utvardering/", wait_until="load")
        page.emulate_media(media="print")
        # Black text on paper, not the theme's greys.
        colours = page.evaluate("Array.from(document.querySelectorAll('.ml-report h1, .ml-report td, .ml-report p'), e => getComputedStyle(e).color)")
        assert colours and set(colours) == {"rgb(0, 0, 0)"}, set(colours)
        data = page.pdf(format="A4")
    finally:
        context.close()
    (fresh_screenshot_dir("utskrift") / f"utvardering-{PROMISE}.pdf").write_bytes(data)
    return data


def squeeze(words: str) -> str:
    """Without whitespace: a table cell's text wraps over several lines in a PDF."""
    return re.sub(r"\s+", "", words)


def test_printed_evaluation_is_a4_with_every_commitment_and_no_site_chrome(pdf: bytes, site: Path) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 4
    for sheet in reader.pages:
        assert (round(float(sheet.mediabox.width), 1), round(float(sheet.mediabox.height), 1)) == pytest.approx(A4, abs=1)
    printed = "\n".join(sheet.extract_text() for sheet in reader.pages)
    flat = squeeze(printed)
    # The commitments and what each has delivered, written out by hand from
    # e2e_support's Alingsås content (ALINGSAS_EXPECTED: "10 av 10 insatser" -> "10 insatser").
    assert len(ALINGSAS_EXPECTED) == 5
    for commitment, (progress, status) in ALINGSAS_EXPECTED.items():
        assert squeeze(commitment) in flat, commitment
        done, target_and_unit = progress.split(" av ")
        unit = target_and_unit.split(" ", 1)[1]
        assert squeeze(f"{done} {unit}") in flat, progress
        assert squeeze(f"minst {target_and_unit}") in flat, progress
        assert squeeze(status) in flat, status
    assert squeeze(promise_title(site)) in flat
    for chrome in CHROME_ONLY:
        assert squeeze(chrome) not in flat, f"{chrome!r} was printed"
    # Links print their addresses.
    for update in (p for p in PUBLISHED if p.promise == PROMISE):
        assert squeeze(SITE_URL + update.url) in flat, update.url
    assert "Rapportenskapades1juli2024" in flat
