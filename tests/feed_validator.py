"""The W3C feed validator (vendor/w3c-feedvalidator/, the online service's own
code) over a built site's feeds, in a child process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHECK = Path(__file__).resolve().parents[1] / "vendor" / "w3c-feedvalidator" / "check_feeds.py"


def w3c_problems(site_dir: Path, site_url: str) -> dict[str, list[str]]:
    """Every feed.xml under ``site_dir`` → what the W3C validator reports on it
    (errors and warnings; empty when it passes)."""
    result = subprocess.run(
        [sys.executable, str(CHECK), str(site_dir), site_url], capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, list[str]] = json.loads(result.stdout)
    return found
