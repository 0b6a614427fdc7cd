"""Read promise and update files from disk: front matter and body, nothing more.

The YAML is read with a loader that only turns `true`/`false`, plain decimal
integers and `null` into non-strings. Everything else stays text, so YAML 1.1's
surprises cannot reach the content: `0114` stays "0114" (not octal 76), `NO`
stays "NO" (not false), and a date stays text that the validator parses and
explains (`2025-13-01` is a helpful error, not a bare ValueError).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.constructor import ConstructorError

from .problems import Report
from .slug import slugify

PROMISES_DIR = "promises"
UPDATES_DIR = "updates"

_DROPPED_TAGS = {
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


# libyaml's parser is about eight times faster than the pure-Python one, which
# dominated loading a national corpus; the resolver and constructor below stay in
# Python either way, so both bases read the same text into the same values.
_SafeBase: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentLoader(_SafeBase):  # type: ignore[misc,valid-type]
    """SafeLoader with YAML 1.2-like scalars and an error on duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise ConstructorError(
                    None, None, f"nyckeln «{key}» står två gånger", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the project root, with "/" separators
    meta: dict[str, Any]
    body: str


@dataclass
class Sources:
    promises: list[SourceFile] = field(default_factory=list)
    updates: list[SourceFile] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # non-Markdown files, relative paths


def _is_markdown(name: str) -> bool:
    return name.lower().endswith(".md")


def _walk(root: Path, folder: str) -> list[str]:
    """Every file below ``root/folder`` as sorted relative paths; hidden files skipped."""
    found: list[str] = []
    base = root / folder
    if not base.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        # String work, not a Path per file: the whole country has ~20,000 files.
        folder_path = Path(dirpath).relative_to(root).as_posix()
        for name in filenames:
            if not name.startswith("."):
                found.append(f"{folder_path}/{name}")
    return sorted(found)


def read_source(root: Path, path: str, report: Report) -> SourceFile | None:
    try:
        # utf-8-sig: files saved by Windows editors start with a byte-order mark.
        text = (root / path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        report.error(path, "", "filen är inte sparad som UTF-8.", "Spara om filen med teckenkodningen UTF-8.")
        return None
    except OSError as exc:
        report.error(path, "", f"filen kunde inte läsas ({exc.strerror}).")
        return None
    return parse_source(path, text, report)


def parse_source(path: str, text: str, report: Report) -> SourceFile | None:
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        report.error(
            path,
            "",
            "filen saknar front matter (uppgifterna mellan två rader med ---).",
            "Börja filen med en rad ---, sedan fälten, sedan en rad --- och därefter texten.",
        )
        return None
    try:
        raw, body = handler.split(text)
    except ValueError:
        report.error(path, "", "front matter avslutas aldrig.", "Lägg till en rad med bara --- efter fälten.")
        return None
    try:
        meta = yaml.load(raw, Loader=ContentLoader)  # noqa: S506 - ContentLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        # The split front matter starts with the rest of the first --- line, so
        # the 0-based line inside it is the 1-based line of the file.
        line = f" på rad {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        report.error(
            path,
            "",
            f"front matter går inte att läsa{line} ({problem}).",
            "Kontrollera kolon, indrag och citattecken. Text med kolon behöver citattecken.",
        )
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        report.error(path, "", "front matter ska vara fält på formen «namn: värde».")
        return None
    return SourceFile(path=path, meta={str(k): v for k, v in meta.items()}, body=body.strip("\n") + "\n")


# `promise: id` and `municipality: Name` as the templates and the guide write
# them. A preview of one municipality reads these lines instead of parsing the
# front matter of every other municipality's files; a file written otherwise
# is parsed.
def _line(key: str) -> re.Pattern[str]:
    return re.compile(rf"""^{key}:[ \t]*(["']?)([^"'#\n]*?)\1[ \t]*(?:#.*)?$""", re.MULTILINE)


_PROMISE_LINE = _line("promise")
_MUNICIPALITY_LINES = (_line("municipality_slug"), _line("municipality"))
_HEAD_BYTES = 8192  # front matter is at the top; a body can be long


def _of_municipality(source: SourceFile, slug: str) -> bool:
    meta = source.meta
    given = meta.get("municipality_slug") or meta.get("municipality") or ""
    return slugify(str(given)) == slug


def _front_line(root: Path, path: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """The value of the first of ``patterns`` found in a file's front matter,
    without parsing it; None when none is written the plain way."""
    try:
        with open(root / path, "rb") as file:
            text = file.read(_HEAD_BYTES).decode("utf-8-sig", errors="replace")
    except OSError:
        return None  # read_source reports it
    end = text.find("\n---", 3)
    if not text.startswith("---") or end < 0:
        return None
    for pattern in patterns:
        if (found := pattern.search(text, 0, end + 1)) and found.group(2).strip():
            return found.group(2).strip()
    return None


def load(root: Path, report: Report, municipality: str | None = None) -> Sources:
    """Every promise and update file. With ``municipality`` (a slug; only the
    preview uses it) just that municipality's promises and their updates, so a
    communicator's preview stays fast in a repository of the whole country."""
    sources = Sources()
    for path in _walk(root, PROMISES_DIR):
        if not _is_markdown(path):
            sources.assets.append(path)
        elif path.count("/") > 1:
            report.error(
                path,
                "",
                "löftesfiler ska ligga direkt i mappen promises/, inte i en undermapp.",
                f"Flytta filen till promises/{path.rsplit('/', 1)[1]}.",
            )
        elif municipality is not None and (name := _front_line(root, path, _MUNICIPALITY_LINES)) and slugify(name) != municipality:
            continue
        elif (source := read_source(root, path, report)) is not None:
            sources.promises.append(source)
    kept: set[str] | None = None
    if municipality is not None:
        sources.promises = [p for p in sources.promises if _of_municipality(p, municipality)]
        # A promise's id is its file name without .md (as validate reads it).
        kept = {p.path.rsplit("/", 1)[1][: -len(".md")] for p in sources.promises}
    folders: set[str] = set()
    for path in _walk(root, UPDATES_DIR):
        if not _is_markdown(path):
            sources.assets.append(path)
        elif kept is not None and (written := _front_line(root, path, (_PROMISE_LINE,))) is not None and written not in kept:
            continue
        elif (source := read_source(root, path, report)) is not None:
            if kept is None or str(source.meta.get("promise")) in kept:
                sources.updates.append(source)
                folders.add(path.rsplit("/", 1)[0] + "/")
    if kept is not None:
        # Images beside the kept updates; copying the whole country's would be slow.
        sources.assets = [a for a in sources.assets if a.startswith(PROMISES_DIR) or any(a.startswith(f) for f in folders)]
    return sources
