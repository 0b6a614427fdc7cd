"""The browser editor as a communicator uses it: Decap CMS at /admin/ of the
built example site, in real headless Chromium at 1366×768, saving through
Decap's local backend (tools/redaktor-server.js with decap-server's middleware,
as `make redaktor` runs it, on 127.0.0.1 only) into a copy of the example project. What it writes must pass `make check`
and build into the site with the right numbers.

The tests run in file order on one copy: each writes files of its own."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Dialog, Page, expect

from browser_support import PROJECT, free_port, fresh_screenshot_dir, serve_directory
from e2e_support import png, run_mkdocs

SERVER = PROJECT / "tools" / "redaktor-server.js"  # what `make redaktor` runs
DECAP_SERVER = PROJECT / "node_modules" / "decap-server" / "dist" / "middlewares.js"
NASSJO = "uppfoljningar-nassjo-2019-2020"
SAVED_MS = 30_000  # Decap writes through the local server in well under this on a busy machine


@dataclass(frozen=True)
class Editor:
    url: str  # the built site's address; the editor is at url + "admin/"
    project: Path  # the copy decap-server writes into
    screenshots: Path


def _node_modules() -> None:
    """decap-server comes from package-lock.json: `npm ci` when it is missing."""
    if DECAP_SERVER.exists():
        return
    if shutil.which("npm") is None:
        reason = "npm is missing: install Node.js and npm (apt-get install nodejs npm) to run the editor tests"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PROJECT, check=True, capture_output=True, timeout=900)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # the server answers a GET from no page with 403: it is up
    except OSError:
        return False


def _copy_project(root: Path, port: int) -> Path:
    project = root / "project"
    project.mkdir()
    for name in ("hooks", "overrides", "docs", "promises", "updates"):
        shutil.copytree(PROJECT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "editor_assets"))
    shutil.copytree(PROJECT / "hooks" / "citizen_promises" / "editor_assets", project / "hooks" / "citizen_promises" / "editor_assets")
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.setdefault("extra", {})["redaktor"] = {"local_port": port}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def editor(chromium, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Editor]:
    _node_modules()
    root = tmp_path_factory.mktemp("editor")
    port = free_port()
    project = _copy_project(root, port)
    # As `make redaktor` builds it: Decap starts with its local backend.
    build = run_mkdocs(project, root / "site", strict=True, env={"MEDBORGARLOFTEN_REDAKTOR": "1"})
    assert build.returncode == 0, build.log
    with serve_directory(root / "site") as url, redaktor_server(project, port, url.rstrip("/"), root / "redaktor-server.log"):
        yield Editor(url, project, fresh_screenshot_dir("editor"))


@contextmanager
def redaktor_server(project: Path, port: int, origin: str, log: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """tools/redaktor-server.js as `make redaktor` starts it (in the project, on
    127.0.0.1), on ``port``, answering the editor at ``origin`` (the preview's
    scheme, host and port). ``env``: the recipe's own variables, when a test has read them."""
    _node_modules()
    variables = {"BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn", **(env or {}), "PORT": str(port), "REDAKTOR_ORIGIN": origin}
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen(["node", str(SERVER)], cwd=project, env={**os.environ, **variables}, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while not _answers(f"http://127.0.0.1:{port}/api/v1"):
                assert server.poll() is None and time.monotonic() < deadline, log.read_text(encoding="utf-8")
                time.sleep(0.2)  # polling interval of the condition above
            yield server
        finally:
            server.terminate()
            server.wait(timeout=15)


@pytest.fixture
def page(chromium, editor: Editor) -> Iterator[Page]:
    """A logged-in editor; afterwards, every request it made went to 127.0.0.1."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    tab = context.new_page()
    requests: list[str] = []
    failed: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    tab.on("response", lambda response: failed.extend([f"{response.status} {response.url}"] if response.status >= 400 else []))
    tab.goto(editor.url + "admin/")
    tab.get_by_role("button", name="Logga in").click()
    expect(tab.get_by_text("Samlingar")).to_be_visible()
    yield tab
    context.close()
    # blob: and data: are the uploaded image, read in the page itself.
    assert {urlsplit(url).scheme for url in requests} <= {"http", "blob", "data"}, requests
    assert {urlsplit(url).hostname for url in requests if url.startswith("http")} == {"127.0.0.1"}, requests
    assert failed == []


def _files(project: Path) -> dict[str, str]:
    return {
        path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(project.rglob("*")) if path.is_file() and "__pycache__" not in path.parts
    }


def _wait_for(path: Path, changed_from: str | None = None) -> str:
    """The file's text once Decap has written it (or changed it) whole: decap-server
    truncates and writes, so a read in between sees part of it."""
    deadline = time.monotonic() + SAVED_MS / 1000
    while True:
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        if text != changed_from and text.startswith("---\n") and text.count("---\n") >= 2:
            return text
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.2)  # polling interval of the condition above


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Publicera").first.click()
    page.get_by_text("Publicera nu").click()


def _choose(page: Page, field_id: str, label: str) -> None:
    """A select field (react-select): type the option's Swedish label and take it."""
    page.locator(f"[id^='{field_id}-field-']").nth(1).click()
    page.keyboard.type(label)
    page.keyboard.press("Enter")


def _upload(page: Page, image: Path) -> None:
    page.get_by_role("button", name="Välj en bild").click()
    page.locator("input[type=file]").set_input_files(str(image))
    page.get_by_role("button", name="Välj markerad").click()


def _front_matter(text: str) -> tuple[dict, str]:
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


def _check(project: Path) -> subprocess.CompletedProcess[str]:
    """`make check`, as the Makefile runs it."""
    env = {**os.environ, "PYTHONPATH": "hooks", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "citizen_promises.check"], cwd=project, env=env, capture_output=True, text=True, timeout=300)


