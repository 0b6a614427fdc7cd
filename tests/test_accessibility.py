"""WCAG 2.1 AA in real headless Chromium: axe-core finds nothing on any built
page at 1366 and 375 px, where no request fails or leaves the site and every
block that scrolls is a named keyboard stop; every control is reached by
keyboard with a focus ring that can be seen, nothing scrolls sideways at
320 px, the evaluation's tables fit a computer screen, status badges and
progress bars carry their meaning in text with enough contrast, and the
accessibility statement says what DIGG asks for.

Screenshots of every page type at both widths: test-output/screenshots/accessibility/.
"""

from __future__ import annotations

import base64
import datetime
import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from browser_support import PROJECT, fresh_screenshot_dir, serve_directory, until
from citizen_promises.swedish import STATUS
from e2e_support import make_project, run_mkdocs

CONFIG = yaml.safe_load((PROJECT / "mkdocs.yml").read_text(encoding="utf-8"))
STATEMENT = CONFIG["extra"]["accessibility"]
DIGG_REPORTING = "https://www.digg.se/tdosanmalan"

# Page type -> address in the built example site.
PAGES = {
    "start": "",
    "kommuner": "kommuner/",
    "kommun": "kommuner/nassjo/",
    "lofte": "loften/nassjo-2019-2020/",
    "tidslinje": "uppdateringar/",
    "tidslinje-sida-2": "uppdateringar/sida/2/",
    "uppfoljning-med-bild": "kommuner/nassjo/2019/09/trygghetsvandring-runneryd/",
    "prenumerera": "prenumerera/",
    "utvardering": "loften/nassjo-2019-2020/utvardering/",
    # Shown inside other websites' pages, without the site's header and footer.
    "widget": "kommuner/nassjo/widget/",
    "tillganglighet": "tillganglighet/",
    "sok": "sok/",
    "skrivhandledning": "skrivhandledning/",
    "skrivhandledning-loften": "skrivhandledning/loften/",
    "404": "404.html",
    # Pages in other languages (contract, version 2): Arabic is right to left.
    "lofte-lattlast": "lattlast/loften/nassjo-2019-2020/",
    "lofte-engelska": "en/loften/nassjo-2019-2020/",
    "uppfoljning-arabiska": "ar/kommuner/nassjo/2019/09/trygghetsvandring-runneryd/",
    "sprak-engelska": "en/",
}
WIDTHS = (1366, 375)
HEIGHTS = {1366: 768, 375: 667}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
AXE = Axe().axe_script


def _schemes() -> list[str]:
    palette = CONFIG["theme"].get("palette") or {}
    options = [palette] if isinstance(palette, dict) else palette
    return [option.get("scheme", "default") for option in options] or ["default"]


SCHEMES = _schemes()


def _file(site: Path, address: str) -> Path:
    return site / (address + "index.html" if address == "" or address.endswith("/") else address)


def _address(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel


def _every_page(site: Path) -> list[str]:
    """Every HTML page of the built site (not the throwaway pages tests add)."""
    return sorted(_address(site, file) for file in site.rglob("*.html") if not file.relative_to(site).as_posix().startswith("ml-test-"))


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(example_site) -> Path:
    """The session's one build of the example content (conftest.py)."""
    return example_site.site_dir


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, str]:
    found = {name: address for name, address in PAGES.items() if _file(site, address).is_file()}
    missing = set(PAGES) - set(found)
    assert not missing, f"page types missing from the built site: {sorted(missing)}"
    return found


@pytest.fixture(scope="module")
def base_url(chromium, site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url


@pytest.fixture(scope="module")
def shots() -> Path:
    return fresh_screenshot_dir("accessibility")


@pytest.fixture(scope="module")
def pixels(chromium) -> Iterator:
    """A blank page that decodes screenshots for pixel comparisons."""
    context = chromium.new_context()
    yield context.new_page()
    context.close()


# The menu drawer on a phone: fully in, and no transition running in it (getAnimations()
# brings the styles up to date first, so a transition about to start is counted).
DRAWER_SETTLED = "document.querySelector('.md-sidebar--primary').getAnimations({subtree: true}).length === 0"
DRAWER_IN = f"document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= -0.5 && {DRAWER_SETTLED}"


def _axe(page) -> list[dict]:
    page.evaluate(AXE)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def _describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[node['target'] for node in v['nodes']][:5]}"
        for v in violations
    ]


# ---------------------------------------------------------------- axe on every page

# Blocks in the content that scroll (as axe's scrollable-region-focusable sees
# them) but cannot be reached by keyboard or have no name to announce.
UNREACHABLE_SCROLLERS = """
() => Array.from(document.querySelectorAll('.md-content *')).filter(el => {
  const style = getComputedStyle(el);
  return (el.scrollWidth > el.clientWidth + 1 && /auto|scroll/.test(style.overflowX)) ||
         (el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(style.overflowY));
}).filter(el => el.tabIndex < 0 || !(el.getAttribute('aria-label') || '').trim())
  .map(el => el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')
       + ' «' + el.textContent.trim().slice(0, 30) + '»')
"""


