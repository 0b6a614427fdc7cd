"""The floor for `make bench`: the same theme, configured as the site is,
rendering as many short plain pages as the plain project has, with no plugin
and no hook at all. What MkDocs + Material cost for that many pages whatever
they show; our build's time over this is what our pages and hooks add.

    python bench/floor.py PLAIN_PROJECT OUT
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from plain import clear_project

PAGE = "# Sida {number}\n\nEn kort sida med ett stycke text.\n"


def make_floor(plain: Path, out: Path) -> dict[str, int]:
    """A project in ``out`` with a short page at the path of every Markdown
    page of the plain project ``plain`` (bench/plain.py); its page count."""
    clear_project(out)
    if (plain / "overrides").is_dir():
        shutil.copytree(plain / "overrides", out / "overrides")
    config = yaml.safe_load((plain / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = []  # not even the theme's search
    (out / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pages = 0
    for source in sorted((plain / "docs").rglob("*")):
        target = out / "docs" / source.relative_to(plain / "docs")
        if source.is_dir():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            pages += 1
            target.write_text(PAGE.format(number=pages), encoding="utf-8")
        else:
            shutil.copyfile(source, target)  # stylesheets, scripts and images the theme links
    return {"pages": pages}


if __name__ == "__main__":
    print(make_floor(Path(sys.argv[1]), Path(sys.argv[2])))
