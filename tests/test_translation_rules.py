"""Every rule of the contract's version 2 section (lättläst and other
languages), broken once, with the exact sentence a writer reads."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from citizen_promises.content import read_content
from citizen_promises.problems import Level, Report
from content_support import BUILT_AT, PROMISE, update, write

P = "promises/nassjo-2024.md"
U = "updates/nassjo/2024-03-15-runneryd.md"
LISTED = ["lattlast", "en", "ar"]
IMAGE = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def check(tmp_path: Path, files: dict[str, str | bytes], listed: object = LISTED) -> Report:
    write(tmp_path, {P: PROMISE, U: update(extra="progress:\n  insatser-runneryd: 4\n"), **files})
    _, report, _ = read_content(tmp_path, tmp_path / "docs", BUILT_AT, False, languages_listed=listed)
    return report


def errors(report: Report) -> list[str]:
    return [p.text() for p in report.errors]


def test_valid_translations_have_no_problems(tmp_path: Path) -> None:
    report = check(tmp_path, {
        "promises/nassjo-2024.en.md": (
            "---\ntitle: Citizen promise in Nässjö 2024\ncommitments:\n"
            "  insatser-runneryd: The police carry out at least fifteen operations in Runneryd.\n"
            "areas:\n  Runnerydsområdet: The Runneryd area\ntranslator: Anna Andersson\n---\nBackground.\n"
        ),
        "updates/nassjo/2024-03-15-runneryd.ar.md": "---\ntitle: أربع عمليات في رونريد\nsummary: نص قصير.\n---\nنص.\n",
        "updates/nassjo/2024-03-15-runneryd.lattlast.md": "---\ntitle: Polisen har varit i Runneryd\n---\nPolisen har varit i Runneryd fyra gånger.\n",
    })
    assert [p.text() for p in report.problems if p.level >= Level.WARNING] == []


def test_a_key_taken_from_the_original_is_an_error_saying_so(tmp_path: Path) -> None:
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.en.md": "---\ntitle: Four operations\ndate: 2024-03-16\nprogress:\n  insatser-runneryd: 5\n---\nText.\n"})
    assert errors(report) == [
        "updates/nassjo/2024-03-15-runneryd.en.md, fältet «date»: hämtas från originalet updates/nassjo/2024-03-15-runneryd.md "
        "och kan inte skrivas i en översättning. Ta bort fältet här; ändra det i originalet om det är fel.",
        "updates/nassjo/2024-03-15-runneryd.en.md, fältet «progress»: hämtas från originalet updates/nassjo/2024-03-15-runneryd.md "
        "och kan inte skrivas i en översättning. Ta bort fältet här; ändra det i originalet om det är fel.",
    ]


def test_a_promise_translation_may_not_carry_dates_or_commitment_lists(tmp_path: Path) -> None:
    report = check(tmp_path, {"promises/nassjo-2024.en.md": "---\nvalid_until: 2025-12-31\ntitel: Promise\n---\nText.\n"})
    assert errors(report) == [
        "promises/nassjo-2024.en.md, fältet «titel»: okänt fält i en översättning. Menade du «title»?",
        "promises/nassjo-2024.en.md, fältet «valid_until»: hämtas från originalet promises/nassjo-2024.md "
        "och kan inte skrivas i en översättning. Ta bort fältet här; ändra det i originalet om det är fel.",
    ]


def test_an_unknown_commitment_id_names_the_closest(tmp_path: Path) -> None:
    report = check(tmp_path, {"promises/nassjo-2024.en.md": "---\ncommitments:\n  insatser-runeryd: Operations.\n---\nText.\n"})
    assert errors(report) == [
        "promises/nassjo-2024.en.md, fältet «commitments › insatser-runeryd»: löftet nassjo-2024 har inget åtagande "
        "med id «insatser-runeryd». Menade du «insatser-runneryd»?",
    ]


def test_an_unknown_area_lists_the_originals_areas(tmp_path: Path) -> None:
    report = check(tmp_path, {"promises/nassjo-2024.en.md": "---\nareas:\n  Centrum: The centre\n---\nText.\n"})
    assert errors(report) == [
        "promises/nassjo-2024.en.md, fältet «areas › Centrum»: originalet har inget område som heter «Centrum». "
        "Områdena i originalet: Runnerydsområdet.",
    ]


def test_a_translation_without_its_original(tmp_path: Path) -> None:
    report = check(tmp_path, {"updates/nassjo/2024-04-01-saknas.en.md": "---\ntitle: Missing\n---\nText.\n"})
    assert errors(report) == [
        "updates/nassjo/2024-04-01-saknas.en.md: översättningen saknar sitt original: det finns ingen fil "
        "updates/nassjo/2024-04-01-saknas.md. En översättning ligger bredvid originalet och heter som det, "
        "med språkkoden före .md.",
    ]


def test_a_translation_of_a_broken_original_adds_no_error_of_its_own(tmp_path: Path) -> None:
    broken = "updates/nassjo/2024-04-01-trasig.md"
    report = check(tmp_path, {broken: update(date="2024-13-01"), "updates/nassjo/2024-04-01-trasig.en.md": "---\ntitle: Broken\n---\nText.\n"})
    assert [p.file for p in report.errors] == [broken]


def test_a_language_not_listed_names_the_listed_ones(tmp_path: Path) -> None:
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.fi.md": "---\ntitle: Neljä operaatiota\n---\nTeksti.\n"})
    assert errors(report) == [
        "updates/nassjo/2024-03-15-runneryd.fi.md: filen är en översättning till finska (fi), ett språk som inte finns "
        "i mkdocs.yml. Webbplatsen publicerar lattlast (lättläst), en (engelska), ar (arabiska). Lägg till fi under "
        "«extra: languages:» i mkdocs.yml, eller döp om filen om den inte är en översättning.",
    ]


def test_a_code_that_is_no_language_of_the_contract(tmp_path: Path) -> None:
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.de.md": "---\ntitle: Vier Einsätze\n---\nText.\n"}, listed=[])
    assert errors(report) == [
        "updates/nassjo/2024-03-15-runneryd.de.md: filnamnet slutar med .de.md som en översättning, men «de» är inget "
        "språk som webbplatsen kan publicera. Webbplatsen publicerar inga översättningar ännu. Döp om filen: en "
        "översättning heter som originalet med en språkkod från skrivhandledningen före .md, till exempel .en.md.",
    ]


def test_an_unknown_language_in_mkdocs_yml(tmp_path: Path) -> None:
    report = check(tmp_path, {}, listed=["en", "english"])
    assert len(report.errors) == 1
    assert report.errors[0].text().startswith(
        "mkdocs.yml, fältet «extra › languages»: «english» är ingen språkkod som webbplatsen kan publicera. "
        "Koderna som finns: lattlast (lättläst), en (engelska), fi (finska),"
    )


def test_an_image_without_translated_alt_text(tmp_path: Path) -> None:
    with_image = "updates/nassjo/2024-03-20-bild.md"
    report = check(tmp_path, {
        "updates/nassjo/bilder/a.png": IMAGE,
        with_image: update(date="2024-03-20", extra="image: bilder/a.png\nimage_alt: Två poliser på ett torg\n"),
        "updates/nassjo/2024-03-20-bild.ar.md": "---\ntitle: صورة\n---\nنص.\n",
    })
    assert errors(report) == [
        "updates/nassjo/2024-03-20-bild.ar.md, fältet «image_alt»: originalet updates/nassjo/2024-03-20-bild.md har en "
        "bild, men översättningen saknar bildens beskrivning. Lägg till «image_alt:» med originalets bildtext översatt.",
    ]


def test_an_update_translation_needs_a_title(tmp_path: Path) -> None:
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.en.md": "---\nsummary: Short.\n---\nText.\n"})
    assert errors(report) == [
        "updates/nassjo/2024-03-15-runneryd.en.md, fältet «title»: fältet saknas men måste finnas. "
        "Lägg till till exempel «title: Kvällsinsats i centrum».",
    ]


def test_lattlast_with_long_sentences_gets_a_notice_with_its_lix(tmp_path: Path) -> None:
    long = (
        "Kommunen och polisen genomför gemensamt trygghetsskapande insatser i de centrala delarna av "
        "stadsdelen under hela sommarhalvåret, vilket förväntas öka tryggheten betydligt."
    )
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.lattlast.md": f"---\ntitle: Sommaren\n---\n{long}\n"})
    assert report.errors == [] and report.warnings == []
    notices = [p.text() for p in report.notices if p.file.endswith(".lattlast.md")]
    assert len(notices) == 1
    assert notices[0].startswith("updates/nassjo/2024-03-15-runneryd.lattlast.md: texten har läsbarhetsindex LIX ")
    assert "; lättläst bör ha högst 40. Den längsta meningen har 21 ord: «Kommunen och polisen genomför" in notices[0]


def test_short_lattlast_sentences_get_no_notice(tmp_path: Path) -> None:
    easy = "Polisen går i Runneryd. Vi pratar med dem som bor där. Vi lyssnar på dem."
    report = check(tmp_path, {"updates/nassjo/2024-03-15-runneryd.lattlast.md": f"---\ntitle: Polisen i Runneryd\n---\n{easy}\n"})
    assert [p.text() for p in report.problems if p.file.endswith(".lattlast.md")] == []


def test_make_check_reads_the_languages_from_mkdocs_yml(tmp_path: Path) -> None:
    """The real `make check` (its module) with mkdocs.yml's `extra: languages:`."""
    write(tmp_path, {
        P: PROMISE, U: update(),
        "mkdocs.yml": "site_name: Test\nextra:\n  languages: [en]\n",
        "updates/nassjo/2024-03-15-runneryd.en.md": "---\ntitle: Operations\n---\nText.\n",
        "updates/nassjo/2024-03-15-runneryd.ar.md": "---\ntitle: عمليات\n---\nنص.\n",
    })
    hooks = Path(__file__).resolve().parent.parent / "hooks"
    done = subprocess.run(
        [sys.executable, "-m", "citizen_promises.check"], cwd=tmp_path, capture_output=True, text=True,
        env={"PYTHONPATH": str(hooks), "SOURCE_DATE_EPOCH": "1717243200"}, check=False,
    )
    assert done.returncode == 1
    assert (
        "FEL      updates/nassjo/2024-03-15-runneryd.ar.md: filen är en översättning till arabiska (ar), ett språk som "
        "inte finns i mkdocs.yml. Webbplatsen publicerar en (engelska)."
    ) in done.stdout
    assert "runneryd.en.md" not in done.stdout