def _failed(response) -> bool:
    return response.status >= 400


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_wcag_violations_on_any_page(chromium, base_url: str, site: Path, pages: dict[str, str],
                                                  shots: Path, width: int, capsys) -> None:
    """Every HTML page the build writes, whatever adds it (generated, written,
    the widget, the 404 page), at the width of a laptop and of a phone: axe-core
    (WCAG 2.1 A and AA) finds nothing; no request fails or goes to another host
    (Material used to fetch a sitemap.xml beside each page's feed, a 404); every
    block that scrolls can be reached by keyboard and has a name. One browser
    context per width and the pages one after another keep it affordable."""
    everything = _every_page(site)
    assert set(pages.values()) <= set(everything)
    names = {address: name for name, address in pages.items()}
    context = chromium.new_context(viewport={"width": width, "height": HEIGHTS[width]})
    own = urlsplit(base_url).netloc
    outside: list[str] = []
    failed: list[str] = []
    sitemaps: list[str] = []
    context.on("request", lambda request: outside.append(request.url) if urlsplit(request.url).netloc not in (own, "") else None)
    context.on("request", lambda request: sitemaps.append(request.url) if "sitemap" in urlsplit(request.url).path else None)
    context.on("response", lambda response: failed.append(f"{response.status} {response.url}") if _failed(response) else None)
    context.on("requestfailed", lambda request: failed.append(f"{request.failure} {request.url}")
               if "ERR_ABORTED" not in (request.failure or "") else None)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    unreachable: dict[str, list[str]] = {}
    started = time.perf_counter()
    try:
        for address in everything:
            page.goto(base_url + address, wait_until="load")
            name = names.get(address)
            if name == "uppfoljning-med-bild":
                assert page.locator("figure.ml-figure img[alt]").count() == 1, "the update page type lost its image"
            if name:
                page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
            blocks = page.evaluate(UNREACHABLE_SCROLLERS)
            if blocks:
                unreachable[address or "/"] = blocks
            for scheme in SCHEMES:
                page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
                for violation in _axe(page):
                    nodes = [node["target"] for node in violation["nodes"]]
                    found.setdefault(f"{address or '/'} ({scheme})", []).append(
                        f"{violation['id']} ({violation['impact']}, {len(nodes)} nodes): {violation['help']} at {nodes[:10]}")
    finally:
        context.close()
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\naxe on {len(everything)} pages at {width} px: {seconds:.1f} s ({seconds / len(everything):.2f} s a page)")
    assert not found, f"axe-core at {width} px on {len(found)} of {len(everything)} pages:\n" + "\n".join(
        f"{where}:\n  " + "\n  ".join(problems) for where, problems in found.items())
    assert not unreachable, f"blocks that scroll at {width} px without a keyboard stop and a name: {unreachable}"
    assert not failed, f"failed requests at {width} px: {failed}"
    assert not outside, f"requests that leave the site: {outside}"
    assert not sitemaps, f"sitemap requests (Material's language selector, beside a feed's link): {sitemaps}"


