"""Overdue follow-ups, as a citizen and a writer see them, with a fixed build date."""

from __future__ import annotations

import pytest

from e2e_support import Build, built, promise, text, update

# EPOCH in e2e_support is 1 July 2024 12:00 UTC: 42 days after 20 May, 26 after 5 June.
FILES = {
    "promises/nassjo-2024.md": promise("Nässjö", follow_up="monthly"),
    "updates/nassjo/2024-05-20-a.md": update("Maj", "2024-05-20", "nassjo-2024"),
    "promises/eksjo-2024.md": promise("Eksjö", follow_up="monthly"),
    "updates/eksjo/2024-06-05-a.md": update("Juni", "2024-06-05", "eksjo-2024"),
    "promises/vetlanda-2024.md": promise("Vetlanda", follow_up="quarterly"),
    "updates/vetlanda/2024-04-15-a.md": update("April", "2024-04-15", "vetlanda-2024")  # 77 days: within a quarter,
}
OVERDUE = "//*[contains(@class, 'ml-overdue')]"
NASSJO = "Senaste uppföljningen publicerades 20 maj 2024. Löftet anger uppföljning varje månad."


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    result = built("overdue", FILES, tmp_path_factory)
    assert result.returncode == 0, result.log
    return result


def test_overdue_promise_says_so_on_its_pages(build: Build) -> None:
    for url in ("loften/nassjo-2024/", "kommuner/nassjo/"):
        notes = [text(n) for n in build.html(url).xpath(OVERDUE)]
        assert notes == ["Uppföljningen är försenad. " + NASSJO], url


def test_promises_followed_up_in_time_say_nothing(build: Build) -> None:
    for url in ("loften/eksjo-2024/", "kommuner/eksjo/", "loften/vetlanda-2024/"):
        assert build.html(url).xpath(OVERDUE) == [], url


def test_build_log_names_the_overdue_promise_as_a_notice(build: Build) -> None:
    lines = build.lines_naming("promises/nassjo-2024.md")
    assert len(lines) == 1 and lines[0].startswith("INFO") and NASSJO in lines[0]
    assert build.lines_naming("promises/eksjo-2024.md") == []
