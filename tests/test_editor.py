"""The browser editor's files at /admin/, read from the example site's build:
the configuration a communicator's form is made from, the page, and what the
rest of the site must not say about them. The form itself is driven in
Chromium in tests/test_editor_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import yaml

from e2e_support import PROJECT, Build

NODE_BUNDLE = PROJECT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
VENDORED = PROJECT / "hooks" / "citizen_promises" / "editor_assets" / "decap-cms.js"


def _config(example_site: Build) -> dict:
    return yaml.safe_load(example_site.path("admin/config.yml").read_text(encoding="utf-8"))


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _field(collection: dict, name: str) -> dict:
    return next(f for f in collection["fields"] if f["name"] == name)


def test_the_published_editor_is_swedish_and_never_names_a_local_server(example_site: Build) -> None:
    config = _config(example_site)
    assert config["locale"] == "sv"
    assert "local_backend" not in config  # only make redaktor's preview talks to 127.0.0.1:8081
    assert config["backend"] == {"name": "github", "branch": "main"}  # mkdocs.yml has no repo_url yet


def test_an_update_of_nassjo_offers_its_commitments_by_their_texts(example_site: Build) -> None:
    updates = _collection(_config(example_site), "uppfoljningar-nassjo-2019-2020")
    assert updates["folder"] == "updates/nassjo"
    assert updates["filter"] == {"field": "promise", "value": "nassjo-2019-2020"}
    assert _field(updates, "promise") == {"name": "promise", "label": "Löfte", "widget": "hidden", "default": "nassjo-2019-2020"}
    assert updates["slug"] == "{{year}}-{{month}}-{{day}}-{{slug}}"
    assert (updates["media_folder"], updates["public_folder"]) == ("bilder", "bilder")
    progress = _field(updates, "progress")["fields"]
    # promises/nassjo-2019-2020.md, its five commitments in order.
    assert [(f["name"], f["label"]) for f in progress] == [
        ("narvaro-resecentrum", "Polisen är oftare på plats vid resecentrum."),
        ("trygghetsinventering-resecentrum", "Kommunen gör en trygghetsinventering av resecentrum tillsammans med fastighetsägaren och polisen."),
        ("trygghetsinventeringar-runneryd", "Kommunen gör minst två trygghetsinventeringar i Runnerydsområdet tillsammans med fastighetsägare och polisen."),
        ("insatser-runneryd", "Polisen gör minst femton riktade insatser i Runnerydsområdet. Insatserna bygger på polisens underrättelser."),
        ("samverkansmoten", "Polisen och kommunen håller minst två samverkansmöten om hur aktiviteterna går."),
    ]
    assert {f["widget"] for f in progress} == {"number"}
    assert "Målet är minst 15 insatser." in progress[3]["hint"]
    status = _field(updates, "status")["fields"]
    assert status[3]["options"] == [
        {"label": "Planerad", "value": "planned"}, {"label": "Pågår", "value": "ongoing"},
        {"label": "Pausad", "value": "paused"}, {"label": "Klar", "value": "done"}, {"label": "Inställd", "value": "cancelled"},
    ]
    date = _field(updates, "date")
    assert (date["widget"], date["format"], date["time_format"]) == ("datetime", "YYYY-MM-DD", False)


def test_each_municipality_gets_its_latest_promise_and_no_more(example_site: Build) -> None:
    """No example promise is current on 2024-07-01: each of the five
    municipalities gets its latest one, besides the promises themselves."""
    names = [c["name"] for c in _config(example_site)["collections"]]
    assert names == [
        "loften", "uppfoljningar-haninge-2021", "uppfoljningar-linkoping-2021-2022", "uppfoljningar-nassjo-2019-2020",
        "uppfoljningar-svalov-2020", "uppfoljningar-tyreso-2018",
    ]


def test_the_promise_form_has_every_field_of_the_contract(example_site: Build) -> None:
    promises = _collection(_config(example_site), "loften")
    assert promises["folder"] == "promises"
    assert [f["name"] for f in promises["fields"]] == [
        "municipality", "municipality_slug", "police_area", "title", "valid_from", "valid_until", "signed",
        "signatories", "diary_numbers", "follow_up", "channels", "replaces", "commitments", "links", "body",
    ]
    assert [f["name"] for f in _field(promises, "commitments")["fields"]] == ["id", "text", "by", "area", "partners", "target", "unit", "unit_singular"]
    assert _field(promises, "follow_up")["options"][0] == {"label": "Varje månad", "value": "monthly"}
    by = next(f for f in _field(promises, "commitments")["fields"] if f["name"] == "by")
    assert by["options"] == [{"label": "Polisen", "value": "polisen"}, {"label": "Kommunen", "value": "kommunen"}, {"label": "Gemensamt", "value": "gemensamt"}]


def test_the_page_is_swedish_noindex_and_loads_only_its_own_files(example_site: Build) -> None:
    page = lxml.html.fromstring(example_site.path("admin/index.html").read_bytes())
    assert page.get("lang") == "sv"
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]
    assert page.xpath("//script/@src") == ["redaktor.js", "decap-cms.js"]
    assert example_site.path("admin/decap-cms.js").read_bytes() == VENDORED.read_bytes()


def test_admin_is_in_no_sitemap_search_index_or_feed(example_site: Build) -> None:
    site = example_site.site_dir
    assert "admin" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert not [d for d in example_site.search_documents() if "admin" in d["url"]]
    for feed in site.rglob("*.xml"):
        assert "/admin/" not in feed.read_text(encoding="utf-8"), feed
    nav = example_site.html("")
    assert not [href for href in nav.xpath("//a/@href") if "admin" in href]


def test_the_vendored_bundle_is_the_pinned_packages_byte_for_byte() -> None:
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", version) for version in pinned.values()), pinned
    readme = (VENDORED.parent / "README.txt").read_text(encoding="utf-8")
    assert f"decap-cms {pinned['decap-cms']}" in readme
    if not NODE_BUNDLE.exists():
        from test_editor_browser import _node_modules  # npm ci from the lockfile; CI fails without npm

        _node_modules()
    installed = json.loads((NODE_BUNDLE.parent.parent / "package.json").read_text(encoding="utf-8"))["version"]
    assert installed == pinned["decap-cms"]
    assert NODE_BUNDLE.read_bytes() == VENDORED.read_bytes()


def test_the_bundle_is_published_with_its_licence() -> None:
    assert "MIT License" in Path(VENDORED.parent / "LICENSE").read_text(encoding="utf-8")
