"""Pages in lättläst and other languages, end to end: a corpus with translations
in five languages (lättläst, English, Finnish, Arabic, and Somali, which has no
catalog of the site's words) goes through a real `mkdocs build`, and the
pages are read back. Expected values are written out from the content."""

from __future__ import annotations

import pytest

from e2e_support import Build, front, make_project, promise, run_mkdocs, site_relative, text, update

COMMITMENTS: list[dict] = [
    {"id": "insatser", "text": "Polisen gör riktade insatser i centrum.", "by": "polisen", "target": 15, "unit": "insatser", "unit_singular": "insats", "area": "Centrum"},
    {"id": "vandringar", "text": "Kommunen ordnar trygghetsvandringar.", "by": "kommunen", "area": "Centrum"},
]
FILES = {
    "promises/vaxjo-2024.md": promise("Växjö", COMMITMENTS, follow_up="monthly"),
    "promises/alvesta-2024.md": promise("Alvesta"),
    "updates/vaxjo/2024-03-15-mars.md": update("Insatser i mars", "2024-03-15", "vaxjo-2024", progress={"insatser": 9}),
    "updates/vaxjo/2024-05-20-maj.md": update("Vandring i maj", "2024-05-20", "vaxjo-2024"),
    "updates/alvesta/2024-04-02-april.md": update("April i Alvesta", "2024-04-02", "alvesta-2024"),
    # Translations: only words.
    "promises/vaxjo-2024.en.md": front(
        {"title": "Citizen promise in Växjö 2024", "commitments": {"insatser": "The police carry out targeted operations in the centre."},
         "areas": {"Centrum": "City centre"}},
        "The police and the municipality promise a safer centre.",
    ),
    "promises/vaxjo-2024.lattlast.md": front(
        {"title": "Löftet i Växjö 2024", "commitments": {"insatser": "Polisen är i centrum.", "vandringar": "Vi går runt i centrum."}},
        "Polisen och kommunen lovar att göra centrum tryggare.",
    ),
    "updates/vaxjo/2024-03-15-mars.en.md": front({"title": "Operations in March"}, "Nine operations so far."),
    "updates/vaxjo/2024-03-15-mars.ar.md": front({"title": "عمليات في مارس"}, "تسع عمليات حتى الآن."),
    "updates/vaxjo/2024-03-15-mars.fi.md": front({"title": "Toimia maaliskuussa"}, "Yhdeksän tointa tähän mennessä."),
    "updates/vaxjo/2024-03-15-mars.so.md": front({"title": "Hawlgallo bishii Maarso"}, "Sagaal hawlgal ilaa hadda."),
}

SV_PROMISE = "loften/vaxjo-2024/"
SV_UPDATE = "kommuner/vaxjo/2024/03/mars/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = make_project(tmp_path_factory.mktemp("project-languages"), FILES)
    config = project / "mkdocs.yml"
    written = config.read_text(encoding="utf-8")
    assert "languages: [lattlast, en, fi, ar]" in written
    config.write_text(written.replace("languages: [lattlast, en, fi, ar]", "languages: [lattlast, en, fi, ar, so]"), encoding="utf-8")
    site_dir = tmp_path_factory.mktemp("site-languages") / "site"
    build = run_mkdocs(project, site_dir, strict=True)
    assert build.returncode == 0, build.log
    return build


def _html_attributes(build: Build, url: str) -> tuple[str | None, str | None]:
    doc = build.html(url)
    return doc.get("lang"), doc.find("body").get("dir")


def _xpath(css: str) -> str:
    """``.ml-progress__text``, ``h2#id``, ``nav.ml-languages``, ``.a b`` as XPath (no cssselect here)."""
    steps = []
    for part in css.split():
        tag, _, rest = part.partition(".") if "." in part else part.partition("#")
        if "." in part:
            steps.append(f"//{tag or '*'}[contains(concat(' ', normalize-space(@class), ' '), ' {rest} ')]")
        elif "#" in part:
            steps.append(f"//{tag or '*'}[@id='{rest}']")
        else:
            steps.append(f"//{part}")
    return "".join(steps)


def _texts(build: Build, url: str, css: str) -> list[str]:
    return [text(e) for e in build.html(url).xpath(_xpath(css))]


