"""The checkers that the code's `# noqa` and `# type: ignore` comments name:
ruff and mypy, configured in pyproject.toml, over hooks/, tests/ and bench/.
Here so that `make test` stays the one command that checks everything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    # The venv's own ruff and mypy, as pinned in requirements-test.txt.
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PROJECT, capture_output=True, text=True, timeout=600, check=False
    )


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-fix", "--output-format", "concise", "hooks", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing() -> None:
    result = _run("mypy")  # files and settings from pyproject.toml
    assert result.returncode == 0, result.stdout + result.stderr
