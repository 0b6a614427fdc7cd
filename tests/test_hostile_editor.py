"""The browser editor against a hostile page and hostile values (issue 18).

- `make redaktor`'s local server (tools/redaktor-server.js, started with the
  recipe's own variables) answers only its own editor: another origin, no
  origin or a foreign Host (DNS rebinding) gets nothing written or read; paths
  outside promises/ and updates/, by `..`, absolute or through a symbolic link,
  are refused; an upload that is not the picture its name says (an SVG, a page)
  is refused; the body is bounded. The editor's own origin still writes.
- What the editor saves is what the site reads: /admin/config.yml is JSON
  (YAML 1.2) with every id as text; the front matter format in redaktor.js
  reads and writes values as the site reads them (checked in Node against the
  site's own loader, for fixed and generated values, and in Chromium by editing
  only a title in files holding `0412`, `2024.100`, `08`, `1e4` and an id
  `constructor`).
- The editor's hints show a unit as text; translations are not listed as
  promises or updates.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shlex
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Page, expect

from browser_support import PROJECT, free_port, mkdocs_serve
from citizen_promises.load import parse_source
from citizen_promises.problems import Report
from e2e_support import make_project, png, run_mkdocs
from test_editor_browser import _node_modules, redaktor_server

ASSETS = PROJECT / "hooks" / "citizen_promises" / "editor_assets"
SECRET = "HEMLIG-KOD-7f3a"  # in every file outside promises/ and updates/
GIT_SECRET = "HEMLIG-GIT-91bc"


# ---------------------------------------------------------------------- the recipe


def _recipe_variables() -> dict[str, str]:
    """The variables the Makefile's `redaktor` recipe starts the local server with."""
    recipe = (PROJECT / "Makefile").read_text(encoding="utf-8").split("\nredaktor:", 1)[1].split("\n\n", 1)[0]
    line = next(line for line in recipe.splitlines() if "redaktor-server.js" in line)
    words = shlex.split(line.strip().lstrip("@").split("&", 1)[0])
    assert words[-2:] == ["node", "tools/redaktor-server.js"], line
    variables = dict(word.split("=", 1) for word in words[:-2])
    return variables


def test_make_redaktor_runs_the_guarded_server_on_this_machine_only() -> None:
    variables = _recipe_variables()
    assert variables["BIND_HOST"] == "127.0.0.1"
    assert variables["REDAKTOR_ORIGIN"] == "http://127.0.0.1:8000"  # mkdocs serve's address, where /admin/ is
    assert "decap-server/dist/index.js" not in (PROJECT / "Makefile").read_text(encoding="utf-8")


def test_the_server_will_not_listen_beyond_this_machine(tmp_path: Path) -> None:
    _node_modules()
    env = {**os.environ, **_recipe_variables(), "BIND_HOST": "0.0.0.0", "PORT": str(free_port())}
    started = subprocess.run(["node", str(PROJECT / "tools" / "redaktor-server.js")], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=60)
    assert started.returncode == 2
    assert "lyssnar bara på den här datorn (127.0.0.1), aldrig på nätet" in started.stderr


# ---------------------------------------------------------------------- the server


@dataclass(frozen=True)
class Server:
    project: Path
    outside: Path  # a folder beside the project
    port: int
    origin: str  # the preview's, the one the server answers

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v1"

    def post(self, body: object, origin: str | None = "", host: str | None = None, raw: bytes | None = None) -> tuple[int, str]:
        """POST as a page would: ``origin`` "" is the editor's own, None sends none."""
        headers = {"Content-Type": "application/json"}
        if origin is not None:
            headers["Origin"] = origin or self.origin
        if host is not None:
            headers["Host"] = host
        data = raw if raw is not None else json.dumps(body).encode()
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