def _alternates(build: Build, url: str) -> dict[str, str | None]:
    return {link.get("hreflang"): site_relative(link.get("href"), url)
            for link in build.html(url).xpath("//head/link[@rel='alternate'][@hreflang]")}


def _language_list(build: Build, url: str) -> list[tuple[str, str | None, str | None, str | None]]:
    """(name, lang, hreflang, target) of each entry of the page's language list."""
    nav = build.html(url).xpath("//nav[contains(concat(' ', normalize-space(@class), ' '), ' ml-languages ')]")
    assert len(nav) == 1, url
    return [(text(a), a.get("lang"), a.get("hreflang"), site_relative(a.get("href"), url) if a.get("href") else None)
            for a in nav[0].iter("a")]


def test_each_translated_page_exists_at_its_address_with_lang_and_dir(site: Build) -> None:
    expected = {
        "en/loften/vaxjo-2024/": ("en", "ltr"),
        "lattlast/loften/vaxjo-2024/": ("sv", "ltr"),
        "en/kommuner/vaxjo/2024/03/mars/": ("en", "ltr"),
        "ar/kommuner/vaxjo/2024/03/mars/": ("ar", "rtl"),
        "fi/kommuner/vaxjo/2024/03/mars/": ("fi", "ltr"),
        "so/kommuner/vaxjo/2024/03/mars/": ("so", "ltr"),
        "en/kommuner/vaxjo/": ("en", "ltr"),
        "lattlast/kommuner/vaxjo/": ("sv", "ltr"),
        "en/": ("en", "ltr"),
        "ar/": ("ar", "rtl"),
        SV_PROMISE: ("sv", "ltr"),
    }
    for url, attributes in expected.items():
        assert site.exists(url), url
        assert _html_attributes(site, url) == attributes, url


def test_untranslated_pages_do_not_exist_in_that_language(site: Build) -> None:
    for url in ("en/kommuner/vaxjo/2024/05/maj/", "ar/loften/vaxjo-2024/", "ar/kommuner/vaxjo/", "fi/loften/vaxjo-2024/",
                "en/kommuner/alvesta/", "en/loften/alvesta-2024/", "en/kommuner/alvesta/2024/04/april/", "lattlast/kommuner/vaxjo/2024/03/mars/"):
        assert not site.exists(url), url