ANNOUNCEMENTS = """
window.mlAnnounced = [];
new MutationObserver(changes => {
  for (const change of changes) {
    const region = (change.target.nodeType === 1 ? change.target : change.target.parentElement).closest('[aria-live]');
    if (region && region.textContent.trim()) window.mlAnnounced.push(region.textContent.trim());
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.parametrize("width", WIDTHS)
def test_search_by_keyboard_with_results_announced_passes_axe(chromium, base_url: str, shots: Path, width: int) -> None:
    """The search (/sok/) from the header by keyboard only, with a query typed and results shown."""
    context = chromium.new_context(viewport={"width": width, "height": 900})
    # What live regions say, as they say it.
    context.add_init_script(ANNOUNCEMENTS)
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        page.keyboard.press("Tab")  # skip link
        if width < 960:  # a link to the search page, after the menu button
            page.keyboard.press("Tab")  # menu
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Sök"
            page.keyboard.press("Enter")
            page.wait_for_url(base_url + "sok/")
            until(page, "document.activeElement.matches('.ml-search input[type=search]')")
            page.keyboard.type("trygghet")
        else:  # a search box in the header that opens the search page with the words
            page.keyboard.press("Tab")  # logo
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.id") == "ml-header-search"
            assert page.get_by_role("search").get_by_role("searchbox", name="Sök på webbplatsen").count() == 1
            page.keyboard.type("trygghet")
            page.keyboard.press("Enter")
            page.wait_for_url(base_url + "sok/?q=trygghet")
        page.wait_for_selector(".ml-search__results a", state="visible")
        assert page.get_by_role("searchbox", name="Sök på webbplatsen").input_value() == "trygghet"
        # The number of results is announced (a live region) and shown.
        until(page, "window.mlAnnounced.some(text => /^\\d+ träffar för «trygghet»/.test(text))")
        assert re.search(r"^\d+ träffar för «trygghet»", page.locator(".ml-search__status").inner_text())
        # Down from the box to the first result.
        _tab_to(page, ".ml-search__results a", 10)
        page.screenshot(path=shots / f"sok-{width}.png")
        for scheme in SCHEMES:
            page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
            problems = _describe(_axe(page))
            assert not problems, f"axe-core on the search page with results at {width} px ({scheme}): {problems}"
        page.keyboard.press("Enter")
        until(page, "!location.pathname.startsWith('/sok/')")
    finally:
        context.close()


# ---------------------------------------------------------------- requests


def test_no_request_leaves_the_site(chromium, base_url: str, pages: dict[str, str], capsys) -> None:
    own = urlsplit(base_url).netloc
    hosts: dict[str, int] = {}
    outside: list[str] = []

    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob"):
            return
        hosts[parts.netloc] = hosts.get(parts.netloc, 0) + 1
        if parts.netloc != own:
            outside.append(request.url)

    context = chromium.new_context(viewport={"width": 375, "height": 900})
    context.on("request", record)
    page = context.new_page()
    try:
        for address in pages.values():
            page.goto(base_url + address, wait_until="load")
            page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")  # lazy images too
            until(page, "Array.from(document.images).every(image => image.complete)")
        page.goto(base_url, wait_until="load")  # the Swedish home page: the last page visited may be a translation
        page.get_by_role("link", name="Sök", exact=True).click()
        until(page, "document.activeElement && document.activeElement.matches('.ml-search input[type=search]')")
        page.keyboard.type("resecentrum")  # the search index, its shards and pages
        page.wait_for_selector(".ml-search__results a", state="visible")
    finally:
        context.close()
    with capsys.disabled():
        print(f"\nrequest hosts seen: {', '.join(f'{h} ({n} requests)' for h, n in sorted(hosts.items()))}")
    assert not outside, f"requests that leave the site: {outside}"
    assert hosts.get(own, 0) > len(pages), hosts


# ---------------------------------------------------------------- keyboard and focus

# The focused element, where its ring is drawn and the contrast of the ring
# against what is behind it (backgrounds composited from elementsFromPoint).
FOCUS_INFO = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const behind = (x, y, inset) => {
    const stack = document.elementsFromPoint(x, y).filter(n => inset ? !el.contains(n) || n === el : !el.contains(n));
    let colour = [255, 255, 255, 1];
    for (const node of stack.reverse()) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c && c[3] > 0) colour = over(c, colour);
    }
    return colour;
  };
  const style = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const width = parseFloat(style.outlineWidth) || 0;
  const offset = parseFloat(style.outlineOffset) || 0;
  const ring = style.outlineStyle !== "none" && width >= 2;
  const shadow = style.boxShadow !== "none";
  let sides = [];
  if (ring) {
    const d = offset + width / 2;
    const points = [[r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2],
                    [r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d]];
    const colour = parse(style.outlineColor);
    for (const [x, y] of points) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      sides.push(contrast(over(colour, behind(x, y, offset < 0)), behind(x, y, offset < 0)));
    }
  }
  return {
    tag: el.tagName, text: (el.getAttribute("aria-label") || el.innerText || el.value || "").trim().slice(0, 40),
    index: el.dataset.mlIndex || null, ring, shadow, sides,
    rect: [r.x, r.y, r.width, r.height],
    visible: r.width > 0 && r.height > 0 && style.visibility === "visible" &&
             r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
  };
}
"""

# Every control a keyboard user should reach, visible when the page loads.
MARK_TABBABLE = """
() => {
  const all = document.querySelectorAll("a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex]");
  let n = 0;
  for (const el of all) {
    const style = getComputedStyle(el);
    if (el.tabIndex < 0 || !el.getClientRects().length || style.visibility !== "visible") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    el.dataset.mlIndex = String(n++);
  }
  return Array.from(document.querySelectorAll("[data-ml-index]"), el => (el.getAttribute("aria-label") || el.textContent || el.tagName).trim().slice(0, 40));
}
"""

# Which sides of the element the ring shows on: pixels that change when the
# ring is taken away, counted in a band along each side of the element's box.
DECODE = """
async ([first, second, box]) => {
  const load = (src) => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
  const [a, b] = await Promise.all([load(first), load(second)]);
  const data = (img) => { const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
    const g = c.getContext("2d"); g.drawImage(img, 0, 0); return g.getImageData(0, 0, img.width, img.height).data; };
  const [p, q] = [data(a), data(b)];
  const [x0, y0, w, h] = box;
  const band = 7;
  const sides = {left: 0, right: 0, top: 0, bottom: 0};
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = (y * a.width + x) * 4;
      if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) <= 60) continue;
      if (x < x0 + band) sides.left++;
      if (x >= x0 + w - band) sides.right++;
      if (y < y0 + band) sides.top++;
      if (y >= y0 + h - band) sides.bottom++;
    }
  }
  return [sides.left / h, sides.right / h, sides.top / w, sides.bottom / w];
}
"""


