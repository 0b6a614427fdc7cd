"""What stands beside the content and what the share-card cache holds (issue 18):
only pictures are published from promises/ and updates/ (PNG, JPEG, WebP and
GIF whose bytes are what their name says, and SVG with nothing that runs or
fetches), everything else is an error naming the file in the real `make check`
and `mkdocs build` and is never published, not even by the preview; an SVG is
never an update's og:image or feed enclosure; a card from .cache/share-cards/
is published only when it is a regular PNG file whose bytes match its name,
and the cache is pruned to the build's cards; a title the card's font cannot
draw is left off the card, with a notice naming the file."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

from citizen_promises import assets, card_cache
from e2e_support import EPOCH, SITE_URL, Build, item_by_link, make_project, promise, run_mkdocs, update
from test_hostile_input import LEAKS, check, socket_port

PROMISE_FILE = "promises/ystad-2024.md"
MEDIA = "http://search.yahoo.com/mrss/"
MARKER = "FIENTLIG-FIL-5e2b"
CACHE_MARKER = "PLANTERAD-I-CACHEN-9c41"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">'


def svg(inside: str, prologue: str = "", root: str = SVG_OPEN) -> str:
    return f'{prologue}{root}<!-- {MARKER} --><rect width="10" height="10"/>{inside}</svg>'


def picture(kind: str, size: tuple[int, int] = (4, 3)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (0, 0x60, 0x30)).save(out, format=kind)
    return out.getvalue()


# ---------------------------------------------------------------- files that must never be published

# Each file, the words its error holds, and its content (every one carries MARKER).
HOSTILE: dict[str, tuple[tuple[str, ...], str | bytes]] = {
    "updates/ystad/bilder/skript.svg": (("SVG-bilden innehåller ett skript (<script>)",), svg("<script>alert(document.cookie)</script>")),
    "updates/ystad/bilder/onload.svg": (
        ("händelsehanterare", "onload"), svg("", root=SVG_OPEN.replace("<svg ", '<svg onload="alert(1)" ')),
    ),
    "updates/ystad/bilder/foreign.svg": (("<foreignObject>",), svg("<foreignObject><p>x</p></foreignObject>")),
    "updates/ystad/bilder/xlink.svg": (
        ("annan fil eller webbplats", "https://spara.example/pixel.png"), svg('<image xlink:href="https://spara.example/pixel.png"/>'),
    ),
    "updates/ystad/bilder/use.svg": (("annan fil eller webbplats", "annan.svg#x"), svg('<use href="annan.svg#x"/>')),
    "updates/ystad/bilder/stil.svg": (
        ("annan fil eller webbplats med url(…)", "style"), svg('<rect style="background:url(https://spara.example/t.gif)"/>'),
    ),
    "updates/ystad/bilder/entitet.svg": (
        ("<!ENTITY>",), svg("<text>&x;</text>", prologue='<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'),
    ),
    "promises/sida.html": (("filen är en webbsida (HTML)", "publiceras bara bilder"), f"<!doctype html><p>{MARKER}</p><script>alert(1)</script>"),
    "updates/ystad/kod.js": (("filen är ett program (JavaScript)",), f"/* {MARKER} */ fetch('/admin/');"),
    "updates/ystad/bilder/karta.svgz": (("gzip-packad", "vanlig SVG (.svg)"), b"\x1f\x8b\x08\x00" + MARKER.encode()),
    "updates/ystad/bilder/foto.jpg": (
        ("filen heter .jpg men är en PNG-bild", "slutar på .png"),
        picture("PNG")[:-12] + MARKER.encode() + picture("PNG")[-12:],
    ),
    "updates/ystad/bilder/sida.png": (
        ("filen heter .png men är en webbsida (HTML)", "att byta filändelse räcker inte"), f"<html><body>{MARKER}<script>alert(1)</script>",
    ),
}
IMAGE_UPDATE = "updates/ystad/2024-03-15-skript.md"
IMAGE_CLEAN = "updates/ystad/bilder/ren.png"


def _hostile_files() -> dict[str, str | bytes]:
    return {
        PROMISE_FILE: promise("Ystad"),
        IMAGE_UPDATE: update("Bild med skript", "2024-03-15", "ystad-2024", image="bilder/skript.svg", image_alt="En karta"),
        IMAGE_CLEAN: picture("PNG"),
        **{path: content for path, (_, content) in HOSTILE.items()},
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, Path]:
    """The project with every hostile file, `make check`'s output and `mkdocs build`'s log."""
    base = tmp_path_factory.mktemp("hostile-assets")
    project = make_project(base / "project", _hostile_files())
    checked = check(project)
    assert checked.returncode == 1, checked.stdout
    build = run_mkdocs(project, base / "site")
    assert build.returncode == 1, build.log
    return project, checked.stdout + checked.stderr, build.log, base / "site"


def _errors(output: str, where: str) -> list[str]:
    return [line for line in output.splitlines() if where in line and ("FEL" in line or "ERROR" in line)]


@pytest.mark.parametrize("path", sorted(HOSTILE))
def test_a_file_that_is_no_clean_picture_is_an_error_naming_it(hostile: tuple[Path, str, str, Path], path: str) -> None:
    _, checked, log, _ = hostile
    for name, output in (("make check", checked), ("mkdocs build", log)):
        assert "Traceback" not in output, output[-3000:]
        lines = _errors(output, f"{path}: ")
        assert len(lines) == 1, f"{name}: {lines}\n{output[-3000:]}"
        for word in HOSTILE[path][0]:
            assert word in lines[0], f"{name}: {word!r} not in {lines[0]}"
        for leak in LEAKS:
            assert leak not in lines[0], f"{name}: {leak!r} in {lines[0]}"


def test_an_update_whose_image_is_an_svg_with_a_script_names_the_field(hostile: tuple[Path, str, str, Path]) -> None:
    _, checked, log, _ = hostile
    for output in (checked, log):
        lines = _errors(output, f"{IMAGE_UPDATE}, fältet «image»:")
        assert len(lines) == 1, output[-3000:]
        assert "bilden «bilder/skript.svg» kan inte användas" in lines[0] and "<script>" in lines[0]
    # The clean picture beside them is no error.
    assert not _errors(checked, IMAGE_CLEAN) and not _errors(log, IMAGE_CLEAN)


def test_the_build_stops_and_publishes_none_of_them(hostile: tuple[Path, str, str, Path]) -> None:
    _, _, _, site = hostile
    assert not site.exists() or not any(MARKER.encode() in f.read_bytes() for f in site.rglob("*") if f.is_file())


def _status(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_the_preview_goes_on_after_the_errors_but_serves_none_of_them(hostile: tuple[Path, str, str, Path]) -> None:
    # `mkdocs serve` shows a preview despite errors: the files must not be on its origin either.
    project = hostile[0]
    with socket_port() as port:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            base = f"http://127.0.0.1:{port}/"
            deadline = time.monotonic() + 120
            while _status_or_down(base + IMAGE_CLEAN) != 200:
                assert server.poll() is None, "mkdocs serve stopped"
                assert time.monotonic() < deadline, "mkdocs serve did not publish the clean picture"
                time.sleep(0.5)
            assert _status(base + IMAGE_CLEAN) == (200, _hostile_files()[IMAGE_CLEAN])
            for path in HOSTILE:
                assert _status(base + path)[0] == 404, path
            problems = _status(base + "problem/")[1].decode()
            assert "updates/ystad/bilder/skript.svg" in problems
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def _status_or_down(url: str) -> int:
    try:
        return _status(url)[0]
    except OSError:  # not listening yet
        return 0


# ---------------------------------------------------------------- SVG variants, judged directly

CLEAN_SVGS = {
    "gradient": svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill: url( \'#g\' )"/><use xlink:href="#g"/>'),
    "inkscape": svg(
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/><a href="#g"><text>Karta</text></a>',
        prologue='<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<!-- Created with Inkscape -->\n',
    ),
    "illustrator": svg(
        '<style>.a { fill: #123; }</style>',
        prologue='<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n',
    ),
}
ACTIVE_SVGS = {
    "escaped css url": (svg('<rect style="background:u\\72l(https://spara.example/t.gif)"/>'), "url(…)"),
    "style element import": (svg('<style>@import "https://spara.example/s.css";</style>'), "@import"),
    "style element url": (svg("<style><![CDATA[ rect { fill: url( \"https://x.example/y\" ) } ]]></style>"), "url(…)"),
    "presentation attribute url": (svg('<rect fill="url(https://x.example/y#a)"/>'), "url(…)"),
    "stylesheet instruction": (svg("", prologue='<?xml version="1.0"?>\n<?xml-stylesheet href="https://x.example/s.css"?>\n'), "xml-stylesheet"),
    "animated link": (svg('<a href="#a"><set attributeName="xlink:href" to="javascript:alert(1)"/></a>'), "animering"),
    "xhtml script": (svg('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), "<script>"),
    "xhtml element": (svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="#"/>'), "<iframe>"),
    "javascript link by reference": (svg('<a xlink:href=" jav&#x61;script:alert(1)">x</a>'), "javascript:alert(1)"),
    "embedded svg": (svg('<image href="data:image/svg+xml;base64,PHN2Zz4="/>'), "data:image/svg+xml"),
    "handler in capitals": (svg('<rect ONCLICK="alert(1)"/>'), "ONCLICK"),
    "foreign doctype": (svg("", prologue='<!DOCTYPE svg SYSTEM "https://x.example/svg.dtd">\n'), "DOCTYPE"),
    "no svg namespace": ("<svg><script>alert(1)</script></svg>", "ingen SVG-bild"),
    "html named svg": ("<!doctype html><script>alert(1)</script>", "webbsida (HTML)"),
    "broken xml": (svg("<g>"), "inte giltig XML"),
}


@pytest.mark.parametrize("name", sorted(CLEAN_SVGS))
def test_svg_as_drawing_programs_save_it_is_published(tmp_path: Path, name: str) -> None:
    path = tmp_path / "bild.svg"
    path.write_text(CLEAN_SVGS[name], encoding="utf-8")
    assert assets.judge(path) is None


@pytest.mark.parametrize("name", sorted(ACTIVE_SVGS))
def test_svg_that_runs_or_fetches_is_refused_saying_what(tmp_path: Path, name: str) -> None:
    text, words = ACTIVE_SVGS[name]
    path = tmp_path / "bild.svg"
    path.write_text(text, encoding="utf-8")
    refusal = assets.judge(path)
    assert refusal is not None and words in refusal.message, refusal


def test_a_pipe_named_like_a_picture_or_a_card_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "bild.png"
    os.mkfifo(pipe)
    refusal = assets.judge(pipe)
    assert refusal is not None and "ingen vanlig fil" in refusal.message
    card = tmp_path / f"{'a' * 32}.{'b' * 32}.png"
    os.mkfifo(card)
    assert card_cache.CardCache.read(card) is None


# ---------------------------------------------------------------- clean pictures, SVG images, titles the font lacks

KARTA = "updates/ystad/2024-03-15-karta.md"
GRANNAR = "updates/ystad/2024-03-16-grannar.md"
GRILL = "updates/ystad/2024-03-17-grill.md"
LATIN = "updates/ystad/2024-03-18-kvall.md"
CARD = "kommuner/ystad/2024/03/{}/delningsbild.png"
PICTURES: dict[str, bytes] = {
    "updates/ystad/bilder/karta.svg": CLEAN_SVGS["inkscape"].encode(),
    "updates/ystad/bilder/foto.jpg": picture("JPEG"),
    "updates/ystad/bilder/KAMERA.JPG": picture("JPEG", (5, 5)),
    "updates/ystad/bilder/bild.png": picture("PNG"),
    "updates/ystad/bilder/rorlig.gif": picture("GIF"),
    "updates/ystad/bilder/bild.webp": picture("WEBP"),
    "promises/bilder/logga.png": picture("PNG", (6, 2)),
}


def _clean_files() -> dict[str, str | bytes]:
    return {
        PROMISE_FILE: promise("Ystad"),
        KARTA: update("Karta över centrum", "2024-03-15", "ystad-2024", image="bilder/karta.svg", image_alt="Karta över centrum", progress={"insatser": 2}),
        GRANNAR: update("Trygghetsvandring مع الجيران", "2024-03-16", "ystad-2024", progress={"insatser": 3}),
        GRILL: update("Grillkväll 🎉", "2024-03-17", "ystad-2024", progress={"insatser": 4}),
        LATIN: update("Kvällsvandring med Łódź-gruppen – café", "2024-03-18", "ystad-2024", progress={"insatser": 5}),
        **PICTURES,
    }


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Build:
    base = tmp_path_factory.mktemp("clean-assets")
    project = make_project(base / "project", _clean_files())
    build = run_mkdocs(project, base / "site")
    assert build.returncode == 0, build.log
    return build


def test_clean_pictures_beside_the_content_are_published_byte_for_byte(clean: Build) -> None:
    for path, data in PICTURES.items():
        assert clean.path(path).read_bytes() == data, path


def test_an_svg_image_is_shown_on_its_page_but_shared_and_fed_as_the_card(clean: Build) -> None:
    page = clean.html("kommuner/ystad/2024/03/karta/")
    assert [img.get("src") for img in page.xpath("//img[@alt='Karta över centrum']")] == ["../../../../../updates/ystad/bilder/karta.svg"]
    card = SITE_URL + CARD.format("karta")
    assert page.xpath("//meta[@property='og:image']/@content") == [card]
    assert Image.open(clean.path(CARD.format("karta"))).size == (1200, 630)
    for feed in ("feed.xml", "kommuner/ystad/feed.xml", "loften/ystad-2024/feed.xml"):
        item = item_by_link(clean.xml(feed), "kommuner/ystad/2024/03/karta/")
        pictures = [(e.get("url"), e.get("type")) for e in item if e.tag in ("enclosure", f"{{{MEDIA}}}content")]
        assert pictures == [(card, "image/png")] * 2, feed


def _band(data: bytes, top: int, bottom: int) -> tuple[int, int]:
    """The least and most palette index across the card between two heights:
    (0, 0) is the bare background, and text is anything brighter."""
    extrema = Image.open(io.BytesIO(data)).crop((80, top, 1120, bottom)).getextrema()
    assert isinstance(extrema[0], int) and isinstance(extrema[1], int)
    return extrema[0], extrema[1]


def _title_band(data: bytes) -> tuple[int, int]:
    """Where a card's title goes: below the municipality and date, above the numbers."""
    return _band(data, 120, 380)