def test_the_collections_and_the_promise_form(page: Page, editor: Editor) -> None:
    sidebar = page.locator("aside, nav").filter(has_text="Samlingar").first
    for label in ("Löften", "Uppföljningar: Nässjö kommun 2019–2020", "Uppföljningar: Svalövs kommun 2020"):
        expect(sidebar.get_by_text(label, exact=True)).to_be_visible()
    page.screenshot(path=editor.screenshots / "editor-samlingar.png")
    page.goto(editor.url + "admin/#/collections/loften/entries/nassjo-2019-2020")
    expect(page.get_by_label("Kommun", exact=True)).to_have_value("Nässjö")
    expect(page.get_by_text("Polisen gör minst femton riktade insatser i Runnerydsområdet.", exact=False).first).to_be_visible()
    page.screenshot(path=editor.screenshots / "editor-lofte.png")


def test_an_image_without_alternative_text_cannot_be_saved(page: Page, editor: Editor, tmp_path: Path) -> None:
    before = _files(editor.project)
    page.goto(editor.url + f"admin/#/collections/{NASSJO}/new")
    page.get_by_label("Rubrik").fill("Bild utan text")
    page.get_by_label("Datum").fill("2020-10-01")
    (tmp_path / "utan-text.png").write_bytes(png())
    _upload(page, tmp_path / "utan-text.png")
    _publish(page)
    expect(page.get_by_text("Bilden saknar alternativtext. Skriv i fältet »Alternativtext till bilden« vad bilden visar, eller ta bort bilden.")).to_be_visible()
    assert _files(editor.project) == before


