"""`make bench` on a tiny corpus: the generator is deterministic and writes valid
content, and the runner builds both sites and reports what it promises.
Not a timing test: the numbers themselves are not checked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
BENCH = PROJECT / "bench"
sys.path.insert(0, str(BENCH))

from citizen_promises.slug import slugify  # noqa: E402
from citizen_promises.sweden import MUNICIPALITIES  # noqa: E402
from generate import build_epoch, generate, select_municipalities  # noqa: E402

SMALL: dict[str, Any] = {"months": 14, "municipalities": 6}  # a full year and the start of the next


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for part in ("promises", "updates") for p in sorted((root / part).rglob("*")) if p.is_file()}


def test_the_290_municipalities_are_unique_and_only_habo_collides() -> None:
    assert len(MUNICIPALITIES) == len(set(MUNICIPALITIES)) == 290
    slugs = [slugify(m) for m in MUNICIPALITIES]
    assert sorted(s for s in slugs if slugs.count(s) > 1) == ["habo", "habo"]
    assert {"Upplands Väsby", "Upplands-Bro", "Malung-Sälen", "Håbo", "Habo", "Örnsköldsvik", "Överkalix"} <= set(MUNICIPALITIES)
    assert {"Habo", "Håbo"} <= set(select_municipalities(6)) and len(select_municipalities(6)) == 6


def test_generated_corpus_is_deterministic_and_passes_check(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    counts = generate(first, **SMALL)
    generate(second, **SMALL, copy_project=False)
    assert counts["promises"] == 12 and counts["updates"] == 84
    files = _files(first)
    assert files == _files(second)
    assert "promises/haabo-2023.md" in files and "municipality_slug: haabo" in files["promises/haabo-2023.md"].decode()
    texts = [t.decode() for path, t in files.items() if path.endswith(".md") and path.startswith("updates/")]
    assert any("image_alt:" in t for t in texts)
    assert all(250 <= len(t.split("\n---\n", 1)[1].split()) <= 480 for t in texts)

    env = {**os.environ, "PYTHONPATH": str(first / "hooks"), "SOURCE_DATE_EPOCH": str(build_epoch(SMALL["months"]))}
    result = subprocess.run([sys.executable, "-m", "citizen_promises.check"], cwd=first, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 löften och 84 publicerade uppföljningar" in result.stdout
    assert "0 fel, 0 varningar, 0 försenade uppföljningar" in result.stdout, result.stdout


def test_translated_corpus_has_a_tenth_in_english_a_twentieth_in_arabic_and_passes_check(tmp_path: Path) -> None:
    counts = generate(tmp_path, **SMALL, translations=True)
    # Municipality number n (0–5) and month m (0–13): English where n + m is 0 or 10 (7 updates),
    # Arabic where it is 5 (6 updates); the promise of municipality 0 (Ale) in 2022 into English.
    assert (counts["updates_en"], counts["updates_ar"], counts["promises_en"]) == (7, 6, 1)
    assert "languages: [en, ar]" in (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    english = sorted(p.name for p in (tmp_path / "updates").rglob("*.en.md"))
    arabic = sorted(p.name for p in (tmp_path / "updates").rglob("*.ar.md"))
    assert len(english) == 7 and len(arabic) == 6
    assert "2022-01-25-sa-gick-arbetet-i-januari.en.md" in english
    assert (tmp_path / "updates" / "ale" / "2022-01-25-sa-gick-arbetet-i-januari.md").exists()
    promise = (tmp_path / "promises" / "ale-2022.en.md").read_text(encoding="utf-8")
    assert "title: Citizen promise in Ale 2022" in promise and "not a real translation" in promise
    assert any("\u0600" <= ch <= "\u06ff" for ch in (tmp_path / "updates").rglob("*.ar.md").__next__().read_text(encoding="utf-8"))

    env = {**os.environ, "PYTHONPATH": str(tmp_path / "hooks"), "SOURCE_DATE_EPOCH": str(build_epoch(SMALL["months"]))}
    result = subprocess.run([sys.executable, "-m", "citizen_promises.check"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "12 löften och 84 publicerade uppföljningar" in result.stdout
    assert "0 fel, 0 varningar, 0 försenade uppföljningar" in result.stdout, result.stdout


def test_runner_builds_both_sites_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "bench-output"
    result = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--months", "2", "--municipalities", "6", "--runs", "1", "--out", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| Size |" in result.stdout and "| Wall ours |" in result.stdout
    assert (out / "results.md").read_text(encoding="utf-8") == result.stdout
    report = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert report["runs"] == 1
    (size,) = report["sizes"]
    assert {"size", "months", "municipalities", "promises", "updates", "source_date_epoch", "ours", "plain", "ratio"} <= size.keys()
    assert (size["promises"], size["updates"]) == (6, 12)
    for kind in ("ours", "plain"):
        stats = size[kind]
        assert {"runs", "wall_median_s", "cpu_median_s", "peak_rss_median_mib", "html_pages", "largest_page", "site_bytes", "search_index_bytes"} <= stats.keys()
        assert stats["wall_median_s"] > 0 and stats["peak_rss_median_mib"] > 10
        assert stats["search_index_bytes"] > 0 and stats["largest_page"]["bytes"] > 0
    # The plain site has a page for every page our hooks make.
    assert size["ours"]["html_pages"] == size["plain"]["html_pages"]
    assert (out / "work" / "2m" / "ours" / "site" / "kommuner" / "haabo" / "index.html").exists()
    assert set(size["ratio"]) == {"wall", "cpu", "peak_rss", "wall_floor", "cpu_floor"}
    # The floor renders as many pages with no plugin: no search index at all.
    assert size["floor"]["html_pages"] == size["plain"]["html_pages"]
    assert size["floor"]["search_index_bytes"] == 0
    # Translations are on by default: in 2 months of 6 municipalities, Ale's January update and
    # its 2022 promise into English (with Ale's page and /en/), two updates into Arabic (and /ar/).
    assert size["translations"] == {"promises_en": 1, "promises_ar": 0, "updates_en": 1, "updates_ar": 2}
    for kind in ("ours", "plain", "floor"):
        assert size[kind]["translated_pages"] == {"en": 4, "ar": 3}, kind
    assert (out / "work" / "2m" / "ours" / "site" / "en" / "kommuner" / "ale" / "index.html").exists()
    assert "| Translated pages ours |" in result.stdout and "| 4 en + 3 ar | 4 en + 3 ar | 4 en + 3 ar |" in result.stdout
