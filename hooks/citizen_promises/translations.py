"""Translation files (content contract, version 2): read, checked against
their Swedish originals, made into typed records.

A translation carries only words. Everything counted, dated or linked comes
from the original, so a translation can never disagree with it: a key the
original owns is an error saying so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .languages import LANGUAGES, LATTLAST, described
from .load import SourceFile
from .model import Promise, Update
from .problems import Report
from .readability import LATTLAST_LIX, lix
from .validate import (
    COMMITMENT_TEXT_HINT,
    MAX_COMMITMENT_TEXT,
    MAX_UNIT,
    PROMISE_FIELDS,
    UNIT_HINT,
    UPDATE_FIELDS,
    Fields,
    closest,
    shown,
)

UPDATE_TRANSLATION_FIELDS = ("title", "summary", "image_alt", "draft", "translator")
# `draft` goes beyond the contract's list for promises (an optional field, in the
# guide): a scaffolded translation is a draft until its words are translated.
PROMISE_TRANSLATION_FIELDS = ("title", "commitments", "areas", "units", "units_singular", "translator", "draft")


@dataclass(frozen=True)
class PromiseTranslation:
    path: str
    promise_id: str
    lang: str
    title: str | None
    commitments: Mapping[str, str] = field(default_factory=dict)  # commitment id → its text
    areas: Mapping[str, str] = field(default_factory=dict)  # the original's area → its translation
    translator: str | None = None
    body: str = ""
    draft: bool = False
    # Contract 2.1: the counted thing in this language, by commitment id (one of it in units_singular).
    units: Mapping[str, str] = field(default_factory=dict)
    units_singular: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class UpdateTranslation:
    path: str
    original: str  # the Swedish update's path
    lang: str
    title: str
    summary: str | None = None
    image_alt: str | None = None
    draft: bool = False
    translator: str | None = None
    body: str = ""


@dataclass
class Translations:
    promises: list[PromiseTranslation] = field(default_factory=list)
    updates: list[UpdateTranslation] = field(default_factory=list)


def _own_keys(fields: Fields, own: tuple[str, ...], originals: tuple[str, ...], original_path: str) -> None:
    """Keys of the original are errors that say where the value comes from;
    other unknown keys are errors that name the closest translation key."""
    for key in fields.data:
        if key in own:
            continue
        if key in originals:
            fields.error(
                key, f"hämtas från originalet {original_path} och kan inte skrivas i en översättning.",
                "Ta bort fältet här; ändra det i originalet om det är fel.",
            )
        else:
            near = closest(key, own)
            hint = f"Menade du «{near[0]}»?" if near else "En översättning har bara fälten " + ", ".join(own) + "."
            fields.error(key, "okänt fält i en översättning.", hint)


def _text_map(fields: Fields, key: str, limit: int | None = None, what: str = "", hint: str = "") -> dict[str, str]:
    """The texts of a mapping; each at most ``limit`` characters, if given."""
    result: dict[str, str] = {}
    for name, value in fields.mapping(key).items():
        sub = Fields(fields.report, fields.path, {name: value}, f"{key} › ")
        text = sub.text(name, required=True)
        if limit is not None:
            text = sub.limited(name, text, limit, what, hint)
        if text is not None:
            result[str(name)] = text
    return result


def _lattlast_note(report: Report, path: str, lang: str, texts: list[str | None], body: str) -> None:
    if lang != LATTLAST:
        return
    # Title and commitments are sentences of their own: paragraphs before the body.
    score = lix("\n\n".join(part for part in (*texts, body) if part))
    if score is not None and score.value > LATTLAST_LIX:
        report.notice(
            path, "",
            f"texten har läsbarhetsindex LIX {score.value}; lättläst bör ha högst {LATTLAST_LIX}. "
            f"Den längsta meningen har {score.longest_words} ord: «{shown(score.longest, 80)}».",
            "Skriv kortare meningar med vanliga ord, en sak i varje mening (se skrivhandledningen om lättläst).",
        )


def _units(fields: Fields, path: str, original: Promise, key: str, report: Report) -> dict[str, str]:
    """``units`` or ``units_singular``: each id a commitment of the original that has a unit."""
    units = _text_map(fields, key, MAX_UNIT, "enheten", UNIT_HINT)
    counted = [c.id for c in original.commitments if c.unit]
    for cid in list(units):
        if cid in counted:
            continue
        del units[cid]
        if any(c.id == cid for c in original.commitments):
            report.error(
                path, f"{key} › {shown(cid)}", f"åtagandet «{shown(cid)}» i {original.path} har ingen enhet (unit) att översätta.",
                "Ta bort raden, eller ge åtagandet «unit:» i originalet först.",
            )
            continue
        near = closest(cid, counted)
        hint = f"Menade du «{near[0]}»?" if near else (
            f"Åtagandena med enhet i {original.id}: " + ", ".join(counted) + "." if counted else f"Inget åtagande i {original.id} har en enhet (unit)."
        )
        report.error(path, f"{key} › {shown(cid)}", f"löftet {original.id} har inget åtagande med id «{shown(cid)}».", hint)
    return units


def _promise_translation(source: SourceFile, lang: str, original: Promise, report: Report) -> PromiseTranslation | None:
    before = len(report.errors)
    fields = Fields(report, source.path, source.meta)
    _own_keys(fields, PROMISE_TRANSLATION_FIELDS, PROMISE_FIELDS, original.path)
    commitments = _text_map(fields, "commitments", MAX_COMMITMENT_TEXT, "åtagandets text", COMMITMENT_TEXT_HINT)
    ids = [c.id for c in original.commitments]
    for cid in commitments:
        if cid not in ids:
            near = closest(cid, ids)
            hint = f"Menade du «{near[0]}»?" if near else f"Åtagandena i {original.id}: " + ", ".join(ids) + "."
            report.error(source.path, f"commitments › {shown(cid)}", f"löftet {original.id} har inget åtagande med id «{shown(cid)}».", hint)
    units = _units(fields, source.path, original, "units", report)
    units_singular = _units(fields, source.path, original, "units_singular", report)
    for cid in units_singular:
        if cid not in units and cid in ids:
            report.error(
                source.path, f"units_singular › {shown(cid)}", f"åtagandet «{shown(cid)}» har en enhet i singular men ingen i plural.",
                f"Lägg till «units: {{{shown(cid)}: …}}» med det som räknas i plural, eller ta bort raden under units_singular.",
            )
    areas = _text_map(fields, "areas")
    written_areas = sorted({c.area for c in original.commitments if c.area})
    for area in areas:
        if area not in written_areas:
            near = closest(area, written_areas)
            hint = f"Menade du «{near[0]}»?" if near else (
                "Områdena i originalet: " + ", ".join(written_areas) + "." if written_areas else "Originalet har inga områden (area)."
            )
            report.error(source.path, f"areas › {shown(area)}", f"originalet har inget område som heter «{shown(area)}».", hint)
    title = fields.title()
    translator = fields.text("translator")
    draft = fields.boolean("draft")
    if len(report.errors) != before:
        return None
    _lattlast_note(report, source.path, lang, [title, *commitments.values()], source.body)
    return PromiseTranslation(source.path, original.id, lang, title, commitments, areas, translator, source.body, draft, units, units_singular)


def _update_translation(source: SourceFile, lang: str, original: Update, report: Report) -> UpdateTranslation | None:
    before = len(report.errors)
    fields = Fields(report, source.path, source.meta)
    _own_keys(fields, UPDATE_TRANSLATION_FIELDS, UPDATE_FIELDS, original.path)
    title = fields.title(True, "Kvällsinsats i centrum")
    image_alt = fields.text("image_alt")
    if original.image is not None and image_alt is None and "image_alt" not in fields.data:
        report.error(
            source.path, "image_alt", f"originalet {original.path} har en bild, men översättningen saknar bildens beskrivning.",
            "Lägg till «image_alt:» med originalets bildtext översatt.",
        )
    elif original.image is None and image_alt is not None:
        report.warning(source.path, "image_alt", f"originalet {original.path} har ingen bild, så beskrivningen används inte.", "Ta bort fältet.")
    translation = UpdateTranslation(
        source.path, original.path, lang, title or "", fields.text("summary"), image_alt, fields.boolean("draft"),
        fields.text("translator"), source.body,
    )
    if len(report.errors) != before:
        return None
    _lattlast_note(report, source.path, lang, [title, translation.summary], source.body)
    return translation


def validate_translations(
    sources: list[tuple[SourceFile, str, str]], promises: list[Promise], updates: list[Update],
    languages: tuple[str, ...], root: Path, report: Report,
) -> Translations:
    """Typed translations of valid originals. ``sources`` holds each read
    translation file with its original's path and its language code."""
    promise_by_path = {p.path: p for p in promises}
    update_by_path = {u.path: u for u in updates}
    result = Translations()
    for source, original_path, lang in sorted(sources, key=lambda item: item[0].path):
        if lang not in languages:
            listed = f"Webbplatsen publicerar {described(languages)}." if languages else "Webbplatsen publicerar inga översättningar ännu."
            if lang in LANGUAGES:
                report.error(
                    source.path, "", f"filen är en översättning till {LANGUAGES[lang].swedish} ({lang}), ett språk som inte finns i mkdocs.yml. {listed}",
                    f"Lägg till {lang} under «extra: languages:» i mkdocs.yml, eller döp om filen om den inte är en översättning.",
                )
            else:
                report.error(
                    source.path, "", f"filnamnet slutar med .{lang}.md som en översättning, men «{lang}» är inget språk som webbplatsen kan publicera. {listed}",
                    "Döp om filen: en översättning heter som originalet med en språkkod från skrivhandledningen före .md, till exempel .en.md.",
                )
            continue
        is_promise = original_path.startswith("promises/")
        original: Promise | Update | None = (promise_by_path if is_promise else update_by_path).get(original_path)
        if original is None:
            if not (root / original_path).is_file():
                report.error(
                    source.path, "", f"översättningen saknar sitt original: det finns ingen fil {original_path}.",
                    "En översättning ligger bredvid originalet och heter som det, med språkkoden före .md.",
                )
            # An original with errors of its own: its file already says why.
            continue
        translation: PromiseTranslation | UpdateTranslation | None
        if isinstance(original, Promise):
            if (translation := _promise_translation(source, lang, original, report)) is not None:
                result.promises.append(translation)
        elif (translation := _update_translation(source, lang, original, report)) is not None:
            result.updates.append(translation)
        if translation is not None and translation.draft:
            report.notice(source.path, "draft", "utkast – översättningen publiceras inte förrän draft tas bort eller sätts till false.")
    return result


def translation_path(original: str, lang: str) -> str:
    """Where the translation of ``original`` into ``lang`` lives."""
    path = PurePosixPath(original)
    return str(path.with_name(f"{path.stem}.{lang}.md"))