def run_module(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    hooks = Path(__file__).resolve().parent.parent / "hooks"
    env = {"PYTHONPATH": str(hooks), "SOURCE_DATE_EPOCH": "1717243200"}
    return subprocess.run([sys.executable, "-m", *args], cwd=root, env=env, capture_output=True, text=True, check=False)


def test_ny_oversattning_writes_a_draft_with_the_originals_words_as_comments(tmp_path: Path) -> None:
    write(tmp_path, {
        P: PROMISE, "mkdocs.yml": "site_name: Test\nextra:\n  languages: [en]\n",
        U: update(extra="summary: \"Fyra insatser: mer än väntat.\"\n", body="Polisen var i Runneryd.\n\nFyra gånger."),
    })
    done = run_module(tmp_path, "citizen_promises.new_translation", U, "en")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "Skrev updates/nassjo/2024-03-15-runneryd.en.md. Översätt texterna och skriv den översatta texten efter den sista raden ---.\n"
    )
    written = (tmp_path / "updates/nassjo/2024-03-15-runneryd.en.md").read_text(encoding="utf-8")
    assert written == (
        "---\n"
        "# Översättning till engelska (English) av updates/nassjo/2024-03-15-runneryd.md.\n"
        "# Översätt texterna efter kommentarerna (raderna som börjar med #). Datum, siffror,\n"
        "# status och bild hämtas från originalet och skrivs inte här.\n"
        "# Originalets rubrik: En uppföljning\n"
        'title: "En uppföljning"\n'
        "# Originalets sammanfattning: Fyra insatser: mer än väntat.\n"
        'summary: "Fyra insatser: mer än väntat."\n'
        "# Ditt namn eller din organisation, om du vill stå som översättare till engelska:\n"
        'translator: ""\n'
        "# Ta bort raden draft när allt är översatt; till dess publiceras inget.\n"
        "draft: true\n"
        "#\n"
        "# Originalets text, att översätta nedanför den sista raden ---:\n"
        "#   Polisen var i Runneryd.\n"
        "#\n"
        "#   Fyra gånger.\n"
        "---\n\n"
    )
    checked = run_module(tmp_path, "citizen_promises.check")
    assert checked.returncode == 0 and "0 fel, 0 varningar" in checked.stdout, checked.stdout
    assert "NOTIS    updates/nassjo/2024-03-15-runneryd.en.md, fältet «draft»: utkast – översättningen publiceras inte" in checked.stdout


