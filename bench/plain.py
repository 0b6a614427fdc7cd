"""A plain MkDocs project to compare our build against: the same corpus as plain
Markdown pages, built by MkDocs + Material without our hooks.

    python bench/plain.py CORPUS OUT

CORPUS is a directory made by generate.py. OUT gets a mkdocs.yml (the project's,
minus hooks and watch), the theme overrides/ (the same theme; hand-written pages
may name its templates) and a docs/ with the project's hand-written
pages plus one page for every page our hooks generate, at the same address: each
update (title as H1, date, image, the same body, what it reported), each promise
(commitments with totals and statuses, the same body, its updates), each
municipality (its promises, its ten newest updates), the municipality list and
the timeline in pages of 30, and the home page with the five newest. Links are
relative links to .md files, as a writer of a plain MkDocs site writes them.
Like ours, the generated pages stay out of the navigation (``not_in_nav``), so
no page grows with the number of pages.
"""

from __future__ import annotations

import argparse
import posixpath
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import groupby
from pathlib import Path
from zoneinfo import ZoneInfo

import frontmatter
import yaml
from babel.dates import format_date

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "hooks"))

from citizen_promises.slug import slugify  # noqa: E402
from citizen_promises.swedish import sort_key  # noqa: E402

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PAGE_SIZE = 30  # as our timeline
LATEST_ON_HOME = 5
LATEST_ON_MUNICIPALITY = 10
STATUS = {"planned": "Planerad", "ongoing": "Pågår", "paused": "Pausad", "done": "Klar", "cancelled": "Inställd"}
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class Source:
    path: str  # relative to the corpus
    meta: dict
    body: str


@dataclass
class Update:
    source: Source
    moment: datetime
    slug: str
    municipality_slug: str
    md: str  # where the page lives in docs/

    @property
    def title(self) -> str:
        return str(self.source.meta["title"])


def _read(path: Path, root: Path) -> Source:
    front, body = frontmatter.YAMLHandler().split(path.read_text(encoding="utf-8-sig"))
    return Source(path.relative_to(root).as_posix(), yaml.load(front, Loader=Loader) or {}, body.strip("\n") + "\n")  # noqa: S506 - a SafeLoader


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        return value.replace(tzinfo=STOCKHOLM) if value.tzinfo is None else value.astimezone(STOCKHOLM)
    if isinstance(value, date):
        return datetime.combine(value, time(0), tzinfo=STOCKHOLM)
    return _moment(yaml.load(str(value), Loader=Loader))  # noqa: S506 - a SafeLoader


def _long_date(moment: datetime) -> str:
    return format_date(moment.date(), "d MMMM y", locale="sv")


def _link(start_md: str, target_md: str) -> str:
    return posixpath.relpath(target_md, posixpath.dirname(start_md) or ".")


def _summary(source: Source) -> str:
    if source.meta.get("summary"):
        return str(source.meta["summary"])
    first = next(p for p in source.body.split("\n\n") if p.strip() and not p.startswith("#"))
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(first.split()))


def _plain_config(corpus: Path) -> dict:
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    # Plain MkDocs + Material searches with the theme's own plugin (lunr, one index).
    config["plugins"] = [{"search": {"lang": "sv"}}]
    config["not_in_nav"] = "/kommuner/*/\n/loften/\n/uppdateringar/sida/\n"
    return config


def clear_project(out: Path) -> None:
    """``out`` without the parts of an earlier project (docs, overrides, site, mkdocs.yml)."""
    for part in ("docs", "overrides", "site", "mkdocs.yml"):
        target = out / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    out.mkdir(parents=True, exist_ok=True)