SETTLE = """
async () => {
  for (let round = 0; round < 2; round++) {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    document.getAnimations().forEach(animation => animation.finish());
  }
}
"""


def _focus_info(page) -> dict | None:
    """The focused element once the theme has reacted to the focus and its transitions ended."""
    page.evaluate(SETTLE)
    return page.evaluate(FOCUS_INFO)


def _ring_sides(page, pixels, rect: list[float]) -> int:
    """On how many sides of the focused element its ring can be seen."""
    x, y, w, h = rect
    pad = 8
    viewport = page.viewport_size
    left, top = max(0, x - pad), max(0, y - pad)
    clip = {
        "x": left, "y": top,
        "width": max(1, min(viewport["width"], x + w + pad) - left),
        "height": max(1, min(viewport["height"], y + h + pad) - top),
    }
    with_ring = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("document.activeElement.setAttribute('data-ml-no-ring', '')")
    style = page.add_style_tag(content="[data-ml-no-ring] { outline-style: none !important; box-shadow: none !important; }")
    without = page.screenshot(clip=clip, animations="disabled")
    style.evaluate("node => node.remove()")
    page.evaluate("document.activeElement.removeAttribute('data-ml-no-ring')")
    urls = ["data:image/png;base64," + base64.b64encode(shot).decode() for shot in (with_ring, without)]
    box = [x - left, y - top, max(w, 1), max(h, 1)]
    # A side counts when changed pixels add up to half its length (a 3 px ring gives 3 times it).
    return sum(1 for share in pixels.evaluate(DECODE, [*urls, box]) if share >= 0.5)


def _tab_to(page, selector: str, limit: int) -> None:
    """Press Tab until the focus is on an element matching ``selector``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def _tab_through(page, pixels, limit: int = 200) -> list[dict]:
    """Press Tab until the focus leaves the page; check each stop's ring."""
    stops: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = _focus_info(page)
        if info is None:
            return stops
        info["sides_shown"] = _ring_sides(page, pixels, info["rect"])
        stops.append(info)
    raise AssertionError(f"the focus never left the page after {limit} presses of Tab")


def _focus_problems(stops: list[dict]) -> list[str]:
    problems = []
    for stop in stops:
        name = f"{stop['tag']} «{stop['text']}»"
        if not stop["visible"]:
            problems.append(f"{name}: focused but not visible ({stop['rect']})")
            continue
        if not (stop["ring"] or stop["shadow"]):
            problems.append(f"{name}: no outline or box-shadow when focused")
        if stop["ring"]:
            good = [c for c in stop["sides"] if c >= 3]
            if len(good) * 2 < len(stop["sides"]) or not stop["sides"]:
                problems.append(f"{name}: focus ring contrast {[round(c, 2) for c in stop['sides']]} (needs 3:1)")
        if stop["sides_shown"] < 3:
            problems.append(f"{name}: the focus ring shows on only {stop['sides_shown']} of its 4 sides")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_every_control_on_home_with_visible_focus(chromium, base_url: str, pixels, shots: Path, width: int) -> None:
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        controls = page.evaluate(MARK_TABBABLE)
        stops = _tab_through(page, pixels)
        assert stops and stops[0]["text"] == "Gå till innehållet", "the skip link must come first"
        problems = _focus_problems(stops)
        assert not problems, "\n".join(problems)
        reached = {int(stop["index"]) for stop in stops if stop["index"] is not None}
        missed = [label for i, label in enumerate(controls) if i not in reached]
        assert not missed, f"never reached by Tab: {missed}"
        if width < 960:
            assert any(stop["tag"] == "BUTTON" and stop["text"] == "Meny" for stop in stops)
            assert any(stop["tag"] == "A" and stop["text"] == "Sök" for stop in stops)
        else:
            assert any(stop["tag"] == "INPUT" for stop in stops)  # the search box
        # The skip link leads past the header and navigation, to the page's heading.
        page.goto(base_url + PAGES["lofte"], wait_until="load")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('article') !== null")
        first_link = page.evaluate("document.querySelector('article a[href]').textContent.trim()")
        assert page.evaluate("document.activeElement.textContent.trim()") == first_link
    finally:
        context.close()


def test_menu_drawer_works_by_keyboard_on_a_phone(chromium, base_url: str, pixels, shots: Path) -> None:
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    in_drawer = "document.querySelector('.md-sidebar--primary').contains(document.activeElement)"
    try:
        page.goto(base_url + PAGES["kommun"], wait_until="load")
        drawer = page.locator(".md-sidebar--primary")
        assert drawer.evaluate("el => getComputedStyle(el).visibility") == "hidden"
        menu = page.get_by_role("button", name="Meny")
        assert menu.get_attribute("aria-expanded") == "false"
        page.keyboard.press("Tab")  # skip link
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Meny"
        page.keyboard.press("Enter")
        assert menu.get_attribute("aria-expanded") == "true"
        until(page, in_drawer)
        until(page, DRAWER_IN)  # the drawer has slid in
        page.screenshot(path=shots / "meny-375.png")
        # Every stop in the drawer is visible with a ring; leaving the drawer closes it.
        stops = []
        for _ in range(60):
            page.keyboard.press("Tab")
            if not page.evaluate(in_drawer):
                break
            info = _focus_info(page)
            assert info is not None, "nothing has the focus"
            info["sides_shown"] = _ring_sides(page, pixels, info["rect"])
            stops.append(info)
        else:
            raise AssertionError("the focus never left the drawer")
        problems = _focus_problems(stops)
        assert not problems, "\n".join(problems)
        titles = [next(iter(entry)) for entry in CONFIG["nav"]]
        assert set(titles) <= {stop["text"] for stop in stops}, (titles, [stop["text"] for stop in stops])
        assert menu.get_attribute("aria-expanded") == "false"
        # A section of the menu opens as a panel; Escape goes back a level, then closes.
        menu.focus()
        page.keyboard.press("Enter")
        until(page, in_drawer)
        section = page.locator(".md-nav--primary label.md-nav__link[for^='__nav_']")
        if section.count():
            section.first.focus()
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            until(page, "document.activeElement.closest('.md-nav[data-md-level=\"1\"]') !== null")
            until(page, DRAWER_SETTLED)  # the panel has slid in, the ring's colour has changed
            info = _focus_info(page)
            assert info is not None, "nothing has the focus"
            info["sides_shown"] = _ring_sides(page, pixels, info["rect"])
            assert not _focus_problems([info])
            page.keyboard.press("Escape")
            assert page.evaluate("document.activeElement.matches('label.md-nav__link')")
            assert menu.get_attribute("aria-expanded") == "true"
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Meny"
        until(page, "getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden'")
    finally:
        context.close()


def test_single_key_shortcuts_are_off(chromium, base_url: str) -> None:
    """WCAG 2.1.4: the theme's one-letter shortcuts (s, f, / search; n, p page) must not fire."""
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url, wait_until="load")
        assert page.locator("link[rel=next]").count() == 1  # what "n" would follow
        page.evaluate("document.activeElement.blur()")
        # Every navigation the page starts (as "n" would, to link[rel=next]) is recorded
        # and stopped. The theme handles keys in its keydown listener, which has run
        # when press() returns, so nothing needs waiting for.
        page.evaluate("window.mlNavigations = []; navigation.addEventListener('navigate', "
                      "event => { window.mlNavigations.push(event.destination.url); event.preventDefault(); })")
        for key in ("s", "f", "/", "n", "."):
            page.keyboard.press(key)
        assert page.evaluate("window.mlNavigations") == []
        assert page.url == base_url
        assert not page.evaluate("document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement === document.body")
        page.focus(".ml-header-search__input")  # typing in the search box still works
        page.keyboard.type("sn/")
        assert page.input_value(".ml-header-search__input") == "sn/"
    finally:
        context.close()


def test_wide_table_scrolls_by_keyboard_on_a_phone(chromium, base_url: str, site: Path, pixels) -> None:
    """A table wider than a phone: its scrolling box takes the focus and has a name."""
    page_file = _file(site, PAGES["tillganglighet"])
    cells = "".join(f"<td>Kolumn{i}medettlångtordutanmellanrum</td>" for i in range(8))
    table = f"<table><thead><tr>{'<th>Rubrik</th>' * 8}</tr></thead><tbody><tr>{cells}</tr></tbody></table>"
    html = page_file.read_text(encoding="utf-8").replace('<h2 id="hur-tillganglig-ar-webbplatsen"', table + '<h2 id="hur-tillganglig-ar-webbplatsen"', 1)
    assert table in html
    target = site / "ml-test-tabell" / "index.html"
    target.parent.mkdir(exist_ok=True)
    target.write_text(html, encoding="utf-8")  # as deep as the statement: its links still work
    context = chromium.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    try:
        page.goto(base_url + "ml-test-tabell/", wait_until="load")
        wrap = page.locator(".md-typeset__scrollwrap").first
        wrap.wait_for()
        until(page, "document.querySelector('.md-typeset__scrollwrap').getAttribute('tabindex') === '0'")
        assert wrap.get_attribute("role") == "region" and wrap.get_attribute("aria-label")
        problems = _describe(_axe(page))
        assert not problems, problems
        _tab_to(page, ".md-typeset__scrollwrap", 30)
        info = _focus_info(page)
        assert info is not None, "nothing has the focus"
        info["sides_shown"] = _ring_sides(page, pixels, info["rect"])
        assert not _focus_problems([info])
        page.keyboard.press("ArrowRight")
        until(page, "document.querySelector('.md-typeset__scrollwrap').scrollLeft > 0")
    finally:
        context.close()
        target.unlink()
        target.parent.rmdir()  # the session's shared example site is as it was built


def test_nothing_scrolls_sideways_at_320_px(chromium, base_url: str, pages: dict[str, str]) -> None:
    context = chromium.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    wide = {}
    try:
        for name, address in pages.items():
            page.goto(base_url + address, wait_until="load")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide[name] = width
    finally:
        context.close()
    assert not wide, f"pages wider than 320 px: {wide}"


# ---------------------------------------------------------------- status and progress

CONTRAST = """
(selector) => Array.from(document.querySelectorAll(selector), el => {
  const parse = (text) => { const m = text.match(/rgba?\\(([^)]+)\\)/); const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
  const over = (top, under) => [0, 1, 2].map(i => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const background = (node) => {
    const chain = []; for (let n = node; n; n = n.parentElement) chain.unshift(n);
    let colour = [255, 255, 255, 1];
    for (const n of chain) { const c = parse(getComputedStyle(n).backgroundColor); if (c[3] > 0) colour = over(c, colour); }
    return colour;
  };
  const luminance = (c) => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const bg = background(el);
  const style = getComputedStyle(el);
  return {
    text: el.textContent.trim(), cls: el.className,
    text_contrast: ratio(over(parse(style.color), bg), bg),
    border_contrast: style.borderTopStyle === "none" ? null : ratio(over(parse(style.borderTopColor), background(el.parentElement)), background(el.parentElement)),
    fill_contrast: el.firstElementChild ? ratio(background(el.firstElementChild), bg) : null,
  };
})
"""


def test_status_badges_and_progress_carry_meaning_with_contrast(chromium, base_url: str, pages: dict[str, str]) -> None:
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    problems = []
    try:
        for name in ("kommun", "lofte"):
            page.goto(base_url + pages[name], wait_until="load")
            # Every status and badge the templates can print, not only those in the example.
            samples = "".join(f'<span class="ml-status ml-status--{key}">{label}</span> ' for key, label in STATUS.items())
            samples += '<span class="ml-badge ml-badge--draft">Utkast</span> <span class="ml-badge ml-badge--current">Gäller nu</span> <span class="ml-tag">ämne</span>'
            page.evaluate("html => document.querySelector('article').insertAdjacentHTML('beforeend', '<p>' + html + '</p>')", samples)
            for progress in page.locator(".ml-progress").all():
                assert progress.locator(".ml-progress__bar").count() in (0, 1)
                if progress.locator(".ml-progress__bar").count():
                    assert progress.locator(".ml-progress__bar").get_attribute("aria-hidden") == "true"
                assert re.search(r"Genomfört: \S", progress.locator(".ml-progress__text").text_content())
            for badge in page.locator("span.ml-status").all():  # the glance's counts ("5 klara") are li.ml-status
                assert badge.text_content().strip() in STATUS.values()
            for scheme in SCHEMES:
                page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
                for item in page.evaluate(CONTRAST, ".ml-status, .ml-badge, .ml-tag, .ml-progress__text, .ml-overdue"):
                    if item["text_contrast"] < 4.5:
                        problems.append(f"{name}/{scheme}: «{item['text']}» text {item['text_contrast']:.2f}:1")
                    if item["border_contrast"] is not None and item["cls"].startswith(("ml-status", "ml-badge")) and item["border_contrast"] < 3:
                        problems.append(f"{name}/{scheme}: «{item['text']}» border {item['border_contrast']:.2f}:1")
                for bar in page.evaluate(CONTRAST, ".ml-progress__bar"):
                    if bar["fill_contrast"] < 3 or bar["border_contrast"] < 3:
                        problems.append(f"{name}/{scheme}: progress bar fill {bar['fill_contrast']:.2f}:1, edge {bar['border_contrast']:.2f}:1")
        assert page.locator(".ml-progress__bar").count() > 0, "the example lost its progress bars"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- the accessibility statement


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_statement_settings_are_valid() -> None:
    assert STATEMENT["compliance"] in ("helt", "delvis", "inte")
    datetime.date.fromisoformat(str(STATEMENT["assessed"]))
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", STATEMENT["contact_email"])
    assert STATEMENT["organisation"].strip()
    assert {"Tillgänglighet": "tillganglighet.md"} in CONFIG["nav"]


def test_statement_says_what_digg_asks_for(site: Path) -> None:
    doc = lxml.html.fromstring(_file(site, PAGES["tillganglighet"]).read_bytes())
    article = doc.xpath("//article")[0]
    text = _text(article)
    assert _text(article.xpath(".//h1")[0]) == "Tillgänglighetsredogörelse"
    assert STATEMENT["organisation"] in text
    assert f"{CONFIG['site_name']}" in text
    mail = [a for a in article.iter("a") if a.get("href") == f"mailto:{STATEMENT['contact_email']}"]
    assert mail and _text(mail[0]) == STATEMENT["contact_email"]
    assert [a for a in article.iter("a") if a.get("href") == DIGG_REPORTING]
    words = {"helt": "helt förenlig", "delvis": "delvis förenlig", "inte": "inte förenlig"}
    assert words[STATEMENT["compliance"]] in text
    assert "2018:1937" in text
    for heading in ("Hur tillgänglig är webbplatsen?", "Innehåll som inte är tillgängligt", "Tillsyn", "Hur vi testat webbplatsen"):
        assert heading in [_text(h) for h in article.xpath(".//h2")], heading
    assert "självskattning" in text and "axe-core" in text and "Chromium" in text
    day = datetime.date.fromisoformat(str(STATEMENT["assessed"]))
    times = article.xpath(".//time")
    assert times and times[0].get("datetime") == day.isoformat()
    assert str(day.year) in _text(times[0]) and str(day.day) in _text(times[0])


def test_every_page_links_the_statement_from_its_footer(site: Path) -> None:
    statement = "https://example.org/tillganglighet/"
    missing = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel.startswith("ml-test-"):
            continue
        if rel.endswith("/widget/index.html"):
            continue  # the widget lives inside another site's page, under that site's statement
        here = "https://example.org/" + rel
        footer = lxml.html.fromstring(file.read_bytes()).xpath("//footer")
        hrefs = [urljoin(here, a.get("href", "")) for a in footer[0].iter("a")] if footer else []
        if statement not in hrefs and "https://example.org/tillganglighet/index.html" not in hrefs:
            missing.append(rel)
    assert not missing, f"pages without the statement in the footer: {missing}"


def test_statement_escapes_its_settings(tmp_path: Path) -> None:
    """Settings go through `| e`; a date written without quotes works too."""
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^(\s+organisation:).*$", r'\1 "Kommun <b>&</b> \\"Polis\\""', config)
    config = re.sub(r"(?m)^(\s+contact_email:).*$", r'\1 "a&b@example.se"', config)
    config = re.sub(r"(?m)^(\s+assessed:).*$", r"\1 2023-11-05", config)
    config = re.sub(r"(?m)^(\s+compliance:).*$", r"\1 helt", config)
    project = make_project(tmp_path / "project", {"mkdocs.yml": config})
    build = run_mkdocs(project, tmp_path / "site")
    assert build.returncode == 0, build.log
    raw = build.path("tillganglighet/").read_text(encoding="utf-8")
    assert "<b>" not in raw.split('<article', 1)[1]
    assert "Kommun &lt;b&gt;&amp;&lt;/b&gt; &#34;Polis&#34;" in raw or "Kommun &lt;b&gt;&amp;&lt;/b&gt; &quot;Polis&quot;" in raw
    assert 'href="mailto:a&amp;b@example.se"' in raw
    text = _text(lxml.html.fromstring(raw).xpath("//article")[0])
    assert "helt förenlig" in text and "delvis" not in text
    assert "5 november 2023" in text


# ---------------------------------------------------------------- layout: tables, code, the sidebar's arrow

# Each table in the article: the article column's edges, every cell's box and
# whether the cell's middle can be seen there (not scrolled out or clipped).
TABLE_CELLS = """
() => {
  const column = document.querySelector('article').getBoundingClientRect();
  return Array.from(document.querySelectorAll('article table'), table => {
    const wrap = table.closest('.md-typeset__scrollwrap');
    const cells = Array.from(table.querySelectorAll('th, td'), cell => {
      cell.scrollIntoView({block: 'center', inline: 'nearest'});
      const r = cell.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {text: cell.textContent.trim().slice(0, 20), left: r.left, right: r.right, seen: !!hit && cell.contains(hit)};
    });
    return {column: [column.left, column.right], scrolls: !!wrap && wrap.scrollWidth > wrap.clientWidth + 1,
            scroll_x: wrap ? wrap.scrollLeft : 0, cells};
  });
}
"""