def _tree(root: Path) -> dict[str, str]:
    """Every file and link under ``root``: a file's bytes (hex), a link's target."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes().hex()
    return found


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("redaktor-server")
    project = root / "project"
    outside = root / "outside"
    for folder in ("promises", "updates/x/bilder", "hooks", ".git/hooks"):
        (project / folder).mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.md").write_text(f"---\ntitle: {SECRET}\n---\n", encoding="utf-8")
    (project / "hooks" / "mkdocs_adapter.py").write_text(f"# {SECRET}\n", encoding="utf-8")
    (project / ".git" / "config").write_text(f"[core]\n# {GIT_SECRET}\n", encoding="utf-8")
    (project / "promises" / "a-2024.md").write_text("---\nmunicipality: A\n---\n", encoding="utf-8")
    # Committed links that lead out of the content folders.
    (project / "updates" / "x" / "ut").symlink_to("../../hooks")
    (project / "updates" / "x" / "ut.md").symlink_to("../../hooks/mkdocs_adapter.py")
    (project / "updates" / "x" / "git.md").symlink_to("../../.git/config")
    (project / "updates" / "x" / "bilder" / "hemlig.png").symlink_to("../../../.git/config")
    (project / "updates" / "y").symlink_to(outside)
    port = free_port()
    origin = "http://127.0.0.1:8000"
    with redaktor_server(project, port, origin, root / "server.log", env=_recipe_variables()):
        yield Server(project, outside, port, origin)


def _entry(path: str, raw: str = "---\ntitle: Skrivet\n---\n", assets: list[dict] | None = None, new_path: str | None = None) -> dict:
    entry = {"slug": "y", "path": path, "raw": raw, **({"newPath": new_path} if new_path else {})}
    return {"action": "persistEntry", "params": {
        "branch": "main", "entry": entry, "assets": assets or [],
        "options": {"commitMessage": "x", "useWorkflow": False, "status": "draft", "collectionName": "c"},
    }}


def _media(path: str, content: bytes) -> dict:
    return {"action": "persistMedia", "params": {
        "branch": "main", "asset": {"path": path, "content": base64.b64encode(content).decode(), "encoding": "base64"},
        "options": {"commitMessage": "x"},
    }}


def _refused(answer: tuple[int, str], *words: str) -> str:
    status, text = answer
    assert status == 403, answer
    message = json.loads(text)["error"]
    assert message.endswith("."), message
    for word in words:
        assert word in message, message
    return message


def _unchanged(server: Server, before: dict[str, str], before_outside: dict[str, str]) -> None:
    assert _tree(server.project) == before
    assert _tree(server.outside) == before_outside
    assert not Path("/etc/x").exists()


OUT_OF_BOUNDS = [
    "hooks/x.py", ".git/hooks/pre-commit", "updates/../hooks/x.py", "updates/x/../../hooks/x.md", "/etc/x",
    "updates/x/ut/x.md",  # through a link to hooks/
    "updates/y/x.md",  # through a link out of the project
    "updates\\..\\hooks\\x.md", "./updates/x/z.md", "updates//x/z.md", "mkdocs.yml", "",
]


@pytest.mark.parametrize("path", [*OUT_OF_BOUNDS, "ABSOLUTE"])
def test_no_write_outside_promises_and_updates(server: Server, path: str) -> None:
    path = str(server.project / "hooks" / "x.md") if path == "ABSOLUTE" else path
    before, before_outside = _tree(server.project), _tree(server.outside)
    _refused(server.post(_entry(path)))
    _refused(server.post(_media(path, png())))
    _refused(server.post({"action": "deleteFile", "params": {"branch": "main", "path": path, "options": {"commitMessage": "x"}}}))
    _unchanged(server, before, before_outside)


def test_no_write_through_a_link_nor_a_move_out(server: Server) -> None:
    before, before_outside = _tree(server.project), _tree(server.outside)
    # updates/x/ut.md is a link to hooks/mkdocs_adapter.py: writing it would rewrite the hook.
    assert "symbolisk länk" in _refused(server.post(_entry("updates/x/ut.md", raw=f"# skrivet {SECRET}\n")))
    _refused(server.post(_entry("promises/a-2024.md", new_path="hooks/a.md")))
    _refused(server.post({"action": "deleteFiles", "params": {"branch": "main", "paths": ["promises/a-2024.md", "hooks/mkdocs_adapter.py"],
                                                              "options": {"commitMessage": "x"}}}))
    assert "som .md-filer" in _refused(server.post(_entry("updates/x/z.py")))
    _refused(server.post({"action": "unpublishedEntries", "params": {"branch": "main"}}), "känner inte till åtgärden")
    _unchanged(server, before, before_outside)


@pytest.mark.parametrize("body", [
    {"action": "getEntry", "params": {"branch": "main", "path": "hooks/mkdocs_adapter.py"}},
    {"action": "getEntry", "params": {"branch": "main", "path": ".git/config"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "updates/../.git/config"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "updates/x/ut.md"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "updates/x/ut/mkdocs_adapter.py"}},
    {"action": "getEntry", "params": {"branch": "main", "path": "updates/y/secret.md"}},
    {"action": "getMediaFile", "params": {"branch": "main", "path": ".git/config"}},
    {"action": "getMediaFile", "params": {"branch": "main", "path": "updates/x/bilder/hemlig.png"}},
    {"action": "entriesByFiles", "params": {"branch": "main", "files": [{"path": "promises/a-2024.md"}, {"path": ".git/config"}]}},
    {"action": "entriesByFolder", "params": {"branch": "main", "folder": "hooks", "extension": "py", "depth": 1}},
    {"action": "entriesByFolder", "params": {"branch": "main", "folder": "updates/x/ut", "extension": "py", "depth": 1}},
    {"action": "getMedia", "params": {"branch": "main", "mediaFolder": ".git"}},
])
def test_no_read_outside_promises_and_updates(server: Server, body: dict) -> None:
    status, text = server.post(body)
    assert status == 403, text
    for secret in (SECRET, GIT_SECRET):
        assert secret not in text
        assert base64.b64encode(f"# {secret}".encode()).decode()[:12] not in text


def test_a_listing_leaves_out_links_that_lead_out(server: Server) -> None:
    status, text = server.post({"action": "entriesByFolder", "params": {"branch": "main", "folder": "updates/x", "extension": "md", "depth": 1}})
    assert status == 200, text
    assert json.loads(text) == []  # ut.md and git.md are links out; nothing else is there
    status, text = server.post({"action": "getMedia", "params": {"branch": "main", "mediaFolder": "updates/x/bilder"}})
    assert (status, json.loads(text)) == (200, [])  # bilder/hemlig.png is a link to .git/config


@pytest.mark.parametrize(("origin", "host"), [
    ("http://localhost:9999", None),  # another dev server on this machine
    ("http://127.0.0.1:8001", None),
    ("http://evil.example", None),
    ("null", None),  # a sandboxed frame, a file:// page
    (None, None),  # no page at all
    ("", "evil.example:8081"),  # DNS rebinding: the editor's origin is no help with another Host
    ("", "127.0.0.1"),
])
def test_only_the_editors_own_page_is_answered(server: Server, origin: str | None, host: str | None) -> None:
    before, before_outside = _tree(server.project), _tree(server.outside)
    host = host.replace("8081", str(server.port)) if host else None
    _refused(server.post(_entry("updates/x/ny.md"), origin=origin, host=host), "Öppna redigeraren")
    status, text = server.post({"action": "getEntry", "params": {"branch": "main", "path": "promises/a-2024.md"}}, origin=origin, host=host)
    assert status == 403 and "municipality" not in text
    _unchanged(server, before, before_outside)


def test_a_foreign_page_gets_no_permission_to_read_answers(server: Server) -> None:
    def preflight(origin: str) -> tuple[int, str | None]:
        request = urllib.request.Request(server.url, method="OPTIONS", headers={
            "Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.headers.get("Access-Control-Allow-Origin")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Access-Control-Allow-Origin")

    assert preflight(server.origin) == (204, server.origin)
    assert preflight("http://localhost:9999") == (403, None)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("/")</script></svg>'
HTML = b"<!doctype html><script>alert(1)</script>"


@pytest.mark.parametrize(("name", "content", "words"), [
    ("karta.svg", SVG, ("tar inte emot SVG-bilder",)),
    ("karta.SVG", b'<svg xmlns="http://www.w3.org/2000/svg"/>', ("tar inte emot SVG-bilder",)),
    ("sida.html", HTML, ("bara emot bilder i PNG, JPEG, WebP och GIF",)),
    ("sida.png", HTML, ("heter .png men är ingen PNG-bild",)),
    ("foto.jpg", png(), ("heter .jpg men är ingen JPEG-bild",)),
    ("utan-namn", png(), ("bara emot bilder",)),
])
def test_an_upload_must_be_the_picture_its_name_says(server: Server, name: str, content: bytes, words: tuple[str, ...]) -> None:
    before, before_outside = _tree(server.project), _tree(server.outside)
    _refused(server.post(_media(f"updates/x/bilder/{name}", content)), name, *words)
    # Beside an entry: neither the picture nor the entry is written.
    asset = {"path": f"updates/x/bilder/{name}", "content": base64.b64encode(content).decode(), "encoding": "base64"}
    _refused(server.post(_entry("updates/x/med-bild.md", assets=[asset])), name, *words)
    _unchanged(server, before, before_outside)


def test_a_body_beyond_the_bound_is_refused(server: Server) -> None:
    before, before_outside = _tree(server.project), _tree(server.outside)
    _refused(server.post(_media("updates/x/bilder/stor.png", png() + bytes(17 * 1024 * 1024))), "större än 16 MB")
    _unchanged(server, before, before_outside)


def test_the_editors_own_page_writes_and_reads_content(server: Server) -> None:
    raw = "---\ntitle: Kvällsvandring\ndate: 2024-03-15\n---\nText.\n"
    assert server.post(_entry("updates/x/2024-03-15-kvallsvandring.md", raw=raw)) == (200, '{"message":"entry persisted"}')
    assert (server.project / "updates/x/2024-03-15-kvallsvandring.md").read_text(encoding="utf-8") == raw
    status, text = server.post(_media("updates/x/bilder/foto.png", png()))
    assert status == 200, text
    assert (server.project / "updates/x/bilder/foto.png").read_bytes() == png()
    status, text = server.post({"action": "getEntry", "params": {"branch": "main", "path": "updates/x/2024-03-15-kvallsvandring.md"}})
    assert status == 200 and json.loads(text)["data"] == raw
    status, text = server.post({"action": "entriesByFolder", "params": {"branch": "main", "folder": "promises", "extension": "md", "depth": 1}})
    assert [e["file"]["path"] for e in json.loads(text)] == ["promises/a-2024.md"]


# ---------------------------------------------------------------------- what the editor saves

# A promise and an update whose values YAML 1.2 would read as numbers, and their
# translations (which the editor must not list). Written as a writer writes them.
PROMISE = """---
municipality: Växjö
valid_from: 2024-01-01
valid_until: 2025-12-31
title: Medborgarlöfte i Växjö
diary_numbers:
  kommunen: 0412
  polisen: 2024.100