def test_a_title_the_font_cannot_draw_is_left_off_the_card_with_a_notice(clean: Build) -> None:
    for path, slug in ((GRANNAR, "grannar"), (GRILL, "grill")):
        data = clean.path(CARD.format(slug)).read_bytes()
        assert _title_band(data) == (0, 0), slug
        # The municipality and date above it and the numbers below it are there.
        assert _band(data, 50, 100) != (0, 0) and _band(data, 390, 450) != (0, 0), slug
        notices = [line for line in clean.log.splitlines() if line.startswith("INFO") and f"{path}, fältet «title»:" in line]
        assert len(notices) == 1, clean.log
        assert "typsnitt saknar" in notices[0] and "inte rubriken" in notices[0]
    assert "«🎉»" in next(line for line in clean.log.splitlines() if GRILL in line)
    # Latin letters beyond Swedish's, a dash and an accent are drawn, without a notice.
    assert _title_band(clean.path(CARD.format("kvall")).read_bytes()) != (0, 0)
    assert not [line for line in clean.log.splitlines() if LATIN in line]


# ---------------------------------------------------------------- the share-card cache


def _regular_files(folder: Path) -> dict[Path, bytes]:
    """Every regular file below ``folder``, never through a link."""
    found = {}
    for dirpath, _, names in os.walk(folder, followlinks=False):
        for name in names:
            path = Path(dirpath, name)
            if not path.is_symlink() and path.is_file():
                found[path] = path.read_bytes()
    return found