def test_numbers_are_the_swedish_pages_in_the_site_words_of_the_language(site: Build) -> None:
    assert _texts(site, SV_PROMISE, ".ml-progress__text") == ["Genomfört: 9 av 15 insatser (60 %)"]
    assert _texts(site, "en/loften/vaxjo-2024/", ".ml-progress__text") == ["Done: 9 of 15 insatser (60%)"]
    assert _texts(site, "lattlast/loften/vaxjo-2024/", ".ml-progress__text") == ["Gjort: 9 av 15 insatser (60 %)"]
    assert _texts(site, SV_PROMISE, ".ml-glance__lead")[0] == "0 av 2 åtaganden klara"
    assert _texts(site, "en/loften/vaxjo-2024/", ".ml-glance__lead")[0] == "0 of 2 commitments done"
    # Month 7 of 12 at the build date, 2024-07-01.
    assert _texts(site, "en/loften/vaxjo-2024/", ".ml-glance__lead")[1] == "Month 7 of 12"
    assert _texts(site, SV_PROMISE, ".ml-glance__lead")[1] == "Månad 7 av 12"
    # The legend says "0 done" too: a bar with no done segment is not read as full.
    assert _texts(site, "en/loften/vaxjo-2024/", ".ml-status") == ["0 done", "1 ongoing", "1 planned", "Ongoing", "Planned"]
    reported = "Total after this follow-up: 9 of 15 insatser."
    assert reported in text(site.html("en/kommuner/vaxjo/2024/03/mars/").xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-reported ')]")[0])
    assert "Totalt efter den här uppföljningen: 9 av 15 insatser." in text(site.html(SV_UPDATE).xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-reported ')]")[0])


def test_dates_are_in_the_language_of_the_page(site: Build) -> None:
    def published(url: str) -> str:
        return text(site.html(url).xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-meta ')]//time")[0])

    assert published(SV_UPDATE) == "15 mars 2024"
    assert published("en/kommuner/vaxjo/2024/03/mars/") == "March 15, 2024"
    assert published("fi/kommuner/vaxjo/2024/03/mars/") == "15. maaliskuuta 2024"
    assert published("ar/kommuner/vaxjo/2024/03/mars/") == "15 مارس 2024"


def test_translated_words_and_swedish_text_marked_as_swedish(site: Build) -> None:
    doc = site.html("en/loften/vaxjo-2024/")
    assert text(doc.xpath("//h1")[0]) == "Citizen promise in Växjö 2024"
    assert _texts(site, "en/loften/vaxjo-2024/", "h3.ml-area") == ["City centre"]
    commitments = doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-commitment__text ')]")
    assert text(commitments[0]) == "The police carry out targeted operations in the centre."
    # Not translated: the Swedish text, marked lang="sv", and said so.
    assert commitments[1].xpath(".//span[@lang='sv']")[0].text == "Kommunen ordnar trygghetsvandringar."
    assert text(commitments[1]) == "Kommunen ordnar trygghetsvandringar. (in Swedish)"
    assert "The police and the municipality promise a safer centre." in text(doc)
    assert text(site.html("lattlast/loften/vaxjo-2024/").xpath("//h2[@id='uppfoljningar']")[0]) == "Det här har vi gjort"
    assert text(site.html("ar/kommuner/vaxjo/2024/03/mars/").xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-reported ')]//h2")[0]) == "ما تم الإبلاغ عنه في هذه المتابعة"


def test_a_language_without_a_catalog_uses_english_and_says_so(site: Build) -> None:
    url = "so/kommuner/vaxjo/2024/03/mars/"
    doc = site.html(url)
    assert text(doc.xpath("//h1")[0]) == "Hawlgallo bishii Maarso"
    assert "Total after this follow-up: 9 of 15 insatser." in text(doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-reported ')]")[0])
    note = doc.xpath("//p[contains(concat(' ', normalize-space(@class), ' '), ' ml-fallback ')]")
    assert len(note) == 1 and note[0].get("lang") == "en"
    assert text(note[0]) == ("The website's own words on this page (headings, labels, dates) are in English: "
                             "they have not been translated into Soomaali yet.")
    assert not site.html("en/kommuner/vaxjo/2024/03/mars/").xpath("//p[contains(concat(' ', normalize-space(@class), ' '), ' ml-fallback ')]")


def test_links_go_to_translated_siblings_else_to_the_swedish_page(site: Build) -> None:
    english = site.html("en/kommuner/vaxjo/2024/03/mars/")
    crumbs = [(site_relative(a.get("href"), "en/kommuner/vaxjo/2024/03/mars/"), a.get("hreflang"))
              for a in english.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-breadcrumb ')]//a")]
    assert crumbs == [("en/kommuner/vaxjo/", None), ("en/loften/vaxjo-2024/", None)]
    arabic = site.html("ar/kommuner/vaxjo/2024/03/mars/")
    marked = [(site_relative(a.get("href"), "ar/kommuner/vaxjo/2024/03/mars/"), a.get("hreflang"), text(a))
              for a in arabic.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-breadcrumb ')]//a")]
    # No Arabic promise or municipality page: the Swedish ones, marked.
    assert marked == [("kommuner/vaxjo/", "sv", "Växjö"), (SV_PROMISE, "sv", "Medborgarlöfte i Växjö kommun 2024 (بالسويدية)")]
    # The English promise page lists both updates: the translated one at its English address,
    # the other at the Swedish one, its Swedish title marked and said to be Swedish.
    listed = [(site_relative(a.get("href"), "en/loften/vaxjo-2024/"), a.get("hreflang"), text(a))
              for a in site.html("en/loften/vaxjo-2024/").xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-updates__title ')]//a")]
    assert listed == [("kommuner/vaxjo/2024/05/maj/", "sv", "Vandring i maj (in Swedish)"),
                      ("en/kommuner/vaxjo/2024/03/mars/", None, "Operations in March")]


def test_language_list_and_alternates(site: Build) -> None:
    assert _language_list(site, SV_UPDATE) == [
        ("Svenska", "sv", None, None),
        ("English", "en", "en", "en/kommuner/vaxjo/2024/03/mars/"),
        ("Suomi", "fi", "fi", "fi/kommuner/vaxjo/2024/03/mars/"),
        ("العربية", "ar", "ar", "ar/kommuner/vaxjo/2024/03/mars/"),
        ("Soomaali", "so", "so", "so/kommuner/vaxjo/2024/03/mars/"),
    ]
    assert _alternates(site, "ar/kommuner/vaxjo/2024/03/mars/") == {
        "sv": SV_UPDATE, "en": "en/kommuner/vaxjo/2024/03/mars/", "fi": "fi/kommuner/vaxjo/2024/03/mars/",
        "ar": "ar/kommuner/vaxjo/2024/03/mars/", "so": "so/kommuner/vaxjo/2024/03/mars/", "x-default": SV_UPDATE,
    }
    assert _language_list(site, "lattlast/loften/vaxjo-2024/") == [
        ("Svenska", "sv", "sv", SV_PROMISE),
        ("Lättläst", "sv", None, None),
        ("English", "en", "en", "en/loften/vaxjo-2024/"),
    ]
    assert _alternates(site, SV_PROMISE) == {
        "sv": SV_PROMISE, "sv-x-lattlast": "lattlast/loften/vaxjo-2024/", "en": "en/loften/vaxjo-2024/", "x-default": SV_PROMISE,
    }
    # A page in Swedish only lists no languages.
    assert not site.html("kommuner/vaxjo/2024/05/maj/").xpath("//nav[contains(concat(' ', normalize-space(@class), ' '), ' ml-languages ')]")
    assert not _alternates(site, "kommuner/vaxjo/2024/05/maj/")


def test_language_home_lists_what_exists_newest_first(site: Build) -> None:
    doc = site.html("en/")
    assert text(doc.xpath("//h1")[0]) == "Citizen promises"
    assert [site_relative(a.get("href"), "en/") for a in doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-promise-summary ')]//a")] == ["en/loften/vaxjo-2024/"]
    assert [site_relative(a.get("href"), "en/") for a in doc.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-updates__title ')]//a")] == ["en/kommuner/vaxjo/2024/03/mars/"]
    assert [site_relative(a.get("href"), "ar/") for a in site.html("ar/").xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-updates__title ')]//a")] == [
        "ar/kommuner/vaxjo/2024/03/mars/"]
    assert not site.html("ar/").xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' ml-promise-summary ')]")


def test_translated_pages_stay_out_of_search_and_nav(site: Build) -> None:
    searched = {record["url"] for record in site.search_documents()}
    assert "/" + SV_PROMISE in searched
    assert not [url for url in searched if url.split("/")[1] in ("en", "lattlast", "fi", "ar", "so")]
    nav = site.html(SV_PROMISE).xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' md-sidebar--primary ')]")[0]
    targets = [site_relative(a.get("href"), SV_PROMISE) or "" for a in nav.iter("a") if a.get("href")]
    assert targets and not [t for t in targets if t.split("/")[0] in ("en", "lattlast", "fi", "ar", "so")]


def test_feeds_carry_the_swedish_update(site: Build) -> None:
    """A translated page never replaces the Swedish one in a feed."""
    feed = (site.site_dir / "feed.xml").read_text(encoding="utf-8")
    assert "Nine operations so far." not in feed and "تسع عمليات" not in feed
    assert "Första stycket om Insatser i mars." in feed




def test_the_theme_words_follow_each_page_language(site: Build) -> None:
    """The primary navigation is rendered once per folder depth and language: an
    Arabic page never gets the Swedish one's words, nor a Swedish page the Arabic."""
    def nav_label(url: str) -> str | None:
        return site.html(url).xpath("//nav[contains(@class, 'md-nav--primary')]")[0].get("aria-label")

    assert nav_label("ar/") == "تصفح"  # Material's Arabic word list
    assert nav_label("taggar/") == "Navigation"  # Swedish (and English) at the same depth
    assert nav_label("ar/kommuner/vaxjo/2024/03/mars/") == "تصفح"
    assert nav_label("kommuner/vaxjo/2024/03/mars/") == "Navigation"
    skip = site.html("ar/kommuner/vaxjo/2024/03/mars/").xpath("//a[contains(@class, 'ml-skip')]")[0]
    assert text(skip) == "انتقل إلى المحتوى"
    footer = site.html("en/loften/vaxjo-2024/").xpath("//footer//a[@hreflang='sv']")
    assert [text(a) for a in footer] == ["Accessibility statement (in Swedish)", "Subscribe to every follow-up (RSS, in Swedish)",
                                         "For writers: the writer's guide (in Swedish)"]