def test_evaluation_tables_fit_a_computer_screen(chromium, base_url: str, site: Path) -> None:
    """At 1366 px every column of every evaluation's tables ("Andel" and "Status"
    too) is inside the article's column and can be seen without scrolling sideways."""
    evaluations = [address for address in _every_page(site) if re.fullmatch(r"loften/[^/]+/utvardering/", address)]
    assert len(evaluations) >= 5, evaluations  # one a promise of the example
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    problems = []
    tables = 0
    try:
        for address in evaluations:
            page.goto(base_url + address, wait_until="load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 1366, address
            for table in page.evaluate(TABLE_CELLS):
                tables += 1
                left, right = table["column"]
                headers = [cell["text"] for cell in table["cells"]]
                if table["scrolls"] or table["scroll_x"]:
                    problems.append(f"{address}: the table {headers[:6]} scrolls sideways")
                for cell in table["cells"]:
                    if cell["left"] < left - 0.5 or cell["right"] > right + 0.5 or not cell["seen"]:
                        problems.append(f"{address}: «{cell['text']}» at {cell['left']:.0f}–{cell['right']:.0f} px, "
                                        f"the column is {left:.0f}–{right:.0f} px{'' if cell['seen'] else ', hidden'}")
    finally:
        context.close()
    assert tables >= len(evaluations), "the evaluations lost their tables"
    assert not problems, "\n".join(problems)


def test_code_blocks_wrap_or_scroll_by_keyboard_on_a_phone(chromium, base_url: str, site: Path, pixels) -> None:
    """At 375 px the writer's guide's messages and commands wrap (nothing to
    scroll); YAML keeps its lines, and a YAML block that scrolls is a keyboard
    stop with a name and a visible ring, and the arrow keys scroll it."""
    guide = [address for address in _every_page(site) if address.startswith("skrivhandledning/")]
    assert len(guide) >= 7, guide
    context = chromium.new_context(viewport={"width": 375, "height": 667})
    page = context.new_page()
    scrolling_yaml = None
    try:
        for address in guide:
            page.goto(base_url + address, wait_until="load")
            wide = page.evaluate("Array.from(document.querySelectorAll('pre > code:not(.language-yaml)'))"
                                 ".filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent.slice(0, 40))")
            assert not wide, f"{address}: code that scrolls sideways instead of wrapping: {wide}"
            if scrolling_yaml is None and page.evaluate(
                    "Array.from(document.querySelectorAll('pre > code.language-yaml')).some(c => c.scrollWidth > c.clientWidth + 1)"):
                scrolling_yaml = address
        assert scrolling_yaml, "no YAML block in the guide is wider than a phone: the keyboard part tests nothing"
        page.goto(base_url + scrolling_yaml, wait_until="load")
        _tab_to(page, "pre > code.language-yaml", 150)
        block = page.evaluate("({name: document.activeElement.getAttribute('aria-label'), role: document.activeElement.getAttribute('role'),"
                              " wide: document.activeElement.scrollWidth > document.activeElement.clientWidth + 1})")
        assert block["wide"], "the focus stopped on a YAML block that does not scroll"
        assert block["role"] == "region" and block["name"].startswith("Kodexempel"), block
        info = _focus_info(page)
        assert info is not None, "nothing has the focus"
        info["sides_shown"] = _ring_sides(page, pixels, info["rect"])
        assert not _focus_problems([info])
        page.keyboard.press("ArrowRight")
        until(page, "document.activeElement.scrollLeft > 0")
    finally:
        context.close()


# The arrow of each section in the sidebar, and the end of its name.
SECTION_ARROWS = """
() => Array.from(document.querySelectorAll('.md-sidebar--primary .md-nav__link .md-nav__icon'))
  .filter(icon => icon.getClientRects().length && getComputedStyle(icon).visibility === 'visible')
  .map(icon => {
    const name = icon.parentElement.querySelector('.md-ellipsis').getBoundingClientRect();
    const arrow = icon.getBoundingClientRect();
    return {name: icon.parentElement.textContent.trim(), name_right: name.right, arrow_left: arrow.left,
            content_left: document.querySelector('article').getBoundingClientRect().left};
  })
"""


@pytest.mark.parametrize("name", ["uppfoljning-med-bild", "lofte", "start"])
def test_no_stray_arrow_beside_the_content(chromium, base_url: str, pages: dict[str, str], name: str) -> None:
    """At 1366 px a section's arrow in the sidebar (such as "Skrivhandledning ›") follows
    its name; at the sidebar's edge it stood just left of the content, a "›"
    that seemed to belong to the page."""
    context = chromium.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(base_url + pages[name], wait_until="load")
        arrows = page.evaluate(SECTION_ARROWS)
    finally:
        context.close()
    # The example's menu has no section since the writer's guide left it (a site
    # may add one): then no arrow at all, else each follows its name.
    sections = [entry for entry in CONFIG["nav"] if isinstance(next(iter(entry.values())), list)]
    assert bool(arrows) == bool(sections), (arrows, sections)
    for arrow in arrows:
        assert arrow["arrow_left"] - arrow["name_right"] <= 12, arrow
        assert arrow["content_left"] - arrow["arrow_left"] >= 60, arrow


def test_feed_links_stay_and_fetch_no_sitemap(chromium, base_url: str, site: Path, pages: dict[str, str]) -> None:
    """A promise's and a municipality's page link their feeds (feed readers and
    browser extensions find them) and the theme fetches no sitemap.xml beside them."""
    context = chromium.new_context(viewport={"width": 375, "height": 667})
    requested: list[str] = []
    context.on("request", lambda request: requested.append(urlsplit(request.url).path))
    page = context.new_page()
    try:
        for name in ("lofte", "kommun", "start"):
            sent = lxml.html.fromstring(_file(site, pages[name]).read_bytes()).xpath(
                "//head/link[@rel='alternate'][@type='application/rss+xml']/@href")
            page.goto(base_url + pages[name], wait_until="networkidle")
            live = page.evaluate("Array.from(document.querySelectorAll('link[rel=\"alternate\"][type=\"application/rss+xml\"]'),"
                                 " link => link.getAttribute('href'))")
            assert live == sent and sent, (name, live, sent)
    finally:
        context.close()
    assert not [path for path in requested if path.endswith("sitemap.xml")], requested
