"""The writer's preview, in real headless Chromium against a running `mkdocs serve`:
a broken file shows up where the writer looks, and fixing it clears it.

The open page updates itself (mkdocs serve's live reload) when the rebuild after
a save is done; the test waits for what the writer then sees, no fixed sleeps."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser_support import EPOCH, PROJECT, free_port, mkdocs_serve, require_chromium

BROKEN = "updates/nassjo/2019-06-28-tryggare-resecentrum.md"
BANNER = ".ml-problem-banner"
REBUILT_MS = 90_000  # a rebuild of the example content on a busy 2-core machine takes well under this


@dataclass(frozen=True)
class Preview:
    url: str
    root: Path
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")[-4000:]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    require_chromium()
    root = tmp_path_factory.mktemp("preview")
    for name in ("mkdocs.yml", "hooks", "overrides", "docs", "promises", "updates"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    url = f"http://127.0.0.1:{port}/"
    log = root.parent / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    with mkdocs_serve(command, root, env, url, log):  # fails the test with the output if it does not answer
        yield Preview(url, root, log)


def _expect_banners(page, count: int, preview: Preview) -> None:
    """Wait until the open page, reloaded by the preview after its rebuild, shows ``count`` banners."""
    try:
        expect(page.locator(BANNER)).to_have_count(count, timeout=REBUILT_MS)
    except AssertionError as error:
        raise AssertionError(f"{page.url} never showed {count} problem banner(s); "
                             f"body: {page.inner_text('body')[:500]}\nmkdocs serve:\n{preview.output()}") from error


def test_broken_file_shows_banner_and_problem_page_then_clears(chromium, preview: Preview) -> None:
    path = preview.root / BROKEN
    original = path.read_text(encoding="utf-8")
    with closing(chromium.new_context()) as context:
        page = context.new_page()
        page.goto(preview.url)
        assert page.locator(BANNER).count() == 0

        page.goto(preview.url + "kommuner/")
        try:
            path.write_text(original.replace("promise: nassjo-2019-2020", "promise: nasjo-2019-2020"), encoding="utf-8")
            _expect_banners(page, 1, preview)
            assert "Innehållet har 1 fel och 0 varningar." in page.locator(BANNER).inner_text()
            # the rest of the site still builds: the promise page is there
            page.goto(preview.url + "loften/nassjo-2019-2020/")
            assert page.locator("h1").inner_text() == "Medborgarlöfte i Nässjö kommun 2019–2020"
            assert page.locator(BANNER).count() == 1
            page.locator(f"{BANNER} a").click()
            problems = page.locator(".ml-problems").first
            expect(problems).to_contain_text(BROKEN)
            text = problems.inner_text()
            assert BROKEN in text and "promise" in text
            assert "nassjo-2019-2020" in text  # the suggested fix
            page.goto(preview.url + "kommuner/")
        finally:
            path.write_text(original, encoding="utf-8")
        _expect_banners(page, 0, preview)


def test_drafts_show_in_the_preview_marked_as_drafts(chromium, preview: Preview) -> None:
    with closing(chromium.new_context()) as context:
        page = context.new_page()
        page.goto(preview.url + "kommuner/linkoping/2022/11/november-utkast/")
        assert page.locator(".ml-badge--draft").inner_text() == "Utkast"
        assert page.locator(".ml-badge--draft").is_visible()
