"""Real headless Chromium for the browser tests: Debian's /usr/bin/chromium,
driven by Playwright, serving a built site from a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

import e2e_support

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PROJECT = Path(__file__).resolve().parent.parent
SCREENSHOTS = PROJECT / "test-output" / "screenshots"  # not committed (.gitignore)
EPOCH = str(e2e_support.EPOCH)  # the one build date of the suite: 2024-07-01 12:00 UTC


def until(page, expression: str, **options: object) -> None:
    """``page.wait_for_function`` for a JavaScript expression, sent as a
    function: Playwright evaluates a bare expression with eval() inside the
    page, which the site's Content-Security-Policy forbids (no 'unsafe-eval')."""
    page.wait_for_function(f"() => ({expression})", **options)


def require_chromium() -> None:
    """Skip loudly without Chromium on a developer's machine; fail in CI."""
    if Path(CHROMIUM).exists():
        return
    reason = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run the browser tests"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@contextmanager
def browser() -> Iterator:
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield instance
        finally:
            instance.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 with a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # it answers, if not with 200
    except OSError:
        return False


@contextmanager
def mkdocs_serve(command: list[str], cwd: Path, env: Mapping[str, str], url: str, log: Path,
                 timeout: float = 120.0) -> Iterator[subprocess.Popen]:
    """Run `mkdocs serve` (``command``) until the block ends. Waits until ``url``
    answers; fails the test with the server's output if it stops or does not
    answer within ``timeout`` seconds. The output goes to ``log`` (not a pipe,
    which a chatty server could fill and block on)."""
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=cwd, env=dict(env), stdout=out, stderr=subprocess.STDOUT, text=True)
        try:
            deadline = time.monotonic() + timeout
            while not _answers(url):
                if server.poll() is not None:
                    pytest.fail(f"mkdocs serve stopped with exit code {server.returncode} before it answered on {url}:\n"
                                + log.read_text(encoding="utf-8"))
                if time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not answer on {url} within {timeout:.0f} s:\n" + log.read_text(encoding="utf-8"))
                time.sleep(0.2)  # polling interval of the condition above, not a wait for it
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def fresh_screenshot_dir(name: str) -> Path:
    folder = SCREENSHOTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder
