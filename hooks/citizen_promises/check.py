"""`make check`: validate all content without building the site.

Prints every problem in the same words as the build, then the overdue
promises, and exits 1 when there is an error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from . import contact
from .content import (
    build_moment,
    docs_dir,
    extra_setting,
    languages_setting,
    note_example_site_url,
    read_content,
    site_url,
)
from .problems import LEVEL_WORD, Level
from .swedish import count, long_date


def main(root: Path = Path("."), out: TextIO = sys.stdout) -> int:
    built_at = build_moment()
    site, report, _ = read_content(root, docs_dir(root), built_at, preview=False, languages_listed=languages_setting(root))
    note_example_site_url(site_url(root), report)
    contact.read(extra_setting(root), report, [m.name for m in site.municipalities])
    for level in (Level.ERROR, Level.WARNING, Level.NOTICE):
        for problem in report.at(level):
            print(f"{LEVEL_WORD[level].upper():8} {problem.text()}", file=out)
    overdue = [p for p in site.promises.values() if p.overdue]
    errors, warnings = len(report.errors), len(report.warnings)
    print(
        f"\n{count(len(site.promises), 'löfte', 'löften')} och "
        f"{count(len(site.published()), 'publicerad uppföljning', 'publicerade uppföljningar')} kontrollerade "
        f"{long_date(built_at)}: {errors} fel, {count(warnings, 'varning', 'varningar')}, "
        f"{count(len(overdue), 'försenad uppföljning', 'försenade uppföljningar')}.",
        file=out,
    )
    for entry in overdue:
        print(f"Försenad: {entry.promise.title} ({entry.promise.path}). {entry.overdue_text}", file=out)
    if errors:
        print("Rätta felen ovan; sidan byggs inte förrän de är borta.", file=out)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