commitments:
  - id: 08
    text: Polisen gör insatser i centrum.
    by: polisen
    target: 10
    unit: '[x](javascript:alert(1)) **fet**'
  - id: 1e4
    text: Kommunen gör trygghetsvandringar.
    by: kommunen
    target: 4
    unit: vandringar
  - id: constructor
    text: Kommunen sätter upp belysning.
    by: kommunen
    target: 3
    unit: lampor
---
Bakgrund till löftet.
"""
UPDATE = """---
title: Insatser i centrum
date: 2024-03-15
promise: vaxjo-2024-2025
progress:
  08: 2
  1e4: 1
  constructor: 3
status:
  constructor: done
tags: [08, trygghet]
---
Polisen var i centrum.
"""
FILES = {
    "promises/vaxjo-2024-2025.md": PROMISE,
    "promises/vaxjo-2024-2025.en.md": "---\ntitle: Citizen promise in Växjö\ncommitments:\n  08: The police carry out operations.\n---\nBackground.\n",
    "updates/vaxjo/2024-03-15-centrum.md": UPDATE,
    "updates/vaxjo/2024-03-15-centrum.en.md": "---\ntitle: Operations in the centre\n---\nThe police were in the centre.\n",
}
# What the editor writes after only the title is changed: every value as before,
# text that YAML 1.2 would read as a number quoted, fields in the form's order.
PROMISE_SAVED = """---
municipality: Växjö
title: Nytt löfte i Växjö
valid_from: 2024-01-01
valid_until: 2025-12-31
diary_numbers:
  kommunen: "0412"
  polisen: "2024.100"
