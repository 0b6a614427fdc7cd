"""`make ny-uppdatering KOMMUN=<slug>` and `make nytt-lofte KOMMUN=<namn>`:
write a new, correctly named content file with the front matter filled in.

The written file passes validation as it is: a new update is a draft until
the writer removes `draft: true`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import swedish
from .content import build_moment, docs_dir, read_content
from .model import Municipality, Site
from .slug import slugify
from .sweden import MUNICIPALITIES
from .validate import closest


class Refusal(Exception):
    """A reason, in Swedish, why no file was written."""


def _environment() -> Environment:
    # YAML, not HTML: nothing to escape, but values are quoted by the `yaml` filter.
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_text
    env.filters["kommun"] = swedish.kommun
    return env


def _yaml_text(value: str) -> str:
    """A double-quoted YAML scalar, written by PyYAML: safe for any text, colons and # included."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9).rstrip("\n")


def _find(site: Site, wanted: str) -> Municipality | None:
    key = slugify(wanted)
    return next((m for m in site.municipalities if m.slug == key or m.slug == wanted or m.name.lower() == wanted.lower()), None)


def _unknown(site: Site, wanted: str) -> Refusal:
    names = [m.name for m in site.municipalities]
    slugs = {m.slug: m.name for m in site.municipalities}
    near = closest(wanted, names, n=3) + [slugs[s] for s in closest(slugify(wanted), slugs, n=3)]
    near = sorted(set(near), key=swedish.sort_key)
    hint = f" Menade du {' eller '.join(near)}?" if near else ""
    listed = ", ".join(f"{m.slug} ({m.name})" for m in site.municipalities)
    return Refusal(f"Kommunen «{wanted}» finns inte bland löftena.{hint}\nKända kommuner: {listed}.")


def _free_path(folder: Path, stem: str) -> Path:
    candidate, number = folder / f"{stem}.md", 2
    while candidate.exists():
        candidate, number = folder / f"{stem}-{number}.md", number + 1
    return candidate


def new_update(root: Path, wanted: str, today: date, title: str = "") -> Path:
    # Published updates only: the comments say how far the promise has come today.
    site, _, _ = read_content(root, docs_dir(root), build_moment(), preview=False)
    if not wanted:
        raise Refusal("Ange kommunen, till exempel: make ny-uppdatering KOMMUN=nassjo")
    municipality = _find(site, wanted)
    if municipality is None:
        raise _unknown(site, wanted)
    if not municipality.current:
        latest = municipality.promises[0].promise
        raise Refusal(
            f"{municipality.name} har inget medborgarlöfte som gäller {swedish.long_date(today)}. "
            f"Det senaste, {latest.id}, gällde {swedish.long_date(latest.valid_from)} – {swedish.long_date(latest.valid_until)}. "
            "Skriv först ett nytt löfte: make nytt-lofte KOMMUN=" + municipality.slug
        )
    entry = max(municipality.current, key=lambda e: e.promise.valid_from)
    # The file name gives the address: from the title when there is one.
    path = _free_path(root / "updates" / municipality.slug, f"{today.isoformat()}-{slugify(title) or 'ny-uppfoljning'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _environment().get_template("new-update.yaml.md").render(entry=entry, today=today, title=title, STATUS=swedish.STATUS)
    path.write_text(text, encoding="utf-8")
    return path


def new_promise(root: Path, wanted: str, today: date) -> Path:
    site, _, _ = read_content(root, docs_dir(root), build_moment(), preview=True)
    if not wanted:
        raise Refusal('Ange kommunens namn, till exempel: make nytt-lofte KOMMUN="Nässjö"')
    municipality = _find(site, wanted)
    if municipality is None:
        near = closest(wanted, [m.name for m in site.municipalities], n=3)
        if near:
            raise Refusal(
                f"«{wanted}» liknar {' eller '.join(near)}, som redan finns. "
                f"Skriv namnet exakt som det redan står om det är samma kommun."
            )
        official = {m.lower(): m for m in MUNICIPALITIES}
        if wanted.strip().lower() not in official:
            near = closest(wanted.strip(), MUNICIPALITIES, n=3)
            hint = f" Menade du {' eller '.join(near)}?" if near else ""
            raise Refusal(f"«{wanted}» är inte namnet på någon av Sveriges 290 kommuner.{hint}")
        name = official[wanted.strip().lower()]
        slug = slugify(name)
    else:
        name, slug = municipality.name, municipality.slug
    promise_id = f"{slug}-{today.year}"
    path = root / "promises" / f"{promise_id}.md"
    if path.exists():
        raise Refusal(f"Löftet {path.relative_to(root)} finns redan. Öppna det i stället, eller ge det nya löftet ett annat filnamn.")
    explicit_slug = municipality is not None and municipality.slug != slugify(municipality.name)
    text = _environment().get_template("new-promise.yaml.md").render(
        name=name, slug=slug, explicit_slug=explicit_slug, today=today, until=date(today.year, 12, 31)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None, root: Path = Path(".")) -> int:
    parser = argparse.ArgumentParser(description="Skapa en ny uppföljning eller ett nytt löfte.")
    parser.add_argument("kind", choices=["uppfoljning", "lofte"])
    parser.add_argument("municipality", nargs="?", default="")
    parser.add_argument("title", nargs="?", default="", help="rubriken för en ny uppföljning (ger också filnamnet)")
    args = parser.parse_args(argv)
    today = build_moment().date()
    try:
        if args.kind == "uppfoljning":
            path = new_update(root, args.municipality.strip(), today, args.title.strip())
        else:
            path = new_promise(root, args.municipality.strip(), today)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 2
    print(path.relative_to(root).as_posix())
    return 0


if __name__ == "__main__":
    sys.exit(main())
