"""End-to-end: real `mkdocs build` runs on small content sets; assertions on the
written site/ only (HTML pages, search index, build log).

Build date for every scenario: SOURCE_DATE_EPOCH = 2024-07-01 12:00 UTC
(14:00 in Stockholm). See e2e_support.py for the content sets.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from citizen_promises.search_index import Stems
from e2e_support import (
    ALINGSAS_EXPECTED,
    HIDDEN,
    PUBLISHED,
    SITE_NAME,
    STATUS_LABELS,
    SWEDISH_ORDER,
    XSS_TITLE,
    build_bundled,
    built,
    content,
    front,
    links,
    promise,
    run_mkdocs,
    series_build,
    site_relative,
    text,
    update,
)

MONTHS = "januari februari mars april maj juni juli augusti september oktober november december".split()


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    build, urls = series_build(55, tmp_path_factory)
    assert build.returncode == 0, build.log
    return build, urls


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    build, urls = series_build(2, tmp_path_factory)
    assert build.returncode == 0, build.log
    return build, urls


def ids(items):
    return [item.path.removeprefix("updates/") for item in items]


# ------------------------------------------------------------ 1. every published update appears


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_has_its_own_page_at_its_local_month_address(main, item):
    assert main.exists(item.url), f"no page at /{item.url}"
    headings = [text(h) for h in content(main.html(item.url)).iter("h1")]
    assert item.title in headings


def test_update_at_2330_utc_on_31_january_is_filed_under_february(main):
    # 2024-01-31T23:30:00Z is 00:30 on 1 February in Stockholm.
    assert main.exists("kommuner/alingsas/2024/02/natt/")
    assert not main.exists("kommuner/alingsas/2024/01/natt/")


def timeline_links(build) -> list[str]:
    return [target for url in build.timeline_urls() for target in links(build, url)]


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_is_in_the_timeline(main, item):
    assert item.url in timeline_links(main)


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_is_on_its_municipality_page(main, item):
    assert item.url in links(main, f"kommuner/{item.municipality}/")


@pytest.mark.parametrize("item", PUBLISHED, ids=ids(PUBLISHED))
def test_published_update_is_on_its_promise_page(main, item):
    assert item.url in links(main, f"loften/{item.promise}/")


def test_timeline_is_newest_first_across_its_pages(many):
    build, boras = many
    assert build.exists("uppdateringar/sida/2/"), "56 updates need a second timeline page"
    update_links = [t for t in timeline_links(build) if re.match(r"kommuner/[^/]+/\d{4}/\d{2}/[^/]+/$", t)]
    expected = [*boras, "kommuner/molndal/2024/02/gammal/"]
    assert list(dict.fromkeys(update_links)) == expected


def test_municipality_page_lists_its_latest_updates(many):
    build, boras = many
    on_page = links(build, "kommuner/boras/")
    assert boras[0] in on_page and boras[1] in on_page


# ------------------------------------------------------------ 2. drafts and future updates appear nowhere


@pytest.mark.parametrize("path, title, url, word", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_draft_or_future_update_has_no_page(main, path, title, url, word):
    slug = url.rstrip("/").rsplit("/", 1)[1]
    assert not main.exists(url)
    assert not [p for p in main.site_dir.rglob(slug) if p.is_dir()], f"a folder named {slug} was published"


@pytest.mark.parametrize("path, title, url, word", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_draft_or_future_update_is_in_no_page_or_listing(main, path, title, url, word):
    for file in main.html_files():
        page = main.url_of(file)
        raw = file.read_text(encoding="utf-8")
        assert title not in raw, f"{title!r} on /{page}"
        assert word not in raw, f"{word!r} on /{page}"
        assert url not in links(main, page, main_only=False), f"/{page} links to /{url}"


@pytest.mark.parametrize("path, title, url, word", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_draft_or_future_update_is_not_in_the_search_index(main, path, title, url, word):
    documents = main.search_documents()
    locations = [doc["url"] for doc in documents]
    assert not [loc for loc in locations if loc.startswith("/" + url)]
    dumped = "".join(f.read_text(encoding="utf-8") for f in sorted((main.site_dir / "sokindex").rglob("*.json")))
    assert title not in dumped
    stem = Stems()(word.lower())
    assert not [doc["url"] for doc in documents if stem in doc["stems"]], f"the stem of {word} is in the index"
    # and the search index does carry the published ones
    assert "/kommuner/alingsas/2024/03/mars/" in locations


@pytest.mark.parametrize("path, title, url, word", HIDDEN, ids=[h[0] for h in HIDDEN])
def test_build_log_names_draft_or_future_update_as_info_notice(main, path, title, url, word):
    lines = main.lines_naming(path)
    assert lines, f"the build log does not name {path}"
    assert all(line.startswith("INFO") for line in lines), lines


def test_draft_and_future_progress_is_not_counted(main):
    # Covered per commitment below; here the single most telling number:
    # the draft's 3 would turn "2 av 5" into "5 av 5".
    article = text(content(main.html("loften/alingsas-2024/")))
    assert "2 av 5 trygghetsvandringar" in article
    assert "5 av 5 trygghetsvandringar" not in article


# ------------------------------------------------------------ 3. hostile title


def test_hostile_title_is_never_markup_in_any_page(main):
    for file in main.html_files():
        raw = file.read_bytes()
        assert b"<script>alert" not in raw, f"unescaped title in {file.relative_to(main.site_dir)}"
    # The search index holds the title as plain text (JSON data, not HTML);
    # the search page prints it as text: tests/test_search_browser.py.
    [record] = [doc for doc in main.search_documents() if doc["url"] == "/kommuner/ystad/2024/04/kvall/"]
    assert record["title"] == XSS_TITLE
    assert {"trygg", "ordning", "torget", "script", "alert"} <= record["stems"]


def test_hostile_title_round_trips_in_title_and_h1(main):
    doc = main.html("kommuner/ystad/2024/04/kvall/")
    assert doc.findtext(".//title").strip() == f"{XSS_TITLE} - {SITE_NAME}"
    assert [text(h) for h in content(doc).iter("h1")] == [XSS_TITLE]


@pytest.mark.parametrize("listing", ["uppdateringar/", "kommuner/ystad/", "loften/ystad-2024/"])
def test_hostile_title_round_trips_in_listings(main, listing):
    doc = main.html(listing)
    names = [text(a) for a in content(doc).iter("a") if a.get("href") and site_relative(a.get("href"), listing) == "kommuner/ystad/2024/04/kvall/"]
    assert XSS_TITLE in names


# ------------------------------------------------------------ 6. Swedish alphabetical order


def test_municipalities_page_lists_municipalities_in_swedish_order(main):
    wanted = {f"kommuner/{slug}/": name for name, slug in SWEDISH_ORDER}
    doc = main.html("kommuner/")
    shown = []
    for a in content(doc).iter("a"):
        target = site_relative(a.get("href") or "", "kommuner/")
        if target in wanted and target not in [t for t, _ in shown]:
            shown.append((target, text(a)))
    assert [name for _, name in shown] == [name for name, _ in SWEDISH_ORDER]


# ------------------------------------------------------------ 7. progress and status


def commitment_block(doc, commitment_text: str, others: list[str]):
    """The smallest element around a commitment's text that also holds a status label."""
    hits = [e for e in content(doc).iter() if isinstance(e.tag, str) and text(e) == commitment_text]
    assert hits, f"{commitment_text!r} is not on the page"
    element = hits[0]
    while element is not None and not any(label in text(element) for label in STATUS_LABELS):
        element = element.getparent()
    assert element is not None, f"no status next to {commitment_text!r}"
    block = text(element)
    assert not [o for o in others if o != commitment_text and o in block], "status block spans several commitments"
    return block


