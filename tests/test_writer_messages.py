"""What a communicator reads when something is wrong (issue 12, point 4), through
the real `make check`, `make nytt-lofte`, `make ny-uppdatering` and `mkdocs build`:
YAML slips explained in Swedish with line and character, no problem reported
twice, the file name's date against `date:`, a new promise's period, scaffold
hints that stay true, the example's site_url, and a failure that ends with the
command's own sentence, then make's own line, as make always reports one."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from e2e_support import PROJECT, main_files, make_project, run_mkdocs

JUNE_2024 = "1717243200"  # 2024-06-01 12:00 UTC
MESSAGE_END = "Rätta felen ovan; sidan byggs inte förrän de är borta."

KIRUNA = """\
---
municipality: Kiruna
police_area: Malmfälten
valid_from: 2024-01-01
valid_until: 2027-12-31
follow_up: monthly
commitments:
  - id: trygghetsvandringar
    text: Polisen och kommunen genomför trygghetsvandringar i centrum.
    by: gemensamt
    target: 6
    unit: trygghetsvandringar
  - id: insatser
    text: Polisen gör riktade insatser vid resecentrum.
    by: polisen
    target: 15
    unit: insatser
---
Bakgrund.
"""


def kiruna_update(day: str, commitment: str) -> str:
    return (
        f"---\ntitle: Uppföljning {day}\ndate: {day}\npromise: kiruna-2024-2027\n"
        f"progress:\n  {commitment}: 1\nstatus:\n  {commitment}: ongoing\n---\nText om arbetet.\n"
    )


KIRUNA_UPDATES = {
    "updates/kiruna/2024-02-28-februari.md": kiruna_update("2024-02-28", "insatser"),
    "updates/kiruna/2024-03-29-mars.md": kiruna_update("2024-03-29", "trygghetsvandringar"),
    "updates/kiruna/2024-05-15-maj.md": kiruna_update("2024-05-15", "insatser"),
}


def project(tmp_path: Path, files: Mapping[str, str]) -> Path:
    """A copy of the project (Makefile included) with ``files`` as its content and
    the test run's virtual environment, which make must not reinstall."""
    root = make_project(tmp_path / "projekt", files)
    stamp = Path(sys.prefix) / ".installed"
    for name in ("Makefile", "requirements.txt", "requirements-test.txt"):
        shutil.copy2(PROJECT / name, root / name)
        if stamp.exists():  # older than the stamp: make sees an installed environment
            os.utime(root / name, (stamp.stat().st_mtime - 60,) * 2)
    (root / ".venv").symlink_to(Path(sys.prefix))
    return root


