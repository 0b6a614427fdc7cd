"""`make serve KOMMUN=<slug>`: a communicator previews only their own
municipality, so the preview stays fast in a repository of the whole country.
A build that publishes is never narrowed."""

from __future__ import annotations

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from browser_support import free_port, mkdocs_serve
from citizen_promises.content import SCOPE_VARIABLE
from citizen_promises.load import load
from citizen_promises.problems import Report
from content_support import write
from e2e_support import EPOCH, main_files, make_project, png, run_mkdocs

PROMISE = "---\nmunicipality: {name}\ntitle: Löfte\nvalid_from: 2024-01-01\nvalid_until: 2024-12-31\n---\nText.\n"


def update(front: str) -> str:
    return f"---\ntitle: Uppföljning\ndate: 2024-03-01\n{front}\n---\nText.\n"


@pytest.fixture
def country(tmp_path: Path) -> Path:
    write(tmp_path, {
        "promises/alingsas-2024.md": PROMISE.format(name="Alingsås"),
        "promises/eda-2024.md": PROMISE.format(name="Eda"),
        "updates/alingsas/a.md": update("promise: alingsas-2024"),
        "updates/alingsas/b.md": update('promise: "alingsas-2024"  # citattecken och kommentar'),
        # The value on the next line: the quick look finds no id, so the file is parsed.
        "updates/alingsas/c.md": update("promise:\n  alingsas-2024"),
        "updates/alingsas/bild.png": png(),
        "updates/eda/a.md": update("promise: eda-2024"),
        # Another municipality's broken file is not this writer's problem in their preview.
        "updates/eda/trasig.md": "---\npromise: eda-2024\ntitle: [trasig\n---\n",
        "updates/eda/bild.png": png(),
    })
    return tmp_path


def test_one_municipality_reads_its_promises_and_updates_only(country: Path) -> None:
    report = Report()
    sources = load(country, report, "alingsas")
    assert [s.path for s in sources.promises] == ["promises/alingsas-2024.md"]
    assert sorted(s.path for s in sources.updates) == [f"updates/alingsas/{n}.md" for n in "abc"]
    assert sources.assets == ["updates/alingsas/bild.png"]
    assert report.problems == []


def test_without_a_municipality_everything_is_read(country: Path) -> None:
    report = Report()
    sources = load(country, report)
    assert len(sources.promises) == 2 and len(sources.updates) == 4
    assert [p.file for p in report.errors] == ["updates/eda/trasig.md"]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_serve_with_kommun_shows_only_that_municipality(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", main_files())
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1", SCOPE_VARIABLE: "eda"}
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    with mkdocs_serve(command, project, env, base, log):  # fails the test with the output if it does not answer
        status, municipalities = _get(base + "kommuner/")
        assert status == 200
        assert "Eda" in municipalities and "Alingsås" not in municipalities
        assert _get(base + "kommuner/eda/")[0] == 200
        assert _get(base + "kommuner/eda/2024/05/zeta/")[0] == 200
        assert _get(base + "kommuner/alingsas/")[0] == 404
    output = log.read_text(encoding="utf-8")
    assert f"{SCOPE_VARIABLE}=eda: förhandsvisningen visar bara den här kommunen" in output


def test_a_published_build_ignores_the_scope(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCOPE_VARIABLE, "eda")
    project = make_project(tmp_path / "project", main_files())
    build = run_mkdocs(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert build.exists("kommuner/alingsas/") and build.exists("kommuner/eda/")
    assert "förhandsvisningen visar bara" not in build.log