@pytest.mark.parametrize("page", ["loften/alingsas-2024/", "kommuner/alingsas/"])
@pytest.mark.parametrize("commitment", list(ALINGSAS_EXPECTED), ids=["insatser-klar", "vandringar-pagar", "belysning-planerad", "samverkan-pausad", "kameror-explicit-pagar"])
def test_commitment_shows_published_progress_and_status(main, page, commitment):
    progress, status = ALINGSAS_EXPECTED[commitment]
    block = commitment_block(main.html(page), commitment, list(ALINGSAS_EXPECTED))
    assert progress in block
    shown = [label for label in STATUS_LABELS if re.search(rf"\b{label}\b", block)]
    assert shown == [status], f"{commitment!r}: expected {status}, block says {block!r}"


# ------------------------------------------------------------ 8. reproducible


def test_same_content_and_build_date_give_byte_identical_sites_in_any_render_order(main, tmp_path_factory):
    """Built again with a hook that makes MkDocs render every page in reverse
    order: the same bytes, but for the sitemap, which lists pages in MkDocs'
    own order (the same addresses)."""
    project = tmp_path_factory.mktemp("reversed")
    shutil.copytree(main.project, project, dirs_exist_ok=True, ignore=shutil.ignore_patterns("site*"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    hook = Path(__file__).parent / "hooks_for_tests" / "reverse_render_order.py"
    assert "  - hooks/mkdocs_adapter.py\n" in config
    (project / "mkdocs.yml").write_text(config.replace("  - hooks/mkdocs_adapter.py\n", f"  - hooks/mkdocs_adapter.py\n  - {hook}\n"), encoding="utf-8")
    again = run_mkdocs(project, tmp_path_factory.mktemp("site-reversed") / "site", strict=True)
    assert again.returncode == 0, again.log

    def tree(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    first, second = tree(main.site_dir), tree(again.site_dir)
    assert sorted(first) == sorted(second)
    assert {"sitemap.xml.gz", "sokindex/index.json", "feed.xml"} <= set(first)
    assert any(path.startswith("sokindex/ord/") for path in first)
    differing = [path for path in first if first[path] != second[path]]
    assert sorted(differing) == ["sitemap.xml", "sitemap.xml.gz"]
    locations = [sorted(re.findall(rb"<loc>(.*?)</loc>", tree_[name])) for tree_ in (first, second) for name in ["sitemap.xml"]]
    assert locations[0] == locations[1] and len(locations[0]) > 50


# ------------------------------------------------------------ 9. errors and warnings

NASSJO = front(
    {
        "municipality": "Nässjö",
        "valid_from": "2019-04-25",
        "valid_until": "2020-12-31",
        "commitments": [{"id": "insatser-runneryd", "text": "Femton insatser i Runneryd.", "by": "polisen", "target": 15, "unit": "insatser"}],
    },
    "Bakgrund.",
)

ERRORS = {
    "promises/nassjo-2019-2020.md": NASSJO,
    "promises/ystad-2024.md": promise("Ystad"),
    "promises/eksjo-2024.md": front(
        {"municipality": "Eksjö", "valid_until": "2024-12-31", "commitments": [{"id": "a", "text": "Något.", "by": "polisen"}]}
    ),
    "updates/nassjo/2019-11-30-fel-lofte.md": update("Fel löfte", "2019-11-30", "nasjo-2019-2020"),
    "updates/nassjo/2019-12-01-fel-datum.md": "---\ntitle: Fel datum\ndate: 2025-13-01\npromise: nassjo-2019-2020\n---\nText.\n",
    "updates/nassjo/2019-12-02-fel-atagande.md": update(
        "Fel åtagande", "2019-12-02", "nassjo-2019-2020", progress={"trygghetsvandringar": 2}
    ),
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    return built("errors", ERRORS, tmp_path_factory, strict=False)


def error_lines_naming(build, path):
    return [line for line in build.lines_naming(path) if line.startswith("ERROR")]


def test_content_errors_fail_the_build_without_strict(broken):
    assert broken.returncode != 0


@pytest.mark.parametrize(
    "path, words",
    [
        ("promises/eksjo-2024.md", ["valid_from"]),
        ("updates/nassjo/2019-11-30-fel-lofte.md", ["promise", "nasjo-2019-2020", "nassjo-2019-2020"]),
        ("updates/nassjo/2019-12-01-fel-datum.md", ["date", "2025-13-01"]),
        ("updates/nassjo/2019-12-02-fel-atagande.md", ["progress", "trygghetsvandringar"]),
    ],
    ids=["missing-valid-from", "unknown-promise-suggests-closest", "impossible-date", "unknown-commitment"],
)
def test_every_error_is_reported_with_file_and_field(broken, path, words):
    lines = error_lines_naming(broken, path)
    assert lines, f"no ERROR line names {path}:\n{broken.log}"
    for word in words:
        assert any(word in line for line in lines), f"{word!r} not in the errors for {path}: {lines}"


def test_unknown_promise_id_suggests_the_closest_ids_not_every_id(broken):
    lines = error_lines_naming(broken, "updates/nassjo/2019-11-30-fel-lofte.md")
    assert any("nassjo-2019-2020" in line for line in lines), broken.stderr
    assert not any("ystad-2024" in line for line in lines), lines


WARNINGS = {
    "promises/nassjo-2019-2020.md": NASSJO,
    # before valid_from 2019-04-25: published, with a warning
    "updates/nassjo/2019-01-10-tidig.md": update("Tidig uppföljning", "2019-01-10", "nassjo-2019-2020"),
    "updates/nassjo/2019-06-01-stavfel.md": update(
        "Stavfel i fältnamn", "2019-06-01", "nassjo-2019-2020", progres={"insatser-runneryd": 2}
    ),
}


@pytest.fixture(scope="module")
def warned(tmp_path_factory):
    return built("warnings", WARNINGS, tmp_path_factory, strict=False)


@pytest.fixture(scope="module")
def warned_strict(tmp_path_factory):
    return built("warnings", WARNINGS, tmp_path_factory, strict=True)


def test_warnings_do_not_fail_a_build_without_strict(warned):
    assert warned.returncode == 0, warned.log
    assert warned.exists("kommuner/nassjo/2019/01/tidig/"), "an early update is still published"
    assert warned.exists("kommuner/nassjo/2019/06/stavfel/")


def test_warnings_fail_a_strict_build(warned_strict):
    assert warned_strict.returncode != 0


def test_early_update_is_named_in_a_warning(warned):
    lines = [line for line in warned.lines_naming("updates/nassjo/2019-01-10-tidig.md") if line.startswith("WARNING")]
    assert lines and any("date" in line for line in lines), warned.log


def test_unknown_key_warning_names_the_closest_known_key(warned):
    lines = [line for line in warned.lines_naming("updates/nassjo/2019-06-01-stavfel.md") if line.startswith("WARNING")]
    assert lines, warned.log
    assert any("progres" in line and re.search(r"\bprogress\b", line) for line in lines), lines


# ------------------------------------------------------------ 10. language and feed links on every page


def test_every_page_is_swedish_and_links_the_national_feed(main):
    pages = list(main.html_files())
    assert len(pages) > 20
    for file in pages:
        page = main.url_of(file)
        if page == "admin/":
            continue  # the browser editor: Decap's page, not one of the site's (tests/test_editor.py)
        doc = main.html(page)
        assert doc.get("lang") == "sv", f"/{page}"
        feeds = [site_relative(link.get("href"), page) for link in doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")]
        assert "feed.xml" in feeds, f"/{page} has no alternate link to the national feed"


@pytest.mark.parametrize("slug", [slug for _, slug in SWEDISH_ORDER])
def test_municipality_page_links_its_own_feed(main, slug):
    page = f"kommuner/{slug}/"
    doc = main.html(page)
    feeds = [site_relative(link.get("href"), page) for link in doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']")]
    assert f"kommuner/{slug}/feed.xml" in feeds
    assert "feed.xml" in feeds
    assert main.exists(f"kommuner/{slug}/feed.xml")


# ------------------------------------------------------------ 11. generated pages stay out of the nav


def nav_links(build, page):
    return build.html(page).xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' md-nav__link ')]")


def test_update_pages_do_not_grow_the_navigation(many, two):
    (big, big_urls), (small, small_urls) = many, two
    # the same kind of page in both: the oldest Borås update
    assert len(nav_links(big, big_urls[-1])) == len(nav_links(small, small_urls[-1]))
    assert len(nav_links(big, "uppdateringar/")) == len(nav_links(small, "uppdateringar/"))
    assert len(nav_links(big, "kommuner/boras/")) == len(nav_links(small, "kommuner/boras/"))


# ------------------------------------------------------------ 12. Swedish dates


def test_update_page_shows_its_date_in_swedish(main):
    assert "15 mars 2024" in text(content(main.html("kommuner/alingsas/2024/03/mars/")))


def month_of_each_link(build, page):
    """Update address -> the month heading it is listed under (lower case)."""
    pattern = re.compile(rf"^({'|'.join(MONTHS)}) \d{{4}}$", re.IGNORECASE)
    result, heading = {}, None
    for element in content(build.html(page)).iter():
        if not isinstance(element.tag, str):
            continue
        if re.fullmatch(r"h[1-6]", element.tag) and pattern.match(text(element)):
            heading = text(element).lower()
        elif element.tag == "a" and element.get("href"):
            result.setdefault(site_relative(element.get("href"), page), heading)
    return result


def test_timeline_groups_updates_under_swedish_month_headings(main):
    months = month_of_each_link(main, "uppdateringar/")
    assert months.get("kommuner/alingsas/2024/03/mars/") == "mars 2024"
    assert months.get("kommuner/alingsas/2024/01/vinterrapport/") == "januari 2024"
    # grouped by the Stockholm month, like the address
    assert months.get("kommuner/alingsas/2024/02/natt/") == "februari 2024"
    assert months.get("kommuner/are/2024/06/sommar/") == "juni 2024"


# ------------------------------------------------------------ 13. byte-order mark


def test_files_starting_with_a_byte_order_mark_build(main):
    assert main.exists("kommuner/angelholm/2024/02/bom/")
    assert "Byte-ordningsmärke i Ängelholm" in text(content(main.html("kommuner/angelholm/2024/02/bom/")))
    # a promise file with a BOM, too
    assert main.exists("loften/are-2024/")
    assert "Åre" in text(content(main.html("loften/are-2024/")))


# ------------------------------------------------------------ 14. address collisions

CLASH = {
    "promises/eda-2024.md": promise("Eda"),
    "updates/eda/2024-05-01-mote.md": update("Möte", "2024-05-01", "eda-2024"),
    "updates/eda/extra/2024-05-20-mote.md": update("Ett annat möte", "2024-05-20", "eda-2024"),
    # drafts count when addresses are compared
    "updates/eda/2024-06-01-sommar.md": update("Sommar", "2024-06-01", "eda-2024"),
    "updates/eda/2024-06-10-sommar.md": update("Sommarutkast", "2024-06-10", "eda-2024", draft=True),
}


@pytest.fixture(scope="module")
def clash(tmp_path_factory):
    return built("clash", CLASH, tmp_path_factory, strict=False)


@pytest.mark.parametrize(
    "first, second",
    [
        ("updates/eda/2024-05-01-mote.md", "updates/eda/extra/2024-05-20-mote.md"),
        ("updates/eda/2024-06-01-sommar.md", "updates/eda/2024-06-10-sommar.md"),
    ],
    ids=["same-month-same-slug", "with-a-draft"],
)
def test_two_updates_with_one_address_fail_naming_both_files(clash, first, second):
    assert clash.returncode != 0
    errors = [line for line in clash.log.splitlines() if line.startswith("ERROR")]
    assert any(first in line and second in line for line in errors), clash.log


HABO = {
    "promises/habo-2024.md": promise("Habo"),
    "promises/haabo-2024.md": promise("Håbo"),
    "updates/habo/2024-03-01-mote.md": update("Möte i Habo", "2024-03-01", "habo-2024"),
    "updates/haabo/2024-03-01-mote.md": update("Möte i Håbo", "2024-03-01", "haabo-2024"),
}


@pytest.fixture(scope="module")
def habo_clash(tmp_path_factory):
    return built("habo-clash", HABO, tmp_path_factory, strict=False)


@pytest.fixture(scope="module")
def habo_fixed(tmp_path_factory):
    files = {**HABO, "promises/haabo-2024.md": promise("Håbo", municipality_slug="haabo")}
    return built("habo-fixed", files, tmp_path_factory, strict=True)


def test_two_municipalities_with_one_slug_fail_naming_both_files_and_the_field(habo_clash):
    assert habo_clash.returncode != 0
    errors = "\n".join(line for line in habo_clash.log.splitlines() if line.startswith("ERROR"))
    assert "promises/habo-2024.md" in errors and "promises/haabo-2024.md" in errors, habo_clash.log
    assert "municipality_slug" in errors


def test_municipality_slug_separates_habo_and_haabo(habo_fixed):
    assert habo_fixed.returncode == 0, habo_fixed.log
    assert text(content(habo_fixed.html("kommuner/habo/"))).startswith("Habo")
    assert text(content(habo_fixed.html("kommuner/haabo/"))).startswith("Håbo")
    # updates of different municipalities never collide
    assert habo_fixed.exists("kommuner/habo/2024/03/mote/")
    assert habo_fixed.exists("kommuner/haabo/2024/03/mote/")
    assert habo_fixed.exists("kommuner/haabo/feed.xml")


# ------------------------------------------------------------ 15. site search


def test_build_writes_the_search_index_and_no_lunr_index(main):
    index = main.site_dir / "sokindex"
    manifest = json.loads((index / "index.json").read_text(encoding="utf-8"))
    assert manifest["format"] == 1 and manifest["pages"] == len(main.search_documents()) > 0
    assert manifest["shards"] == sorted(manifest["shards"])
    assert sorted(p.name for p in (index / "ord").iterdir()) == sorted(f"{n}.json" for n in range(len(manifest["shards"])))
    assert (index / "kommuner" / "alingsas.json").is_file()  # the municipality filter
    assert not (main.site_dir / "search").exists(), "Material's search index is still written"
    assert main.exists("sok/")


def test_search_indexes_updates_promises_and_municipalities_not_lists(main):
    documents = {doc["url"]: doc for doc in main.search_documents()}
    for item in PUBLISHED:
        assert documents["/" + item.url]["title"] == item.title
        assert documents["/" + item.url]["kind"] == "Uppföljning"
    for url, kind in (("/kommuner/alingsas/2024/03/mars/", "Uppföljning"), ("/loften/alingsas-2024/", "Medborgarlöfte"),
                      ("/kommuner/alingsas/", "Kommun")):
        assert (documents[url]["kind"], documents[url]["municipality"]) == (kind, "Alingsås"), url
    # The filter: the pages about Alingsås, and only those.
    gaps = json.loads((main.site_dir / "sokindex" / "kommuner" / "alingsas.json").read_text(encoding="utf-8"))
    numbers = [sum(gaps[: i + 1]) for i in range(len(gaps))]
    urls = list(documents)
    assert {urls[n] for n in numbers} == {url for url, doc in documents.items() if doc["municipality"] == "Alingsås"}
    # Lists of other pages, and evaluations that repeat their promise, are not searched.
    listed = [url for url in documents if url.startswith("/uppdateringar/") or url.endswith("/utvardering/")
              or url in ("/kommuner/", "/sok/", "/404.html")]
    assert listed == []
    assert "nattinsat" in documents["/kommuner/alingsas/2024/02/natt/"]["stems"]
    for url in ("/", "/kommuner/alingsas/", "/loften/alingsas-2024/"):
        assert "nattinsat" not in documents[url]["stems"], f"{url} indexes its list of updates"
    # Only the content: no header, navigation, footer or share links.
    page = documents["/kommuner/alingsas/2024/03/mars/"]["stems"]
    assert {"samverkan", "paus"} <= page
    for chrome in ("skrivhandledning", "tillgänglighetsredogör", "prenumerer", "facebook", "linkedin"):
        assert chrome not in page, chrome


# ------------------------------------------------------------ the bundled example content


def test_bundled_example_content_builds_strict_without_warnings(tmp_path):
    build = build_bundled(tmp_path)
    assert build.returncode == 0, build.log
    assert build.warning_lines() == []
    assert build.exists("feed.xml") and build.exists("kommuner/")
