"""Fixtures that many test modules share.

Every site a test reads is built once per session, with the one build date
e2e_support.EPOCH (2024-07-01 12:00 UTC, 14:00 in Stockholm):
- ``example_site``: the repository's own example content (promises/, updates/, docs/);
- ``main``: the scenario content of e2e_support (main_files()).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browser_support import browser
from e2e_support import Build, example_build, main_build


@pytest.fixture(scope="session")
def chromium() -> Iterator:
    """Real headless Chromium, one for the session (each test opens its own context)."""
    with browser() as instance:  # skips loudly without Chromium; fails in CI
        yield instance


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The repository's example content, built once (strict) with the fixed build date."""
    build = example_build(tmp_path_factory.mktemp("example"))
    assert build.returncode == 0, build.log
    return build


@pytest.fixture(scope="session")
def main(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The scenario content of e2e_support, built once with the fixed build date."""
    build = main_build(tmp_path_factory)
    assert build.returncode == 0, build.log
    return build