def make_plain(corpus: Path, out: Path) -> dict[str, int]:
    """Write the plain project for ``corpus`` into ``out``; return its page count."""
    clear_project(out)
    docs = out / "docs"
    shutil.copytree(corpus / "docs", docs)
    if (corpus / "overrides").is_dir():
        shutil.copytree(corpus / "overrides", out / "overrides")
    (out / "mkdocs.yml").write_text(yaml.safe_dump(_plain_config(corpus), allow_unicode=True, sort_keys=False), encoding="utf-8")
    if (corpus / "updates" / "bilder").is_dir():
        shutil.copytree(corpus / "updates" / "bilder", docs / "bilder")

    promises = {p.stem: _read(p, corpus) for p in sorted((corpus / "promises").glob("*.md"))}
    slug_of = {pid: str(s.meta.get("municipality_slug") or slugify(str(s.meta["municipality"]))) for pid, s in promises.items()}
    updates: list[Update] = []
    for path in sorted((corpus / "updates").rglob("*.md")):
        source = _read(path, corpus)
        if source.meta.get("draft") is True:
            continue
        moment = _moment(source.meta["date"])
        slug = slugify(str(source.meta.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)))
        municipality = slug_of[str(source.meta["promise"])]
        md = f"kommuner/{municipality}/{moment:%Y}/{moment:%m}/{slug}.md"
        updates.append(Update(source, moment, slug, municipality, md))
    updates.sort(key=lambda u: (-u.moment.timestamp(), u.source.path))
    by_promise: dict[str, list[Update]] = defaultdict(list)
    by_municipality: dict[str, list[Update]] = defaultdict(list)
    for u in updates:
        by_promise[str(u.source.meta["promise"])].append(u)
        by_municipality[u.municipality_slug].append(u)

    pages: dict[str, str] = {}
    for u in updates:
        pages[u.md] = _update_page(u, promises[str(u.source.meta["promise"])], str(u.source.meta["promise"]))
    for pid, source in promises.items():
        pages[f"loften/{pid}.md"] = _promise_page(pid, source, by_promise[pid])
    names: dict[str, str] = {}
    own_promises: dict[str, list[str]] = defaultdict(list)
    for pid, source in promises.items():
        names[slug_of[pid]] = str(source.meta["municipality"])
        own_promises[slug_of[pid]].append(pid)
    order = sorted(names, key=lambda s: sort_key(names[s]))
    for slug in order:
        md = f"kommuner/{slug}/index.md"
        ids = sorted(own_promises[slug], key=lambda pid: (str(promises[pid].meta["valid_from"]), pid), reverse=True)
        lines = [f"# {names[slug]}", "", "## Medborgarlöften", ""]
        lines += [f"- [{promises[pid].meta.get('title', pid)}]({_link(md, f'loften/{pid}.md')})" for pid in ids]
        lines += ["", "## Senaste uppföljningarna", ""]
        lines += _update_items(md, by_municipality[slug][:LATEST_ON_MUNICIPALITY])
        # Like ours: every feed of the municipality, earlier promises' too.
        lines += ["", "## Prenumerera", "", f"- Alla uppföljningar: `/kommuner/{slug}/feed.xml`"]
        lines += [f"- {promises[pid].meta.get('title', pid)}: `/loften/{pid}/feed.xml`" for pid in ids]
        pages[md] = "\n".join(lines) + "\n"
    lines = ["# Kommuner", "", f"{len(order)} kommuner har medborgarlöften på webbplatsen, i bokstavsordning.", ""]
    for slug in order:
        newest = sorted(own_promises[slug], key=lambda pid: str(promises[pid].meta["valid_from"]))[-1]
        lines += [f"## [{names[slug]}]({slug}/index.md)", "", f"Senaste: [{promises[newest].meta.get('title', newest)}](../loften/{newest}.md).", ""]
    pages["kommuner/index.md"] = "\n".join(lines)
    # The pages made to take the site elsewhere, like ours: the feeds' addresses
    # (each municipality's and its newest promise's), a widget per municipality
    # and an evaluation per promise.
    lines = ["# Prenumerera och dela", "", "- Alla uppföljningar: `/feed.xml`", ""]
    for slug in order:
        newest = sorted(own_promises[slug], key=lambda pid: str(promises[pid].meta["valid_from"]))[-1]
        lines += [f"## {names[slug]}", "", f"- Alla uppföljningar: `/kommuner/{slug}/feed.xml`"]
        lines += [f"- {promises[newest].meta.get('title', newest)}: `/loften/{newest}/feed.xml`"]
        lines += [f"- Ruta: `/kommuner/{slug}/widget/`", ""]
        md = f"kommuner/{slug}/widget.md"
        pages[md] = "\n".join([f"# {names[slug]}", "", f"[{promises[newest].meta.get('title', newest)}]({_link(md, f'loften/{newest}.md')})", "",
                               *_update_items(md, by_municipality[slug][:3])]) + "\n"
    pages["prenumerera/index.md"] = "\n".join(lines)
    for pid, source in promises.items():
        md = f"loften/{pid}/utvardering.md"
        rows = ["| Åtagande | Utlovat | Genomfört |", "| --- | --- | --- |"]
        for c in source.meta.get("commitments", []):
            done = sum(int((u.source.meta.get("progress") or {}).get(str(c["id"]), 0)) for u in by_promise[pid])
            rows.append(f"| {c['text']} | {c.get('target', '')} {c.get('unit', '')} | {done} |")
        pages[md] = "\n".join([f"# Utvärdering: {source.meta.get('title', pid)}", "", *rows, "", *_update_items(md, by_promise[pid][::-1])]) + "\n"
    last = max(1, -(-len(updates) // PAGE_SIZE))
    for number in range(1, last + 1):
        md = "uppdateringar/index.md" if number == 1 else f"uppdateringar/sida/{number}.md"
        lines = [f"# Uppföljningar{'' if number == 1 else f', sida {number}'}", ""]
        chunk = updates[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        for (year, month), group in groupby(chunk, key=lambda u: (u.moment.year, u.moment.month)):
            lines += [f"## {format_date(date(year, month, 1), 'LLLL y', locale='sv').capitalize()}", "", *_update_items(md, list(group), True), ""]
        nav = []
        if number > 1:
            nav.append(f"[Nyare]({_link(md, _timeline_md(number - 1))})")
        for page in sorted({1, last, *range(max(1, number - 2), min(last, number + 2) + 1)}):
            nav.append(str(page) if page == number else f"[{page}]({_link(md, _timeline_md(page))})")
        if number < last:
            nav.append(f"[Äldre]({_link(md, _timeline_md(number + 1))})")
        pages[md] = "\n".join([*lines, " · ".join(nav)]) + "\n"
    home = (docs / "index.md").read_text(encoding="utf-8") if (docs / "index.md").exists() else "# Medborgarlöften\n"
    pages["index.md"] = home + "\n## Senaste uppföljningarna\n\n" + "\n".join(_update_items("index.md", updates[:LATEST_ON_HOME], True)) + "\n"

    for md, text in pages.items():
        target = docs / md
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    markdown_pages = sum(1 for _ in docs.rglob("*.md"))
    return {"pages": markdown_pages, "generated": len(pages) - 1, "updates": len(updates), "promises": len(promises)}


def _timeline_md(number: int) -> str:
    return "uppdateringar/index.md" if number == 1 else f"uppdateringar/sida/{number}.md"


def _update_items(here: str, updates: list[Update], with_municipality: bool = False) -> list[str]:
    lines = []
    for u in updates:
        where = f"{u.source.meta.get('author') or u.municipality_slug} · " if with_municipality else ""
        lines.append(f"- [{u.title}]({_link(here, u.md)}) — {where}{_long_date(u.moment)}. {_summary(u.source)}")
    return lines


def _update_page(u: Update, promise: Source, pid: str) -> str:
    meta = u.source.meta
    lines = [
        f"[{promise.meta['municipality']}]({_link(u.md, f'kommuner/{u.municipality_slug}/index.md')}) › "
        f"[{promise.meta.get('title', pid)}]({_link(u.md, f'loften/{pid}.md')})",
        "",
        f"# {u.title}",
        "",
        f"*{_long_date(u.moment)}{' · ' + str(meta['author']) if meta.get('author') else ''}*",
        "",
    ]
    if meta.get("image"):
        name = posixpath.basename(str(meta["image"]))
        lines += [f"![{meta.get('image_alt', '')}]({_link(u.md, f'bilder/{name}')})", ""]
    body = re.sub(r"\]\((?:\.\./)+promises/([^)]+)\.md\)", lambda m: f"]({_link(u.md, f'loften/{m.group(1)}.md')})", u.source.body)
    lines += [body]
    commitments = {str(c["id"]): c for c in promise.meta.get("commitments", [])}
    progress, status = meta.get("progress") or {}, meta.get("status") or {}
    reported = [cid for cid in commitments if cid in progress or cid in status]
    if reported:
        lines += ["## Rapporterat i den här uppföljningen", ""]
        for cid in reported:
            c = commitments[cid]
            said = f"Den här gången: {progress[cid]} {c.get('unit', '')}. " if cid in progress else ""
            said += f"Status: {STATUS[status[cid]]}." if cid in status else ""
            lines.append(f"- {c['text']} {said}")
        lines += ["", f"[Se alla åtaganden i löftet]({_link(u.md, f'loften/{pid}.md')})", ""]
    if meta.get("tags"):
        lines += ["Ämnen: " + ", ".join(str(t) for t in meta["tags"]), ""]
    return "\n".join(lines)


def _promise_page(pid: str, source: Source, updates: list[Update]) -> str:
    md = f"loften/{pid}.md"
    meta = source.meta
    lines = [f"# {meta.get('title', pid)}", "", f"Gäller {meta['valid_from']} – {meta['valid_until']}.", "", "## Åtaganden", ""]
    for c in meta.get("commitments", []):
        cid = str(c["id"])
        done = sum(int((u.source.meta.get("progress") or {}).get(cid, 0)) for u in updates)
        explicit = next((u.source.meta["status"][cid] for u in updates if cid in (u.source.meta.get("status") or {})), None)
        target = f" av {c['target']}" if c.get("target") else ""
        lines.append(f"- **{c['text']}** {done}{target} {c.get('unit', '')}. Status: {STATUS.get(str(explicit), 'Pågår')}.")
    lines += ["", source.body, "## Uppföljningar", ""]
    lines += _update_items(md, updates)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    counts = make_plain(args.corpus, args.out)
    print(f"{counts['pages']} Markdown-sidor i {args.out / 'docs'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