commitments:
  - id: "08"
    text: Polisen gör insatser i centrum.
    by: polisen
    target: 10
    unit: "[x](javascript:alert(1)) **fet**"
  - id: "1e4"
    text: Kommunen gör trygghetsvandringar.
    by: kommunen
    target: 4
    unit: vandringar
  - id: constructor
    text: Kommunen sätter upp belysning.
    by: kommunen
    target: 3
    unit: lampor
---
Bakgrund till löftet.
"""
UPDATE_SAVED = """---
title: Fler insatser i centrum
date: 2024-03-15
promise: vaxjo-2024-2025
progress:
  "08": 2
  "1e4": 1
  constructor: 3
status:
  constructor: done
tags:
  - "08"
  - trygghet
---
Polisen var i centrum.
"""


def _site_reads(path: str, text: str) -> tuple[dict, str]:
    report = Report()
    source = parse_source(path, text, report)
    assert source is not None and report.errors == [], report.errors
    return source.meta, source.body


def _same_but_title(path: str, before: str, after: str, title: str) -> None:
    before_meta, before_body = _site_reads(path, before)
    after_meta, after_body = _site_reads(path, after)
    assert after_meta == {**before_meta, "title": title}
    assert after_body == before_body


def test_the_configuration_is_yaml_1_2_with_every_id_as_text(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FILES)
    build = run_mkdocs(project, tmp_path / "site", env={"MEDBORGARLOFTEN_REDAKTOR": "1"})
    assert build.returncode == 0, build.log
    for name in ("index.js", "LICENSE"):  # the YAML library redaktor.js imports, published beside it
        assert build.path(f"admin/yaml/{name}").read_bytes() == (ASSETS / "yaml" / name).read_bytes()
    text = build.path("admin/config.yml").read_text(encoding="utf-8")
    config = json.loads(text)  # JSON is YAML 1.2: Decap reads it with its YAML library
    _node_modules()
    read = subprocess.run(["node", "-e", "process.stdout.write(JSON.stringify(require('yaml').parse(require('fs').readFileSync(0, 'utf8'))))"],
                          cwd=PROJECT, input=text, capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(read.stdout) == config
    updates = next(c for c in config["collections"] if c["name"] == "uppfoljningar-vaxjo-2024-2025")
    progress = next(f for f in updates["fields"] if f["name"] == "progress")["fields"]
    status = next(f for f in updates["fields"] if f["name"] == "status")["fields"]
    # `constructor` gets a name lodash's set() does not skip; the format maps it back.
    assert [f["name"] for f in progress] == [f["name"] for f in status] == ["08", "1e4", "_constructor"]
    # The unit, in a hint Decap renders as Markdown, is escaped: shown as written, never a link.
    assert progress[0]["hint"] == (
        r"Hur många (\[x\]\(javascript\:alert\(1\)\) \*\*fet\*\*) sedan förra uppföljningen, inte sammanlagt. "
        r"Målet är \[x\]\(javascript\:alert\(1\)\) \*\*fet\*\*: minst 10. Lämna tomt om inget har hänt."
    )
    promises = config["collections"][0]
    assert (promises["format"], promises["filter"]) == ("frontmatter-text", {"field": "medborgarloften_original", "value": True})
    assert updates["format"] == "frontmatter-text"
    # The fields the format makes numbers and a switch of are the form's only ones.
    kinds = {(f["name"], s["widget"]) for f in promises["fields"] if "fields" in f for s in f["fields"] if s["widget"] in ("number", "boolean")}
    kinds |= {(f["name"], f["widget"]) for f in updates["fields"] if f["widget"] in ("number", "boolean")}
    kinds |= {(f["name"], "number") for f in updates["fields"] if "fields" in f for s in f["fields"] if s["widget"] == "number"}
    assert kinds == {("commitments", "number"), ("draft", "boolean"), ("progress", "number")}


def test_the_vendored_yaml_library_is_the_pinned_packages_byte_for_byte() -> None:
    """yaml/ is the pinned yaml package's browser modules, the ones index.js
    imports, unchanged, and the site publishes them with the licence."""
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["dependencies"]["yaml"]
    _node_modules()
    installed = PROJECT / "node_modules" / "yaml"
    assert json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"] == pinned
    vendored = sorted(path.name for path in (ASSETS / "yaml").iterdir())
    imported = set(re.findall(r"from '\./([^']+)'", (installed / "browser" / "dist" / "index.js").read_text(encoding="utf-8")))
    for name in list(imported):
        imported |= set(re.findall(r"from '\./([^']+)'", (installed / "browser" / "dist" / name).read_text(encoding="utf-8")))
    assert vendored == sorted({"LICENSE", "index.js", *imported})
    for name in vendored:
        source = installed / "LICENSE" if name == "LICENSE" else installed / "browser" / "dist" / name
        assert (ASSETS / "yaml" / name).read_bytes() == source.read_bytes(), name
    assert f"yaml {pinned}" in (ASSETS / "README.txt").read_text(encoding="utf-8")


# The format, run in Node as the browser runs it: redaktor.js registers it with a
# stand-in for Decap's CMS object and imports the vendored yaml/.
HARNESS = r"""
const fs = require("fs"), path = require("path");
const dir = process.argv[2];
const formats = {};
global.window = global;
global.document = { currentScript: { src: "file://" + path.join(dir, "redaktor.js") }, readyState: "complete",
                    documentElement: { getAttribute: () => "ja" }, addEventListener: () => {} };
