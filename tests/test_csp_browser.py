"""The site's Content-Security-Policy (issue 18, defence in depth), in real Chromium.

Guards that every HTML file of the built site carries exactly one policy, in a
meta element at the top of its head, before any script; that the site's
pages allow inline scripts only by the hashes of the templates' own (no
'unsafe-inline' for scripts); that no kind of page reports a violation while
search, the national table's sort and filter, and the charts work under it;
that a script written into a page's content does not run; that /admin/ in
the local editor loads Decap under a policy of its own naming only the local
server; and that the preview's live reload runs under the policy.
"""

from __future__ import annotations

import base64
import hashlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
import yaml
from playwright.sync_api import BrowserContext, Page, expect

from browser_support import EPOCH, free_port, mkdocs_serve, require_chromium, serve_directory, until
from citizen_promises import csp
from citizen_promises.editor import settings
from e2e_support import Build, make_project, png, promise, run_mkdocs, update
from test_editor_browser import NASSJO, Editor, _upload, editor  # noqa: F401  # the local editor's fixture, reused

# A site page's policy, written out; {hashes} are its inline scripts' (see _expected_hashes).
SITE_POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: https: http:; font-src 'self'; connect-src 'self'; frame-src 'none'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
ADMIN_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' blob:{images}; font-src 'self'; connect-src 'self' blob: {connect}; frame-src 'none'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'"
)
# Records every violation the page reports, from before its first byte is parsed.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__violations.push(event.violatedDirective + " " + event.blockedURI + " " + (event.sample || ""));
});
"""
WORD = "vänthallen"  # in one example update only (tests/test_search_browser.py)
WORD_URL = "/kommuner/nassjo/2019/06/tryggare-resecentrum/"


def _policy_meta(html: bytes) -> list[lxml.html.HtmlElement]:
    root = lxml.html.fromstring(html)
    return [m for m in root.iter("meta") if (m.get("http-equiv") or "").lower() == "content-security-policy"]


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _expected_hashes(html: bytes) -> str:
    """The hashes a page of the example site must allow: of every inline script
    it has that a browser runs (the example's content has none of its own)."""
    root = lxml.html.fromstring(html)
    texts = [s.text or "" for s in root.iter("script") if s.get("src") is None and s.get("type") in (None, "text/javascript")]
    return "".join(" " + h for h in dict.fromkeys(_sha256(t) for t in texts))


# --------------------------------------------------------------------- the files


def test_every_html_file_has_one_policy_before_any_script(example_site: Build) -> None:
    files = sorted(example_site.site_dir.rglob("*.html"))
    assert len(files) > 100  # every page of the example, 404.html, the widgets and /admin/ among them
    for path in files:
        data = path.read_bytes()
        metas = _policy_meta(data)
        assert len(metas) == 1, path
        head = metas[0].getparent()
        assert head.tag == "head", path
        # After <meta charset> (kept within the first 1024 bytes), before everything else.
        assert [e.tag for e in head][:2] == ["meta", "meta"] and head[0].get("charset") == "utf-8" and head[1] is metas[0], path
        assert data.index(b'http-equiv="Content-Security-Policy"') < data.find(b"<script") or b"<script" not in data, path
        assert data.index(b"<meta charset") < 1024, path
        if path.relative_to(example_site.site_dir).parts[0] != "admin":
            assert metas[0].get("content") == SITE_POLICY.format(hashes=_expected_hashes(data)), path


def test_the_theme_s_inline_scripts_are_allowed_by_hash_and_its_json_is_not(example_site: Build) -> None:
    data = (example_site.site_dir / "kommuner" / "nassjo" / "index.html").read_bytes()
    content = _policy_meta(data)[0].get("content")
    script_src = next(d for d in content.split("; ") if d.startswith("script-src "))
    root = lxml.html.fromstring(data)
    theme = root.xpath("//head/script[not(@src)]")[0].text or ""
    assert theme.startswith('__md_scope=new URL("../..",location)')  # depends on the page's depth
    assert _sha256(theme) in script_src.split()
    config = root.xpath("//script[@id='__config']")[0]
    assert config.get("type") == "application/json" and _sha256(config.text or "") not in script_src
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src and "'strict-dynamic'" not in script_src
    # Deeper pages differ in that one script, and so in their hash.
    deeper = (example_site.site_dir / "kommuner" / "nassjo" / "2019" / "06" / "tryggare-resecentrum" / "index.html").read_bytes()
    assert _policy_meta(deeper)[0].get("content") != content


def test_the_published_admin_names_only_the_repository_s_host(example_site: Build) -> None:
    # mkdocs.yml names no repository: Decap would log in to GitHub (editor.settings).
    content = _policy_meta((example_site.site_dir / "admin" / "index.html").read_bytes())[0].get("content")
    assert content == ADMIN_POLICY.format(images=" https://avatars.githubusercontent.com", connect="https://api.github.com https://www.githubstatus.com")
    assert "127.0.0.1" not in content and "cdn" not in content.lower() and "unpkg" not in content


def test_the_admin_policy_follows_the_backend_in_mkdocs_yml() -> None:
    own = settings("https://gitlab.kommun.se/trygghet/medborgarloften", {})
    assert csp.admin_policy(own.backend, None) == ADMIN_POLICY.format(images=" https://gitlab.kommun.se", connect="https://gitlab.kommun.se")
    own = settings("https://gitlab.com/trygghet/medborgarloften", {})
    assert csp.admin_policy(own.backend, None) == ADMIN_POLICY.format(images=" https://gitlab.com", connect="https://gitlab.com")
    own = settings("https://github.com/kommun/loften", {"redaktor": {"api_root": "https://ghe.kommun.se/api/v3"}})
    assert csp.admin_policy(own.backend, None) == ADMIN_POLICY.format(
        images=" https://avatars.githubusercontent.com", connect="https://ghe.kommun.se https://www.githubstatus.com")
    # An address that is no origin is left out, never pasted into the policy.
    own = settings(None, {"redaktor": {"backend": "gitlab", "api_root": "https://x.se; script-src *", "base_url": "javascript:x"}})
    assert csp.admin_policy(own.backend, None) == ADMIN_POLICY.format(images=" https://gitlab.com", connect="https://gitlab.com")
    # make redaktor: only decap-server on this machine, at the configured port.
    assert csp.admin_policy(own.backend, 8089) == ADMIN_POLICY.format(images="", connect="http://127.0.0.1:8089")


# ------------------------------------------------------------------ in Chromium


@dataclass
class Watched:
    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def violations(self) -> list[str]:
        reported = self.page.evaluate("window.__violations || []")
        return [*reported, *(m for m in self.console if "Content Security Policy" in m or "Content-Security-Policy" in m)]


def _watch(context: BrowserContext) -> Watched:
    context.add_init_script(WATCH)
    page = context.new_page()
    watched = Watched(page)
    page.on("console", lambda message: watched.console.append(message.text))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    return watched


@pytest.fixture(scope="module")
def site_url(example_site: Build) -> Iterator[str]:
    with serve_directory(example_site.site_dir) as url:
        yield url


def _visible_names(page: Page) -> list[str]:
    return page.eval_on_selector_all("#kommuntabell tbody tr:not([hidden]) th", "cells => cells.map(c => c.textContent.trim())")


def _national_table(page: Page) -> None:
    assert _visible_names(page) == ["Haninge", "Linköping", "Nässjö", "Svalöv", "Tyresö"]
    page.locator("#kommuntabell thead th:nth-child(1) button").click()
    expect(page.locator("#kommuntabell thead th:nth-child(1)")).to_have_attribute("aria-sort", "descending")
    assert _visible_names(page) == ["Tyresö", "Svalöv", "Nässjö", "Linköping", "Haninge"]
    page.locator("#kommunfilter").fill("nass")
    assert _visible_names(page) == ["Nässjö"]


def _search(page: Page) -> None:
    box = page.locator("#ml-sok-ord")
    box.fill(WORD)
    box.press("Enter")
    expect(page.locator(".ml-search__results a").first).to_have_attribute("href", WORD_URL)
    expect(page.locator(".ml-search__status")).to_have_text(f"1 träff för «{WORD}».")


def _charts(page: Page) -> None:
    charts = page.locator(".ml-chart__svg")
    assert charts.count() >= 1
    box = charts.first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 40
    # Drawn with the site's stylesheet: the line has the theme's colour, not none.
    assert page.eval_on_selector(".ml-chart__line", "e => getComputedStyle(e).stroke") not in ("", "none")


def _theme_scripts(page: Page) -> None:
    # The head's inline script (allowed by its hash) and the theme's bundle ran.
    assert page.evaluate("typeof __md_get") == "function"
    assert page.evaluate("document.documentElement.classList.contains('js')")


PAGES = {
    "home": ("", [_theme_scripts]),
    "municipalities": ("kommuner/", [_theme_scripts, _national_table]),
    "municipality": ("kommuner/nassjo/", [_theme_scripts]),
    "promise": ("loften/nassjo-2019-2020/", [_theme_scripts, _charts]),
    "evaluation": ("loften/nassjo-2019-2020/utvardering/", [_theme_scripts, _charts]),
    "update": ("kommuner/nassjo/2019/06/tryggare-resecentrum/", [_theme_scripts]),
    "timeline": ("uppdateringar/", [_theme_scripts]),
    "tag": ("taggar/trygghetsvandring/", [_theme_scripts]),
    "search": ("sok/", [_theme_scripts, _search]),
    "widget": ("kommuner/nassjo/widget/", []),
    "subscribe": ("prenumerera/", [_theme_scripts]),
    "guide": ("skrivhandledning/", [_theme_scripts]),
    "english": ("en/kommuner/nassjo/", [_theme_scripts]),
    "english promise": ("en/loften/nassjo-2019-2020/", [_theme_scripts, _charts]),
    "arabic": ("ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/", [_theme_scripts]),
    "not found": ("404.html", [_theme_scripts]),
}


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_kind_reports_a_violation_and_its_scripts_work(chromium, site_url: str, kind: str) -> None:
    url, checks = PAGES[kind]
    context = chromium.new_context(viewport={"width": 1366, "height": 900}, locale="sv-SE")
    try:
        watched = _watch(context)
        watched.page.goto(site_url + url, wait_until="load")
        for check in checks:
            check(watched.page)
        assert watched.violations() == []
        assert watched.errors == []
    finally:
        context.close()


# --------------------------------------------------------- a script in the content

PWNED = "document.title='pwned'"
HOSTILE_PAGE = f"""# Prov

<script>{PWNED}</script>

<p><a id="lank" href="javascript:document.title='klickad'">Klicka</a></p>

<img id="bild" src="finns-inte.png" onerror="document.title='onerror'" alt="">
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = make_project(tmp_path_factory.mktemp("csp-hostile") / "project", {
        "promises/boras-2024.md": promise("Borås"),
        "updates/boras/2024-03-01-forsta.md": update("Första", "2024-03-01", "boras-2024"),
        "docs/prov.md": HOSTILE_PAGE,
    })
    build = run_mkdocs(root, root.parent / "site")
    assert build.returncode == 0, build.log
    return build


def test_a_script_written_into_a_page_s_content_does_not_run(chromium, hostile: Build) -> None:
    data = (hostile.site_dir / "prov" / "index.html").read_bytes()
    assert f"<script>{PWNED}</script>".encode() in data  # published as written: the policy is what stops it
    assert _sha256(PWNED) not in _policy_meta(data)[0].get("content")
    with serve_directory(hostile.site_dir) as url:
        context = chromium.new_context()
        try:
            watched = _watch(context)
            watched.page.goto(url + "prov/", wait_until="load")
            assert watched.page.title() == "Prov - Medborgarlöften"
            watched.page.locator("#lank").click()
            watched.page.wait_for_timeout(300)  # a javascript: address would have run by now
            assert watched.page.title() == "Prov - Medborgarlöften"
            _theme_scripts(watched.page)  # the templates' own scripts still run on that page
            directives = sorted({v.split()[0] for v in watched.page.evaluate("window.__violations")})
            assert directives == ["script-src-attr", "script-src-elem"], watched.violations()
        finally:
            context.close()


# ---------------------------------------------------------------------- /admin/


def test_the_local_editor_loads_decap_under_its_own_policy(chromium, editor: Editor, tmp_path: Path) -> None:  # noqa: F811
    port = yaml.safe_load((editor.project / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]["redaktor"]["local_port"]
    policy = _policy_meta((editor.project.parent / "site" / "admin" / "index.html").read_bytes())[0].get("content")
    assert policy == ADMIN_POLICY.format(images="", connect=f"http://127.0.0.1:{port}")
    context = chromium.new_context(viewport={"width": 1366, "height": 768}, locale="sv-SE")
    try:
        watched = _watch(context)
        watched.page.goto(editor.url + "admin/")
        watched.page.get_by_role("button", name="Logga in").click()
        expect(watched.page.get_by_text("Samlingar")).to_be_visible()
        expect(watched.page.get_by_role("link", name="Löften")).to_be_visible()
        # An update's form beside its preview, with its picture (read through decap-server).
        watched.page.goto(editor.url + f"admin/#/collections/{NASSJO}/entries/2019-09-20-trygghetsvandring-runneryd")
        expect(watched.page.get_by_label("Rubrik")).to_have_value("Trygghetsvandring i Runneryd")
        picture = watched.page.locator("img[src^='blob:']").first
        expect(picture).to_be_visible()
        assert picture.evaluate("img => img.complete && img.naturalWidth > 0")
        # A new update, and a picture chosen for it in the media library.
        watched.page.goto(editor.url + f"admin/#/collections/{NASSJO}/new")
        watched.page.reload()
        expect(watched.page.get_by_label("Rubrik")).to_have_value("")
        (tmp_path / "ny.png").write_bytes(png(40, 30))
        _upload(watched.page, tmp_path / "ny.png")
        chosen = watched.page.locator("img[src^='blob:']").first
        expect(chosen).to_be_visible()
        assert chosen.evaluate("img => img.complete && img.naturalWidth === 40")
        assert watched.violations() == []
    finally:
        context.close()


# ---------------------------------------------------------------------- preview


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    root = make_project(tmp_path_factory.mktemp("csp-preview") / "project", {
        "promises/boras-2024.md": promise("Borås"),
        # A date that is no date: the preview shows its problem banner and page.
        "updates/boras/2024-03-01-forsta.md": update("Första", "2024-13-01", "boras-2024"),
    })
    port = free_port()
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    with mkdocs_serve(command, root, env, url, root.parent / "serve.log"):
        yield url


@pytest.mark.parametrize("url", ["", "kommuner/", "problem/"])
def test_the_preview_s_live_reload_runs_under_the_policy(chromium, preview: str, url: str) -> None:
    context = chromium.new_context()
    try:
        watched = _watch(context)
        watched.page.goto(preview + url, wait_until="load")
        expect(watched.page.locator(".ml-problem-banner")).to_be_visible()
        # MkDocs' live reload says so once its inline script, added as the page is served, runs.
        until(watched.page, "true")
        assert "Enabled live reload" in watched.console, watched.console
        assert watched.violations() == []
    finally:
        context.close()
