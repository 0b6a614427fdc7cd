"""The writer's commands take what the writer types as data (issue 18), and
direction characters cannot turn the site's text around (contract 2.1).

Through the real `make` and Makefile: a backtick, `$(HOME)`, `$$`, quotes and a
`"` in KOMMUN or RUBRIK reach Python byte for byte and run nothing; `make
serve KOMMUN="Upplands Väsby"` passes the name as one value; FIL never leads
out of promises/ and updates/, no file is written through a symbolic link,
and `make nytt-lofte` refuses before writing the years `make check` would
refuse. A failure is make's own (`make -k`, `xargs`, recursive make behave as
make does; no signals). U+202E and the other direction controls leave
one-line fields with a warning, and writer text that shares a line with the
site's words is isolated in <bdi> on the built pages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from citizen_promises.content import build_moment, docs_dir, preview_scope, read_content
from e2e_support import PROJECT, Build, run_mkdocs
from test_writer_messages import JUNE_2024, KIRUNA, MESSAGE_END, lines, make, project

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE


def front_matter(path: Path) -> dict[str, object]:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def make_error_line(result: subprocess.CompletedProcess[str], target: str) -> bool:
    return any(line.startswith("make: *** [Makefile:") and line.endswith(f": {target}] Error 1") for line in lines(result))


def files_below(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() or p.is_symlink())


# ---------------------------------------------------------------- arguments are data


def test_a_title_with_shell_and_make_syntax_is_written_as_typed_and_runs_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    # Each command would leave a file beside the project (make runs in it).
    title = "$(HOME) `touch ../ran-b` \"x\" $$y 'q' $(shell touch ../ran-m) ; touch ../ran-s $(touch ../ran-d)"
    made = make(root, "ny-uppdatering", "KOMMUN=kiruna", f"RUBRIK={title}")
    assert made.returncode == 0, made.stdout
    assert lines(made)[-1] == (
        "Uppföljningen är ett utkast: skriv texten, rapportera åtagandena och ta bort raden draft: true när den ska publiceras."
    )
    written = root / lines(made)[0]
    assert front_matter(written)["title"] == title
    assert not list(tmp_path.glob("ran*")), "a command in RUBRIK ran"
    # The longest title a title may be: the file name's words are cut to fit an update's address.
    longest = make(root, "ny-uppdatering", "KOMMUN=kiruna", "RUBRIK=" + ("Trygghetsvandring " * 12)[:200])
    assert longest.returncode == 0, longest.stdout
    assert lines(longest)[0] == "updates/kiruna/2024-06-01-" + "-".join(["trygghetsvandring"] * 5) + ".md"
    for path in (written, root / lines(longest)[0]):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    checked = make(root, "check")
    assert checked.returncode == 0 and "0 fel, 0 varningar" in checked.stdout, checked.stdout


def test_a_quote_in_kommun_runs_nothing(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    marker = tmp_path / "ran"
    hostile = f'kiruna"; touch {marker}; echo "'
    update = make(root, "ny-uppdatering", f"KOMMUN={hostile}", "RUBRIK=Vandring")
    assert update.returncode == 2
    assert f"Kommunen «{hostile}» finns inte bland löftena." in lines(update), update.stdout
    promise = make(root, "nytt-lofte", f"KOMMUN={hostile}")
    assert promise.returncode == 2, promise.stdout
    assert not marker.exists(), "a command in KOMMUN ran"
    assert files_below(root / "updates") == [] and files_below(root / "promises") == ["kiruna-2024-2027.md"]


def test_the_variables_may_also_come_from_the_environment(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    title = "$(HOME) `id` $$y"
    env = {**os.environ, "SOURCE_DATE_EPOCH": JUNE_2024, "KOMMUN": "Kiruna", "RUBRIK": title}
    for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(variable, None)
    made = subprocess.run(["make", "--no-print-directory", "ny-uppdatering"], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stdout + made.stderr
    assert front_matter(root / made.stdout.splitlines()[0])["title"] == title


def test_a_value_that_is_not_utf8_is_refused_in_swedish(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    latin1 = b"Kiruna \xe4r vackert".decode("utf-8", "surrogateescape")  # a terminal set to Latin-1
    env = {**os.environ, "PYTHONPATH": str(root / "hooks"), "KOMMUN": "kiruna", "RUBRIK": latin1}
    done = subprocess.run([sys.executable, "-m", "citizen_promises", "ny-uppdatering"], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr == "RUBRIK har tecken som inte är UTF-8, och så kan inget skrivas. Ställ in terminalen på UTF-8 och skriv RUBRIK igen.\n"
    assert files_below(root / "updates") == []


def test_make_serve_passes_a_name_with_a_space_as_one_value(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    # A stand-in for the virtual environment's mkdocs: it writes what it was given.
    fake = tmp_path / "bin"
    fake.mkdir()
    seen = tmp_path / "seen"
    (fake / "mkdocs").write_text(f'#!/bin/sh\nprintf "%s|%s" "$MEDBORGARLOFTEN_KOMMUN" "$*" > "{seen}"\n', encoding="utf-8")
    (fake / "mkdocs").chmod(0o755)
    served = make(root, "serve", "KOMMUN=Upplands Väsby", f"BIN={fake}")
    assert served.returncode == 0, served.stdout
    assert seen.read_text(encoding="utf-8") == "Upplands Väsby|serve"
    hostile = make(root, "serve", f'KOMMUN=a"; touch {tmp_path}/ran; echo "', f"BIN={fake}")
    assert hostile.returncode == 0 and not (tmp_path / "ran").exists()


def test_the_preview_takes_a_municipality_by_its_name_or_its_slug(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "promises/kiruna-2024-2027.md": KIRUNA,
        "promises/upplands-vasby-2024-2027.md": KIRUNA.replace("municipality: Kiruna", "municipality: Upplands Väsby"),
    })
    assert preview_scope("Upplands Väsby") == preview_scope("upplands-vasby") == "upplands-vasby"
    assert preview_scope("") is None and preview_scope(None) is None
    for typed in ("Upplands Väsby", "upplands-vasby"):
        site, _, _ = read_content(root, docs_dir(root), build_moment(), preview=True, municipality=preview_scope(typed))
        assert [m.name for m in site.municipalities] == ["Upplands Väsby"]


# ---------------------------------------------------------------- paths and links


def test_ny_oversattning_refuses_a_file_leading_out_of_the_content(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    outside = tmp_path / "x.md"
    outside.write_text(KIRUNA, encoding="utf-8")
    (root / "promises" / "lank.md").symlink_to(outside)
    before = files_below(tmp_path)
    for written in ("updates/../../x.md", str(outside), "promises/lank.md", "updates/../promises/../../x.md"):
        refused = make(root, "ny-oversattning", f"FIL={written}", "SPRAK=en")
        assert refused.returncode == 2, refused.stdout
        assert lines(refused)[-2] == (
            f"FIL={written} leder ut ur mapparna promises/ och updates/, och bara där läser och skriver kommandot. "
            "Ingen fil skrevs. Ange ett löfte i promises/ eller en uppföljning i updates/, till exempel "
            "FIL=updates/nassjo/2019-05-31-forsta-insatserna-runneryd.md."
        ), refused.stdout
    assert files_below(tmp_path) == before


def test_a_link_at_the_translations_name_is_not_followed(tmp_path: Path) -> None:
    update = "updates/kiruna/2024-02-28-februari.md"
    root = project(tmp_path, {
        "promises/kiruna-2024-2027.md": KIRUNA,
        update: "---\ntitle: Februari\ndate: 2024-02-28\npromise: kiruna-2024-2027\n---\nText.\n",
    })
    (tmp_path / "utanfor").mkdir()
    target = tmp_path / "utanfor" / "skrivet.md"
    (root / "updates/kiruna/2024-02-28-februari.en.md").symlink_to(target)  # leads nowhere yet
    refused = make(root, "ny-oversattning", f"FIL={update}", "SPRAK=en")
    assert refused.returncode == 2
    assert lines(refused)[-2] == (
        f"updates/kiruna/2024-02-28-februari.en.md finns redan som en symbolisk länk (till {target}), och genom en länk skrivs inget. "
        "Ingen fil skrevs. Ta bort länken och försök igen."
    ), refused.stdout
    assert not target.exists()
    # Without the link the same command writes the translation, in place.
    (root / "updates/kiruna/2024-02-28-februari.en.md").unlink()
    done = make(root, "ny-oversattning", f"FIL={update}", "SPRAK=en")
    assert done.returncode == 0, done.stdout
    assert (root / "updates/kiruna/2024-02-28-februari.en.md").is_file() and not target.exists()


def test_a_link_at_a_new_updates_name_is_not_followed(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    target = tmp_path / "skrivet.md"
    (root / "updates" / "kiruna").mkdir()
    (root / "updates/kiruna/2024-06-01-ny-uppfoljning.md").symlink_to(target)
    refused = make(root, "ny-uppdatering", "KOMMUN=kiruna")
    assert refused.returncode == 2 and "2024-06-01-ny-uppfoljning.md finns redan som en symbolisk länk" in lines(refused)[-2], refused.stdout
    assert not target.exists()


def test_no_file_is_written_through_a_folder_leading_out(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    outside = tmp_path / "utanfor"
    outside.mkdir()
    (root / "updates" / "kiruna").symlink_to(outside, target_is_directory=True)
    update = make(root, "ny-uppdatering", "KOMMUN=kiruna")
    assert update.returncode == 2
    assert lines(update)[-2] == (
        f"mappen updates/kiruna är en symbolisk länk (till {outside}), och genom den skrivs inget. "
        "Ingen fil skrevs. Ta bort länken och lägg filerna i en vanlig mapp."
    ), update.stdout
    # promises/ itself leading out of the project: make check reads nothing there, and nothing is written there.
    (root / "updates" / "kiruna").unlink()
    (root / "promises" / "kiruna-2024-2027.md").rename(outside / "kiruna-2024-2027.md")
    (root / "promises").rmdir()
    (root / "promises").symlink_to(outside, target_is_directory=True)
    promise = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2030-01-01", "TILL=2030-12-31")
    assert promise.returncode == 2
    assert lines(promise)[-2].startswith(f"mappen promises är en symbolisk länk (till {outside})"), promise.stdout
    assert files_below(outside) == ["kiruna-2024-2027.md"]


# ---------------------------------------------------------------- a new promise's years


def test_nytt_lofte_refuses_years_make_check_would_refuse_before_writing(tmp_path: Path) -> None:
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": KIRUNA})
    early = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=1999-01-01", "TILL=1999-12-31")
    assert lines(early)[-2] == (
        "FRAN=1999-01-01 ligger utanför de år webbplatsen visar, 2000–2099. Ingen fil skrevs. "
        "Ange ett datum mellan 2000-01-01 och 2099-12-31."
    ), early.stdout
    late = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2099-01-01", "TILL=2100-12-31")
    assert lines(late)[-2].startswith("TILL=2100-12-31 ligger utanför de år webbplatsen visar, 2000–2099."), late.stdout
    long = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2028-01-01", "TILL=2099-12-31")
    assert lines(long)[-2] == (
        "FRAN=2028-01-01 och TILL=2099-12-31 ger ett löfte som gäller längre än 6 år, och längre får ett medborgarlöfte "
        "inte gälla. Ingen fil skrevs. Välj TILL=2033-12-31 eller tidigare, eller dela upp perioden på två löften."
    ), long.stdout
    for result in (early, late, long):
        assert result.returncode == 2 and make_error_line(result, "nytt-lofte")
    assert files_below(root / "promises") == ["kiruna-2024-2027.md"]
    # Six years to the day is what make check accepts, and is written.
    longest = make(root, "nytt-lofte", "KOMMUN=Kiruna", "FRAN=2028-01-01", "TILL=2033-12-31")
    assert longest.returncode == 0 and lines(longest)[0] == "promises/kiruna-2028-2033.md", longest.stdout
    checked = make(root, "check")
    assert checked.returncode == 0 and "0 fel" in checked.stdout, checked.stdout


# ---------------------------------------------------------------- make's own behaviour


BROKEN = {"promises/kiruna-2024-2027.md": KIRUNA, "updates/kiruna/2024-03-15-a.md": "---\ntitle: A: B\ndate: 2024-03-15\npromise: kiruna-2024-2027\n---\nText.\n"}


def test_make_k_runs_check_and_build_and_fails(tmp_path: Path) -> None:
    result = make(project(tmp_path, BROKEN), "-k", "check", "build")
    assert result.returncode == 2
    assert MESSAGE_END in lines(result) and make_error_line(result, "check"), result.stdout
    # The build ran too, and failed its own way.
    assert "Bygget avbröts: 1 fel i innehållet (se raderna ERROR ovan)." in result.stdout and make_error_line(result, "build"), result.stdout


def test_xargs_and_a_recursive_make_see_makes_own_status(tmp_path: Path) -> None:
    root = project(tmp_path, BROKEN)
    env = {**os.environ, "SOURCE_DATE_EPOCH": JUNE_2024}
    for variable in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL"):
        env.pop(variable, None)
    piped = subprocess.run(["xargs", "make"], input="check\n", cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert piped.returncode == 123, piped.stdout + piped.stderr  # xargs: a command it ran failed
    assert MESSAGE_END in piped.stdout
    (tmp_path / "Makefile").write_text("all:\n\t$(MAKE) -C projekt check\n", encoding="utf-8")
    outer = subprocess.run(["make"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert outer.returncode == 2, outer.stdout + outer.stderr
    assert MESSAGE_END in outer.stdout and "make[1]: *** [Makefile:" in outer.stderr
    # Where make ignores Ctrl-C (started in the background) nothing changes.
    ignoring = make(root, "check", sigint=signal.SIG_IGN)
    assert ignoring.returncode == 2 and lines(ignoring)[-2] == MESSAGE_END


def test_the_makefile_sends_no_signal_and_pastes_no_writer_variable_into_a_shell_line() -> None:
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    # make redaktor stops its own server with kill; nothing signals make.
    assert "kill -INT" not in makefile and "PPID" not in makefile and "QUIETLY" not in makefile
    recipes = [line for line in makefile.splitlines() if line.startswith("\t")]
    for variable in ("KOMMUN", "RUBRIK", "FRAN", "TILL", "FIL", "SPRAK"):
        pasted = [line for line in recipes if f"$({variable})" in line or f"${{{variable}}}" in line]
        assert not pasted, f"{variable} is pasted into a recipe: {pasted}"


# ---------------------------------------------------------------- direction characters


DIRECTED_PROMISE = KIRUNA.replace(
    "follow_up: monthly\n", f"follow_up: monthly\ntitle: \"Trygg {RLO}stad\"\nchannels: [\"Fac{RLO}ebook\"]\n"
)
DIRECTED_UPDATE = (
    f"---\ntitle: \"Vandring {RLO}i centrum\"\ndate: 2024-03-15\npromise: kiruna-2024-2027\n"
    f"tags: [\"\\u2067trygghet\"]\nauthor: \"Polisen\u202b i Kiruna\"\n---\n"
    f"Ett stycke med {RLO}omvänd text.\n\nEtt andra stycke.\n"
)


@pytest.fixture(scope="module")
def directed(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Build]:
    """`make check` and a build of a promise and an update with direction controls in fields and body."""
    tmp_path = tmp_path_factory.mktemp("riktning")
    root = project(tmp_path, {"promises/kiruna-2024-2027.md": DIRECTED_PROMISE, "updates/kiruna/2024-03-15-vandring.md": DIRECTED_UPDATE})
    return make(root, "check"), run_mkdocs(root, tmp_path / "site", epoch=int(JUNE_2024))


def test_a_direction_control_in_a_field_is_a_warning_and_gone_from_the_page(directed: tuple[subprocess.CompletedProcess[str], Build]) -> None:
    checked, build = directed
    hint = "Skriv texten utan dem; text på arabiska eller hebreiska visas ändå åt rätt håll. Kontrollera texten och spara filen igen."
    said = "och de togs bort: i ett fält kan de vända texten runt omkring på sidan, som vägen till sidan ovanför rubriken. " + hint
    warnings = [line for line in lines(checked) if line.startswith("VARNING")]
    assert warnings == [
        f"VARNING  promises/kiruna-2024-2027.md, fältet «channels»: rad 8 innehöll osynliga tecken som styr skrivriktningen (U+202E (tvingad höger till vänster)), {said}",
        f"VARNING  promises/kiruna-2024-2027.md, fältet «title»: rad 7 innehöll osynliga tecken som styr skrivriktningen (U+202E (tvingad höger till vänster)), {said}",
        f"VARNING  updates/kiruna/2024-03-15-vandring.md, fältet «author»: rad 6 innehöll osynliga tecken som styr skrivriktningen (U+202B (höger till vänster-inbäddning)), {said}",
        # Written as an escape in quotes: found in the value YAML read.
        f"VARNING  updates/kiruna/2024-03-15-vandring.md, fältet «tags»: värdet innehöll osynliga tecken som styr skrivriktningen (U+2067 (isolerad höger till vänster)), {said}",
        f"VARNING  updates/kiruna/2024-03-15-vandring.md, fältet «title»: rad 2 innehöll osynliga tecken som styr skrivriktningen (U+202E (tvingad höger till vänster)), {said}",
    ], checked.stdout
    assert build.returncode == 0, build.log
    page = build.html("kommuner/kiruna/2024/03/vandring/")
    assert page.xpath("string(//h1)") == "Vandring i centrum"
    assert page.xpath("string(//title)").startswith("Vandring i centrum - ")
    head = page.xpath("//div[contains(@class, 'ml-update-head')]")[0].text_content()
    assert RLO not in head and "\u202b" not in head and "\u2067" not in page.text_content()
    # The body keeps its own: a paragraph ends its reach.
    assert [p.text_content() for p in page.xpath("//article//p") if RLO in p.text_content()] == [f"Ett stycke med {RLO}omvänd text."]
    assert build.html("loften/kiruna-2024-2027/").xpath("string(//h1)") == "Trygg stad"
    # Wherever the body's first paragraph stands (the update's summary in lists), it is a paragraph of its own.
    for url in ("kommuner/kiruna/2024/03/vandring/", "loften/kiruna-2024-2027/", "kommuner/kiruna/", "uppdateringar/", ""):
        holders = [node.getparent() for node in build.html(url).xpath(f"//body//text()[contains(., '{RLO}')]")]
        assert holders, url
        for holder in holders:
            assert holder.tag == "p" and holder.text_content().strip() == f"Ett stycke med {RLO}omvänd text.", url


def bdi_texts(build: Build, url: str, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in build.html(url).xpath(xpath)]


def test_writer_text_sharing_a_line_with_the_sites_words_is_isolated(directed: tuple[subprocess.CompletedProcess[str], Build]) -> None:
    _, build = directed
    update = "kommuner/kiruna/2024/03/vandring/"
    assert bdi_texts(build, update, "//p[contains(@class,'ml-breadcrumb')]/a/bdi") == ["Kiruna", "Trygg stad"]
    assert bdi_texts(build, update, "//p[contains(@class,'ml-meta')]/bdi") == ["Polisen i Kiruna"]
    assert bdi_texts(build, update, "//p[contains(@class,'ml-tags')]/a/bdi") == ["trygghet"]
    promise = "loften/kiruna-2024-2027/"
    assert bdi_texts(build, promise, "//p[contains(@class,'ml-breadcrumb')]/a/bdi") == ["Kiruna"]
    assert bdi_texts(build, promise, "//*[contains(@class,'ml-updates__title')]/a/bdi") == ["Vandring i centrum"]
    assert bdi_texts(build, promise, "//dl[contains(@class,'ml-facts')]//dd/bdi") == ["Facebook"]
    assert bdi_texts(build, promise, "//*[contains(@class,'ml-glance')]//dd/a/bdi") == ["Vandring i centrum"]
    assert bdi_texts(build, "uppdateringar/", "//p[contains(@class,'ml-updates__meta')]/a/bdi") == ["Kiruna"]
    assert bdi_texts(build, "taggar/", "//ul[contains(@class,'ml-tag-index')]/li/a/bdi") == ["trygghet"]
    assert bdi_texts(build, promise + "utvardering/", "//p[contains(@class,'ml-breadcrumb')]/a/bdi") == ["Trygg stad"]
    assert bdi_texts(build, promise + "utvardering/", "//ol[contains(@class,'ml-report__updates')]/li/a/bdi") == ["Vandring i centrum"]
    assert bdi_texts(build, "kommuner/kiruna/widget/", "//ul[contains(@class,'w-updates')]/li/a/bdi") == ["Vandring i centrum"]