def test_ny_oversattning_of_a_promise_lists_its_commitments_and_areas(tmp_path: Path) -> None:
    write(tmp_path, {P: PROMISE, "mkdocs.yml": "site_name: Test\n"})
    done = run_module(tmp_path, "citizen_promises.new_translation", P, "lattlast")
    assert done.returncode == 0, done.stderr
    assert "Lägg också till lattlast under «extra: languages:» i mkdocs.yml, annars publiceras inte översättningen." in done.stdout
    written = (tmp_path / "promises/nassjo-2024.lattlast.md").read_text(encoding="utf-8")
    assert (
        "commitments:\n"
        "  # Original: Polisen genomför minst femton riktade insatser i Runnerydsområdet.\n"
        '  insatser-runneryd: "Polisen genomför minst femton riktade insatser i Runnerydsområdet."\n'
    ) in written
    assert 'areas:\n  "Runnerydsområdet": "Runnerydsområdet"\n' in written
    # Contract 2.1: the units to translate, plural and (where the original has it) singular.
    assert 'units:\n  insatser-runneryd: "insatser"\n  inventeringar: "trygghetsinventeringar"\n' in written
    assert 'units_singular:\n  insatser-runneryd: "insats"\n' in written
    assert "draft: true\n" in written
    assert check(tmp_path, {"promises/nassjo-2024.lattlast.md": written}).errors == []


def test_ny_oversattning_refuses_what_it_cannot_write(tmp_path: Path) -> None:
    write(tmp_path, {P: PROMISE, "promises/nassjo-2024.en.md": "---\ntitle: x\n---\n"})
    assert run_module(tmp_path, "citizen_promises.new_translation", P, "de").stderr.startswith(
        "«de» är ingen språkkod som webbplatsen kan publicera. Koderna som finns: lattlast (lättläst), en (engelska),"
    )
    assert run_module(tmp_path, "citizen_promises.new_translation", P, "en").stderr == (
        "promises/nassjo-2024.en.md finns redan. Öppna den och fortsätt översätta där.\n"
    )
    assert run_module(tmp_path, "citizen_promises.new_translation", "updates/nassjo/saknas.md", "en").stderr == (
        "Filen updates/nassjo/saknas.md finns inte.\n"
    )
    assert run_module(tmp_path, "citizen_promises.new_translation", "docs/index.md", "en").stderr == (
        "docs/index.md är inte ett löfte i promises/ eller en uppföljning i updates/ på svenska (en fil som slutar med .md).\n"
    )
