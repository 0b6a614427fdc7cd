"""The pipeline up to the model, without MkDocs: load → validate → model.

Shared by the MkDocs hook and by `make check`, so both report the same problems
in the same words.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from .load import load
from .model import Site, build_site
from .problems import Report
from .swedish import STOCKHOLM
from .validate import validate


def build_moment() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when it is set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = datetime.fromtimestamp(int(epoch), tz=timezone.utc) if epoch else datetime.now(timezone.utc)
    return now.astimezone(STOCKHOLM)


def read_content(root: Path, docs_dir: Path, built_at: datetime, preview: bool) -> tuple[Site, Report, list[str]]:
    """The site model, every problem found, and the asset files to publish."""
    report = Report()
    sources = load(root, report)
    promises, updates = validate(sources, root, docs_dir, report)
    site = build_site(promises, updates, built_at, preview, report)
    return site, report, sources.assets
