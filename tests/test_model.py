"""Derived facts of the contract, computed by the plain model without MkDocs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from citizen_promises import addresses
from citizen_promises.model import State
from citizen_promises.problems import Level
from citizen_promises.slug import slugify
from citizen_promises.swedish import STOCKHOLM, long_date, month_heading, sort_key
from content_support import PROMISE, run, update


def progress_of(site, commitment_id):
    return next(p for p in site.promises["nassjo-2024"].progress if p.commitment.id == commitment_id)


def test_progress_sums_published_updates_and_shows_against_target(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/2024-02-01-a.md": update("2024-02-01", extra="progress:\n  insatser-runneryd: 4\n"),
        "updates/nassjo/2024-03-01-b.md": update("2024-03-01", extra="progress:\n  insatser-runneryd: 5\n"),
        "updates/nassjo/2024-04-01-c.md": update("2024-04-01", extra="draft: true\nprogress:\n  insatser-runneryd: 100\n"),
        "updates/nassjo/2024-09-01-d.md": update("2024-09-01", extra="progress:\n  insatser-runneryd: 100\n"),
    }
    site, _ = run(tmp_path, files)
    item = progress_of(site, "insatser-runneryd")
    assert (item.done, item.commitment.target, item.percent, item.status) == (9, 15, 60, "ongoing")
    # each update page knows the running total at its own date
    assert [u.totals[item.commitment.id] for u in site.updates] == [9, 4]


def test_status_derived_without_explicit_status(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/2024-02-01-a.md": update("2024-02-01", extra="progress:\n  inventeringar: 2\n  moten: 1\n"),
    }
    site, _ = run(tmp_path, files)
    assert progress_of(site, "inventeringar").status == "done"  # reached its target
    assert progress_of(site, "moten").status == "ongoing"  # above zero, no target
    assert progress_of(site, "insatser-runneryd").status == "planned"


def test_latest_explicit_status_wins(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/2024-02-01-a.md": update("2024-02-01", extra="status:\n  moten: done\n"),
        "updates/nassjo/2024-03-01-b.md": update("2024-03-01", extra="status:\n  moten: paused\nprogress:\n  inventeringar: 5\n"),
        "updates/nassjo/2024-03-02-c.md": update("2024-03-02", extra="status:\n  inventeringar: cancelled\n"),
    }
    site, _ = run(tmp_path, files)
    assert progress_of(site, "moten").status == "paused"
    # an explicit status beats the derived one, even with the target reached
    assert progress_of(site, "inventeringar").status == "cancelled"


def test_newest_first_and_same_instant_by_file_path(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/b.md": update("2024-03-01T10:00:00"),
        "updates/nassjo/a.md": update("2024-03-01T09:00:00Z"),  # 10:00 in Stockholm: same instant
        "updates/nassjo/c.md": update("2024-03-02"),
    }
    site, _ = run(tmp_path, files)
    assert [u.update.path.rsplit("/", 1)[1] for u in site.updates] == ["c.md", "a.md", "b.md"]


def test_address_uses_the_local_month(tmp_path: Path) -> None:
    files = {"promises/nassjo-2024.md": PROMISE, "updates/nassjo/2024-01-31-sent.md": update("2024-01-31T23:30:00Z")}
    site, _ = run(tmp_path, files)
    assert site.updates[0].url == "kommuner/nassjo/2024/02/sent/"
    assert site.updates[0].update.moment.utcoffset().total_seconds() == 3600


def test_explicit_slug_and_slug_from_file_name(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/x/2024-03-01-Trygghetsvandring i Ågatan.md": update("2024-03-01"),
        "updates/x/2024-03-02-y.md": update("2024-03-02", extra="slug: Femton insatser\n"),
    }
    site, _ = run(tmp_path, files)
    assert sorted(u.url for u in site.updates) == [
        "kommuner/nassjo/2024/03/femton-insatser/",
        "kommuner/nassjo/2024/03/trygghetsvandring-i-agatan/",
    ]


@pytest.mark.parametrize(
    "built_at, follow_up, last_update, overdue",
    [
        (datetime(2024, 3, 3, 0, 1, tzinfo=STOCKHOLM), "monthly", "2024-02-01", True),  # 31 days + 1 minute
        (datetime(2024, 3, 3, tzinfo=STOCKHOLM), "monthly", "2024-02-01", False),  # exactly 31 days
        (datetime(2024, 6, 1, tzinfo=STOCKHOLM), "quarterly", "2024-02-01", True),
        (datetime(2024, 4, 1, tzinfo=STOCKHOLM), "quarterly", "2024-02-01", False),
        (datetime(2024, 12, 31, tzinfo=STOCKHOLM), "yearly", "2024-02-01", False),
        (datetime(2024, 12, 31, tzinfo=STOCKHOLM), "continuous", "2024-02-01", False),
        (datetime(2025, 1, 1, tzinfo=STOCKHOLM), "monthly", "2024-02-01", False),  # no longer current
    ],
)
def test_overdue(tmp_path: Path, built_at, follow_up, last_update, overdue) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE.replace("follow_up: monthly", f"follow_up: {follow_up}"),
        "updates/nassjo/a.md": update(last_update),
    }
    site, report = run(tmp_path, files, built_at=built_at)
    assert site.promises["nassjo-2024"].overdue is overdue
    notices = [p for p in report.problems if p.level == Level.NOTICE and p.field == "follow_up"]
    assert bool(notices) is overdue


def test_overdue_without_updates_counts_from_valid_from_and_says_so(tmp_path: Path) -> None:
    site, report = run(tmp_path, {"promises/nassjo-2024.md": PROMISE}, built_at=datetime(2024, 2, 2, tzinfo=STOCKHOLM))
    entry = site.promises["nassjo-2024"]
    assert entry.overdue and entry.current
    assert entry.overdue_text == "Ingen uppföljning har publicerats ännu. Löftet anger uppföljning varje månad."


def test_overdue_wording_names_the_last_follow_up(tmp_path: Path) -> None:
    files = {"promises/nassjo-2024.md": PROMISE, "updates/nassjo/a.md": update("2024-06-03")}
    site, report = run(tmp_path, files, built_at=datetime(2024, 8, 1, tzinfo=STOCKHOLM))
    assert site.promises["nassjo-2024"].overdue_text == (
        "Senaste uppföljningen publicerades 3 juni 2024. Löftet anger uppföljning varje månad."
    )
    assert any("försenad" in p.text() and p.file == "promises/nassjo-2024.md" for p in report.notices)


def test_validity_bounds_are_whole_inclusive_local_days(tmp_path: Path) -> None:
    last_moment = datetime(2024, 12, 31, 23, 59, tzinfo=STOCKHOLM)
    site, _ = run(tmp_path, {"promises/nassjo-2024.md": PROMISE}, built_at=last_moment)
    assert site.promises["nassjo-2024"].current
    site, _ = run(tmp_path, {}, built_at=datetime(2024, 12, 31, 23, 0, tzinfo=UTC))  # 00:00 on 1 Jan locally
    assert not site.promises["nassjo-2024"].current


def test_preview_shows_drafts_and_scheduled_but_feeds_never_do(tmp_path: Path) -> None:
    files = {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/a.md": update("2024-03-01", extra="draft: true\n"),
        "updates/nassjo/b.md": update("2024-09-01"),
        "updates/nassjo/c.md": update("2024-02-01"),
    }
    site, _ = run(tmp_path, files, preview=True)
    assert [u.state for u in site.updates] == [State.SCHEDULED, State.DRAFT, State.PUBLISHED]
    assert [u.update.path for u in site.published()] == ["updates/nassjo/c.md"]


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Upplands Väsby", "upplands-vasby"),
        ("Malung-Sälen", "malung-salen"),
        ("Håbo", "habo"),
        ("Habo", "habo"),
        ("Örnsköldsvik", "ornskoldsvik"),
        ("Café Ångström & Søn_ Ü", "cafe-angstrom-son-u"),
        ("Lærdal", "laerdal"),
        (" -- Dubbel   mellanslag!! -- ", "dubbel-mellanslag"),
    ],
)
def test_slug_rule(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_swedish_alphabetical_order() -> None:
    names = ["Örebro", "Åre", "Ängelholm", "Alingsås", "Östersund", "Eda", "Ystad", "Upplands-Bro", "Upplands Väsby", "Enköping", "Ånge"]
    assert sorted(names, key=sort_key) == [
        "Alingsås", "Eda", "Enköping", "Upplands-Bro", "Upplands Väsby", "Ystad", "Ånge", "Åre", "Ängelholm", "Örebro", "Östersund",
    ]


def test_swedish_dates() -> None:
    moment = datetime(2024, 3, 15, 0, 30, tzinfo=STOCKHOLM)
    assert long_date(moment) == "15 mars 2024"
    assert month_heading(moment) == "mars 2024"
    # a UTC instant late on the 14th is already the 15th in Stockholm
    assert long_date(datetime(2024, 3, 14, 23, 30, tzinfo=UTC)) == "15 mars 2024"


@pytest.mark.parametrize(
    "target, start, expected",
    [
        ("loften/a/", "kommuner/b/2024/03/c/", "../../../../../loften/a/"),
        ("", "kommuner/", "../"),
        ("kommuner/", "", "kommuner/"),
        ("feed.xml", "kommuner/x/", "../../feed.xml"),
        ("updates/x/bild.png", "kommuner/x/2024/01/y/", "../../../../../updates/x/bild.png"),
        ("uppdateringar/", "uppdateringar/", "./"),
    ],
)
def test_relative_links(target: str, start: str, expected: str) -> None:
    assert addresses.relative(target, start) == expected