let started;
const ready = new Promise((resolve) => (started = resolve));
const beforeSave = [];
global.CMS = { registerCustomFormat: (name, ext, f) => { formats[name] = f; }, init: () => started(),
               registerEventListener: (listener) => { if (listener.name === "preSave") beforeSave.push(listener.handler); } };
// What preSave refuses before it touches the data (Decap's Immutable map, here a plain stand-in).
function refusal(data) {
  const entry = { get: (key) => (key === "data" ? { get: (field) => data[field] } : "updates/p/x.md") };
  try { beforeSave.forEach((handler) => handler({ entry })); } catch (error) { return error instanceof TypeError ? null : error.message; }
  return null;
}
eval(fs.readFileSync(path.join(dir, "redaktor.js"), "utf8"));
ready.then(() => {
  const format = formats["frontmatter-text"];
  const files = JSON.parse(fs.readFileSync(0, "utf8"));
  process.stdout.write(JSON.stringify(files.map(({ text, title, keys }) => {
    const data = format.fromFile(text);
    const listed = data.medborgarloften_original === true;
    const refused = refusal(data);
    data.title = title;
    return { listed, refused, written: format.toFile(data, keys) };
  })));
});
"""
UPDATE_KEYS = ["title", "date", "promise", "draft", "summary", "progress", "status", "image", "image_alt", "tags", "author", "body"]


@pytest.fixture(scope="module")
def saved_by_format(tmp_path_factory: pytest.TempPathFactory):
    """Each file as the editor's format reads it and writes it back with a new title."""
    _node_modules()
    folder = tmp_path_factory.mktemp("format")
    shutil.copy(ASSETS / "redaktor.js", folder / "redaktor.js")
    shutil.copytree(ASSETS / "yaml", folder / "yaml")
    (folder / "yaml" / "package.json").write_text('{"type": "module"}', encoding="utf-8")  # Node reads the modules as a browser does
    (folder / "harness.cjs").write_text(HARNESS, encoding="utf-8")

    def run(files: list[dict]) -> list[dict]:
        done = subprocess.run(["node", str(folder / "harness.cjs"), str(folder)], input=json.dumps(files), capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def test_the_format_keeps_every_value_the_site_reads(saved_by_format) -> None:
    cases = [
        ("promises/vaxjo-2024-2025.md", PROMISE, "Nytt löfte i Växjö", PROMISE_SAVED),
        ("updates/vaxjo/2024-03-15-centrum.md", UPDATE, "Fler insatser i centrum", UPDATE_SAVED),
    ]
    promise_keys = ["municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed", "signatories",
                    "diary_numbers", "follow_up", "channels", "replaces", "commitments", "body"]
    results = saved_by_format([{"text": text, "title": title, "keys": promise_keys if path.startswith("promises") else UPDATE_KEYS}
                               for path, text, title, _ in cases])
    for (path, text, title, expected), result in zip(cases, results, strict=True):
        assert result["written"] == expected
        _same_but_title(path, text, result["written"], title)


def test_the_format_keeps_text_that_yaml_readers_disagree_on(saved_by_format) -> None:
    """Values written by hand that YAML 1.1, YAML 1.2 and the site each read
    differently, and characters only an escape can carry."""
    text = (
        "---\ntitle: Gammal\ndate: 2024-03-15\npromise: p\ntags:\n"
        + "".join(f"  - {value}\n" for value in (
            "0412", "2024.100", "08", "010", "1e4", "0x1F", "0o17", "1_000", "12:30:00", ".inf", "-.NaN", "true", "yes", "No", "on",
            "~", "null", "Null", "'='", "'<<'", "2024-03-15", "2024-03-15T10:00:00Z", "+1", "-0", "'quoted'", "'a: b'", "'- x'", "'# x'",
            "'  lead'", "'trail  '", '"tab\\there"', "Ärende 2024/117 – «polisen»", "مرحبا", "🙂",
            '"a\\x80b\\u2028c\\x7fd\\x85e"', '"line\\nbreak"',
        ))
        + "summary: >\n  två\n  rader\n---\nText.\n"
    )
    [result] = saved_by_format([{"text": text, "title": "Ny", "keys": UPDATE_KEYS}])
    _same_but_title("updates/p/2024-03-15-x.md", text, result["written"], "Ny")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=30), min_size=20, max_size=20))
