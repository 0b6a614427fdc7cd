"""Browser tests of the citizen-first pages in real headless Chromium: the
promise at a glance is inside the first screen on a phone and a laptop, the
national table sorts and filters with the keyboard and is complete without
JavaScript. Saves screenshots of the home, municipality, promise and national
pages at both widths in test-output/screenshots/citizen/ (to look at).

Content: the example site (promises over at the build date) and the CITIZEN
scenario of test_citizen_pages_e2e.py (current, overdue and upcoming promises).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browser_support import fresh_screenshot_dir, serve_directory
from e2e_support import Build, built
from test_citizen_pages_e2e import citizen_files

SCREENS = {"telefon": (375, 667), "dator": (1366, 768)}
SHOTS: dict[str, str] = {"start": "", "kommun": "kommuner/{slug}/", "lofte": "loften/{promise}/", "kommuner": "kommuner/"}


@pytest.fixture(scope="module")
def citizen(tmp_path_factory: pytest.TempPathFactory) -> Build:
    build = built("citizen", citizen_files(), tmp_path_factory, strict=True)
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="module")
def citizen_url(chromium, citizen: Build) -> Iterator[str]:
    with serve_directory(citizen.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def example_url(chromium, example_site: Build) -> Iterator[str]:
    with serve_directory(example_site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def screenshots() -> Path:
    return fresh_screenshot_dir("citizen")


def visible_names(page) -> list[str]:
    return page.eval_on_selector_all("#kommuntabell tbody tr:not([hidden]) th", "cells => cells.map(c => c.textContent.trim())")


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("url", ["loften/boras-2024/", "kommuner/boras/", "loften/haninge-2021/", "kommuner/haninge/"])
def test_the_promise_at_a_glance_is_inside_the_first_screen(chromium, citizen_url, example_url, url, screen):
    width, height = SCREENS[screen]
    base = example_url if "haninge" in url else citizen_url
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(base + url, wait_until="load")
        box = page.locator(".ml-glance").first
        assert box.is_visible()
        # Its heading, how many commitments are done and how far the period is, without scrolling.
        for part in (box.locator(".ml-glance__heading"), box.locator(".ml-glance__lead").nth(0), box.locator(".ml-glance__lead").nth(1)):
            rect = part.bounding_box()
            assert rect is not None and rect["y"] >= 0 and rect["y"] + rect["height"] <= height, (url, screen, part, rect)
        if width >= 1000:  # on a laptop the whole box, the latest follow-up too
            rect = box.bounding_box()
            assert rect is not None and rect["y"] + rect["height"] <= height, (url, rect)
    finally:
        context.close()


@pytest.mark.parametrize("screen", SCREENS)
def test_screenshots_of_the_citizen_pages(chromium, citizen_url, example_url, screenshots, screen):
    width, height = SCREENS[screen]
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        for site, base, slug, promise in (("exempel", example_url, "linkoping", "linkoping-2021-2022"), ("aktuellt", citizen_url, "boras", "boras-2024")):
            for name, url in SHOTS.items():
                response = page.goto(base + url.format(slug=slug, promise=promise), wait_until="load")
                assert response is not None and response.ok
                page.screenshot(path=str(screenshots / f"{site}-{name}-{width}.png"))
    finally:
        context.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab from where the focus is until ``selector`` has it: the keyboard's way there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


def test_national_table_filters_and_sorts_with_the_keyboard(chromium, citizen_url):
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(citizen_url + "kommuner/", wait_until="load")
        status = page.locator("#kommunantal")
        assert visible_names(page) == ["Borås", "Eksjö", "Mölndal"]
        assert status.inner_text() == "Visar alla 3 kommuner, sorterade efter kommun, stigande."
        assert page.get_attribute("#kommuntabell thead th:nth-child(1)", "aria-sort") == "ascending"
        # The filter: typed without the accent, it still finds Mölndal; the count is announced.
        tab_to(page, "#kommunfilter")
        page.keyboard.type("moln")
        assert visible_names(page) == ["Mölndal"]
        assert status.inner_text() == "Visar 1 av 3 kommuner, sorterade efter kommun, stigande."
        assert page.get_attribute("#kommunantal", "role") == "status"
        page.keyboard.press("Control+A")
        page.keyboard.press("Backspace")
        # Only overdue: Borås (last follow-up 1 April, monthly).
        tab_to(page, "#bara-forsenade")
        page.keyboard.press("Space")
        assert visible_names(page) == ["Borås"]
        page.keyboard.press("Space")
        assert visible_names(page) == ["Borås", "Eksjö", "Mölndal"]
        # Sorting: a button in the header; newest follow-up first, then the other way.
        tab_to(page, "#kommuntabell thead th:nth-child(4) button")
        page.keyboard.press("Enter")
        assert visible_names(page) == ["Eksjö", "Borås", "Mölndal"]
        header = "#kommuntabell thead th:nth-child(4)"
        assert page.get_attribute(header, "aria-sort") == "descending"
        assert page.get_attribute("#kommuntabell thead th:nth-child(1)", "aria-sort") is None
        assert status.inner_text() == "Visar alla 3 kommuner, sorterade efter senaste uppföljning, fallande."
        page.keyboard.press("Enter")
        assert visible_names(page) == ["Mölndal", "Borås", "Eksjö"]
        assert page.get_attribute(header, "aria-sort") == "ascending"
        # Most commitments done first: Borås 1 of 5; Eksjö and Mölndal 0 keep alphabetical order.
        tab_to(page, "#kommuntabell thead th:nth-child(3) button")
        page.keyboard.press("Enter")
        assert visible_names(page) == ["Borås", "Eksjö", "Mölndal"]
    finally:
        context.close()


def test_national_table_is_complete_without_javascript(chromium, citizen_url):
    context = chromium.new_context(viewport={"width": 375, "height": 667}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(citizen_url + "kommuner/", wait_until="load")
        assert visible_names(page) == ["Borås", "Eksjö", "Mölndal"]
        assert page.locator("#kommuntabell caption").is_visible()
        # The controls that need the script are not shown without it.
        assert not page.locator("#kommunfilter").is_visible()
        assert page.locator("#kommuntabell thead button").count() == 0
    finally:
        context.close()
