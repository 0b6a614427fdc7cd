"""`make check` and the scaffolding commands through `python -m citizen_promises`,
the entry the Makefile runs (make passes KOMMUN, RUBRIK, FRAN and TILL in the
environment; the options here are the same values)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from content_support import PROMISE, update, write

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
MAY_2024 = "1717243200"  # 2024-06-01 12:00 UTC


def run_module(root: Path, *args: str, epoch: str = MAY_2024) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(HOOKS), "SOURCE_DATE_EPOCH": epoch}
    return subprocess.run([sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True)


def test_check_passes_clean_content_and_names_overdue_promises(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2024.md": PROMISE, "updates/nassjo/2024-03-15-a.md": update()})
    result = run_module(tmp_path, "citizen_promises", "check")
    assert result.returncode == 0, result.stdout
    assert "0 fel, 0 varningar, 1 försenad uppföljning" in result.stdout
    assert "Senaste uppföljningen publicerades 15 mars 2024. Löftet anger uppföljning varje månad." in result.stdout
    assert "promises/nassjo-2024.md" in result.stdout


def test_check_fails_on_errors_and_prints_each_in_the_builds_words(tmp_path: Path) -> None:
    write(tmp_path, {
        "promises/nassjo-2024.md": PROMISE,
        "updates/nassjo/2024-03-15-a.md": update(promise="nasjo-2024"),
        "updates/nassjo/2024-03-16-b.md": update(date="2024-02-30"),
        "updates/nassjo/2024-03-15-c.md": update(extra="progres:\n  moten: 1\n"),
    })
    result = run_module(tmp_path, "citizen_promises", "check")
    assert result.returncode == 1
    assert "FEL      updates/nassjo/2024-03-15-a.md, fältet «promise»: det finns inget löfte med id «nasjo-2024». Menade du «nassjo-2024»?" in result.stdout
    assert "updates/nassjo/2024-03-16-b.md, fältet «date»: «2024-02-30» är inget riktigt datum: månad 2 år 2024 har bara 29 dagar." in result.stdout
    assert "VARNING  updates/nassjo/2024-03-15-c.md, fältet «progres»: okänt fält" in result.stdout
    assert "2 fel, 1 varning," in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_new_update_is_named_right_and_validates_as_written(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2024.md": PROMISE, "updates/nassjo/2024-03-15-a.md": update(extra="progress:\n  insatser-runneryd: 4\n")})
    result = run_module(tmp_path, "citizen_promises", "ny-uppdatering", "--kommun", "nassjo")
    assert result.returncode == 0, result.stderr
    path = result.stdout.splitlines()[0]
    assert path == "updates/nassjo/2024-06-01-ny-uppfoljning.md"
    text = (tmp_path / path).read_text(encoding="utf-8")
    assert "promise: nassjo-2024" in text
    # every commitment listed with its text and how far it had come that day (a dated fact cannot go stale)
    assert "# insatser-runneryd: 0    # Polisen genomför minst femton riktade insatser i Runnerydsområdet. (1 juni 2024: 4 av 15 insatser)" in text
    # a commitment without a target counts nothing (contract 2.1): its status, and what to write instead
    assert "# moten: 0    # Samverkansmöten. (1 juni 2024: planerad, inget mål i antal: skriv läget under status)" in text
    check = run_module(tmp_path, "citizen_promises", "check")
    assert check.returncode == 0 and "0 fel, 0 varningar" in check.stdout, check.stdout
    # a second one the same day gets its own file and address
    again = run_module(tmp_path, "citizen_promises", "ny-uppdatering", "--kommun", "Nässjö")
    assert again.stdout.splitlines()[0] == "updates/nassjo/2024-06-01-ny-uppfoljning-2.md"
    assert run_module(tmp_path, "citizen_promises", "check").returncode == 0


def test_new_update_refuses_unknown_municipality_with_closest_names(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2024.md": PROMISE})
    result = run_module(tmp_path, "citizen_promises", "ny-uppdatering", "--kommun", "nasjo")
    assert result.returncode == 1
    assert "Kommunen «nasjo» finns inte bland löftena. Menade du Nässjö?" in result.stderr
    assert not (tmp_path / "updates").exists()


def test_new_update_refuses_without_a_current_promise(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2024.md": PROMISE})
    result = run_module(tmp_path, "citizen_promises", "ny-uppdatering", "--kommun", "nassjo", epoch="1767225600")  # 2026
    assert result.returncode == 1
    assert "Nässjö har inget medborgarlöfte som gäller 1 januari 2026" in result.stderr
    assert "make nytt-lofte KOMMUN=nassjo" in result.stderr


def test_new_promise_validates_as_written_and_refuses_a_near_duplicate(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2023.md": PROMISE.replace("2024", "2023")})
    result = run_module(tmp_path, "citizen_promises", "nytt-lofte", "--kommun", "Nässjö")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "promises/nassjo-2024.md"
    assert run_module(tmp_path, "citizen_promises", "check").returncode == 0
    near = run_module(tmp_path, "citizen_promises", "nytt-lofte", "--kommun", "Näsjö")
    assert near.returncode == 1 and "liknar Nässjö" in near.stderr
    twice = run_module(tmp_path, "citizen_promises", "nytt-lofte", "--kommun", "nassjo", "--fran", "2024-01-01", "--till", "2024-12-31")
    assert twice.returncode == 1 and "finns redan" in twice.stderr


def test_new_promise_for_a_new_municipality_with_colon_in_name_is_valid_yaml(tmp_path: Path) -> None:
    write(tmp_path, {})
    result = run_module(tmp_path, "citizen_promises", "nytt-lofte", "--kommun", "Malung-Sälen")
    assert result.stdout.splitlines()[0] == "promises/malung-salen-2024.md"
    assert run_module(tmp_path, "citizen_promises", "check").returncode == 0


def test_new_update_with_a_title_gets_it_in_the_file_and_its_name(tmp_path: Path) -> None:
    write(tmp_path, {"promises/nassjo-2024.md": PROMISE})
    result = run_module(tmp_path, "citizen_promises", "ny-uppdatering", "--kommun", "nassjo", "--rubrik", 'Trygghetsvandring: "Runneryd" i juni')
    assert result.stdout.splitlines()[0] == "updates/nassjo/2024-06-01-trygghetsvandring-runneryd-i-juni.md"
    text = (tmp_path / result.stdout.splitlines()[0]).read_text(encoding="utf-8")
    assert 'title: "Trygghetsvandring: \\"Runneryd\\" i juni"' in text
    assert run_module(tmp_path, "citizen_promises", "check").returncode == 0


def test_new_promise_refuses_a_name_that_is_no_swedish_municipality(tmp_path: Path) -> None:
    write(tmp_path, {})
    result = run_module(tmp_path, "citizen_promises", "nytt-lofte", "--kommun", "Upplands Väsbi")
    assert result.returncode == 1
    assert "inte namnet på någon av Sveriges 290 kommuner. Menade du Upplands Väsby" in result.stderr
