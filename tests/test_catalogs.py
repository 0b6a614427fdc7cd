"""The site's own words in every language: the gettext catalogs are current
(every text the templates and the Python code mark is in the .pot and in each
.po) and complete (no empty translation), and their placeholders match."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "hooks" / "citizen_promises" / "locale"
TRANSLATED = ("lattlast", "en", "fi", "ar")
NOT_FLUENT = ("fi", "ar")  # written by a non-speaker: fuzzy until reviewed


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalog: Catalog) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """What `make sprakfiler` would extract now, into a scratch .pot."""
    out = tmp_path_factory.mktemp("pot") / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "N_", "-k", "w", "--no-location", "-o", str(out), "."],
                   cwd=ROOT, check=True, capture_output=True)
    return _ids(_read(out))


def test_extraction_finds_the_templates_words(extracted: set[str]) -> None:
    for text in ("Läget i korthet", "Åtaganden", "%(done)s av %(target)s", "Klar", "varje månad", "Gå till innehållet"):
        assert text in extracted


def test_the_pot_is_current(extracted: set[str]) -> None:
    missing = extracted - _ids(_read(LOCALE / "messages.pot"))
    assert not missing, f"Kör make sprakfiler: {sorted(missing)}"


@pytest.mark.parametrize("code", ("sv", *TRANSLATED))
def test_every_catalog_has_every_message(code: str, extracted: set[str]) -> None:
    missing = extracted - _ids(_read(LOCALE / code / "LC_MESSAGES" / "messages.po"))
    assert not missing, f"Kör make sprakfiler och översätt: {sorted(missing)}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_message_is_translated(code: str) -> None:
    catalog = _read(LOCALE / code / "LC_MESSAGES" / "messages.po")
    empty = [m.id for m in catalog if m.id and (not m.string or (not isinstance(m.string, str) and not all(m.string)))]
    assert not empty
    # Placeholders (%(date)s …) as in the msgid: Babel's own check.
    assert not [(m.id, errors) for m, errors in catalog.check()]


@pytest.mark.parametrize("code", NOT_FLUENT)
def test_catalogs_not_written_by_a_fluent_speaker_are_fuzzy(code: str) -> None:
    catalog = _read(LOCALE / code / "LC_MESSAGES" / "messages.po")
    assert all(m.fuzzy for m in catalog if m.id)
    guide = (ROOT / "docs" / "skrivhandledning" / "oversattningar.md").read_text(encoding="utf-8")
    assert f"locale/{code}/LC_MESSAGES/messages.po" in guide.split("## Texter som behöver granskas", 1)[1]


def test_english_and_lattlast_are_reviewed_and_swedish_is_the_msgids() -> None:
    for code in ("en", "lattlast"):
        assert not any(m.fuzzy for m in _read(LOCALE / code / "LC_MESSAGES" / "messages.po") if m.id)
    assert all(not m.string or not any(m.string) for m in _read(LOCALE / "sv" / "LC_MESSAGES" / "messages.po") if m.id)
