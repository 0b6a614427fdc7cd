"""Fixtures that many test modules share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_support import browser
from e2e_support import Build, main_build


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """Real headless Chromium, one for the session (each test opens its own context)."""
    with browser() as instance:  # skips loudly without Chromium; fails in CI
        yield instance


@pytest.fixture(scope="session")
def main(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The scenario content of e2e_support, built once with a fixed build date."""
    build = main_build(tmp_path_factory)
    assert build.returncode == 0, build.log
    return build
