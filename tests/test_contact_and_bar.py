"""Guards issue 21's contact, guide and state-bar parts, end to end with a
real ``mkdocs build --strict``: every promise page ends with «Frågor om
löftet» (the municipality, with its ways in from mkdocs.yml's extra.contact
where given, the police area, 114 14 and 112 as tel: links) in Swedish and
English; «Uppföljning: Löpande, på polisen.se»; a wrong extra.contact stops the
build with a message naming the field; the writer's guide is built but is in
neither the menu nor the search, and the footer links it; and the
commitments' bar of a promise with nothing done has no "done" segment, one
segment per other status in order, and a legend that says "0 klara"; and the
open data page documents every field of the JSON file and every column of
every CSV file the build wrote, with a value form that admits every value in
them (`ja`/`nej` where the CSV says so, an empty cell only where allowed)."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from e2e_support import PROJECT, Build, built, content, make_project, promise, run_mkdocs, text, update
from test_hostile_input import check

COMMITMENTS: list[dict[str, object]] = [
    {"id": "insatser", "text": "Polisen gör insatser i centrum.", "by": "polisen", "target": 10, "unit": "insatser"},
    {"id": "moten", "text": "Kommunen och polisen håller möten.", "by": "gemensamt", "target": 4, "unit": "möten"},
    {"id": "vandring", "text": "Kommunen ordnar en trygghetsvandring.", "by": "kommunen"},
    {"id": "kameror", "text": "Kommunen sätter upp kameror.", "by": "kommunen", "target": 2, "unit": "kameror"},
    {"id": "skola", "text": "Polisen besöker skolorna.", "by": "polisen"},
]
TRANSLATION = (
    "---\n"
    "title: Citizen promise in Vetlanda 2024\n"
    "commitments:\n"
    "  insatser: The police carry out operations in the centre.\n"
    "  moten: The municipality and the police hold meetings.\n"
    "  vandring: The municipality holds a safety walk.\n"
    "  kameror: The municipality puts up cameras.\n"
    "  skola: The police visit the schools.\n"
    "---\n"
    "Background in English.\n"
)
CONTACT = (
    "  contact:\n"
    "    Eksjö:\n"
    "      phone: 0381-360 00\n"
    "      email: kommun@eksjo.se\n"
    "      web: https://www.eksjo.se/\n"
)


def _config(contact: str) -> str:
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  accessibility:\n" in config
    return config.replace("\n  accessibility:\n", "\n" + contact + "  accessibility:\n", 1)


def _files(contact: str = CONTACT) -> dict[str, str | bytes]:
    return {
        "mkdocs.yml": _config(contact),
        "promises/vetlanda-2024.md": promise("Vetlanda", COMMITMENTS, police_area="Höglandet", channels=["polisen.se"]),
        "promises/vetlanda-2024.en.md": TRANSLATION,
        "promises/eksjo-2024.md": promise("Eksjö"),
        # Nothing done: 2 insatser (ongoing), paused meetings, cancelled cameras, two planned.
        "updates/vetlanda/2024-03-01-mars.md": update("Två insatser i mars", "2024-03-01", "vetlanda-2024",
                                                      progress={"insatser": 2}, status={"moten": "paused", "kameror": "cancelled"}),
    }


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Build:
    made = built("contact-and-bar", _files(), tmp_path_factory, strict=True)
    assert made.returncode == 0, made.log
    return made


def _contact(build: Build, url: str) -> list[str]:
    section = content(build.html(url)).xpath("//section[contains(@class, 'ml-contact')]")
    assert len(section) == 1, url
    return [text(element) for element in section[0].xpath(".//h2 | .//p | .//li")]


def _tel_links(build: Build, url: str) -> list[str]:
    return content(build.html(url)).xpath("//section[contains(@class, 'ml-contact')]//a/@href")


def test_a_promise_page_says_who_answers_and_how(build: Build) -> None:
    assert _contact(build, "loften/vetlanda-2024/") == [
        "Frågor om löftet",
        "Kommunen och polisen står bakom löftet tillsammans. Så når du dem:",
        "Kommunen: Vetlanda. Kontaktuppgifter finns på kommunens webbplats.",
        "Polisen: Höglandet. Ring 114 14 för frågor och tips till polisen.",
        "Vid nödläge, när det är bråttom: ring 112.",
    ]
    assert _tel_links(build, "loften/vetlanda-2024/") == ["tel:11414", "tel:112"]


def test_the_municipalitys_ways_in_come_from_mkdocs_yml(build: Build) -> None:
    assert _contact(build, "loften/eksjo-2024/")[2:] == [
        "Kommunen: Eksjö. Telefon: 0381-360 00. E-post: kommun@eksjo.se. Kommunens webbplats.",
        "Polisen: Ring 114 14 för frågor och tips till polisen.",
        "Vid nödläge, när det är bråttom: ring 112.",
    ]
    assert _tel_links(build, "loften/eksjo-2024/") == ["tel:038136000", "mailto:kommun@eksjo.se", "https://www.eksjo.se/", "tel:11414", "tel:112"]
    # Numbers with a space keep their order in a right-to-left sentence.
    numbers = content(build.html("loften/eksjo-2024/")).xpath("//section[contains(@class, 'ml-contact')]//a[@dir = 'ltr']/@href")
    assert numbers == ["tel:038136000", "tel:11414"]


def test_the_contact_is_in_the_pages_language(build: Build) -> None:
    assert _contact(build, "en/loften/vetlanda-2024/") == [
        "Questions about the promise",
        "The municipality and the police stand behind the promise together. This is how you reach them:",
        "The municipality: Vetlanda. Contact details are on the municipality's website.",
        "The police: Höglandet. Call 114 14 with questions and tips for the police.",
        "In an emergency, when it is urgent: call 112.",
    ]
    assert _tel_links(build, "en/loften/vetlanda-2024/") == ["tel:11414", "tel:112"]


def test_follow_up_is_on_a_channel(build: Build) -> None:
    facts = content(build.html("loften/vetlanda-2024/"))
    follow_up = facts.xpath("//dl[contains(@class, 'ml-facts')]/dt[. = 'Uppföljning']/following-sibling::dd[1]")
    assert text(follow_up[0]) == "Löpande, på polisen.se"
    english = content(build.html("en/loften/vetlanda-2024/"))
    assert text(english.xpath("//dl[contains(@class, 'ml-facts')]/dt[. = 'Follow-up']/following-sibling::dd[1]")[0]) == "Continuously, at polisen.se"


def test_nothing_done_shows_no_done_segment_and_says_zero(build: Build) -> None:
    glance = content(build.html("loften/vetlanda-2024/")).xpath("//section[contains(@class, 'ml-glance')]")[0]
    assert text(glance.xpath(".//dd[contains(@class, 'ml-glance__lead')]")[0]) == "0 av 5 åtaganden klara"
    parts = [(p.get("class"), p.get("style")) for p in glance.xpath(".//div[contains(@class, 'ml-glance__bar')]/span")]
    assert parts == [
        ("ml-glance__part ml-glance__part--ongoing", "flex-grow: 1"),
        ("ml-glance__part ml-glance__part--paused", "flex-grow: 1"),
        ("ml-glance__part ml-glance__part--planned", "flex-grow: 2"),
        ("ml-glance__part ml-glance__part--cancelled", "flex-grow: 1"),
    ]
    legend = glance.xpath(".//ul[contains(@class, 'ml-glance__counts')]/li")
    assert [text(li) for li in legend] == ["0 klara", "1 pågår", "1 pausad", "2 planerade", "1 inställd"]
    # Each count has the sample of its segment's pattern, hidden from screen readers.
    assert [li.xpath("./span/@class")[0] for li in legend] == [
        f"ml-glance__swatch ml-glance__part--{key}" for key in ("done", "ongoing", "paused", "planned", "cancelled")
    ]
    assert all(li.xpath("./span/@aria-hidden") == ["true"] for li in legend)


def test_the_bar_tells_states_apart_without_colour() -> None:
    """Each segment's look in the stylesheet: a solid fill only for "klara",
    patterns for the others, an empty white track for "planerad"."""
    css = (PROJECT / "docs" / "assets" / "medborgarloften.css").read_text(encoding="utf-8")
    assert ".ml-glance__part--done { background: #1d5e20; }" in css
    assert ".ml-glance__part--ongoing { background: repeating-linear-gradient(45deg," in css
    assert ".ml-glance__part--paused { background: radial-gradient(circle," in css
    assert ".ml-glance__part--planned { background: #fff; }" in css
    assert ".ml-glance__part--cancelled { background: linear-gradient(#fff 0 35%, #8e1b1b 35% 65%, #fff 65%); }" in css
    assert "forced-color-adjust: none;" in css


def test_the_writers_guide_is_in_the_footer_not_the_menu_or_search(build: Build) -> None:
    assert build.exists("skrivhandledning/") and build.exists("skrivhandledning/publicera/")
    page = build.html("loften/vetlanda-2024/")
    assert [text(a) for a in page.xpath("//nav[contains(@class, 'md-nav--primary')]//a") if "skrivhandledning" in (a.get("href") or "")] == []
    footer = [(text(a), a.get("href")) for a in page.xpath("//footer//a")]
    assert ("För dig som skriver: skrivhandledning", "../../skrivhandledning/") in footer
    searched = [doc["url"] for doc in build.search_documents()]
    assert "/loften/vetlanda-2024/" in searched
    assert [url for url in searched if url.startswith("/skrivhandledning/")] == []
    assert "omitted" not in build.log.lower()


def test_a_wrong_contact_stops_make_check_and_the_build(tmp_path: Path) -> None:
    wrong = "  contact:\n    Eksjö:\n      phone: ring oss\n      fax: 0381-1\n    Eksjo:\n      web: https://www.eksjo.se/\n"
    project = make_project(tmp_path / "project", _files(wrong))
    failed = run_mkdocs(project, tmp_path / "site")
    checked = check(project)
    assert failed.returncode != 0 and checked.returncode == 1
    for output in (failed.log, checked.stdout):
        assert "mkdocs.yml, fältet «extra › contact › Eksjö › phone»: «ring oss» är inget telefonnummer." in output
        assert "mkdocs.yml, fältet «extra › contact › Eksjö»: har fält som inte finns: fax. Fälten som finns är email, phone och web." in output
        # A name no promise has: shown nowhere, so a warning names the promises' spellings.
        assert ("mkdocs.yml, fältet «extra › contact › Eksjo»: ingen kommun heter «Eksjo» i löftena, så uppgifterna visas inte. "
                "Skriv kommunens namn precis som i löftenas fält municipality: Eksjö, Vetlanda.") in output


# ---------------------------------------------------------------- the open data page


def _documented(build: Build) -> dict[str, dict[str, str]]:
    """The open data page's tables: heading id (or text) → name → value form
    (its <code> parts, the values named one by one, each marked `…`)."""
    page = content(build.html("oppna-data/"))
    found: dict[str, dict[str, str]] = {}
    for table in page.xpath("//table[thead/tr/th[3] = 'Värden']"):
        heading = table.xpath("preceding::*[self::h3 or self::h4][1]")[0]
        rows = {text(row[0]): _form(row[2]) for row in table.xpath("./tbody/tr")}
        found[heading.get("id") or text(heading)] = rows
    return found


def _form(cell) -> str:
    for code in cell.xpath(".//code"):
        code.text, code.tail = f"`{code.text_content()}`", code.tail
        for child in list(code):
            code.remove(child)
    return text(cell)


def _admits(form: str, value: object) -> bool:
    """Whether a documented value form allows ``value`` (as the file has it)."""
    if value is None or value == "":
        return "null" in form or "tom cell" in form
    codes = re.findall(r"`([^`]+)`", form)
    if isinstance(value, bool):
        return form == "`true` eller `false`"
    if re.fullmatch(r"`[^`]+`((, | eller )`[^`]+`)*", form):  # the values, each named
        return value in codes
    if form.startswith("`ja` eller `nej`"):
        return value in ("ja", "nej")
    if isinstance(value, int) or form.startswith("heltal"):
        return form.startswith("heltal") and str(value).isdigit()
    if form.startswith("datum"):
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", str(value)))
    if form.startswith("tidpunkt"):
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?[+-]\d\d:\d\d", str(value)))
    if form.startswith("adress"):
        return str(value).startswith(("https://", "http://", "mailto:"))
    if isinstance(value, list):
        return form.startswith("lista")
    if isinstance(value, dict):
        return "objekt" in form
    return form.startswith(("text", "kommaseparerad", "en källa", "`id=värde`", "språkkod"))


def test_the_open_data_page_documents_every_csv_column_with_its_values(build: Build) -> None:
    documented = _documented(build)
    files = {"loften.csv": "falt-loften-csv", "ataganden.csv": "falt-ataganden-csv",
             "uppfoljningar.csv": "falt-uppfoljningar-csv", "oversattningar.csv": "falt-oversattningar-csv"}
    assert set(files.values()) <= set(documented), sorted(documented)
    for name, heading in files.items():
        with (build.site_dir / "data" / name).open(encoding="utf-8-sig", newline="") as file:
            rows = list(csv.reader(file))
        header, body = rows[0], rows[1:]
        assert list(documented[heading]) == header, name
        assert body, f"{name} has no row: its values test nothing"
        for row in body:
            for column, value in zip(header, row, strict=True):
                assert _admits(documented[heading][column], value), (name, column, value, documented[heading][column])
    assert documented["falt-loften-csv"]["current"] == "`ja` eller `nej`"


def test_the_open_data_page_documents_every_json_field_with_its_values(build: Build) -> None:
    documented = _documented(build)
    data = json.loads((build.site_dir / "data" / "loften.json").read_text(encoding="utf-8"))
    records: dict[str, list[dict]] = {
        "falt-top": [data],
        "falt-promises": data["promises"],
        "falt-commitments": [c for p in data["promises"] for c in p["commitments"]],
        "falt-updates": data["updates"],
        "falt-promise-translation": [t for p in data["promises"] for t in p["translations"].values()],
        "falt-update-translation": [t for u in data["updates"] for t in u["translations"].values()],
    }
    for heading, found in records.items():
        assert found or heading == "falt-update-translation", f"no {heading} in the data: nothing tested"
        for record in found:
            assert set(record) <= set(documented[heading]), (heading, sorted(set(record) - set(documented[heading])))
            for name, value in record.items():
                assert _admits(documented[heading][name], value), (heading, name, value, documented[heading][name])
    assert documented["falt-promises"]["current"] == "`true` eller `false`"
    # What the page used to claim and the files lack is gone.
    assert "last_follow_up" not in documented["falt-loften-csv"]
