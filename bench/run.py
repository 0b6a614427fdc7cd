"""`make bench`: how long our build takes, and how much memory it needs, next to a
plain MkDocs + Material build of the same pages without our hooks.

For each size it generates the national corpus (generate.py; by default with a
tenth of the updates translated into English and a twentieth into Arabic, and a
tenth of the promises into English: `--no-translations` leaves them out) and the
plain project (plain.py, the same pages in every language) once, then alternates
`mkdocs build -q` runs (ours, plain, floor, ours, …) with a fixed SOURCE_DATE_EPOCH. Wall time is measured around
the subprocess; peak memory is the child's own ru_maxrss from os.wait4, which
needs neither /usr/bin/time nor anything else beyond Python 3.11 on Linux.

    python bench/run.py [--sizes quarter,half,full] [--runs 3] [--months N] [--municipalities K] [--warm]
                        [--no-translations] [--out DIR]

Prints a Markdown table and writes it to OUT/results.md, with the details in
OUT/results.json (OUT defaults to bench-output/, which git ignores).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from floor import make_floor  # noqa: E402
from generate import LANGUAGES, MAX_MONTHS, MUNICIPALITIES, PROJECT, SEED, SIZES, generate  # noqa: E402
from plain import make_plain  # noqa: E402

LABELS = {"quarter": "¼", "half": "½", "full": "full"}
KINDS = ("ours", "plain", "floor")


def build(project: Path, epoch: int, warm: bool = False) -> dict:
    """One `mkdocs build -q` in ``project``: wall seconds, peak RSS, exit code."""
    site = project / "site"
    if site.exists():
        shutil.rmtree(site)
    # Every run draws every share card, as a fresh clone in CI does: the cards
    # cached by the run before (.cache/share-cards/) would hide their cost.
    # With ``warm``, they are kept: what a rebuild after a small change costs.
    if not warm:
        shutil.rmtree(project / ".cache", ignore_errors=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    log = project / "build.log"
    with open(log, "wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 reports this child's own resource use, unlike RUSAGE_CHILDREN, which
        # keeps the maximum over every child waited for so far.
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"mkdocs build failed in {project} (exit {child.returncode}):\n{tail}")
    rss = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024  # KiB
    return {"wall_s": round(wall, 3), "peak_rss_mib": round(rss / 1024, 1), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3)}


def _gzipped(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def search_stats(site: Path) -> dict:
    """What search costs a phone before its first result, in bytes over the wire
    (gzipped as a web server sends text).

    Material's search: all of search/search_index.json (plus its worker).
    Ours (hooks/citizen_promises/search_index.py): assets/sok.js, the manifest, one
    shard of stems (the median: a one-word query loads one) and the files of the
    20 results first shown (the median size). The whole index on disk is
    reported beside it.
    """
    lunr = site / "search" / "search_index.json"
    if lunr.exists():
        return {"engine": "lunr", "search_index_bytes": lunr.stat().st_size, "search_index_gzip_bytes": _gzipped(lunr),
                "first_result_bytes": _gzipped(lunr)}
    index = site / "sokindex"
    if not (index / "index.json").exists():
        return {"engine": None, "search_index_bytes": 0, "first_result_bytes": 0}
    shards = sorted(_gzipped(p) for p in (index / "ord").glob("*.json"))
    results = sorted(_gzipped(p) for p in (index / "sidor").glob("*.json"))
    shown = min(20, len(results))
    first = (_gzipped(site / "assets" / "sok.js") + _gzipped(index / "index.json") + statistics.median(shards)
             + shown * statistics.median(results))
    on_disk = [p for p in index.rglob("*") if p.is_file()]
    return {
        "engine": "sokindex",
        "search_index_bytes": sum(p.stat().st_size for p in on_disk),
        "first_result_bytes": int(first),
        "files": len(on_disk),
        "manifest_gzip_bytes": _gzipped(index / "index.json"),
        "shards": len(shards),
        "shard_median_gzip_bytes": int(statistics.median(shards)),
        "shard_max_gzip_bytes": shards[-1],
        "result_median_gzip_bytes": int(statistics.median(results)),
    }


def site_stats(site: Path) -> dict:
    html = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    largest = max(html)
    search = search_stats(site)
    return {
        "html_pages": len(html),
        # Pages under a language's folder (/en/…, /ar/…): the translated pages built.
        "translated_pages": {code: sum(1 for _, path in html if path.startswith(f"{code}/")) for code in LANGUAGES},
        "largest_page": {"path": largest[1], "bytes": largest[0]},
        # The national table (/kommuner/): one row a municipality, so the same size at every corpus size.
        "national_page_bytes": (site / "kommuner" / "index.html").stat().st_size if (site / "kommuner" / "index.html").is_file() else 0,
        "site_bytes": sum(p.stat().st_size for p in site.rglob("*") if p.is_file()),
        # The whole search index on disk: search_index.json, or our sokindex/.
        "search_index_bytes": search["search_index_bytes"],
        "search": search,
    }


def bench_size(name: str, months: int, municipalities: int, runs: int, work: Path, seed: str, warm: bool = False,
               translations: bool = True) -> dict:
    ours, plain, floor = work / "ours", work / "plain", work / "floor"
    started = time.perf_counter()
    counts = generate(ours, months, municipalities, seed, translations=translations)
    plain_counts = make_plain(ours, plain)
    make_floor(plain, floor)
    generated_s = time.perf_counter() - started
    epoch = counts["source_date_epoch"]
    log(f"{name}: {counts['promises']} promises, {counts['updates']} updates, {plain_counts['pages']} plain pages "
        f"({plain_counts['translated']} translated; generated in {generated_s:.1f} s); {runs} run(s) each")
    if warm:
        log(f"  {name}: one untimed build of ours fills the card cache")
        build(ours, epoch)
    load_before = os.getloadavg()
    results: dict[str, list[dict]] = {kind: [] for kind in KINDS}
    for run in range(runs):
        for kind, project in (("ours", ours), ("plain", plain), ("floor", floor)):
            result = build(project, epoch, warm)
            results[kind].append(result)
            log(f"  {name} run {run + 1}/{runs} {kind:5}: {result['wall_s']:8.2f} s, {result['peak_rss_mib']:8.1f} MiB")
    entry: dict = {
        "size": name,
        "months": months,
        "municipalities": counts["municipalities"],
        "promises": counts["promises"],
        "updates": counts["updates"],
        # Translation files written: promises_en, updates_en, updates_ar (none without translations).
        "translations": {key: value for key, value in counts.items() if key.startswith(("promises_", "updates_"))},
        "source_date_epoch": epoch,
        "generate_s": round(generated_s, 2),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "warm_cache": warm,
    }
    for kind, project in (("ours", ours), ("plain", plain), ("floor", floor)):
        walls = [r["wall_s"] for r in results[kind]]
        rss = [r["peak_rss_mib"] for r in results[kind]]
        entry[kind] = {
            "runs": results[kind],
            "wall_median_s": round(statistics.median(walls), 3),
            "cpu_median_s": round(statistics.median(r["cpu_s"] for r in results[kind]), 3),
            "peak_rss_median_mib": round(statistics.median(rss), 1),
            **site_stats(project / "site"),
        }
    entry["ratio"] = {
        "wall": round(entry["ours"]["wall_median_s"] / entry["plain"]["wall_median_s"], 2),
        "cpu": round(entry["ours"]["cpu_median_s"] / entry["plain"]["cpu_median_s"], 2),
        "peak_rss": round(entry["ours"]["peak_rss_median_mib"] / entry["plain"]["peak_rss_median_mib"], 2),
        "wall_floor": round(entry["ours"]["wall_median_s"] / entry["floor"]["wall_median_s"], 2),
        "cpu_floor": round(entry["ours"]["cpu_median_s"] / entry["floor"]["cpu_median_s"], 2),
    }
    return entry


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB" if size >= 2**20 else f"{size / 1024:.0f} KiB"


def table(results: list[dict], runs: int) -> str:
    lines = [
        f"Medians of {runs} run(s) of `mkdocs build -q` each, alternating ours, plain and floor "
        "(plain = MkDocs + Material, same pages as plain Markdown, no hooks; floor = the same theme "
        "rendering as many short plain pages, no plugin at all: bench/floor.py). "
        "CPU is the child's user + system time with that of its own children (the share card painter's "
        "process), less disturbed than wall time by other work on the machine. "
        + ("Share cards from a warm cache (`--warm`)." if any(r.get("warm_cache") for r in results)
           else "Every run draws every share card (the cache is emptied first)."),
        "",
        "| Size | Promises | Updates | HTML pages (ours / plain) | Wall ours | Wall plain | Ratio | CPU ours | CPU plain | Ratio "
        "| Peak RSS ours | Peak RSS plain | Ratio | Wall floor | Ours / floor | CPU floor | Ours / floor |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        o, p = r["ours"], r["plain"]
        label = f"{LABELS.get(r['size'], r['size'])} ({r['months']} months, {r['municipalities']} municipalities)"
        lines.append(
            f"| {label} | {r['promises']} | {r['updates']} | {o['html_pages']} / {p['html_pages']} "
            f"| {o['wall_median_s']:.1f} s | {p['wall_median_s']:.1f} s | {r['ratio']['wall']:.2f} "
            f"| {o['cpu_median_s']:.1f} s | {p['cpu_median_s']:.1f} s | {r['ratio']['cpu']:.2f} "
            f"| {o['peak_rss_median_mib']:.0f} MiB | {p['peak_rss_median_mib']:.0f} MiB | {r['ratio']['peak_rss']:.2f} "
            f"| {r['floor']['wall_median_s']:.1f} s | {r['ratio']['wall_floor']:.2f} "
            f"| {r['floor']['cpu_median_s']:.1f} s | {r['ratio']['cpu_floor']:.2f} |"
        )
    lines += [
        "",
        "| Size | Largest page, ours | Largest page, plain | Site ours | Site plain "
        "| Search index ours | Search index plain (lunr) | Before the first result, ours | Before the first result, plain |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        o, p = r["ours"], r["plain"]
        lines.append(
            f"| {LABELS.get(r['size'], r['size'])} | {_mib(o['largest_page']['bytes'])} `{o['largest_page']['path']}` "
            f"| {_mib(p['largest_page']['bytes'])} `{p['largest_page']['path']}` | {_mib(o['site_bytes'])} | {_mib(p['site_bytes'])} "
            f"| {_mib(o['search_index_bytes'])} | {_mib(p['search_index_bytes'])} "
            f"| {_mib(o['search']['first_result_bytes'])} | {_mib(p['search']['first_result_bytes'])} |"
        )
    lines += ["", "| Size | Translation files | Translated pages ours | Translated pages plain | Translated pages floor |",
              "| --- | --- | ---: | ---: | ---: |"]
    for r in results:
        files = ", ".join(f"{key.replace('_', ' ')} {value}" for key, value in r["translations"].items()) or "none"
        built = [" + ".join(f"{r[kind]['translated_pages'][code]} {code}" for code in LANGUAGES) for kind in KINDS]
        lines.append(f"| {LABELS.get(r['size'], r['size'])} | {files} | {built[0]} | {built[1]} | {built[2]} |")
    lines += ["", "| Size | National page /kommuner/, ours | /kommuner/, plain |", "| --- | ---: | ---: |"]
    lines += [f"| {LABELS.get(r['size'], r['size'])} | {r['ours']['national_page_bytes']:,} B | {r['plain']['national_page_bytes']:,} B |" for r in results]
    lines += ["", "Search index: every file of the search on disk. Before the first result: what a phone downloads "
              "for a one-word search, compressed as sent (bench/run.py search_stats)."]
    loads = ", ".join(f"{LABELS.get(r['size'], r['size'])}: {r['loadavg_before'][0]:.2f} → {r['loadavg_after'][0]:.2f}" for r in results)
    lines += ["", f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}. "
              f"1-minute load average before → after each size: {loads}."]
    return "\n".join(lines) + "\n"


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="quarter,half,full", help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--months", type=int, help=f"one custom size of 1–{MAX_MONTHS} months instead of --sizes")
    parser.add_argument("--municipalities", type=int, default=len(MUNICIPALITIES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warm", action="store_true", help="keep the share card cache between runs (filled by an untimed build first)")
    parser.add_argument("--seed", default=SEED)
    parser.add_argument("--no-translations", dest="translations", action="store_false",
                        help="the corpus without translations (by default a tenth of the updates into English, a twentieth into Arabic)")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench-output")
    args = parser.parse_args(argv)
    if args.months:
        sizes = [(f"{args.months}m", args.months)]
    else:
        names = [s.strip() for s in args.sizes.split(",") if s.strip()]
        unknown = [n for n in names if n not in SIZES]
        if unknown:
            parser.error(f"unknown size {', '.join(unknown)}; choose from {', '.join(SIZES)}")
        sizes = [(n, SIZES[n]) for n in names]
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for name, months in sizes:
        results.append(bench_size(name, months, args.municipalities, args.runs, args.out / "work" / name, args.seed, args.warm,
                                  args.translations))
        # Written after every size, so a long run leaves what it has measured.
        report = {"runs": args.runs, "cpus": os.cpu_count(), "python": platform.python_version(), "sizes": results}
        (args.out / "results.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (args.out / "results.md").write_text(table(results, args.runs), encoding="utf-8")
    print(table(results, args.runs), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
