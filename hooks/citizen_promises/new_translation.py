"""`make ny-oversattning FIL=updates/… SPRAK=en`: write a translation file
beside its original, the original's words as comments to translate from.

The file is a draft with the original's texts filled in, so it passes `make
check` at once and nothing is published before the translator removes
`draft: true`. FIL is read and written only inside promises/ and updates/
(new_files).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from . import languages
from .content import languages_setting
from .load import PROMISES_DIR, read_source
from .new_files import Refusal, create, inside_content
from .problems import Report
from .translations import translation_path


def _scalar(value: str) -> str:
    """A double-quoted YAML scalar written by PyYAML: safe for any text."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True, width=10**9).rstrip("\n")


def _comment(label: str, text: str) -> list[str]:
    lines = text.splitlines() or [""]
    return [f"# {label}: {lines[0]}".rstrip()] + [f"#   {line}".rstrip() for line in lines[1:]]


def _body_comments(body: str) -> list[str]:
    if not body.strip():
        return []
    return ["#", "# Originalets text, att översätta nedanför den sista raden ---:"] + [f"#   {line}".rstrip() for line in body.strip("\n").splitlines()]


def _text(meta: dict[str, Any], key: str) -> str | None:
    value = meta.get(key)
    return str(value).strip() if isinstance(value, (str, int)) and str(value).strip() else None


def _closing(language: languages.Language) -> list[str]:
    return [
        f"# Ditt namn eller din organisation, om du vill stå som översättare till {language.swedish}:",
        'translator: ""',
        "# Ta bort raden draft när allt är översatt; till dess publiceras inget.",
        "draft: true",
    ]


def _update_lines(meta: dict[str, Any], language: languages.Language) -> list[str]:
    title = _text(meta, "title") or ""
    lines = [*_comment("Originalets rubrik", title), f"title: {_scalar(title)}"]
    if (summary := _text(meta, "summary")) is not None:
        lines += [*_comment("Originalets sammanfattning", summary), f"summary: {_scalar(summary)}"]
    if meta.get("image") and (alt := _text(meta, "image_alt")) is not None:
        lines += [*_comment("Originalets bildbeskrivning", alt), f"image_alt: {_scalar(alt)}"]
    return lines + _closing(language)


def _promise_lines(meta: dict[str, Any], language: languages.Language) -> list[str]:
    lines: list[str] = []
    if (title := _text(meta, "title")) is not None:
        lines += [*_comment("Originalets rubrik", title), f"title: {_scalar(title)}"]
    commitments = [c for c in meta.get("commitments") or [] if isinstance(c, dict) and _text(c, "id")]
    if commitments:
        lines += ["# Låt åtagandenas id till vänster om kolonet stå kvar; en rad som tas bort visas på svenska.", "commitments:"]
        for commitment in commitments:
            text = _text(commitment, "text") or ""
            lines += [f"  {line}" for line in _comment("Original", text)]
            lines.append(f"  {_text(commitment, 'id')}: {_scalar(text)}")
    areas = sorted({area for c in commitments if (area := _text(c, "area")) is not None})
    if areas:
        lines += ["# Områdenas namn på svenska till vänster om kolonet, översättningen till höger.", "areas:"]
        lines += [f"  {_scalar(area)}: {_scalar(area)}" for area in areas]
    # Contract 2.1: what is counted, in the language (many, and one of it); a line taken away shows the Swedish word.
    counted = [(_text(c, "id"), unit, _text(c, "unit_singular")) for c in commitments if (unit := _text(c, "unit")) is not None]
    if counted:
        lines += ["# Det som räknas, på språket: åtagandets id till vänster, ordet i plural till höger. En rad som tas bort visas på svenska.", "units:"]
        lines += [f"  {cid}: {_scalar(unit)}" for cid, unit, _ in counted]
    if singular := [(cid, one) for cid, _, one in counted if one is not None]:
        lines += ["# Samma ord för en av det (1 operation). Utan raden skrivs ordet före talet.", "units_singular:"]
        lines += [f"  {cid}: {_scalar(one)}" for cid, one in singular]
    return lines + _closing(language)