def test_the_format_keeps_any_text_a_yaml_writer_saved(saved_by_format, values: list[str]) -> None:
    """Any text PyYAML writes (quoted as YAML 1.1 needs) reads back the same after a save."""
    text = "---\n" + yaml.safe_dump({"title": "Gammal", "date": "2024-03-15", "promise": "p", "summary": values[0], "tags": values[1:]},
                                    allow_unicode=True, sort_keys=False) + "---\nText.\n"
    report = Report()
    if parse_source("updates/p/x.md", text, report) is None or report.errors:
        return  # text the site refuses (make check names it); the editor need not keep it
    [result] = saved_by_format([{"text": text, "title": "Ny", "keys": UPDATE_KEYS}])
    _same_but_title("updates/p/x.md", text, result["written"], "Ny")


def test_translations_are_not_listed_and_an_unreadable_file_is_not_overwritten(saved_by_format) -> None:
    results = saved_by_format([
        {"text": FILES["promises/vaxjo-2024-2025.en.md"], "title": "x", "keys": []},
        {"text": PROMISE, "title": "x", "keys": []},
        {"text": "---\ntitle: a\ntags: [\n---\n", "title": "x", "keys": []},
    ])
    assert [r["listed"] for r in results] == [False, True, True]
    # A file the format cannot read is listed (so it can be found), but its empty form is never saved over it.
    assert [r["refused"] for r in results] == [None, None, (
        "updates/p/x.md kunde inte läsas (framsidans YAML har ett fel på rad 3; make check säger vilket). "
        "Rätta filen i en textredigerare och kör make check; redigeraren sparar den inte, så att inget i den går förlorat."
    )]


