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
the timeline in pages of 30, every tag's page, and the home page with the five newest; and, for
every language mkdocs.yml lists, a page for every translated page ours makes
(pages.translated_specs): each translated update and promise, the municipality
of a translated promise, and the language's home page in pages of 30. Links are
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


def _languages(corpus: Path) -> list[str]:
    """The languages the corpus's mkdocs.yml publishes besides Swedish."""
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    return [str(code) for code in ((config.get("extra") or {}).get("languages") or [])]


def _is_translation(path: Path) -> bool:
    """``<name>.<lang>.md``: no original's file name has a dot before ``.md``."""
    return "." in path.stem


def _plain_config(corpus: Path) -> dict:
    config = yaml.safe_load((corpus / "mkdocs.yml").read_text(encoding="utf-8"))
    for key in ("hooks", "watch"):
        config.pop(key, None)
    # Plain MkDocs + Material searches with the theme's own plugin (lunr, one index).
    config["plugins"] = [{"search": {"lang": "sv"}}]
    config["not_in_nav"] = "/kommuner/*/\n/loften/\n/uppdateringar/sida/\n/taggar/*/\n/admin/\n" + "".join(f"/{code}/\n" for code in _languages(corpus))
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

    promises = {p.stem: _read(p, corpus) for p in sorted((corpus / "promises").glob("*.md")) if not _is_translation(p)}
    slug_of = {pid: str(s.meta.get("municipality_slug") or slugify(str(s.meta["municipality"]))) for pid, s in promises.items()}
    updates: list[Update] = []
    for path in sorted((corpus / "updates").rglob("*.md")):
        if _is_translation(path):
            continue
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
    # Like ours: a page of every tag (in pages of 30, newest first) and the list of tags.
    by_tag: dict[str, list[Update]] = defaultdict(list)
    tag_names: dict[str, str] = {}
    for u in updates:
        for name in u.source.meta.get("tags") or []:
            if slugify(str(name)):
                by_tag[slugify(str(name))].append(u)
                tag_names.setdefault(slugify(str(name)), str(name))
    tag_order = sorted(by_tag, key=lambda t: (sort_key(tag_names[t]), t))
    pages["taggar/index.md"] = "\n".join(["# Ämnen", "", *[f"- [{tag_names[t]}]({t}/index.md) ({len(by_tag[t])})" for t in tag_order]]) + "\n"
    for t in tag_order:
        last_tag = max(1, -(-len(by_tag[t]) // PAGE_SIZE))
        for number in range(1, last_tag + 1):
            md = f"taggar/{t}/index.md" if number == 1 else f"taggar/{t}/sida/{number}.md"
            chunk = by_tag[t][(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
            pages[md] = "\n".join([f"# Ämne: {tag_names[t]}{'' if number == 1 else f', sida {number}'}", "", *_update_items(md, chunk, True)]) + "\n"
    # Ours publishes the browser editor at /admin/ as a static file, not rendered by MkDocs: so here.
    (docs / "admin").mkdir(exist_ok=True)
    (docs / "admin" / "index.html").write_text("<!doctype html><title>Redaktör</title>\n", encoding="utf-8")
    translated = _translated_pages(corpus, _languages(corpus), promises, updates, by_promise, names, slug_of)
    pages.update(translated)
    home = (docs / "index.md").read_text(encoding="utf-8") if (docs / "index.md").exists() else "# Medborgarlöften\n"
    pages["index.md"] = home + "\n## Senaste uppföljningarna\n\n" + "\n".join(_update_items("index.md", updates[:LATEST_ON_HOME], True)) + "\n"

    for md, text in pages.items():
        target = docs / md
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    markdown_pages = sum(1 for _ in docs.rglob("*.md"))
    return {"pages": markdown_pages, "generated": len(pages) - 1, "updates": len(updates), "promises": len(promises),
            "translated": len(translated)}


def _translated_pages(corpus: Path, languages: list[str], promises: dict[str, Source], updates: list[Update],
                      by_promise: dict[str, list[Update]], names: dict[str, str], slug_of: dict[str, str]) -> dict[str, str]:
    """The pages in every listed language, at ours' addresses under ``<lang>/``:
    what pages.translated_specs makes, no more (a language with nothing translated has no pages)."""
    pages: dict[str, str] = {}
    by_path = {u.source.path: u for u in updates}
    for code in languages:
        pages.update(_language_pages(corpus, code, promises, updates, by_path, by_promise, names, slug_of))
    return pages


def _language_pages(corpus: Path, code: str, promises: dict[str, Source], updates: list[Update], by_path: dict[str, Update],
                    by_promise: dict[str, list[Update]], names: dict[str, str], slug_of: dict[str, str]) -> dict[str, str]:
    """The pages in one language, as pages.translated_specs lists them."""
    pages: dict[str, str] = {}
    found: dict[str, Source] = {}
    for path in sorted((corpus / "updates").rglob(f"*.{code}.md")):
        original = path.with_name(path.name.removesuffix(f".{code}.md") + ".md").relative_to(corpus).as_posix()
        if original in by_path:
            found[original] = _read(path, corpus)
    tr_updates = [(u, found[u.source.path]) for u in updates if u.source.path in found]  # newest first, as the Swedish
    tr_promises = {path.name.removesuffix(f".{code}.md"): _read(path, corpus) for path in sorted((corpus / "promises").glob(f"*.{code}.md"))}
    tr_promises = {pid: source for pid, source in tr_promises.items() if pid in promises}
    if not tr_updates and not tr_promises:
        return pages
    municipalities = sorted({slug_of[pid] for pid in tr_promises})
    local = {u.source.path: f"{code}/{u.md}" for u, _ in tr_updates}

    def promise_md(pid: str) -> str:
        return f"{code}/loften/{pid}.md" if pid in tr_promises else f"loften/{pid}.md"

    def items(here: str, chosen: list[Update]) -> list[str]:
        return [f"- [{found[u.source.path].meta['title'] if u.source.path in found else u.title}]"
                f"({_link(here, local.get(u.source.path, u.md))}) — {_long_date(u.moment)}. "
                f"{_summary(found[u.source.path]) if u.source.path in found else _summary(u.source)}" for u in chosen]

    for u, tr in tr_updates:
        md, pid = local[u.source.path], str(u.source.meta["promise"])
        town = f"{code}/kommuner/{u.municipality_slug}/index.md" if u.municipality_slug in municipalities else f"kommuner/{u.municipality_slug}/index.md"
        title = tr_promises[pid].meta.get("title") if pid in tr_promises else promises[pid].meta.get("title", pid)
        lines = [f"[{names[u.municipality_slug]}]({_link(md, town)}) › [{title}]({_link(md, promise_md(pid))})", "",
                 f"# {tr.meta['title']}", "", f"*{_long_date(u.moment)}*", ""]
        if u.source.meta.get("image"):
            lines += [f"![{tr.meta.get('image_alt', '')}]({_link(md, 'bilder/' + posixpath.basename(str(u.source.meta['image'])))})", ""]
        texts = (tr_promises[pid].meta.get("commitments") or {}) if pid in tr_promises else {}
        progress = u.source.meta.get("progress") or {}
        lines += [tr.body, "## Reported", ""]
        lines += [f"- {texts.get(str(c['id']), c['text'])} {progress.get(str(c['id']), '')}"
                  for c in promises[pid].meta.get("commitments", []) if str(c["id"]) in progress]
        pages[md] = "\n".join(lines) + "\n"
    for pid, tr in tr_promises.items():
        md, texts = promise_md(pid), tr.meta.get("commitments") or {}
        lines = [f"# {tr.meta.get('title') or promises[pid].meta.get('title', pid)}", "",
                 f"{promises[pid].meta['valid_from']} – {promises[pid].meta['valid_until']}.", ""]
        for c in promises[pid].meta.get("commitments", []):
            done = sum(int((u.source.meta.get("progress") or {}).get(str(c["id"]), 0)) for u in by_promise[pid])
            lines.append(f"- **{texts.get(str(c['id']), c['text'])}** {done} / {c.get('target', '')} {c.get('unit', '')}")
        lines += ["", tr.body, "## Updates", "", *items(md, by_promise[pid])]
        pages[md] = "\n".join(lines) + "\n"
    for slug in municipalities:
        md = f"{code}/kommuner/{slug}/index.md"
        own = sorted((pid for pid in tr_promises if slug_of[pid] == slug), reverse=True)
        lines = [f"# {names[slug]}", "", *[f"- [{tr_promises[pid].meta.get('title', pid)}]({_link(md, promise_md(pid))})" for pid in own], ""]
        lines += items(md, [u for u, _ in tr_updates if u.municipality_slug == slug][:LATEST_ON_MUNICIPALITY])
        pages[md] = "\n".join(lines) + "\n"
    last = max(1, -(-len(tr_updates) // PAGE_SIZE))
    for number in range(1, last + 1):
        md = f"{code}/index.md" if number == 1 else f"{code}/sida/{number}.md"
        lines = [f"# {code}{'' if number == 1 else f', {number}'}", ""]
        if number == 1:
            lines += [f"- [{tr.meta.get('title', pid)}]({_link(md, promise_md(pid))})" for pid, tr in sorted(tr_promises.items(), reverse=True)]
            lines.append("")
        lines += items(md, [u for u, _ in tr_updates[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]])
        nav = [f"[{n}]({_link(md, f'{code}/index.md' if n == 1 else f'{code}/sida/{n}.md')})" for n in sorted({1, last, number - 1, number + 1}) if 1 <= n <= last and n != number]
        pages[md] = "\n".join([*lines, "", " · ".join(nav)]) + "\n"
    return pages


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