def make(root: Path, *args: str, epoch: str = JUNE_2024, sigint: object = signal.SIG_DFL) -> subprocess.CompletedProcess[str]:
    """`make ...` as a writer runs it in a terminal, where Ctrl-C (SIGINT) is not ignored,
    with stdout and stderr in one stream as the terminal shows them."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch, "NO_COLOR": "1"}
    # Not a make inside `make test`: a nested make names itself "make[1]".
    for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(variable, None)
    return subprocess.run(
        ["make", "--no-print-directory", *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, timeout=300, preexec_fn=lambda: signal.signal(signal.SIGINT, sigint),  # type: ignore[arg-type]
    )


def lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return result.stdout.splitlines()


def assert_failure(result: subprocess.CompletedProcess[str], last: str) -> None:
    """Failed as make fails (2): the command's own sentence, then make's one line
    naming the target, and no traceback."""
    assert result.returncode == 2, result.stdout
    assert lines(result)[-2] == last, result.stdout
    assert lines(result)[-1].startswith("make: *** [Makefile:") and lines(result)[-1].endswith("] Error 1"), result.stdout
    assert result.stdout.count("make: ***") == 1 and "Traceback" not in result.stdout


# ---------------------------------------------------------------- YAML slips


def file_with(line: str, after: str = "date: 2024-03-15\npromise: kiruna-2024-2027\n") -> str:
    return f"---\n{line}\n{after}---\nText.\n"


SLIPS = {
    # A colon in unquoted text.
    "updates/kiruna/2024-03-15-kolon.md": (
        file_with("title: Möte: trygghet i centrum"),
        "FEL      updates/kiruna/2024-03-15-kolon.md, fältet «title»: texten på rad 2 har ett kolon och ett mellanslag "
        "(tecken 12), och då tror YAML att ett nytt fält börjar. Sätt raka citattecken runt texten: "
        'title: "Möte: trygghet i centrum"',
    ),
    # Swedish typographic quotes around text with a colon: the writer meant them as quotes.
    "updates/kiruna/2024-03-15-svenska-citattecken.md": (
        file_with("title: ”Möte: trygghet i centrum”"),
        "FEL      updates/kiruna/2024-03-15-svenska-citattecken.md, fältet «title»: texten på rad 2 har typografiska "
        "citattecken (” på tecken 8), som YAML läser som vanliga tecken och inte som citattecken; därför läser YAML "
        'kolonet på tecken 13 som början på ett nytt fält. Sätt raka citattecken " runt hela texten (typografiska '
        'citattecken inne i texten går bra). Skriv till exempel title: "Möte: trygghet i centrum".',
    ),
    # English typographic quotes inside the text: they stay, straight ones go around.
    "updates/kiruna/2024-03-15-engelska-citattecken.md": (
        file_with("summary: Vi kallade det “Projekt: Trygg”", "title: X\ndate: 2024-03-15\npromise: kiruna-2024-2027\n"),
        "FEL      updates/kiruna/2024-03-15-engelska-citattecken.md, fältet «summary»: texten på rad 2 har typografiska "
        "citattecken (“ på tecken 25), som YAML läser som vanliga tecken och inte som citattecken; därför läser YAML "
        'kolonet på tecken 33 som början på ett nytt fält. Sätt raka citattecken " runt hela texten (typografiska '
        'citattecken inne i texten går bra). Skriv till exempel summary: "Vi kallade det “Projekt: Trygg”".',
    ),
    # A tab for indentation.
    "updates/kiruna/2024-03-15-tabb.md": (
        file_with("title: Tabb\nprogress:\n\tinsatser: 2"),
        "FEL      updates/kiruna/2024-03-15-tabb.md, fältet «progress»: rad 4 börjar med ett tabbtecken. YAML räknar "
        "indrag i mellanslag och kan inte läsa en tabb där. Byt tabbtecknet mot mellanslag (två mellanslag per nivå, "
        "som i mallarna).",
    ),
    # A field indented under one that already has a value.
    "updates/kiruna/2024-03-15-indrag.md": (
        file_with("title: Indrag\n  date: 2024-03-15", "promise: kiruna-2024-2027\n"),
        "FEL      updates/kiruna/2024-03-15-indrag.md, fältet «title»: rad 3 börjar med 2 mellanslag, som om den hörde "
        "till fältet «title» på raden ovanför, men det fältet har redan ett värde. Ta bort mellanslagen i början av "
        "raden, så att fältet börjar längst till vänster som de andra.",
    ),
    # A line of a map indented less than the one above.
    "updates/kiruna/2024-03-15-indrag-karta.md": (
        file_with("title: Indrag\nprogress:\n  insatser: 1\n trygghetsvandringar: 2"),
        "FEL      updates/kiruna/2024-03-15-indrag-karta.md, fältet «progress»: rad 5 börjar med 1 mellanslag, men "
        "raden ovanför börjar med 2 mellanslag; rader som hör ihop ska ha samma indrag. Ge rad 5 samma indrag som "
        "raderna den hör ihop med (i mallarna två mellanslag per nivå).",
    ),
    # The first --- missing.
    "updates/kiruna/2024-03-15-utan-start.md": (
        "title: Utan start\ndate: 2024-03-15\npromise: kiruna-2024-2027\n---\nText.\n",
        "FEL      updates/kiruna/2024-03-15-utan-start.md: rad 1 börjar med fältet «title», men raden --- före fälten "
        "saknas. Lägg till en rad med bara --- överst i filen, före «title:».",
    ),
    # --- made into a dash by a word processor.
    "updates/kiruna/2024-03-15-tankstreck.md": (
        "—\ntitle: Tankstreck\ndate: 2024-03-15\npromise: kiruna-2024-2027\n---\nText.\n",
        "FEL      updates/kiruna/2024-03-15-tankstreck.md: rad 1 ska vara tre bindestreck ---, men där står «—». Skriv "
        "tre vanliga bindestreck (-) på rad 1 och på raden efter fälten; Word och Outlook gör ibland om dem till tankstreck.",
    ),
    # The closing --- missing.
    "updates/kiruna/2024-03-15-utan-slut.md": (
        "---\ntitle: Utan slut\ndate: 2024-03-15\npromise: kiruna-2024-2027\n\nVi gick runt i centrum.\n",
        "FEL      updates/kiruna/2024-03-15-utan-slut.md: front matter avslutas aldrig: raden --- efter fälten saknas. "
        "Lägg till en rad med bara --- efter det sista fältet (rad 4), före texten på rad 6.",
    ),
    # The closing --- missing, and a --- further down the body (a Markdown rule).
    "updates/kiruna/2024-03-15-utan-slut-linje.md": (
        "---\ntitle: Utan slut\ndate: 2024-03-15\npromise: kiruna-2024-2027\n\n## Bakgrund\n\nVi gick runt i centrum.\n\n---\n\nMer.\n",
        "FEL      updates/kiruna/2024-03-15-utan-slut-linje.md: rad 8 («Vi gick runt i centrum.») ser ut som brödtext, "
        "men den står före raden --- som avslutar fälten. Lägg till en rad med bara --- efter det sista fältet (rad 4), före texten.",
    ),
    # No space after the colon.
    "updates/kiruna/2024-03-15-mellanslag.md": (
        file_with("title:Mellanslag"),
        "FEL      updates/kiruna/2024-03-15-mellanslag.md, fältet «title»: rad 2 saknar mellanslag efter kolonet "
        "(tecken 6). Skriv ett mellanslag mellan kolonet och värdet: «title: Mellanslag».",
    ),
    # Text after the closing quote.
    "updates/kiruna/2024-03-15-citat.md": (
        file_with('title: "Möte" i centrum'),
        "FEL      updates/kiruna/2024-03-15-citat.md, fältet «title»: texten på rad 2 fortsätter efter citattecknet som "
        "avslutar den (tecken 15). Sätt citattecknen runt hela texten.",
    ),
}


@pytest.fixture(scope="module")
def slips_checked(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    files = {"promises/kiruna-2024-2027.md": KIRUNA, **{path: text for path, (text, _) in SLIPS.items()}}
    return make(project(tmp_path_factory.mktemp("slips"), files), "check")


@pytest.mark.parametrize("path", list(SLIPS))
def test_yaml_slip_is_explained_in_swedish_with_line_and_fix(slips_checked: subprocess.CompletedProcess[str], path: str) -> None:
    expected = SLIPS[path][1]
    found = [line for line in lines(slips_checked) if path + ":" in line or path + "," in line]
    assert found == [expected], slips_checked.stdout


def test_yaml_slips_fail_make_check_with_one_line_each_and_no_parser_words(slips_checked: subprocess.CompletedProcess[str]) -> None:
    errors = [line for line in lines(slips_checked) if line.startswith("FEL")]
    assert len(errors) == len(SLIPS), slips_checked.stdout
    for leak in ("mapping values", "found character", "could not find", "expected", "Traceback"):
        assert leak not in slips_checked.stdout
    # Follow-ups that cannot be read may be the missing ones: the promise is not called overdue for want of them.
    assert "Ingen uppföljning" not in slips_checked.stdout and "Försenad" not in slips_checked.stdout
    assert_failure(slips_checked, MESSAGE_END)


# ---------------------------------------------------------------- one slip, one error


SLIPPED_KIRUNA = KIRUNA.replace("    by: polisen\n", "     by: polisen\n")


def test_an_indentation_slip_in_a_promise_is_one_error_and_nothing_else(tmp_path: Path) -> None:
    assert SLIPPED_KIRUNA != KIRUNA
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": SLIPPED_KIRUNA, **KIRUNA_UPDATES})
    checked = make(root, "check")
    assert [line for line in lines(checked) if line.startswith(("FEL", "VARNING", "NOTIS"))] == [
        "FEL      promises/kiruna-2024-2027.md, fältet «commitments»: rad 15 börjar med 5 mellanslag, som om den hörde "
        "till fältet «text» på raden ovanför, men det fältet har redan ett värde. Ge raden samma indrag som raden ovanför, 4 mellanslag.",
        # The example's site_url, which this copy keeps.
        "NOTIS    mkdocs.yml, fältet «site_url»: webbplatsen har fortfarande exemplets adress "
        "https://medborgarloften.example.se/, så flöden, delningslänkar och öppna data pekar dit. Skriv webbplatsens "
        "riktiga adress i site_url i mkdocs.yml (skrivhandledningen: Publicera webbplatsen).",
    ], checked.stdout
    assert "inget löfte" not in checked.stdout and "Ingen uppföljning" not in checked.stdout
    assert "1 fel, 0 varningar, 0 försenade uppföljningar." in checked.stdout
    # The build says the same, once.
    build = run_mkdocs(root, tmp_path / "site", strict=True, epoch=int(JUNE_2024))
    assert build.returncode == 1
    assert build.log.count("ERROR") == 1 and "promises/kiruna-2024-2027.md, fältet «commitments»: rad 15" in build.log, build.log
    assert "inget löfte" not in build.log and "Ingen uppföljning" not in build.log
    # And a new follow-up is refused for that reason, not because the municipality is unknown.
    scaffold = make(root, "ny-uppdatering", "KOMMUN=kiruna")
    assert_failure(
        scaffold,
        "promises/kiruna-2024-2027.md har fel och kan inte läsas, så den kommunen syns inte än. "
        "Rätta felet först (make check visar det) och försök sedan igen.",
    )


def test_the_same_content_without_the_slip_is_clean_and_current(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, **KIRUNA_UPDATES})
    checked = make(root, "check")
    assert checked.returncode == 0, checked.stdout
    assert "1 löfte och 3 publicerade uppföljningar kontrollerade 1 juni 2024: 0 fel, 0 varningar, 0 försenade uppföljningar." in checked.stdout


# ---------------------------------------------------------------- the file name's date


def test_a_file_name_dated_differently_from_date_is_a_warning_saying_date_counts(tmp_path: Path) -> None:
    moved = "updates/kiruna/2024-05-02-vandring.md"
    files = {"promises/kiruna-2024-2027.md": KIRUNA, moved: kiruna_update("2024-04-30", "trygghetsvandringar")}
    root = project(tmp_path, files)
    checked = make(root, "check")
    assert checked.returncode == 0, checked.stdout
    assert (
        "VARNING  updates/kiruna/2024-05-02-vandring.md, fältet «date»: filnamnet börjar med 2024-05-02, men fältet date "
        "är 2024-04-30. Det är date som gäller: uppföljningen visas med datumet 30 april 2024 och publiceras tidigast då; "
        "datumet i filnamnet används inte. Döp om filen till 2024-04-30-vandring.md så att datumen stämmer, eller ändra "
        "date om det är filnamnets datum som är rätt."
    ) in lines(checked)
    # A warning: published by a plain build, refused by make build's strict one.
    assert run_mkdocs(root, tmp_path / "site", epoch=int(JUNE_2024)).returncode == 0
    strict = make(root, "build")
    assert_failure(strict, "Aborted with 1 warnings in strict mode!")
    assert "30 april 2024" in (tmp_path / "site" / "kommuner" / "kiruna" / "2024" / "04" / "vandring" / "index.html").read_text(encoding="utf-8")


def test_a_date_time_on_the_file_names_day_is_no_mismatch(tmp_path: Path) -> None:
    text = kiruna_update("2024-04-30T18:30", "insatser")
    checked = make(project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, "updates/kiruna/2024-04-30-kvall.md": text}), "check")
    assert "0 fel, 0 varningar" in checked.stdout, checked.stdout


def _front_date(text: str) -> str:
    head = text.split("\n---", 1)[0]
    written = next(line for line in head.splitlines() if line.startswith("date:"))
    return written.split(":", 1)[1].strip().strip("\"'")[:10]


def test_the_example_content_and_the_test_scenario_name_their_files_by_their_dates() -> None:
    # Both are built strict: a mismatch would be a warning that fails them.
    examples = {p.name: p.read_text(encoding="utf-8") for p in (PROJECT / "updates").rglob("*.md") if p.name.count(".") == 1}
    scenario = {
        path.rsplit("/", 1)[1]: text for path, text in main_files().items()
        if path.startswith("updates/") and path.count(".") == 1 and isinstance(text, str)
    }
    assert len(examples) > 30 and len(scenario) > 5
    for name, text in {**examples, **scenario}.items():
        if name[:4].isdigit():
            assert _front_date(text) == name[:10], name


# ---------------------------------------------------------------- make nytt-lofte


def test_new_promise_without_a_previous_one_runs_the_calendar_year(tmp_path: Path) -> None:
    root = project(tmp_path, {})
    result = make(root, "nytt-lofte", "KOMMUN=Kiruna")
    assert result.returncode == 0, result.stdout
    assert lines(result) == [
        "promises/kiruna-2024.md",
        "Löftet gäller 1 januari 2024 – 31 december 2024: kalenderåret 2024, eftersom kommunen inte har något tidigare löfte.",
        "En annan period: ändra valid_from och valid_until i filen (och årtalen i filnamnet, som blir löftets id), "
        'eller ta bort filen och skriv make nytt-lofte KOMMUN="Kiruna" FRAN=ÅÅÅÅ-MM-DD TILL=ÅÅÅÅ-MM-DD.',
    ]
    text = (root / "promises/kiruna-2024.md").read_text(encoding="utf-8")
    assert "valid_from: 2024-01-01\nvalid_until: 2024-12-31\n" in text
    assert "replaces" not in text
    assert make(root, "check").returncode == 0


def test_new_promise_after_a_previous_one_runs_as_long_from_the_day_after(tmp_path: Path) -> None:
    previous = KIRUNA.replace("valid_from: 2024-01-01\nvalid_until: 2027-12-31", "valid_from: 2022-05-01\nvalid_until: 2024-04-30")
    root = project(tmp_path, {"promises/kiruna-2022-2024.md": previous})
    result = make(root, "nytt-lofte", "KOMMUN=kiruna")
    assert result.returncode == 0, result.stdout
    assert lines(result)[:2] == [
        "promises/kiruna-2024-2026.md",
        "Löftet gäller 1 maj 2024 – 30 april 2026: lika länge som det förra löftet, kiruna-2022-2024 "
        "(1 maj 2022 – 30 april 2024), från dagen efter att det slutade. Det ersätter kiruna-2022-2024 (fältet replaces).",
    ]
    text = (root / "promises/kiruna-2024-2026.md").read_text(encoding="utf-8")
    assert "valid_from: 2024-05-01\nvalid_until: 2026-04-30\n" in text
    assert "replaces: kiruna-2022-2024\n" in text
    assert 'police_area: "Malmfälten"\n' in text
    assert make(root, "check").returncode == 0


def test_new_promise_after_one_that_ended_long_ago_starts_this_year(tmp_path: Path) -> None:
    old = KIRUNA.replace("valid_from: 2024-01-01\nvalid_until: 2027-12-31", "valid_from: 2019-04-25\nvalid_until: 2020-12-31")
    root = project(tmp_path, {"promises/kiruna-2019-2020.md": old})
    result = make(root, "nytt-lofte", "KOMMUN=Kiruna")
    assert lines(result)[:2] == [
        "promises/kiruna-2024-2025.md",
        "Löftet gäller 1 januari 2024 – 8 september 2025: lika länge som det förra löftet, kiruna-2019-2020 "
        "(25 april 2019 – 31 december 2020), från början av i år, eftersom det slutade tidigare. Det ersätter kiruna-2019-2020 (fältet replaces).",
    ], result.stdout


def test_new_promise_takes_the_period_asked_for(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    result = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2028-01-01", "TILL=2029-06-30")
    assert lines(result)[:2] == [
        "promises/kiruna-2028-2029.md",
        "Löftet gäller 1 januari 2028 – 30 juni 2029: som du angav med FRAN och TILL.",
    ], result.stdout
    refused = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2029-13-01")
    assert_failure(refused, "FRAN=2029-13-01 är inget datum. Skriv det som ÅÅÅÅ-MM-DD, till exempel FRAN=2025-01-01.")
    backwards = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2029-01-01", "TILL=2028-01-01")
    assert_failure(backwards, "TILL=2028-01-01 ligger före FRAN=2029-01-01. Kontrollera datumen.")


def test_scaffold_hints_stay_true_when_the_value_beside_them_changes(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, **KIRUNA_UPDATES})
    made = make(root, "ny-uppdatering", "KOMMUN=kiruna")
    path = root / lines(made)[0]
    text = path.read_text(encoding="utf-8")
    # Allowed values and a dated state, never "nu: Planerad" beside a value the writer will change.
    assert "nu:" not in text
    assert "  # insatser: ongoing    # planned, ongoing, paused, done eller cancelled (1 juni 2024: pågår)\n" in text
    assert "  # trygghetsvandringar: 0    # Polisen och kommunen genomför trygghetsvandringar i centrum. (1 juni 2024: trygghetsvandringar: 1 av 6)\n" in text
    # The writer changes the status and reports progress: every comment on those lines is still true.
    edited = text.replace("  # insatser: ongoing", "  insatser: done").replace("  # trygghetsvandringar: 0", "  trygghetsvandringar: 2")
    path.write_text(edited.replace("draft: true\n", ""), encoding="utf-8")
    checked = make(root, "check")
    assert "0 fel, 0 varningar" in checked.stdout, checked.stdout
    promise = make(root, "nytt-lofte", "KOMMUN=Kiruna")
    written = (root / lines(promise)[0]).read_text(encoding="utf-8")
    assert "follow_up: monthly    # monthly, quarterly, yearly eller continuous\n" in written
    assert "    by: gemensamt    # polisen, kommunen eller gemensamt\n" in written
    assert "\ntitle:" not in written  # the default title follows the dates; a written one would not


# ---------------------------------------------------------------- make noise


def test_failing_make_targets_end_with_their_own_message_then_makes_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, "updates/kiruna/2024-03-15-a.md": file_with("title: A: B")})
    assert_failure(make(root, "check"), MESSAGE_END)
    assert_failure(make(root, "build"), "Bygget avbröts: 1 fel i innehållet (se raderna ERROR ovan).")
    assert_failure(make(root, "ny-uppdatering"), "Ange kommunen, till exempel: make ny-uppdatering KOMMUN=nassjo")
    assert_failure(make(root, "nytt-lofte", "KOMMUN=Kirna"), "«Kirna» liknar Kiruna, som redan finns. Skriv namnet exakt som det redan står om det är samma kommun.")


def test_where_make_ignores_ctrl_c_a_failure_fails_the_same_way(tmp_path: Path) -> None:
    # A make started in the background by a script ignores SIGINT: nothing depends on it.
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, "updates/kiruna/2024-03-15-a.md": file_with("title: A: B")})
    assert_failure(make(root, "check", sigint=signal.SIG_IGN), MESSAGE_END)


def test_a_passing_check_exits_zero(tmp_path: Path) -> None:
    result = make(project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA}), "check")
    assert result.returncode == 0, result.stdout


# ---------------------------------------------------------------- site_url


SITE_URL_NOTICE = (
    "mkdocs.yml, fältet «site_url»: webbplatsen har fortfarande exemplets adress https://medborgarloften.example.se/, "
    "så flöden, delningslänkar och öppna data pekar dit. Skriv webbplatsens riktiga adress i site_url i mkdocs.yml "
    "(skrivhandledningen: Publicera webbplatsen)."
)


def test_the_example_site_url_is_a_notice_in_make_check_and_the_build_log(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA, **KIRUNA_UPDATES})
    checked = make(root, "check")
    assert checked.returncode == 0 and f"NOTIS    {SITE_URL_NOTICE}" in lines(checked), checked.stdout
    build = run_mkdocs(root, tmp_path / "site", strict=True, epoch=int(JUNE_2024))
    assert build.returncode == 0, build.log
    assert f"INFO    -  {SITE_URL_NOTICE}" in build.log.splitlines(), build.log


def test_a_real_site_url_gets_no_notice(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("site_url: https://medborgarloften.example.se/", "site_url: https://medborgarloften.kiruna.se/"),
        encoding="utf-8",
    )
    checked = make(root, "check")
    assert checked.returncode == 0 and "«site_url»" not in checked.stdout, checked.stdout
    build = run_mkdocs(root, tmp_path / "site", strict=True, epoch=int(JUNE_2024))
    assert build.returncode == 0 and "«site_url»" not in build.log, build.log
    assert '<atom:link href="https://medborgarloften.kiruna.se/feed.xml"' in (tmp_path / "site" / "feed.xml").read_text(encoding="utf-8")


def test_the_publisher_finds_site_url_explained_where_they_look_first() -> None:
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    above = config.split("\nsite_url:", 1)[0]
    assert "SET THIS FIRST" in above and "docs/skrivhandledning/publicera.md" in above
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert "site_url" in readme.split("## How it is built", 1)[0]
    guide = (PROJECT / "docs" / "skrivhandledning" / "publicera.md").read_text(encoding="utf-8")
    assert "## 1. Skriv webbplatsens adress i site_url" in guide