# ---------------------------------------------------------------------- in Chromium


@dataclass(frozen=True)
class Preview:
    url: str  # mkdocs serve's address; the editor is at url + "admin/"
    project: Path


@pytest.fixture(scope="module")
def preview(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """`make redaktor`: mkdocs serve with the local editor, and the local server for its origin."""
    _node_modules()
    root = tmp_path_factory.mktemp("redaktor")
    project = make_project(root / "project", FILES)
    port, serve_port = free_port(), free_port()
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config.setdefault("extra", {})["redaktor"] = {"local_port": port}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    url = f"http://127.0.0.1:{serve_port}/"
    env = {**os.environ, "MEDBORGARLOFTEN_REDAKTOR": "1", "PYTHONPATH": str(project / "hooks")}
    command = [str(PROJECT / ".venv" / "bin" / "mkdocs"), "serve", "-a", f"127.0.0.1:{serve_port}", "--no-livereload"]
    with mkdocs_serve(command, project, env, url + "admin/", root / "serve.log"), \
            redaktor_server(project, port, url.rstrip("/"), root / "server.log", env=_recipe_variables()):
        yield Preview(url, project)


@pytest.fixture
def page(chromium, preview: Preview) -> Iterator[Page]:
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(preview.url + "admin/")
    tab.get_by_role("button", name="Logga in").click()
    expect(tab.get_by_text("Samlingar")).to_be_visible()
    yield tab
    context.close()
    assert errors == []


def _saved(path: Path, before: str) -> str:
    deadline = time.monotonic() + 30
    while (text := path.read_text(encoding="utf-8")) == before or not text.endswith("\n"):
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.2)  # polling interval of the condition above
    return text


