"""Every rule of the content contract, broken once: the writer must get a
message naming the file and the field, with a fix where one exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from citizen_promises.problems import Level
from content_support import PROMISE, run, update

P = "promises/nassjo-2024.md"
U = "updates/nassjo/2024-03-15-runneryd.md"


def promise_with(replace: str, by: str) -> str:
    assert replace in PROMISE
    return PROMISE.replace(replace, by)


def only(report, level=Level.ERROR):
    return [p for p in report.problems if p.level == level]


def assert_problem(report, file: str, field: str, *words: str, level=Level.ERROR):
    matches = [p for p in report.problems if p.level == level and p.file == file and p.field == field]
    assert matches, f"no {level.name} for {file} «{field}» in {[p.text() for p in report.problems]}"
    text = matches[0].text()
    assert file in text and (not field or field in text)
    for word in words:
        assert word in text, f"{word!r} not in {text!r}"


def test_valid_content_has_no_problems(tmp_path: Path) -> None:
    site, report = run(tmp_path, {P: PROMISE, U: update(extra="progress:\n  insatser-runneryd: 4\n")})
    assert [p.text() for p in report.problems if p.level >= Level.WARNING] == []
    assert len(site.updates) == 1


@pytest.mark.parametrize(
    "field, replace, by, words",
    [
        ("municipality", "municipality: Nässjö\n", "", ["saknas"]),
        ("valid_from", "valid_from: 2024-01-01\n", "", ["saknas"]),
        ("valid_until", "valid_until: 2024-12-31", "valid_until: 2023-12-31", ["före"]),
        ("valid_until", "valid_until: 2024-12-31", "valid_until: 2024-02-30", ["29 dagar"]),
        ("valid_from", "valid_from: 2024-01-01", "valid_from: 2024-13-01", ["12 månader"]),
        ("valid_from", "valid_from: 2024-01-01", "valid_from: 1 januari 2024", ["ÅÅÅÅ-MM-DD"]),
        ("follow_up", "follow_up: monthly", "follow_up: mothly", ["monthly"]),
        ("commitments", "commitments:", "commitments: []\nx_commitments:", ["minst ett"]),
        ("commitments › insatser-runneryd › by", "by: polisen", "by: polis", ["polisen"]),
        ("commitments › insatser-runneryd › target", "target: 15", "target: 0", ["minst 1"]),
        ("commitments › insatser-runneryd › target", "target: 15", "target: femton", ["heltal"]),
        ("commitments › Insatser Runneryd › id", "  - id: insatser-runneryd\n", "  - id: Insatser Runneryd\n", ["insatser-runneryd"]),
        ("commitments › inventeringar › id", "  - id: moten", "  - id: inventeringar", ["redan"]),
        ("commitments › insatser-runneryd › text", "    text: Polisen genomför minst femton riktade insatser i Runnerydsområdet.\n", "", ["saknas"]),
        ("municipality_slug", "police_area:", "municipality_slug: Nässjö Stad\npolice_area:", ["nassjo-stad"]),
        ("replaces", "police_area:", "replaces: nassjo-2023\npolice_area:", ["nassjo-2023"]),
        ("signatories › nr 1 › role", "police_area:", "signatories:\n  - name: Anna\npolice_area:", ["saknas"]),
        ("diary_numbers › kommunen", "police_area:", "diary_numbers:\n  kommunen: [1, 2]\npolice_area:", ["citattecken"]),
    ],
)
def test_promise_rule_broken(tmp_path: Path, field: str, replace: str, by: str, words: list[str]) -> None:
    _, report = run(tmp_path, {P: promise_with(replace, by)})
    assert_problem(report, P, field, *words)


@pytest.mark.parametrize(
    "field, extra, words",
    [
        ("date", "", []),  # replaced below: missing date
        ("progress › insatser-runneryd", "progress:\n  insatser-runneryd: -1\n", ["minst 0"]),
        ("progress › insatser-runnery", "progress:\n  insatser-runnery: 1\n", ["insatser-runneryd"]),
        ("status › inventeringar", "status:\n  inventeringar: klar\n", ["done"]),
        ("status › inventeringarna", "status:\n  inventeringarna: done\n", ["inventeringar"]),
        ("image", "image: finns-inte.jpg\nimage_alt: Något\n", ["finns inte"]),
        ("image", "image: dokument.pdf\nimage_alt: Något\n", ["bildtyp"]),
        ("image_alt", "image: bild.png\n", ["alternativtext"]),
        ("draft", "draft: kanske\n", ["true eller false"]),
        ("tags", "tags:\n  a: b\n", ["lista"]),
    ],
)
def test_update_rule_broken(tmp_path: Path, field: str, extra: str, words: list[str]) -> None:
    text = update(extra=extra) if field != "date" else update().replace("date: 2024-03-15\n", "")
    _, report = run(tmp_path, {P: PROMISE, U: text, "updates/nassjo/bild.png": b"\x89PNG\r\n\x1a\n"})
    assert_problem(report, U, field, *words)


def test_impossible_date_is_explained_not_a_crash(tmp_path: Path) -> None:
    # YAML 1.1 would raise a bare ValueError on this date.
    _, report = run(tmp_path, {P: PROMISE, U: update(date="2025-13-01")})
    assert_problem(report, U, "date", "2025-13-01", "12 månader")


def test_unknown_promise_suggests_the_closest_ids(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: update(promise="nasjo-2024")})
    assert_problem(report, U, "promise", "nasjo-2024", "nassjo-2024")


def test_unknown_key_is_a_warning_naming_the_closest_key(tmp_path: Path) -> None:
    site, report = run(tmp_path, {P: PROMISE, U: update(extra="progres:\n  insatser-runneryd: 1\n")})
    assert_problem(report, U, "progres", "progress", level=Level.WARNING)
    assert only(report) == [] and len(site.updates) == 1


def test_unknown_key_inside_a_commitment_is_a_warning(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: promise_with("unit: insatser", "units: insatser")})
    assert_problem(report, P, "commitments › insatser-runneryd › units", "unit", level=Level.WARNING)


def test_all_errors_are_reported_at_once(tmp_path: Path) -> None:
    files = {
        P: PROMISE,
        "promises/trasig.md": promise_with("valid_from: 2024-01-01\n", ""),
        U: update(promise="okand"),
        "updates/nassjo/2024-04-01-b.md": update(date="2024-04-31"),
        "updates/nassjo/2024-05-01-c.md": update(extra="status:\n  moten: stoppad\n"),
    }
    _, report = run(tmp_path, files)
    assert {p.file for p in only(report)} == {"promises/trasig.md", U, "updates/nassjo/2024-04-01-b.md", "updates/nassjo/2024-05-01-c.md"}


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: "---\ntitle: a\ndate: [2024\n---\nText\n"})
    assert_problem(report, U, "date", "listan inom [ ] eller { } som börjar på rad 3 avslutas inte rätt.")


def test_file_without_front_matter_is_an_error_not_skipped(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: "Bara text.\n"})
    assert_problem(report, U, "", "front matter")


def test_duplicate_key_is_an_error_not_silently_dropped(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: update(extra="title: Igen\n")})
    assert_problem(report, U, "", "två gånger")


def test_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: update(body="Trygghet i Nässjö").encode("latin-1")})
    assert_problem(report, U, "", "UTF-8")


def test_byte_order_mark_still_loads(tmp_path: Path) -> None:
    site, report = run(tmp_path, {P: PROMISE, U: "\ufeff" + update()})
    assert only(report) == []
    assert [u.update.title for u in site.updates] == ["En uppföljning"]


def test_promise_in_a_subfolder_is_an_error(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, "promises/gamla/nassjo-2020.md": PROMISE})
    assert_problem(report, "promises/gamla/nassjo-2020.md", "", "promises/nassjo-2020.md")


def test_promise_file_name_must_be_an_id(tmp_path: Path) -> None:
    _, report = run(tmp_path, {"promises/Nässjö 2024.md": PROMISE})
    assert_problem(report, "promises/Nässjö 2024.md", "", "nassjo-2024.md")


def test_yaml_1_1_surprises_stay_text(tmp_path: Path) -> None:
    text = promise_with("police_area: Högländet", 'police_area: NO\ndiary_numbers:\n  kommunen: 0114\n  polisen: "A027.427/2020"')
    site, report = run(tmp_path, {P: text})
    assert only(report) == []
    promise = site.promises["nassjo-2024"].promise
    assert promise.police_area == "NO"
    assert dict(promise.diary_numbers) == {"kommunen": "0114", "polisen": "A027.427/2020"}


def test_update_without_letters_in_its_name_needs_a_slug(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, "updates/nassjo/2024-03-15.md": update()})
    assert_problem(report, "updates/nassjo/2024-03-15.md", "", "slug")


def test_two_updates_at_one_address_name_both_files_drafts_count(tmp_path: Path) -> None:
    files = {P: PROMISE, U: update(), "updates/nassjo/annan.md": update(extra="slug: runneryd\ndraft: true\n")}
    _, report = run(tmp_path, files)
    errors = only(report)
    assert len(errors) == 1
    assert U in errors[0].text() and "updates/nassjo/annan.md" in errors[0].text()


def test_same_slug_in_different_municipalities_is_fine(tmp_path: Path) -> None:
    other = promise_with("municipality: Nässjö", "municipality: Eksjö")
    files = {P: PROMISE, "promises/eksjo-2024.md": other, U: update(), "updates/eksjo/2024-03-15-runneryd.md": update(promise="eksjo-2024")}
    site, report = run(tmp_path, files)
    assert only(report) == []
    assert sorted(u.url for u in site.updates) == ["kommuner/eksjo/2024/03/runneryd/", "kommuner/nassjo/2024/03/runneryd/"]


def test_habo_and_habo_collide_without_municipality_slug(tmp_path: Path) -> None:
    files = {
        "promises/habo-2024.md": promise_with("Nässjö", "Habo"),
        "promises/haabo-2024.md": promise_with("Nässjö", "Håbo"),
    }
    _, report = run(tmp_path, files)
    errors = only(report)
    assert len(errors) == 1
    assert "promises/haabo-2024.md" in errors[0].text() and "promises/habo-2024.md" in errors[0].text()
    assert "municipality_slug" in errors[0].text()


def test_municipality_slug_separates_habo_and_habo(tmp_path: Path) -> None:
    files = {
        "promises/habo-2024.md": promise_with("Nässjö", "Habo"),
        "promises/haabo-2024.md": promise_with("municipality: Nässjö", "municipality: Håbo\nmunicipality_slug: haabo"),
    }
    site, report = run(tmp_path, files)
    assert only(report) == []
    assert [m.slug for m in site.municipalities] == ["habo", "haabo"]  # Habo before Håbo


def test_promises_of_one_municipality_must_agree_on_slug(tmp_path: Path) -> None:
    files = {
        "promises/haabo-2023.md": promise_with("municipality: Nässjö", "municipality: Håbo\nmunicipality_slug: haabo"),
        "promises/haabo-2024.md": promise_with("Nässjö", "Håbo"),
    }
    _, report = run(tmp_path, files)
    assert_problem(report, "promises/haabo-2024.md", "municipality_slug", "promises/haabo-2023.md", "haabo")


def test_early_update_is_published_with_a_warning(tmp_path: Path) -> None:
    early = "updates/nassjo/2023-12-20-runneryd.md"
    site, report = run(tmp_path, {P: PROMISE, early: update(date="2023-12-20")})
    assert_problem(report, early, "date", "före", level=Level.WARNING)
    assert len(site.updates) == 1


def test_draft_and_future_update_are_notices_and_unpublished(tmp_path: Path) -> None:
    files = {P: PROMISE, U: update(extra="draft: true\n"), "updates/nassjo/2024-07-01-sen.md": update(date="2024-07-01")}
    site, report = run(tmp_path, files)
    assert_problem(report, U, "draft", "utkast", level=Level.NOTICE)
    assert_problem(report, "updates/nassjo/2024-07-01-sen.md", "date", "1 juli 2024", level=Level.NOTICE)
    assert site.updates == [] and only(report) == []


def test_images_and_other_files_are_assets(tmp_path: Path) -> None:
    from citizen_promises.content import read_content

    # Pictures whose first bytes are what their names say (contract 2.1; tests/test_hostile_assets.py has the rest).
    jpeg, png = b"\xff\xd8\xff\xe0" + bytes(16), b"\x89PNG\r\n\x1a\n" + bytes(16)
    run(tmp_path, {P: PROMISE, "updates/nassjo/bilder/a.jpg": jpeg, "promises/karta.png": png})
    _, _, assets = read_content(tmp_path, tmp_path / "docs", __import__("content_support").BUILT_AT, False)
    assert assets == ["promises/karta.png", "updates/nassjo/bilder/a.jpg"]


@pytest.mark.parametrize(
    "value, local",
    [("2024-03-15T18:30", "2024-03-15 18:30"), ("2024-03-15 18:30:00", "2024-03-15 18:30"),
     ("2024-03-15T17:30:00Z", "2024-03-15 18:30"), ("2024-05-15 18:30:00 +1", "2024-05-15 19:30"),
     ("2024-3-5", "2024-03-05 00:00")],  # a day without leading zeros (was a traceback: found by mypy)
)
def test_date_with_time_in_every_written_form(tmp_path: Path, value: str, local: str) -> None:
    site, report = run(tmp_path, {P: PROMISE, U: update(date=value)})
    assert only(report) == []
    assert site.updates[0].update.moment.strftime("%Y-%m-%d %H:%M") == local


def test_swedish_value_gets_the_english_one_as_hint(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: update(extra="status:\n  moten: klar\n")})
    assert_problem(report, U, "status › moten", "Skriv «done»")


def test_errors_in_one_field_do_not_hide_unknown_commitments(tmp_path: Path) -> None:
    _, report = run(tmp_path, {P: PROMISE, U: update(extra="draft: kanske\nstatus:\n  motena: done\n")})
    assert_problem(report, U, "draft", "true eller false")
    assert_problem(report, U, "status › motena", "moten")


def test_collision_is_reported_on_the_municipality_the_rule_changed(tmp_path: Path) -> None:
    files = {
        "promises/a-habo-2024.md": promise_with("Nässjö", "Håbo"),  # sorts first by path
        "promises/habo-2024.md": promise_with("Nässjö", "Habo"),
    }
    _, report = run(tmp_path, files)
    assert_problem(report, "promises/a-habo-2024.md", "municipality", "promises/habo-2024.md", "municipality_slug: haabo")


def test_default_title_uses_swedish_genitive(tmp_path: Path) -> None:
    files = {P: PROMISE, "promises/linkoping-2024.md": promise_with("Nässjö", "Linköping")}
    site, _ = run(tmp_path, files)
    assert site.promises["linkoping-2024"].promise.title == "Medborgarlöfte i Linköpings kommun 2024"
    assert site.promises["nassjo-2024"].promise.title == "Medborgarlöfte i Nässjö kommun 2024"


def test_update_of_an_unreadable_promise_is_not_reported_as_pointing_nowhere(tmp_path: Path) -> None:
    broken = PROMISE.replace("municipality: Nässjö", "municipality: Nässjö: stad")
    _, report = run(tmp_path, {P: broken, U: update()})
    assert [p.file for p in only(report)] == [P]
    assert not any("inget löfte" in p.text() for p in report.problems)
