"""`make bench-preview`: how fast a communicator's preview of one municipality
starts, and rebuilds after a save, in a repository that holds the whole country.

Generates the national corpus (generate.py; full size unless told otherwise),
starts `mkdocs serve` with MEDBORGARLOFTEN_KOMMUN=<slug> (what
`make serve KOMMUN=<slug>` does) and measures:

- start: from launching the server to the municipality page answering;
- rebuild: from saving a changed title in one of its updates to the update
  page showing the new title (the time a writer waits after pressing save).

    python bench/preview.py [--kommun alingsas] [--size full] [--saves 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SIZES, build_epoch, generate  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, text: str | None, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text is None or text in response.read().decode("utf-8"):
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        time.sleep(0.05)
    raise TimeoutError(f"{url} did not show {text!r} in time")


def _update_url(path: Path, kommun: str) -> str:
    """The update's address: kommuner/<slug>/<YYYY>/<MM>/<slug>/ from its file name."""
    stem = path.stem  # YYYY-MM-DD-slug
    return f"kommuner/{kommun}/{stem[0:4]}/{stem[5:7]}/{stem[11:]}/"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kommun", default="alingsas")
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--saves", type=int, default=3)
    args = parser.parse_args(argv)
    months = SIZES[args.size]
    with tempfile.TemporaryDirectory(prefix="preview-bench-") as work:
        project = Path(work)
        generate(project, months=months)
        updates = sorted((project / "updates" / args.kommun).glob("*.md"))
        assert updates, f"no updates for {args.kommun}"
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "MEDBORGARLOFTEN_KOMMUN": args.kommun, "NO_MKDOCS_2_WARNING": "1",
               "SOURCE_DATE_EPOCH": str(build_epoch(months))}
        start = time.monotonic()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(base + f"kommuner/{args.kommun}/", None, start + 600)
            started = time.monotonic() - start
            rebuilds = []
            for number in range(args.saves):
                target = updates[-1 - number]
                marker = f"Sparad rubrik {number}"
                text = target.read_text(encoding="utf-8")
                lines = text.splitlines(keepends=True)
                lines = [f"title: {marker}\n" if line.startswith("title:") else line for line in lines]
                time.sleep(1.5)  # let the previous rebuild settle, as a writer would
                saved = time.monotonic()
                target.write_text("".join(lines), encoding="utf-8")
                _wait_for(base + _update_url(target, args.kommun), marker, saved + 300)
                rebuilds.append(time.monotonic() - saved)
        finally:
            server.terminate()
            server.wait(timeout=30)
    files = sum(1 for _ in updates)
    print(f"| corpus | municipality | its updates | preview start | rebuild after a save (median of {args.saves}) |")
    print("|---|---|---:|---:|---:|")
    print(f"| {args.size} ({months} months) | {args.kommun} | {files} | {started:.1f} s | {statistics.median(rebuilds):.1f} s |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