def _entries(page: Page, collection: str) -> list[str]:
    page.goto(page.url.split("#")[0] + f"#/collections/{collection}")
    links = page.locator(f"a[href*='#/collections/{collection}/entries/']")
    expect(links.first).to_be_visible()
    return [href.rsplit("/", 1)[1] for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))")]


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Publicera").first.click()
    page.get_by_text("Publicera nu").click()


def test_the_editor_lists_no_translation_and_shows_a_unit_as_text(page: Page) -> None:
    assert _entries(page, "loften") == ["vaxjo-2024-2025"]
    assert _entries(page, "uppfoljningar-vaxjo-2024-2025") == ["2024-03-15-centrum"]
    page.goto(page.url.split("#")[0] + "#/collections/uppfoljningar-vaxjo-2024-2025/new")
    hint = page.get_by_text("Hur många ([x](javascript:alert(1)) **fet**) sedan förra uppföljningen", exact=False)
    expect(hint).to_be_visible()
    assert hint.locator("a, strong, em").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0


@pytest.mark.parametrize(("path", "entry", "title", "expected"), [
    ("updates/vaxjo/2024-03-15-centrum.md", "uppfoljningar-vaxjo-2024-2025/entries/2024-03-15-centrum", "Fler insatser i centrum", UPDATE_SAVED),
    ("promises/vaxjo-2024-2025.md", "loften/entries/vaxjo-2024-2025", "Nytt löfte i Växjö", PROMISE_SAVED),
], ids=["update", "promise"])
def test_saving_only_a_title_keeps_every_other_value(page: Page, preview: Preview, path: str, entry: str, title: str, expected: str) -> None:
    """The update form of a promise with commitment ids 08, 1e4 and constructor
    opens; a title changed there, or in the promise, is all that changes."""
    file = preview.project / path
    before = file.read_text(encoding="utf-8")
    page.goto(page.url.split("#")[0] + f"#/collections/{entry}")
    field = page.get_by_label("Rubrik")
    expect(field).to_have_value(re.compile(".+"))
    field.fill(title)
    _publish(page)
    after = _saved(file, before)
    assert after == expected
    _same_but_title(path, before, after, title)