@pytest.mark.parametrize("name, data", [
    ("karta.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("sida.html", b"<script>alert(1)</script>"),
])
def test_a_file_that_is_no_picture_is_refused_before_it_is_uploaded(page: Page, editor: Editor, tmp_path: Path, name: str, data: bytes) -> None:
    """The published editor uploads straight to the repository, past make
    redaktor's server: the form itself refuses what the site would not publish."""
    before = _files(editor.project)
    messages: list[str] = []

    def answered(dialog: Dialog) -> None:
        messages.append(dialog.message)
        dialog.accept()

    page.on("dialog", answered)
    page.goto(editor.url + f"admin/#/collections/{NASSJO}/new")
    page.get_by_label("Rubrik").fill("Karta")
    (tmp_path / name).write_bytes(data)
    page.get_by_role("button", name="Välj en bild").click()
    page.locator("input[type=file]").set_input_files(str(tmp_path / name))
    expect(page.get_by_role("button", name="Välj markerad")).to_be_visible()
    page.wait_for_timeout(500)  # an upload, had it started, would have written by now
    assert messages == [
        f"«{name}» laddas inte upp: redigeraren tar bara emot bilder i PNG, JPEG, WebP och GIF (SVG-bilder kan bära skript). "
        "Spara bilden som PNG (kartor och diagram) eller JPEG (foton) i ett bildprogram och ladda upp den igen."
    ]
    assert _files(editor.project) == before


def test_a_new_update_with_progress_status_and_image(page: Page, editor: Editor, tmp_path: Path) -> None:
    page.goto(editor.url + f"admin/#/collections/{NASSJO}/new")
    page.get_by_label("Rubrik").fill("Kvällsvandring i Runneryd")
    page.get_by_label("Datum").fill("2020-10-15")
    # The commitment's own text labels its fields: progress first, then status.
    commitment = "Polisen gör minst femton riktade insatser i Runnerydsområdet. Insatserna bygger på polisens underrättelser."
    labels = page.locator("label[for^='insatser-runneryd-field-']")
    expect(labels).to_have_count(2)
    for number in range(2):
        expect(labels.nth(number)).to_contain_text(commitment)
    page.locator("[id^='insatser-runneryd-field-']").nth(0).fill("1")
    _choose(page, "insatser-runneryd", "Pågår")
    page.locator("[id^='insatser-runneryd-field-']").nth(0).scroll_into_view_if_needed()
    page.screenshot(path=editor.screenshots / "editor-uppfoljning.png")
    (tmp_path / "kvallsvandring.png").write_bytes(png())
    _upload(page, tmp_path / "kvallsvandring.png")
    page.get_by_label("Alternativtext till bilden").fill("Boende och poliser går längs en gångväg i kvällsljus.")
    _publish(page)

    written = _wait_for(editor.project / "updates/nassjo/2020-10-15-kvallsvandring-i-runneryd.md")
    assert written == (
        "---\n"
        "title: Kvällsvandring i Runneryd\n"
        "date: 2020-10-15\n"
        "promise: nassjo-2019-2020\n"
        "progress:\n"
        "  insatser-runneryd: 1\n"
        "status:\n"
        "  insatser-runneryd: ongoing\n"
        "image: bilder/kvallsvandring.png\n"
        "image_alt: Boende och poliser går längs en gångväg i kvällsljus.\n"
        "---\n"
    )
    assert (editor.project / "updates/nassjo/bilder/kvallsvandring.png").read_bytes() == png()
    check = _check(editor.project)
    assert check.returncode == 0 and "0 fel, 0 varningar" in check.stdout + check.stderr, check.stdout + check.stderr

    site = run_mkdocs(editor.project, tmp_path / "site", strict=True)
    assert site.returncode == 0, site.log
    update = site.path("kommuner/nassjo/2020/10/kvallsvandring-i-runneryd/").read_text(encoding="utf-8")
    # 2 + 2 + 2 + 3 + 2 + 1 + 1 + 1 insatser in the example's updates up to 2020-09-25, and this one.
    assert "15 av 15 insatser" in update
    assert 'alt="Boende och poliser går längs en gångväg i kvällsljus."' in update


def test_editing_an_update_changes_its_title_and_nothing_else(page: Page, editor: Editor) -> None:
    path = editor.project / "updates/nassjo/2019-12-13-december.md"
    original = path.read_text(encoding="utf-8")
    before = _files(editor.project)
    page.goto(editor.url + f"admin/#/collections/{NASSJO}/entries/2019-12-13-december")
    title = page.get_by_label("Rubrik")
    expect(title).to_have_value("Lugnare kvällar vid resecentrum")  # updates/nassjo/2019-12-13-december.md
    title.fill("Insatser i Runneryd under december")
    _publish(page)

    changed = _wait_for(path, changed_from=original)
    # Same fields, same values, same body; only the title differs. (Decap's YAML
    # folds a line longer than 80 characters, which reads back as the same text.)
    before_meta, before_body = _front_matter(original)
    after_meta, after_body = _front_matter(changed)
    assert after_meta == {**before_meta, "title": "Insatser i Runneryd under december"}
    assert list(after_meta) == list(before_meta)
    assert after_body == before_body
    after = _files(editor.project)
    assert {name for name in after if after[name] != before.get(name)} == {"updates/nassjo/2019-12-13-december.md"}


def test_a_draft_is_saved_as_a_draft_and_not_published(page: Page, editor: Editor, tmp_path: Path) -> None:
    page.goto(editor.url + "admin/#/collections/uppfoljningar-svalov-2020/new")
    page.get_by_label("Rubrik").fill("Planering inför hösten")
    page.get_by_label("Datum").fill("2020-10-01")
    page.locator("[id^='draft-field-']").click()
    _publish(page)

    written = _wait_for(editor.project / "updates/svalov/2020-10-01-planering-infor-hosten.md")
    assert written == "---\ntitle: Planering inför hösten\ndate: 2020-10-01\npromise: svalov-2020\ndraft: true\n---\n"
    site = run_mkdocs(editor.project, tmp_path / "site", strict=True)
    assert site.returncode == 0, site.log
    assert not site.exists("kommuner/svalov/2020/10/planering-infor-hosten/")
    assert site.lines_naming("updates/svalov/2020-10-01-planering-infor-hosten.md, fältet «draft»: utkast")


def test_a_published_site_without_a_repository_says_so_in_swedish(chromium, example_site) -> None:
    """The example names no repo_url: /admin/ explains that instead of starting
    Decap (whose English configuration error a communicator cannot act on)."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    tab = context.new_page()
    requests: list[str] = []
    tab.on("request", lambda request: requests.append(request.url))
    with serve_directory(example_site.site_dir) as url:
        tab.goto(url + "admin/", wait_until="load")
        expect(tab.get_by_role("heading", level=1)).to_have_text("Redigeraren är inte inställd ännu")
        expect(tab.get_by_role("link", name="Skriva i webbläsaren")).to_have_attribute("href", "../skrivhandledning/webblasaren/")
        assert tab.locator("#nc-root").count() == 0  # Decap did not start
    context.close()
    assert all(r.startswith(url) for r in requests), requests
