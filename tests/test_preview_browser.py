"""The writer's preview, in real headless Chromium against a running `mkdocs serve`:
a broken file shows up where the writer looks, and fixing it clears it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from browser_support import EPOCH, PROJECT, require_chromium

BROKEN = "updates/nassjo/2019-06-28-tryggare-resecentrum.md"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    require_chromium()
    root = tmp_path_factory.mktemp("preview")
    for name in ("mkdocs.yml", "hooks", "overrides", "docs", "promises", "updates"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    port = _free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail("mkdocs serve stopped: " + (server.stdout.read() if server.stdout else ""))
            time.sleep(0.3)
    try:
        yield url, root
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for(page, url: str, predicate, timeout: float = 45.0) -> None:
    """Reload until the page shows what we wait for; serve rebuilds after a save."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if predicate(page):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{url} never showed the expected state; body: {page.inner_text('body')[:500]}")
        time.sleep(0.5)


def test_broken_file_shows_banner_and_problem_page_then_clears(chromium, preview: tuple[str, Path]) -> None:
    url, root = preview
    path = root / BROKEN
    original = path.read_text(encoding="utf-8")
    banner = ".ml-problem-banner"
    with closing(chromium.new_context()) as context:
        page = context.new_page()
        page.goto(url)
        assert page.locator(banner).count() == 0

        path.write_text(original.replace("promise: nassjo-2019-2020", "promise: nasjo-2019-2020"), encoding="utf-8")
        _wait_for(page, url + "kommuner/", lambda p: p.locator(banner).count() == 1)
        assert "Innehållet har 1 fel och 0 varningar." in page.locator(banner).inner_text()
        # the rest of the site still builds: the promise page is there
        page.goto(url + "loften/nassjo-2019-2020/")
        assert page.locator("h1").inner_text() == "Medborgarlöfte i Nässjö kommun 2019–2020"
        assert page.locator(banner).count() == 1
        page.locator(f"{banner} a").click()
        problems = page.locator(".ml-problems").first.inner_text()
        assert BROKEN in problems and "promise" in problems
        assert "nassjo-2019-2020" in problems  # the suggested fix

        path.write_text(original, encoding="utf-8")
        _wait_for(page, url + "kommuner/", lambda p: p.locator(banner).count() == 0)


def test_drafts_show_in_the_preview_marked_as_drafts(chromium, preview: tuple[str, Path]) -> None:
    url, _ = preview
    with closing(chromium.new_context()) as context:
        page = context.new_page()
        page.goto(url + "kommuner/linkoping/2022/11/november-utkast/")
        assert page.locator(".ml-badge--draft").inner_text() == "Utkast"
        assert page.locator(".ml-badge--draft").is_visible()
