"""Links and images in what a writer saves (issue 18, contract 2.1): an
address is judged as a browser reads it, so no encoding of `javascript:` (or
`vbscript:`, `data:`) leaves a live link or image on a page or in a feed;
attribute lists cannot dress a link as the site's button; `links` are shown
as sources and carried in open data, and a source that is no web or mail
address is an error naming the field; an image from another host is a
warning and one without alternative text an error, from `make check` and the
build alike.

The end-to-end cases share one real `mkdocs build`; the property test renders
generated addresses in-process with the writer's Markdown and the feeds' HTML
step, as the build does."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re

import jsonschema
import lxml.html
import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from citizen_promises.feeds import feed_html, item_root
from citizen_promises.writer_markdown import WriterMarkdown
from e2e_support import CONFIG, CONTENT, Build, front, make_project, promise, run_mkdocs, update
from test_hostile_input import check

PROMISE_FILE = "promises/ystad-2024.md"
SITE = "https://medborgarloften.example.se/"
ALLOWED = {"http", "https", "mailto", "tel"}
# Attributes that hold an address a browser follows or fetches.
ADDRESS_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "xlink:href", "data", "cite", "background"}

# Each way of writing a link (or image) that a browser would run: name → body.
VARIANTS = {
    "hex": "[Klicka hex](jav&#x61;script:alert(1))",
    "decimal": "[Klicka decimal](&#106;avascript:alert(1))",
    "decimal-utan-semikolon": "[Klicka decimal-utan-semikolon](&#106avascript:alert(1))",
    "named-tab": "[Klicka named-tab](java&Tab;script:alert(1))",
    "tab": "[Klicka tab](java\tscript:alert(1))",
    "case": "[Klicka case](JaVaScRiPt:alert(1))",
    "colon": "[Klicka colon](javascript&colon;alert(1))",
    "reference": "[Klicka reference][r]\n\n[r]: jav&#x61;script:alert(1)",
    "vbscript": "[Klicka vbscript](vbscript:msgbox(1))",
    "data": "[Klicka data](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)",
    "image": "![Klicka image](jav&#x61;script:alert(1))",
}


def browser_scheme(value: str) -> str | None:
    """The scheme a browser reads in an attribute value that an HTML parser
    has already decoded: tabs and line breaks dropped, the ends trimmed."""
    reading = re.sub(r"[\t\n\r]", "", value).strip("".join(chr(c) for c in range(0x21)))
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", reading)
    return found.group(1).lower() if found else None


def running_addresses(root: lxml.html.HtmlElement) -> list[str]:
    """Every address in ``root`` whose scheme is not allowed, read once as the
    browser does and once more decoded (a reader that decodes twice)."""
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name.lower() not in ADDRESS_ATTRIBUTES:
                continue
            candidates = [part.split()[0] for part in value.split(",") if part.split()] if name.lower() == "srcset" else [value]
            for candidate in candidates:
                for reading in (candidate, html.unescape(candidate)):
                    scheme = browser_scheme(reading)
                    if scheme is not None and scheme not in ALLOWED:
                        found.append(f"{element.tag} {name}={value!r}")
    return found


def encoded_items(feed: etree._Element) -> dict[str, lxml.html.HtmlElement]:
    """A feed's items' content:encoded by item link."""
    return {
        item.findtext("link") or "": lxml.html.fragment_fromstring(item.findtext(f"{{{CONTENT}}}encoded") or "", create_parent="div")
        for item in feed.iter("item")
    }


def slug(name: str) -> str:
    return name.replace("-", "")


def variant_files() -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for day, (name, link) in enumerate(VARIANTS.items(), start=1):
        files[f"updates/ystad/2024-03-{day:02d}-{slug(name)}.md"] = update(f"Variant {name}", f"2024-03-{day:02d}", "ystad-2024", f"Före. {link}\n\nEfter.")
    return files


# ---------------------------------------------------------------- one build, many cases


PROMISE_LINKS = [
    {"text": "Det undertecknade löftet (pdf)", "url": "https://www.ystad.se/loftet.pdf"},
    {"text": "Skriv till kommunen", "url": "mailto:kommun@ystad.se"},
]
UPDATE_LINKS = [{"text": "Polisens sida om Ystad", "url": "https://polisen.se/ystad"}]
SOURCES_UPDATE = "updates/ystad/2024-04-10-kallor.md"
SOURCES_URL = "kommuner/ystad/2024/04/kallor/"


def main_files() -> dict[str, str | bytes]:
    promise_text = promise("Ystad", links=PROMISE_LINKS).replace(
        "Bakgrund till löftet i Ystad.", "Bakgrund, se [löftets text](jav&#x61;script:alert(7)) och [polisen](https://polisen.se)."
    )
    button = (
        "Läs mer hos [Polisen](https://polisen.se){: .md-button .md-button--primary #knapp target=_blank rel=opener "
        "data-md-state=x style=\"color:red\" formaction=\"javascript:alert(1)\" href=\"jav&#x61;script:alert(1)\" lang=en "
        "title=\"Polisens sida\" }.\n\n"
        "## Rubrik {: .md-button #__search }\n\nEtt stycke.\n{: .md-button class=\"md-button--primary\" }\n"
    )
    return {
        PROMISE_FILE: promise_text,
        **variant_files(),
        "updates/ystad/2024-04-01-knapp.md": update("Knapp", "2024-04-01", "ystad-2024", button),
        SOURCES_UPDATE: update("Källor", "2024-04-10", "ystad-2024", "Text om källorna.", links=UPDATE_LINKS),
        "updates/ystad/2024-04-10-kallor.en.md": front(
            {"title": "Sources"}, "A [link](&#x6A;avascript&colon;alert(8)) and [the police](https://polisen.se)."
        ),
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("hostile-links")
    build = run_mkdocs(make_project(root / "project", main_files()), root / "site", strict=True)
    assert build.returncode == 0, build.log[-4000:]
    return build


@pytest.mark.parametrize("name", list(VARIANTS))
def test_an_encoded_script_address_is_text_on_the_page_and_in_the_feeds(site: Build, name: str) -> None:
    url = f"kommuner/ystad/2024/03/{slug(name)}/"
    article = site.html(url).xpath("//article")[0]
    assert running_addresses(site.html(url)) == []
    text = " ".join(article.text_content().split())
    assert f"Före. Klicka {name}" in text
    assert [a for a in article.iter("a") if f"Klicka {name}" in a.text_content()] == []
    assert article.xpath(".//img[contains(@alt, 'Klicka')]") == []
    for feed in ("feed.xml", "kommuner/ystad/feed.xml", "loften/ystad-2024/feed.xml"):
        content = encoded_items(site.xml(feed))[SITE + url]
        assert running_addresses(content) == [], feed
        assert f"Klicka {name}" in content.text_content(), feed
        assert [a for a in content.iter("a") if f"Klicka {name}" in a.text_content()] == [], feed


def test_a_script_address_in_a_promise_and_a_translation_is_text(site: Build) -> None:
    page = site.html("loften/ystad-2024/")
    assert running_addresses(page) == []
    article = page.xpath("//article")[0]
    links = {a.text_content(): a.get("href") for a in article.iter("a")}
    assert "löftets text" not in links and links["polisen"] == "https://polisen.se"
    assert "Bakgrund, se löftets text och polisen." in " ".join(article.text_content().split())
    translated = site.html("en/" + SOURCES_URL)
    assert running_addresses(translated) == []
    body_links = {a.text_content(): a.get("href") for a in translated.xpath("//article")[0].iter("a")}
    assert "link" not in body_links and body_links["the police"] == "https://polisen.se"
    content = encoded_items(site.xml("en/feed.xml"))[SITE + "en/" + SOURCES_URL]
    assert running_addresses(content) == []
    assert "A link and the police." in " ".join(content.text_content().split())


def test_an_attribute_list_cannot_dress_a_link_as_the_sites_button(site: Build) -> None:
    article = site.html("kommuner/ystad/2024/04/knapp/").xpath("//article")[0]
    [link] = [a for a in article.iter("a") if a.text_content() == "Polisen"]
    assert dict(link.attrib) == {"href": "https://polisen.se", "lang": "en", "title": "Polisens sida"}
    assert article.xpath(".//*[contains(@class, 'md-button')]") == []
    assert article.xpath(".//*[@id='knapp' or @id='__search']") == []
    assert article.xpath(".//*[@style or @target or @formaction or @data-md-state]") == []
    text = " ".join(article.text_content().split())
    assert "Läs mer hos Polisen." in text and "Ett stycke." in text and "{:" not in text


def sources(page: lxml.html.HtmlElement) -> list[tuple[str, str | None, str | None]]:
    [section] = page.xpath("//section[h2[@id='ml-kallor']]")
    return [(a.text_content(), a.get("href"), a.get("rel")) for a in section.iter("a")]


def test_links_are_shown_as_sources_under_the_text(site: Build) -> None:
    promise_page = site.html("loften/ystad-2024/")
    assert promise_page.xpath("string(//h2[@id='ml-kallor'])") == "Källor"
    assert sources(promise_page) == [
        ("Det undertecknade löftet (pdf)", "https://www.ystad.se/loftet.pdf", "noopener"),
        ("Skriv till kommunen", "mailto:kommun@ystad.se", None),
    ]
    update_page = site.html(SOURCES_URL)
    assert update_page.xpath("string(//h2[@id='ml-kallor'])") == "Källor"
    assert sources(update_page) == [("Polisens sida om Ystad", "https://polisen.se/ystad", "noopener")]
    # The sources come after the text.
    article = update_page.xpath("//article")[0]
    assert article.text_content().index("Text om källorna.") < article.text_content().index("Polisens sida om Ystad")
    # A translated page shows the original's sources, under its own heading.
    translated = site.html("en/" + SOURCES_URL)
    assert translated.xpath("string(//h2[@id='ml-kallor'])") == "Sources"
    assert sources(translated) == [("Polisens sida om Ystad", "https://polisen.se/ystad", "noopener")]
    content = encoded_items(site.xml("feed.xml"))[SITE + SOURCES_URL]
    assert [(a.text_content(), a.get("href")) for a in content.iter("a") if a.get("rel") == "noopener"] == [
        ("Polisens sida om Ystad", "https://polisen.se/ystad")
    ]


def test_links_are_carried_in_open_data(site: Build) -> None:
    data = json.loads(site.path("data/loften.json").read_text(encoding="utf-8"))
    schema = json.loads(site.path("data/loften.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, format_checker=jsonschema.FormatChecker())
    [ystad] = data["promises"]
    assert ystad["links"] == PROMISE_LINKS
    updates = {u["url"]: u for u in data["updates"]}
    assert updates[SITE + SOURCES_URL]["links"] == UPDATE_LINKS
    assert updates[SITE + "kommuner/ystad/2024/04/knapp/"]["links"] == []
    [row] = csv.DictReader(io.StringIO(site.path("data/loften.csv").read_text(encoding="utf-8-sig")))
    assert row["links"] == "Det undertecknade löftet (pdf) <https://www.ystad.se/loftet.pdf>\nSkriv till kommunen <mailto:kommun@ystad.se>"
    rows = {r["url"]: r for r in csv.DictReader(io.StringIO(site.path("data/uppfoljningar.csv").read_text(encoding="utf-8-sig")))}
    assert rows[SITE + SOURCES_URL]["links"] == "Polisens sida om Ystad <https://polisen.se/ystad>"
    assert "javascript" not in site.path("data/loften.json").read_text(encoding="utf-8").lower()


# ---------------------------------------------------------------- what make check and the build say


def problem_files() -> dict[str, str | bytes]:
    return {
        PROMISE_FILE: promise("Ystad"),
        "updates/ystad/2024-03-01-lankar.md": update(
            "Länkar", "2024-03-01", "ystad-2024",
            links=[{"text": "Polisen", "url": "https://polisen.se"}, {"text": "Klicka", "url": "jav&#x61;script:alert(1)"}],
        ),
        "updates/ystad/2024-03-02-spårpixel.md": update(
            "Spårpixel", "2024-03-02", "ystad-2024", "Text.\n\n![Karta över centrum](https://tracker.example.com/p.png)\n\n![Logga](//cdn.example.net/l.png)\n"
        ),
        "updates/ystad/2024-03-03-utan-alt.md": update(
            "Utan alt", "2024-03-03", "ystad-2024", "Text.\n\n![](bild.jpg)\n\nOch ![][karta]\n\n[karta]: karta.png\n"
        ),
        "updates/ystad/2024-03-04-utan-url.md": update("Utan url", "2024-03-04", "ystad-2024", links=[{"text": "Polisen"}]),
        "updates/ystad/2024-03-05-oversatt.md": update("Översatt", "2024-03-05", "ystad-2024"),
        "updates/ystad/2024-03-05-oversatt.en.md": front({"title": "Translated", "links": [{"text": "x", "url": "https://polisen.se"}]}, "Text."),
    }


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """What `make check` and `mkdocs build` say about problem_files(), by name."""
    root = tmp_path_factory.mktemp("hostile-links-problems")
    project = make_project(root / "project", problem_files())
    checked = check(project)
    built = run_mkdocs(project, root / "site")
    assert checked.returncode == 1 and built.returncode == 1, checked.stdout + built.log
    return {"make check": checked.stdout + checked.stderr, "mkdocs build": built.log}


def lines(output: str, *words: str) -> list[str]:
    return [line for line in output.splitlines() if all(word in line for word in words)]


@pytest.mark.parametrize("tool", ["make check", "mkdocs build"])
def test_a_script_address_in_links_is_an_error_naming_the_field(reported: dict[str, str], tool: str) -> None:
    [line] = lines(reported[tool], "updates/ystad/2024-03-01-lankar.md, fältet «links › 2 › url»:")
    assert ("FEL" in line or "ERROR" in line) and "Traceback" not in reported[tool]
    assert "«jav&#x61;script:alert(1)» är ingen adress som en källa kan ha" in line
    assert "https://, http:// eller mailto:" in line and "url: https://polisen.se/" in line
    [missing] = lines(reported[tool], "updates/ystad/2024-03-04-utan-url.md, fältet «links › 1 › url»:")
    assert "fältet saknas men måste finnas" in missing
    [translated] = lines(reported[tool], "updates/ystad/2024-03-05-oversatt.en.md, fältet «links»:")
    assert "hämtas från originalet updates/ystad/2024-03-05-oversatt.md" in translated


@pytest.mark.parametrize("tool", ["make check", "mkdocs build"])
def test_an_image_from_another_host_is_a_warning_naming_the_host(reported: dict[str, str], tool: str) -> None:
    file = "updates/ystad/2024-03-02-spårpixel.md: "
    [tracker] = lines(reported[tool], file, "«https://tracker.example.com/p.png»")
    assert tracker.startswith(("VARNING", "WARNING"))
    assert "hämtas från en annan webbplats, tracker.example.com: varje besökares adress skickas dit" in tracker
    assert "Spara bilden bredvid filen, i updates/ystad/" in tracker and "![Karta över centrum](bilder/p.png)" in tracker
    [cdn] = lines(reported[tool], file, "«//cdn.example.net/l.png»")
    assert "cdn.example.net" in cdn and cdn.startswith(("VARNING", "WARNING"))


@pytest.mark.parametrize("tool", ["make check", "mkdocs build"])
def test_an_image_without_alternative_text_is_an_error(reported: dict[str, str], tool: str) -> None:
    file = "updates/ystad/2024-03-03-utan-alt.md: "
    for address in ("bild.jpg", "karta.png"):  # inline and reference-style
        [line] = lines(reported[tool], file, f"bilden «{address}» i texten saknar alternativtext")
        assert line.startswith(("FEL", "ERROR"))
        assert f"till exempel ![Poliser vid en trygghetsvandring]({address})" in line


# ---------------------------------------------------------------- property: any encoding of a running scheme


DANGEROUS = ["javascript", "vbscript", "data", "livescript", "file", "blob"]
NAMED = {":": ["&colon;"], "\t": ["&Tab;"], "\n": ["&NewLine;"]}


@st.composite
def written_character(draw: st.DrawFn, char: str) -> str:
    """One character of a scheme as a writer could encode it."""
    forms = [char, char.swapcase(), f"&#{ord(char)};", f"&#{ord(char)}", f"&#x{ord(char):x};", f"&#X{ord(char):X};", f"&#x{ord(char):x}",
             f"&#{'0' * draw(st.integers(0, 4))}{ord(char)};", *NAMED.get(char, [])]
    return draw(st.sampled_from(forms))


@st.composite
def running_address(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(DANGEROUS))
    parts = [draw(st.sampled_from(["", " ", "\x01", "\x1f", "&#32;", "&#0;", "&#x09;"]))]
    for char in scheme + ":":
        if draw(st.booleans()):
            parts.append(draw(st.sampled_from(["\t", "&Tab;", "&#9;", "&#x0A;", "&NewLine;", "&#13", "\r"])))
        parts.append(draw(written_character(char)))
    return "".join(parts) + draw(st.sampled_from(["alert(1)", "alert%281%29", "text/html,%3Cscript%3E", "//x.se"]))


FORMS = [
    "[Länk]({})", "[Länk](<{}>)", "[Länk][r]\n\n[r]: {}", "![Bild]({})", "![Bild][r]\n\n[r]: <{}>", "<{}>",
    "[Länk](https://polisen.se){{: href=\"{}\" }}", "![Bild](bild.png){{: src=\"{}\" srcset=\"{} 2x\" }}",
]
# The site's Markdown extensions as mkdocs.yml gives them, with the writer's rules on, as MkDocs renders a body.
_EXTENSIONS = [next(iter(e)) if isinstance(e, dict) else e for e in CONFIG["markdown_extensions"]]
_CONFIGS = {name: config for e in CONFIG["markdown_extensions"] if isinstance(e, dict) for name, config in e.items()}
_converter = markdown.Markdown(extensions=[*_EXTENSIONS, WriterMarkdown(active=True)], extension_configs=_CONFIGS)


# make test: 300 examples (about 2 s); make fuzz: FUZZ_EXAMPLES of them.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES") or 300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(address=running_address(), form=st.sampled_from(FORMS))
def test_no_encoding_of_a_running_scheme_survives_the_writers_markdown_or_the_feed(address: str, form: str) -> None:
    body = "Före " + form.format(address, address) + " efter."
    rendered = _converter.reset().convert(body)
    page = lxml.html.fragment_fromstring(rendered or "<p></p>", create_parent="div")
    assert running_addresses(page) == [], (body, rendered)
    in_feed = feed_html(item_root(rendered or "<p></p>"), SITE + "kommuner/ystad/2024/03/x/")
    assert running_addresses(lxml.html.fragment_fromstring(in_feed, create_parent="div")) == [], (body, in_feed)


def test_the_property_tests_rendering_is_the_writers() -> None:
    """The converter above has the writer's rules on: raw HTML is text, and
    the one plain `javascript:` link becomes its text."""
    assert _converter.reset().convert("<b>x</b> [y](javascript:alert(1))") == "<p>&lt;b&gt;x&lt;/b&gt; <span>y</span></p>"


def test_the_feed_judges_every_address_its_page_carries() -> None:
    """A page's content reaches the feed through lxml, which decodes its
    character references: the feed judges each address again, whatever made it."""
    page = (
        '<p><a href="jav&#x61;script:alert(1)">Ett</a> <img src="&#106;avascript:alert(2)" alt="Två"> '
        '<a href="vbscript:x" title="t">Tre</a> <img src="bild.png" srcset="data:text/html,x 2x" alt="Fyra"> '
        '<a href="https://polisen.se" onclick="alert(3)">Polisen</a> <a href="../y/">Relativ</a></p>'
    )
    in_feed = lxml.html.fragment_fromstring(feed_html(item_root(page), SITE + "kommuner/ystad/2024/03/x/"), create_parent="div")
    assert running_addresses(in_feed) == []
    assert " ".join(in_feed.text_content().split()) == "Ett Två Tre Polisen Relativ"
    assert [(a.text_content(), dict(a.attrib)) for a in in_feed.iter("a")] == [
        ("Polisen", {"href": "https://polisen.se"}), ("Relativ", {"href": SITE + "kommuner/ystad/2024/03/y/"}),
    ]
    assert [dict(img.attrib) for img in in_feed.iter("img")] == [{"src": SITE + "kommuner/ystad/2024/03/x/bild.png", "alt": "Fyra"}]
