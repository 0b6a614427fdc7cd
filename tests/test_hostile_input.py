"""What a careless or hostile writer can save (issue 10): every file ends in
Swedish problems naming the file and the field, or in a safe build whose
output is well-formed and shows what was written as text. Each case runs the
real `make check` (python -m citizen_promises.check) and the real `mkdocs
build`; never a traceback, a crash, a hang or a file from outside in site/."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
import unicodedata
import urllib.request
from collections.abc import Mapping
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from e2e_support import EPOCH, front, make_project, png, promise, run_mkdocs, update

HOOKS = Path(__file__).resolve().parent.parent / "hooks"
PROMISE_FILE = "promises/ystad-2024.md"
PROMISE_TEXT = promise("Ystad")
UPDATE = "updates/ystad/2024-03-15-trygghetsvandring.md"
# Words that mean Python or the YAML parser leaked into a message.
LEAKS = ("Traceback", "True", "None", "b'", "Error:", "mapping values", "found character", "could not", "expected")


def check(project: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(HOOKS), "SOURCE_DATE_EPOCH": str(EPOCH)}
    return subprocess.run(
        [sys.executable, "-m", "citizen_promises.check"], cwd=project, env=env, capture_output=True, text=True, timeout=120
    )


def project_with(tmp_path: Path, files: Mapping[str, str | bytes]) -> Path:
    return make_project(tmp_path / "project", {PROMISE_FILE: PROMISE_TEXT, **files})


def rejected(tmp_path: Path, files: Mapping[str, str | bytes], file: str, field: str, *words: str) -> str:
    """Both `make check` and `mkdocs build` refuse the content with an error
    naming ``file`` and ``field`` that holds ``words``; the line is returned."""
    project = project_with(tmp_path, files)
    checked = check(project)
    build = run_mkdocs(project, tmp_path / "site")
    where = f"{file}, fältet «{field}»:" if field else f"{file}:"
    for name, code, output in (("make check", checked.returncode, checked.stdout + checked.stderr), ("mkdocs build", build.returncode, build.log)):
        assert code == 1, f"{name} exited {code}:\n{output[-3000:]}"
        assert "Traceback" not in output, f"{name}:\n{output[-3000:]}"
        lines = [line for line in output.splitlines() if where in line and ("FEL" in line or "ERROR" in line)]
        assert lines, f"{name} has no error for {where}\n{output[-3000:]}"
        for word in words:
            assert any(word in line for line in lines), f"{name}: {word!r} not in {lines}"
        for leak in LEAKS:
            assert not any(leak in line for line in lines), f"{name}: {leak!r} in {lines}"
    return lines[0]


# ---------------------------------------------------------------- 1, 3: depth, size, aliases


def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path) -> None:
    nested = "[" * 30_000 + "]" * 30_000
    text = f"---\ntitle: Djup\ndate: 2024-03-15\npromise: ystad-2024\nprogress: {nested}\n---\nText.\n"
    rejected(tmp_path, {UPDATE: text}, UPDATE, "", "mer än 10 nivåer")


def test_a_huge_update_is_refused_before_it_reaches_the_feeds(tmp_path: Path) -> None:
    body = ("Ett stycke om trygghet i Ystad. " * 30 + "\n\n") * 300  # about 290 kB
    rejected(tmp_path, {UPDATE: update("Stor", "2024-03-15", "ystad-2024", body)}, UPDATE, "", "högst 256 kB")


@pytest.mark.parametrize("field", ["progress", "draft"])
def test_alias_bomb_is_refused_without_expanding_it(tmp_path: Path, field: str) -> None:
    levels = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 10))
    text = f"---\ntitle: Bomb\ndate: 2024-03-15\npromise: ystad-2024\nl0: &l0 [a, a, a, a, a, a, a, a, a]\n{levels}{field}: *l9\n---\nText.\n"
    started = time.monotonic()
    rejected(tmp_path, {UPDATE: text}, UPDATE, "", "fler än 10 000 värden")
    assert time.monotonic() - started < 60


# ---------------------------------------------------------------- 4, 5: dates and numbers


@pytest.mark.parametrize(
    "file, field, replace, by",
    [
        (PROMISE_FILE, "valid_until", "valid_until: '2024-12-31'", "valid_until: 9999-12-31"),
        (UPDATE, "date", "date: '2024-03-15'", "date: 9999-12-31T23:59-05:00"),
        (UPDATE, "date", "date: '2024-03-15'", "date: 0001-01-01T00:30+05:00"),
    ],
)
def test_dates_the_site_cannot_show_are_errors_naming_the_field(tmp_path: Path, file: str, field: str, replace: str, by: str) -> None:
    files = {PROMISE_FILE: PROMISE_TEXT, UPDATE: update("Datum", "2024-03-15", "ystad-2024")}
    assert replace in files[file], files[file]
    files[file] = files[file].replace(replace, by)
    rejected(tmp_path, files, file, field, "utanför de år webbplatsen visar, 2000–2099")


@pytest.mark.parametrize(
    "value, words",
    [
        ('"²"', ["«²» är inget heltal", "0–9"]),
        ('"٣"', ["«٣» är inget heltal"]),
        ("1" + "0" * 100, ["är för stort", "högst 100 000"]),
        ("9" * 5000, ["är för stort"]),
        ("true", ["«true» är inget heltal"]),
    ],
)
def test_only_plain_whole_numbers_count(tmp_path: Path, value: str, words: list[str]) -> None:
    text = f"---\ntitle: Tal\ndate: 2024-03-15\npromise: ystad-2024\nprogress:\n  insatser: {value}\n---\nText.\n"
    rejected(tmp_path, {UPDATE: text}, UPDATE, "progress › insatser", *words)


# ---------------------------------------------------------------- 6, 8: file names


@pytest.mark.parametrize("name", ["2024-03-15-bild.markdown", "2024-03-15-bild.MD", "2024-03-15-bild.mdown"])
def test_other_markdown_extensions_are_errors_and_never_pages(tmp_path: Path, name: str) -> None:
    path = f"updates/ystad/{name}"
    hostile = update("<img src=x onerror=alert(1)>", "2024-03-15", "ystad-2024")
    rejected(tmp_path, {path: hostile, UPDATE: update("Vanlig", "2024-03-10", "ystad-2024")}, path, "", "Döp om filen till 2024-03-15-bild.md")


def test_names_that_differ_only_in_case_are_an_error_naming_both(tmp_path: Path) -> None:
    lower, upper = "updates/ystad/2024-03-15-mote.md", "updates/ystad/2024-03-15-MOTE.md"
    line = rejected(
        tmp_path,
        {lower: update("Ett", "2024-03-15", "ystad-2024"), upper: update("Två", "2024-03-16", "ystad-2024")},
        upper, "", lower, "stora och små bokstäver",
    )
    assert "Döp om" in line


def test_names_that_differ_only_in_unicode_normalisation_show_the_difference(tmp_path: Path) -> None:
    composed = unicodedata.normalize("NFC", "updates/ystad/2024-03-15-möte.md")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    rejected(
        tmp_path,
        {composed: update("Ett", "2024-03-15", "ystad-2024"), decomposed: update("Två", "2024-03-16", "ystad-2024")},
        composed, "", "två sätt i Unicode", "[U+0308]",
    )


def test_hand_written_page_at_a_generated_address_is_an_error_naming_both(tmp_path: Path) -> None:
    page = "docs/loften/ystad-2024/index.md"
    rejected(tmp_path, {page: "# Egen sida\n"}, page, "", "/loften/ystad-2024/", PROMISE_FILE)


def test_a_hidden_markdown_file_is_not_skipped_silently(tmp_path: Path) -> None:
    hidden = "updates/ystad/.2024-03-15-utkast.md"
    rejected(tmp_path, {hidden: update("Dold", "2024-03-15", "ystad-2024")}, hidden, "", "dold")


# ---------------------------------------------------------------- 7, 8: links


def test_a_link_leading_out_of_the_project_is_an_error_and_never_published(tmp_path: Path) -> None:
    secret = tmp_path / "hemlig.png"
    secret.write_bytes(b"HEMLIG-VARD-7f3a")
    project = project_with(tmp_path, {UPDATE: update("Länk", "2024-03-15", "ystad-2024")})
    (project / "updates/ystad/bilder").mkdir(parents=True)
    os.symlink(secret, project / "updates/ystad/bilder/h.png")
    os.symlink(secret, project / "docs/h.png")
    checked = check(project)
    assert checked.returncode == 1
    for link in ("updates/ystad/bilder/h.png", "docs/h.png"):
        assert f"{link}: är en symbolisk länk till en fil utanför webbplatsens mappar" in checked.stdout
    build = run_mkdocs(project, tmp_path / "site")
    assert build.returncode == 1 and "Traceback" not in build.log
    assert "updates/ystad/bilder/h.png: är en symbolisk länk" in build.log
    site = tmp_path / "site"
    assert not site.exists() or not any(b"HEMLIG-VARD" in f.read_bytes() for f in site.rglob("*") if f.is_file())


def test_a_linked_update_folder_is_an_error_not_silently_left_out(tmp_path: Path) -> None:
    elsewhere = "updates-arkiv/ystad/2024-03-15-trygghetsvandring.md"
    project = project_with(tmp_path, {elsewhere: update("Arkiv", "2024-03-15", "ystad-2024")})
    (project / "updates").mkdir(exist_ok=True)
    os.symlink(project / "updates-arkiv/ystad", project / "updates/ystad")
    checked = check(project)
    assert checked.returncode == 1, checked.stdout
    assert "updates/ystad: mappen är en symbolisk länk" in checked.stdout
    assert "filerna i den läses inte" in checked.stdout


def test_an_image_outside_the_project_is_not_reported_as_missing(tmp_path: Path) -> None:
    outside = tmp_path / "utanfor.png"
    outside.write_bytes(png())
    text = update("Bild", "2024-03-15", "ystad-2024", image=str(outside), image_alt="En bild")
    rejected(tmp_path, {UPDATE: text}, UPDATE, "image", "ligger utanför mapparna updates/ och docs/")


# ---------------------------------------------------------------- 11: values and encodings


@pytest.mark.parametrize(
    "field, written, words",
    [
        ("title", "!!binary SGVq", ["«!!binary» används inte"]),
        ("tags", "!!set {b, a}", ["«!!set» används inte"]),
        ("author", "!!python/object/apply:os.system [echo]", ["används inte"]),
    ],
)
def test_yaml_tags_are_refused_in_swedish(tmp_path: Path, field: str, written: str, words: list[str]) -> None:
    text = f"---\ntitle: Taggar\ndate: 2024-03-15\npromise: ystad-2024\n{field}: {written}\n---\nText.\n"
    text = text.replace("title: Taggar\n", "") if field == "title" else text
    rejected(tmp_path, {UPDATE: text}, UPDATE, "", *words)


def test_utf16_without_byte_order_mark_is_called_utf16(tmp_path: Path) -> None:
    data = update("Kodning", "2024-03-15", "ystad-2024").encode("utf-16-le")
    rejected(tmp_path, {UPDATE: data}, UPDATE, "", "UTF-16")


@pytest.mark.parametrize(
    "line, field, words",
    [
        ("title: Möte: trygghet i centrum", "title", ['title: "Möte: trygghet i centrum"']),
        ("title: ”Möte: centrum”", "title", ["typografiska citattecken", 'title: "Möte: centrum"']),
        ("tags:\n\t- trygghet", "tags", ["tabbtecken"]),
    ],
)
def test_yaml_slips_get_swedish_messages(tmp_path: Path, line: str, field: str, words: list[str]) -> None:
    text = f"---\n{line}\ndate: 2024-03-15\npromise: ystad-2024\n---\nText.\n"
    if not line.startswith("title"):
        text = text.replace("---\n", "---\ntitle: Slarv\n", 1)
    rejected(tmp_path, {UPDATE: text}, UPDATE, field, *words)


# ---------------------------------------------------------------- 2: control characters: a safe build


def test_control_characters_are_removed_with_a_warning_and_every_output_parses(tmp_path: Path) -> None:
    # Double-quoted YAML escapes in fields, raw characters in the body.
    meta = (
        '---\ntitle: "Trygghet\\vi centrum\\0\\e"\ndate: 2024-03-15\npromise: ystad-2024\n'
        'summary: "Kort\\uFFFEtext"\nauthor: "Polisen\\x1b"\ntags: ["a\\vb"]\nprogress:\n  insatser: 2\n---\n'
    )
    body = "Första raden\x0bandra raden\x00 och mer.\n\nAndra stycket\x0c.\n"
    project = project_with(tmp_path, {UPDATE: meta + body})
    checked = check(project)
    assert checked.returncode == 0, checked.stdout
    for field in ("title", "summary", "author", "tags"):
        assert f"VARNING  {UPDATE}, fältet «{field}»: värdet innehöll osynliga styrtecken" in checked.stdout
    assert f"VARNING  {UPDATE}: texten innehöll osynliga styrtecken som inte kan publiceras (U+000B (radbrytning från Word), U+0000 (nolltecken), U+000C (sidbrytning))" in checked.stdout
    build = run_mkdocs(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    site = tmp_path / "site"
    page = lxml.html.fromstring((site / "kommuner/ystad/2024/03/trygghetsvandring/index.html").read_bytes())
    assert page.xpath("string(//h1)").split() == ["Trygghet", "i", "centrum"]
    for feed in ("feed.xml", "kommuner/ystad/feed.xml", "loften/ystad-2024/feed.xml"):
        item = etree.fromstring((site / feed).read_bytes()).find("channel/item")
        assert item.findtext("title").split() == ["Trygghet", "i", "centrum"]
        assert item.findtext("description") == "Korttext"
    data = json.loads((site / "data/loften.json").read_text(encoding="utf-8"))
    assert data["updates"][0]["title"] == "Trygghet\ni centrum"
    assert data["updates"][0]["author"] == "Polisen"
    assert data["updates"][0]["tags"] == ["a\nb"]
    rows = list(csv.reader(io.StringIO((site / "data/uppfoljningar.csv").read_text(encoding="utf-8-sig"))))
    assert rows[1][2] == "Trygghet\ni centrum"
    assert not any(ord(c) < 32 and c not in "\t\n\r" for f in site.rglob("*") if f.suffix in {".html", ".xml", ".json", ".csv"} for c in f.read_text(encoding="utf-8"))
    strict = run_mkdocs(project, tmp_path / "site-strict", strict=True)
    assert strict.returncode == 1, "the warnings fail --strict"


def test_markdown_that_would_take_minutes_is_refused(tmp_path: Path) -> None:
    body = "[a](" * 5000
    rejected(tmp_path, {UPDATE: update("Länkar", "2024-03-15", "ystad-2024", body)}, UPDATE, "", "fler än 1000 tecken [")


def test_hand_written_page_title_is_never_markup(tmp_path: Path) -> None:
    page = front({"title": "<img src=x onerror=alert(1)>"}, "Text om sidan.")
    project = project_with(tmp_path, {UPDATE: update("Vanlig", "2024-03-15", "ystad-2024"), "docs/om.md": page})
    build = run_mkdocs(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    doc = lxml.html.fromstring((tmp_path / "site/om/index.html").read_bytes())
    assert doc.xpath("//img[@onerror]") == []
    assert "<img src=x onerror=alert(1)>" in str(doc.xpath("string(//header)"))


# ---------------------------------------------------------------- mkdocs serve keeps serving


def test_serve_lists_hostile_files_and_keeps_serving(tmp_path: Path) -> None:
    project = project_with(
        tmp_path,
        {
            UPDATE: '---\ntitle: "A\\vB"\ndate: 2024-03-15\npromise: ystad-2024\n---\nText\x0bmer.\n',
            "updates/ystad/2024-03-16-djup.md": "---\ntitle: x\nprogress: " + "[" * 30_000 + "\n---\n",
            "updates/ystad/2024-03-17-bild.markdown": update("<b>fet</b>", "2024-03-17", "ystad-2024"),
        },
    )
    with socket_port() as port:
        env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,
        )
        try:
            problems = _fetch_when_up(server, f"http://127.0.0.1:{port}/problem/")
            # lxml-stubs type html.fromstring() as _Element; it returns an HtmlElement.
            text = lxml.html.fromstring(problems).text_content()  # type: ignore[attr-defined]
            assert "updates/ystad/2024-03-16-djup.md" in text and "mer än 10 nivåer" in text
            assert "updates/ystad/2024-03-17-bild.markdown" in text and "2024-03-17-bild.md" in text
            assert f"{UPDATE}" in text and "osynliga styrtecken" in text
            page = _fetch_when_up(server, f"http://127.0.0.1:{port}/kommuner/ystad/2024/03/trygghetsvandring/")
            assert lxml.html.fromstring(page).xpath("string(//h1)").split() == ["A", "B"]
            assert server.poll() is None, "serve stopped"
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


class socket_port:
    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc: object) -> None:
        return None


def _fetch_when_up(server: subprocess.Popen[str], url: str, timeout: float = 90) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError as error:
            if server.poll() is not None:
                pytest.fail("mkdocs serve stopped: " + (server.stdout.read() if server.stdout else ""))
            if time.monotonic() > deadline:
                pytest.fail(f"mkdocs serve did not answer {url} within {timeout} s: {error}")
            time.sleep(0.5)


def test_a_writers_html_and_script_links_are_text_on_the_page_and_in_the_feed(tmp_path: Path) -> None:
    body = (
        "Inklistrat från Outlook: <script>alert(1)</script> och <img src=x onerror=alert(2)>.\n\n"
        "[Klicka här](javascript:alert(3)) eller [polisen](https://polisen.se).\n\n"
        "Ett stycke med attribut.\n{: onclick=\"alert(4)\" }\n\n"
        "<div onmouseover=\"alert(5)\">Ett block</div>\n"
    )
    project = project_with(tmp_path, {UPDATE: update("HTML i texten", "2024-03-15", "ystad-2024", body)})
    build = run_mkdocs(project, tmp_path / "site", strict=True)
    assert build.returncode == 0, build.log
    page = lxml.html.fromstring((tmp_path / "site/kommuner/ystad/2024/03/trygghetsvandring/index.html").read_bytes())
    article = page.xpath("//article")[0]
    text = " ".join(article.text_content().split())
    assert "Inklistrat från Outlook: <script>alert(1)</script> och <img src=x onerror=alert(2)>." in text
    assert '<div onmouseover="alert(5)">Ett block</div>' in text
    assert article.xpath(".//script") == [] and article.xpath(".//img") == []
    assert not [e for e in article.iter() if any(str(name).startswith("on") for name in e.attrib)]
    links = {a.text_content(): a.get("href") for a in article.iter("a")}
    assert "Klicka här" not in links and links["polisen"] == "https://polisen.se"
    assert "Klicka här eller polisen" in text
    item = etree.fromstring((tmp_path / "site/feed.xml").read_bytes()).find("channel/item")
    encoded = lxml.html.fragment_fromstring(item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded"), create_parent="div")
    assert encoded.xpath(".//script") == [] and encoded.xpath(".//img") == []
    assert not [e for e in encoded.iter() if any(name.startswith("on") for name in e.attrib)]
    assert "<script>alert(1)</script>" in encoded.text_content()
    description = lxml.html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert description.text_content() == "Inklistrat från Outlook: <script>alert(1)</script> och <img src=x onerror=alert(2)>."


def test_a_control_character_in_a_field_name_is_not_quoted_back(tmp_path: Path) -> None:
    """A field name written with an escape ("ab\\x01") is cleaned like a value:
    the messages that name it carry no control character into the terminal or
    the preview's /problem/ page (found by make fuzz)."""
    text = '---\ntitle: Nyckel\ndate: 2024-03-15\npromise: ystad-2024\nprogress:\n  "ins\\x01atser": 2\n---\nText.\n'
    checked = check(project_with(tmp_path, {UPDATE: text}))
    output = checked.stdout + checked.stderr
    assert "progress › insatser" in output, output
    assert "\x01" not in output, output
