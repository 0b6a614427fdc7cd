"""Write content files into a temporary project and run the pipeline on them,
without MkDocs."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from citizen_promises.content import read_content
from citizen_promises.model import Site
from citizen_promises.problems import Report
from citizen_promises.swedish import STOCKHOLM

BUILT_AT = datetime(2024, 6, 1, 12, 0, tzinfo=STOCKHOLM)

PROMISE = """\
---
municipality: Nässjö
police_area: Högländet
valid_from: 2024-01-01
valid_until: 2024-12-31
follow_up: monthly
commitments:
  - id: insatser-runneryd
    text: Polisen genomför minst femton riktade insatser i Runnerydsområdet.
    by: polisen
    area: Runnerydsområdet
    target: 15
    unit: insatser
    unit_singular: insats
  - id: inventeringar
    text: Kommunen genomför minst två trygghetsinventeringar.
    by: kommunen
    target: 2
    unit: trygghetsinventeringar
  - id: moten
    text: Samverkansmöten.
    by: gemensamt
---
Bakgrund.
"""


def update(date: str = "2024-03-15", promise: str = "nassjo-2024", extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: En uppföljning\ndate: {date}\npromise: {promise}\n{textwrap.dedent(extra)}---\n{body}\n"


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    (root / "docs").mkdir(exist_ok=True)


def run(root: Path, files: Mapping[str, str | bytes], built_at: datetime = BUILT_AT, preview: bool = False) -> tuple[Site, Report]:
    write(root, files)
    site, report, _ = read_content(root, root / "docs", built_at, preview)
    return site, report


def texts(report: Report) -> list[str]:
    return [p.text() for p in report.problems]
