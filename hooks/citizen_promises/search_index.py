"""Site search with Pagefind: after MkDocs has written the site, the pagefind
binary (shipped in the pagefind-bin wheel, nothing downloaded) reads the HTML
and writes a search index split into small files that a browser fetches only
as a query needs them, with Swedish stemming.

What is indexed is decided here and in overrides/main.html: a page's content
is indexed only when its address passes ``searchable`` (the template then
marks it ``data-pagefind-body``); header, navigation and footer never are.
Lists that only repeat other pages' summaries stay out, so a result leads to
the update, promise or municipality page itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from . import addresses

BUNDLE = "pagefind"  # the folder in the site, and so the address of the bundle
SEARCH_PAGE = "sok/"
LANGUAGE = "sv"  # one language, whatever a page says: Swedish stemming everywhere
# Pages whose content is not searched: lists of other pages (the timeline and
# its pages, the list of municipalities), the search page itself, the preview's
# problem list, the 404 page and the widgets shown on other websites.
NOT_SEARCHED = (addresses.MUNICIPALITIES, addresses.PROBLEMS, SEARCH_PAGE, "404.html")
NOT_SEARCHED_UNDER = (addresses.TIMELINE,)
WIDGET = re.compile(re.escape(addresses.widget("SLUG")).replace("SLUG", "[^/]+") + "$")
# Parts of searched pages that only repeat other pages: update lists (start,
# municipality and promise pages) and the start page's list of municipalities.
EXCLUDED_PARTS = (".ml-updates", ".ml-home-municipalities")


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class Indexed:
    pages: int
    seconds: float
    messages: list[str]  # what Pagefind printed beyond its progress (warnings)


def searchable(url: str | None) -> bool:
    """Whether the page at ``url`` (site-relative, as MkDocs' page.url) is indexed."""
    if url is None:
        return False
    return url not in NOT_SEARCHED and not url.startswith(NOT_SEARCHED_UNDER) and not WIDGET.match(url)


def base_url(site_url: str) -> str:
    """The path the site is published under, which Pagefind puts before its result addresses."""
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def executable() -> Path:
    # The pagefind package finds the binary that pagefind-bin installed
    # (or PAGEFIND_BINARY_PATH, or a pagefind on PATH).
    from pagefind.service import get_executable

    found = get_executable()
    if found is None:
        raise SearchIndexError("Pagefind saknas: installera paketen i requirements.txt (pagefind och pagefind-bin).")
    return found


def command(site_dir: Path) -> list[str]:
    return [
        str(executable()),
        "--site", str(site_dir),
        "--output-subdir", BUNDLE,
        "--force-language", LANGUAGE,
        "--exclude-selectors", ", ".join(EXCLUDED_PARTS),
        "--quiet",
    ]


def build(site_dir: Path) -> Indexed:
    """Index the built site in ``site_dir``; writes ``site_dir/pagefind/``.

    The same site gives the same bytes: Pagefind's files are named by their
    content's hash and hold no clock. The folder is emptied first, so no file
    of an earlier build (``mkdocs build --dirty``) is left behind.
    """
    site_dir = Path(site_dir).resolve()
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    # Settings come from here only: no PAGEFIND_* variable and no pagefind.yml
    # of the current directory (Pagefind reads both) can change the index.
    env = {key: value for key, value in os.environ.items() if not key.startswith("PAGEFIND_")}
    started = time.perf_counter()
    done = subprocess.run(command(site_dir), cwd=site_dir, env=env, capture_output=True, text=True)
    printed = [line.strip() for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    if done.returncode != 0:
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet ({done.returncode}): " + " ".join(printed[-5:]))
    entry = site_dir / BUNDLE / "pagefind-entry.json"
    if not entry.is_file():
        raise SearchIndexError(f"Pagefind skrev inget sökindex i {site_dir / BUNDLE}: " + " ".join(printed[-5:]))
    canonical_filters(site_dir / BUNDLE)
    seconds = time.perf_counter() - started
    languages = json.loads(entry.read_text(encoding="utf-8"))["languages"]
    pages = sum(language["page_count"] for language in languages.values())
    return Indexed(pages, seconds, printed)


# ---------------------------------------------------------------- same bytes every build
#
# Pagefind 1.5.2 writes each filter's values (here: the municipalities) in the
# order of a Rust HashMap, which is random per run; the filter file's name is
# a hash of its bytes, the language's meta file names the filter file and is
# itself named by its hash in pagefind-entry.json. Everything else it writes
# is the same for the same site. So the values are put in byte order, and the
# filter and meta files renamed by their new contents; the browser reads the
# values into a map, so their order means nothing to the search.
#
# The files are "pagefind_dcd" + CBOR, gzipped. A filter file is
# [name, [[value, [page, ...]], ...]]; only the outer arrays are read here.

SIGNATURE = b"pagefind_dcd"


def _head(data: bytes, pos: int) -> tuple[int, int, int]:
    """A CBOR item's major type, its argument and where its content starts."""
    major, info = data[pos] >> 5, data[pos] & 0x1F
    if info < 24:
        return major, info, pos + 1
    if info > 27:
        raise SearchIndexError(f"Pagefind-filen har ett okänt format (CBOR {data[pos]:#x}).")
    size = 1 << (info - 24)
    return major, int.from_bytes(data[pos + 1:pos + 1 + size], "big"), pos + 1 + size


def _skip(data: bytes, pos: int) -> int:
    """Where the CBOR item at ``pos`` ends."""
    major, argument, pos = _head(data, pos)
    if major in (2, 3):  # bytes, text
        return pos + argument
    if major == 4:  # array
        for _ in range(argument):
            pos = _skip(data, pos)
    elif major == 5:  # map
        for _ in range(2 * argument):
            pos = _skip(data, pos)
    elif major == 6:  # tag
        pos = _skip(data, pos)
    return pos


def _read(path: Path) -> bytes:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise SearchIndexError(f"{path.name} är ingen Pagefind-fil.")
    return data[len(SIGNATURE):]


def _write(folder: Path, stem_prefix: str, suffix: str, cbor: bytes, digits: int) -> str:
    """Write a gzipped Pagefind file named by its contents; returns its hash name."""
    name = f"{stem_prefix}{hashlib.sha256(cbor).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + cbor, compresslevel=9, mtime=0))
    return name


def _sorted_filter(cbor: bytes) -> bytes:
    major, length, pos = _head(cbor, 0)
    if major != 4 or length != 2:
        raise SearchIndexError("Pagefinds filterfil har ett okänt format.")
    name_end = _skip(cbor, pos)
    major, count, start = _head(cbor, name_end)
    if major != 4:
        raise SearchIndexError("Pagefinds filterfil har ett okänt format.")
    values, pos = [], start
    for _ in range(count):
        end = _skip(cbor, pos)
        values.append(cbor[pos:end])
        pos = end
    return cbor[:start] + b"".join(sorted(values)) + cbor[pos:]


def canonical_filters(bundle: Path) -> None:
    entry_file = bundle / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        old_meta = bundle / f"pagefind.{language['hash']}.pf_meta"
        meta = _read(old_meta)
        prefix = language["hash"].split("_")[0] + "_"
        for path in sorted((bundle / "filter").glob(f"{prefix}*.pf_filter")):
            old = path.name.removesuffix(".pf_filter").encode()
            new = _write(path.parent, prefix, ".pf_filter", _sorted_filter(_read(path)), len(old) - len(prefix)).encode()
            if new == old:
                continue
            path.unlink()
            # The meta file names the filter file as a CBOR text string of the same length.
            reference = bytes([0x60 | len(old)]) + old if len(old) < 24 else bytes([0x78, len(old)]) + old
            if meta.count(reference) != 1:
                raise SearchIndexError(f"Pagefinds metafil nämner {old.decode()} {meta.count(reference)} gånger.")
            meta = meta.replace(reference, reference[: -len(old)] + new)
        old_meta.unlink()
        language["hash"] = _write(bundle, "pagefind." + prefix, ".pf_meta", meta, len(language["hash"]) - len(prefix))
        language["hash"] = language["hash"].removeprefix("pagefind.")
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