def _links(folder: Path) -> list[Path]:
    return [Path(d, n) for d, dirs, names in os.walk(folder, followlinks=False) for n in dirs + names if Path(d, n).is_symlink()]


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def test_only_checked_cards_are_published_from_the_cache_and_it_is_pruned(clean: Build, tmp_path: Path) -> None:
    cache = clean.project / ".cache" / "share-cards"
    first = {slug: clean.path(CARD.format(slug)).read_bytes() for slug in ("karta", "grannar", "kvall", "grill")}
    kept = _regular_files(cache)

    def cache_file(slug: str) -> Path:
        (path,) = [p for p, data in kept.items() if data == first[slug]]
        return path

    # A PNG from outside the project, linked under the card's name with its own digest.
    outside = tmp_path / "utanfor.png"
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", CACHE_MARKER)
    image = io.BytesIO()
    Image.new("P", (1200, 630)).save(image, format="PNG", pnginfo=info)
    outside.write_bytes(image.getvalue())
    karta = cache_file("karta")
    key = karta.name.split(".")[0]
    karta.unlink()
    os.symlink(outside, karta.parent / f"{key}.{_sha(outside.read_bytes())}.png")
    # A page, named for its own digest: right name, not a PNG.
    kvall = cache_file("kvall")
    key = kvall.name.split(".")[0]
    kvall.unlink()
    page = f"<html><script>alert(1)</script>{CACHE_MARKER}</html>".encode()
    (kvall.parent / f"{key}.{_sha(page)}.png").write_bytes(page)
    # A card cut short: PNG's first bytes, not the digest its name says.
    grannar = cache_file("grannar")
    grannar.write_bytes(first["grannar"][:100])
    # Stale things: a card no card uses, a stray file, a folder that is a link out.
    stale = cache / "00" / f"{'0' * 32}.{_sha(first['grill'])}.png"
    stale.parent.mkdir()
    stale.write_bytes(first["grill"])
    hours_ago = time.time() - 2 * 3600  # past the grace a card another build may be using has
    os.utime(stale, (hours_ago, hours_ago))
    (cache / "skrap.txt").write_text("x", encoding="utf-8")
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    (elsewhere / "behall.png").write_bytes(b"keep")
    os.symlink(elsewhere, cache / "ff")
    untouched = cache_file("grill")
    before = os.stat(untouched)

    again = run_mkdocs(clean.project, tmp_path / "site")
    assert again.returncode == 0, again.log
    for slug, data in first.items():
        published = again.path(CARD.format(slug))
        assert not published.is_symlink() and published.read_bytes() == data, slug
    assert not any(CACHE_MARKER.encode() in f.read_bytes() for f in again.site_dir.rglob("*") if f.is_file())
    # A card that was in order is used as it is, not drawn again (the same file, and bytes).
    after = os.stat(untouched)
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    assert untouched.read_bytes() == first["grill"]
    # Pruned to the build's cards: each left is one of them, nothing else and no link.
    site_cards = {f.read_bytes() for f in again.site_dir.rglob("delningsbild.png")}
    left = _regular_files(cache)
    assert set(left.values()) == site_cards and len(left) == len(site_cards), sorted(left)
    assert _links(cache) == []
    assert (elsewhere / "behall.png").read_bytes() == b"keep" and outside.is_file()


def test_a_prune_spares_the_cards_a_build_beside_it_is_publishing(tmp_path: Path) -> None:
    """`mkdocs serve` and `mkdocs build` of one project share the cache: the
    build's prune must not delete a card the other build has just found and
    is about to publish (its copy would fail), yet old unused cards go."""
    cache = card_cache.CardCache(tmp_path / "share-cards")
    png = b"\x89PNG\r\n\x1a\n" + b"kort"
    ours = cache.keep("a" * 32, png)
    theirs = cache.keep("b" * 32, png + b"2")
    old = cache.keep("c" * 32, png + b"3")
    assert ours and theirs and old
    long_ago = time.time() - 2 * card_cache.GRACE_SECONDS
    for path in (ours, theirs, old):
        os.utime(path, (long_ago, long_ago))
    assert cache.find("b" * 32) == theirs  # the other build finds its card: in use again
    assert card_cache.prune(cache.folder, used=[ours]) == 1
    assert ours.is_file() and theirs.is_file() and not old.exists()