def new_translation(root: Path, file: str, code: str) -> Path:
    if not file or not code:
        raise Refusal("Ange filen och språket, till exempel: make ny-oversattning FIL=updates/nassjo/2019-05-31-forsta-insatserna-runneryd.md SPRAK=en")
    code = code.strip().lower()
    if code not in languages.LANGUAGES:
        raise Refusal(f"«{code}» är ingen språkkod som webbplatsen kan publicera. Koderna som finns: {languages.described(tuple(languages.LANGUAGES))}.")
    written = PurePosixPath(file.strip().replace("\\", "/"))
    path = inside_content(root, file)
    if path is None:
        if ".." in written.parts or written.is_absolute() or (root / written).is_symlink():
            raise Refusal(
                f"FIL={file} leder ut ur mapparna promises/ och updates/, och bara där läser och skriver kommandot. "
                "Ingen fil skrevs. Ange ett löfte i promises/ eller en uppföljning i updates/, till exempel "
                "FIL=updates/nassjo/2019-05-31-forsta-insatserna-runneryd.md."
            )
        raise Refusal(f"{file} är inte ett löfte i promises/ eller en uppföljning i updates/ på svenska (en fil som slutar med .md).")
    if path.suffix != ".md" or languages.split(str(path)) is not None:
        raise Refusal(f"{file} är inte ett löfte i promises/ eller en uppföljning i updates/ på svenska (en fil som slutar med .md).")
    if not (root / path).is_file():
        raise Refusal(f"Filen {path} finns inte.")
    target = PurePosixPath(translation_path(str(path), code))
    if (root / target).exists():
        raise Refusal(f"{target} finns redan. Öppna den och fortsätt översätta där.")
    report = Report()
    source = read_source(root, str(path), report)
    if source is None:
        raise Refusal("Originalet går inte att läsa: " + " ".join(p.text() for p in report.errors) + " Rätta det först.")
    language = languages.LANGUAGES[code]
    named = language.swedish if language.native.casefold() == language.swedish.casefold() else f"{language.swedish} ({language.native})"
    intro = [
        f"# Översättning till {named} av {path}.",
        "# Översätt texterna efter kommentarerna (raderna som börjar med #). Datum, siffror,",
        "# status och bild hämtas från originalet och skrivs inte här.",
    ]
    fields = _promise_lines(source.meta, language) if path.parts[0] == PROMISES_DIR else _update_lines(source.meta, language)
    text = "\n".join(["---", *intro, *fields, *_body_comments(source.body), "---", ""]) + "\n"
    create(root, target, text)
    return Path(target)


def command(root: Path, file: str, code: str) -> int:
    """`make ny-oversattning`: what was written and what to do next, or why
    nothing was written. The exit status."""
    try:
        written = new_translation(root, file, code)
    except Refusal as refusal:
        print(refusal, file=sys.stderr)
        return 1
    print(f"Skrev {written}. Översätt texterna och skriv den översatta texten efter den sista raden ---.")
    code = code.strip().lower()
    listed = languages.listed(languages_setting(root), Report())
    if code not in listed:
        print(f"Lägg också till {code} under «extra: languages:» i mkdocs.yml, annars publiceras inte översättningen.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The module's own entry (`python -m citizen_promises.new_translation FIL SPRÅK`),
    kept for scripts; make runs `python -m citizen_promises ny-oversattning`."""
    parser = argparse.ArgumentParser(prog="make ny-oversattning")
    parser.add_argument("file", nargs="?", default="")
    parser.add_argument("language", nargs="?", default="")
    args = parser.parse_args(argv)
    return command(Path("."), args.file, args.language)


if __name__ == "__main__":
    sys.exit(main())
