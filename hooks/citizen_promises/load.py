"""Read promise and update files from disk: front matter and body, nothing more.

The YAML is read with a loader that keeps every value as the text written,
besides lists, fields and `null`: the validator reads numbers, true/false and
dates from the text of the fields that hold them. So YAML 1.1's surprises
cannot reach the content: `0114` stays "0114" (not octal 76), `NO` stays "NO"
(not false), `+5` in a tag stays "+5", and a date stays text that the validator
parses and explains (`2025-13-01` is a helpful error, not a bare ValueError).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.constructor import ConstructorError

from . import languages
from .assets import publishable
from .characters import clean, describe, has_unwanted, is_direction_control, visible
from .problems import Report
from .slug import slugify
from .yaml_messages import explain, missing_end, missing_start

PROMISES_DIR = "promises"
UPDATES_DIR = "updates"
DOCS_DIR = "docs"

# Limits on what a file may hold, each far above what a promise or a monthly
# follow-up needs, and far below what would make the build slow or huge: every
# update is in up to three feeds, and its text is in the search index.
MAX_FILE_BYTES = 256 * 1024  # about 40,000 words
MAX_DEPTH = 10  # lists and fields inside each other; a promise needs 3
MAX_VALUES = 10_000  # values in the front matter, YAML aliases expanded
# Python-Markdown recurses or takes quadratic time on some text no writer
# means to write: lists nested hundreds deep, long runs of * or _, thousands
# of [ in one paragraph. Far beyond these, a page takes minutes or crashes.
MAX_INDENT = 200  # spaces before a line's text
MAX_EMPHASIS_RUN = 100  # * or _ in a row
MAX_BRACKETS = 1_000  # [ in one paragraph
# Every extension MkDocs renders as Markdown; only ".md" is content.
MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mdown", ".mkdn", ".mkd")

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


def _short(text: str, limit: int = 60) -> str:
    """A name for a message: one line, and never longer than ``limit``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class RefusedValue(ConstructorError):
    """A value the loader does not make, with the reason and the fix in Swedish."""

    def __init__(self, problem: str, hint: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)
        self.hint = hint


class ContentLoader(_SafeBase):
    """SafeLoader that keeps every scalar as the text written (field names
    too), with an error on duplicate keys, and no value that is not text, a
    list, fields or empty: `!!binary`, `!!set`, `!!float`, `!!timestamp` and
    the like would reach the page as Python's own notation."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[str, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise RefusedValue(
                    "ett fältnamn kan inte vara en lista eller flera fält", "Skriv fältnamnet som ett ord, som i mallarna.", key_node.start_mark
                )
            key = key_node.value  # as written: `true:` names the field "true", not True
            if key in mapping:
                raise RefusedValue(f"fältet «{_short(key)}» står två gånger", "Ta bort det ena, eller slå ihop dem.", key_node.start_mark)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_as_written(self, node: yaml.ScalarNode) -> str:
        """`!!int 5`, `!!bool true` and `!!str x`: the text, as every other value."""
        return str(self.construct_scalar(node))

    def construct_refused(self, node: yaml.Node) -> Any:
        tag = _short(node.tag.replace("tag:yaml.org,2002:", "!!"))
        raise RefusedValue(
            f"YAML-taggen «{tag}» används inte här", "Skriv värdet som vanlig text, en lista eller fält, som i mallarna.", node.start_mark
        )


ContentLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
ContentLoader.add_constructor("tag:yaml.org,2002:int", ContentLoader.construct_as_written)
ContentLoader.add_constructor("tag:yaml.org,2002:bool", ContentLoader.construct_as_written)
for _tag in ("binary", "set", "omap", "pairs", "timestamp", "float"):
    ContentLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", ContentLoader.construct_refused)
ContentLoader.add_constructor(None, ContentLoader.construct_refused)


def _check_shape(raw: str) -> str | None:
    """Why the front matter is too deep or too large to read, or None.

    Read as a stream of events before any value is made: libyaml's composer
    recurses in C and crashes the process on deep nesting (`[[[…]]]`), and a
    few lines of aliases (`&a [*a, *a …]`) stand for billions of values."""
    depth = 0
    values = 0
    sizes: dict[str | None, int] = {}  # values an anchor stands for (an alias always names one)
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values before it)
    for event in yaml.parse(raw, Loader=_SafeBase):
        if isinstance(event, yaml.AliasEvent):
            values += sizes.get(event.anchor, 1)
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return f"har listor eller fält inuti varandra i mer än {MAX_DEPTH} nivåer"
            open_nodes.append((event.anchor, values))
            values += 1
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
            anchor, before = open_nodes.pop()
            if anchor:
                sizes[anchor] = values - before
        if values > MAX_VALUES:
            return f"har fler än {MAX_VALUES:,} värden".replace(",", " ")
    return None


@dataclass(frozen=True)
class SourceFile:
    path: str  # relative to the project root, with "/" separators
    meta: dict[str, Any]
    body: str


@dataclass
class Sources:
    promises: list[SourceFile] = field(default_factory=list)
    updates: list[SourceFile] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)  # pictures that may be published (assets.publishable), relative paths
    # Ids of promise files that could not be read: their own error says why, so
    # their updates are not also reported as pointing nowhere.
    unread_promises: set[str] = field(default_factory=set)
    # Markdown pages in docs/, relative to it: none may sit where a generated page does.
    docs_pages: list[str] = field(default_factory=list)
    # Translation files (`<name>.<lang>.md`), each with its original's path and its language.
    translations: list[tuple[SourceFile, str, str]] = field(default_factory=list)


def _extension_is_markdown(name: str) -> bool:
    return name.lower().endswith(MARKDOWN_EXTENSIONS)


def _walk(root: Path, folder: Path, report: Report) -> list[str]:
    """Every file below ``folder`` as sorted paths relative to ``root``.

    Nothing outside the project is read: a symbolic link that leads out of it,
    or nowhere, is an error naming it, and so is a link to a folder (its files
    would be read under two names, or not at all). Hidden files are passed
    over (.DS_Store, editor backups) unless they are Markdown, which must not
    vanish without a word."""
    found: list[str] = []
    inside = root.resolve()
    if folder.is_symlink() and not _leads_inside(folder, inside, report, root):
        return found
    if not folder.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(folder):
        # String work, not a Path per file: the whole country has ~20,000 files.
        folder_path = Path(os.path.relpath(dirpath, root)).as_posix()
        hidden_folder = any(part.startswith(".") for part in folder_path.split("/"))
        for name in list(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                dirnames.remove(name)
                path = f"{folder_path}/{name}"
                target = os.path.realpath(os.path.join(dirpath, name))
                report.error(
                    path, "", f"mappen är en symbolisk länk (till {target}), och filerna i den läses inte.",
                    "Lägg filerna i en vanlig mapp i stället för att länka till dem.",
                )
        dirnames.sort()
        for name in filenames:
            path = f"{folder_path}/{name}"
            if name.startswith(".") or hidden_folder:
                if _extension_is_markdown(name):
                    report.error(
                        path, "", "filen är dold (namnet på den eller dess mapp börjar med en punkt) och publiceras inte.",
                        "Ta bort punkten i början av namnet, eller ta bort filen.",
                    )
                continue
            if os.path.islink(os.path.join(dirpath, name)) and not _leads_inside(Path(dirpath, name), inside, report, root):
                continue
            found.append(path)
    return sorted(found)


def _leads_inside(link: Path, inside: Path, report: Report, root: Path) -> bool:
    """Whether a symbolic link leads to something inside the project; an error if not."""
    path = Path(os.path.relpath(link, root)).as_posix()
    target = link.resolve()
    if not target.exists():
        report.error(path, "", f"är en symbolisk länk till {target}, som inte finns.", "Ta bort länken eller lägg filen här i stället.")
        return False
    if not target.is_relative_to(inside):
        report.error(
            path, "", "är en symbolisk länk till en fil utanför webbplatsens mappar och publiceras inte.",
            "Kopiera filen hit i stället för att länka till den.",
        )
        return False
    return True


def _same_names(paths: list[str], report: Report) -> set[str]:
    """Paths whose names differ only in case or Unicode normalisation: on
    Windows and macOS, and on many web servers, they are one file. Each is an
    error naming the other; the paths are returned so neither is read."""
    groups: dict[str, list[str]] = defaultdict(list)
    for path in paths:
        groups[unicodedata.normalize("NFC", path).casefold()].append(path)
    clashing: set[str] = set()
    for group in groups.values():
        if len(group) < 2:
            continue
        for path in group:
            for other in group:
                if other == path:
                    continue
                if unicodedata.normalize("NFC", path) == unicodedata.normalize("NFC", other):
                    why = (
                        "ser likadana ut men har ett tecken skrivet på två sätt i Unicode "
                        f"(«{visible(path)}» och «{visible(other)}»)"
                    )
                else:
                    why = "skiljer sig bara i stora och små bokstäver"
                report.error(
                    path, "", f"filnamnet och {other} {why}, och på många datorer och webbservrar är de samma fil.",
                    "Döp om eller ta bort den ena filen.",
                )
        clashing.update(group)
    return clashing


def _markdown_files(root: Path, folder: Path, report: Report) -> tuple[list[str], list[str]]:
    """The .md files and the other files (assets) below ``folder``; other
    Markdown extensions are errors, and so are names that clash."""
    paths = _walk(root, folder, report)
    clashing = _same_names(paths, report)
    markdown: list[str] = []
    assets: list[str] = []
    for path in paths:
        if path in clashing:
            continue
        if path.endswith(".md"):
            markdown.append(path)
        elif _extension_is_markdown(path):
            stem = path.rsplit("/", 1)[1].rsplit(".", 1)[0]
            report.error(
                path, "", "filen har en annan filändelse än .md och publiceras därför inte.",
                f"Döp om filen till {stem}.md.",
            )
        else:
            assets.append(path)
    return markdown, assets


def _originals(paths: list[str], report: Report) -> tuple[list[str], list[tuple[str, str, str]]]:
    """The originals among ``paths``, and the translations as (path, original,
    language). A translation of a translation (x.fi.en.md) is an error: it
    has no Swedish original of its own, and would otherwise vanish unread."""
    originals: list[str] = []
    translations: list[tuple[str, str, str]] = []
    for path in paths:
        if (found := languages.split(path)) is None:
            originals.append(path)
            continue
        original, lang = found
        if languages.split(original) is None:
            translations.append((path, original, lang))
            continue
        swedish, codes = original, [lang]
        while (inner := languages.split(swedish)) is not None:
            swedish, code = inner
            codes.insert(0, code)
        folder, _, name = swedish.rpartition("/")
        renamed = f"{folder}/{name[: -len('.md')]}.{lang}.md"
        report.error(
            path, "",
            f"filnamnet har flera språkkoder ({', '.join(codes[:-1])} och {codes[-1]}), som en översättning av en översättning; "
            f"en översättning görs från det svenska originalet {swedish}, så filen läses inte.",
            f"Döp om filen till {renamed} och översätt från {swedish}.",
        )
    return originals, translations


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1][: -len(".md")]


def read_source(root: Path, path: str, report: Report) -> SourceFile | None:
    try:
        size = (root / path).stat().st_size
        if size > MAX_FILE_BYTES:
            report.error(
                path, "", f"filen är {size // 1024} kB, men en uppföljning eller ett löfte får vara högst {MAX_FILE_BYTES // 1024} kB.",
                "Korta texten eller dela upp den på flera uppföljningar. Bilder ska ligga i egna filer, inte i texten.",
            )
            return None
        data = (root / path).read_bytes()
    except OSError as exc:
        report.error(path, "", f"filen kunde inte läsas ({exc.strerror}).")
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") > len(data) // 4 > 0:
        report.error(path, "", "filen är sparad som UTF-16, inte som UTF-8.", "Spara om filen med teckenkodningen UTF-8.")
        return None
    try:
        # utf-8-sig: files saved by Windows editors start with a byte-order mark.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(
            path, "", f"filen är inte sparad som UTF-8 (första felet på rad {line}).",
            "Spara om filen med teckenkodningen UTF-8; i Anteckningar: Spara som, Kodning: UTF-8.",
        )
        return None
    return parse_source(path, text, report)


_KEY_AT_START = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def _clean_front_matter(path: str, raw: str, report: Report) -> str:
    """The front matter without characters YAML and the site refuse, and
    without direction controls (every field is one line of text); a warning
    per field that had any. A line break pasted inside a value becomes a
    space here, since a new line would change the YAML."""
    if not has_unwanted(raw, field=True):
        return raw
    lines = raw.split("\n")
    key = ""
    for number, line in enumerate(lines):
        if found := _KEY_AT_START.match(line):
            key = found.group(1)
        cleaned = clean(line, field=True)
        if cleaned.changed:
            lines[number] = cleaned.text.replace("\n", " ")
            _warn_characters(report, path, key, cleaned.found, f"rad {number + 1}")
    return "\n".join(lines)


def _warn_characters(report: Report, path: str, field_name: str, found: tuple[str, ...], where: str) -> None:
    direction = tuple(c for c in found if is_direction_control(c))
    if direction:
        report.warning(
            path, field_name,
            f"{where} innehöll osynliga tecken som styr skrivriktningen ({describe(direction)}), och de togs bort: "
            "i ett fält kan de vända texten runt omkring på sidan, som vägen till sidan ovanför rubriken.",
            "Skriv texten utan dem; text på arabiska eller hebreiska visas ändå åt rätt håll. Kontrollera texten och spara filen igen.",
        )
    if others := tuple(c for c in found if not is_direction_control(c)):
        report.warning(
            path, field_name,
            f"{where} innehöll osynliga styrtecken som inte kan publiceras ({describe(others)}); "
            "radbrytningar blev vanliga radbrytningar och resten togs bort.",
            "Det kommer ofta med text som klistras in från Word eller Outlook. Kontrollera texten och spara filen igen.",
        )


def _clean_values(value: Any, path: str, report: Report, field_name: str = "") -> Any:
    """Strings in the front matter (field names too) without unpublishable
    characters, from escapes such as "\\v" in quoted text. Depth is bounded
    by _check_shape."""
    if isinstance(value, str):
        cleaned = clean(value, field=True)
        if cleaned.changed:
            _warn_characters(report, path, field_name, cleaned.found, "värdet")
        return cleaned.text
    if isinstance(value, list):
        return [_clean_values(v, path, report, field_name) for v in value]
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            # The field is named as it will be read: a message quoting a control
            # character would carry it into the preview's /problem/ page.
            shown_key = clean(key, field=True).text if isinstance(key, str) else key
            name = f"{field_name} › {shown_key}" if field_name else shown_key
            cleaned_key = _clean_values(key, path, report, name)
            result[cleaned_key] = _clean_values(item, path, report, name)
        return result
    return value


_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT + 1},}}\S", re.MULTILINE)
_EMPHASIS_RUN = re.compile(rf"\*{{{MAX_EMPHASIS_RUN + 1},}}|_{{{MAX_EMPHASIS_RUN + 1},}}")


def _markdown_hazard(body: str) -> str | None:
    """What in the body Markdown cannot render in reasonable time, or None."""
    # Substring tests first: they are ten times faster than the patterns, and nearly every body passes them.
    if ("    " * 5 in body or "\t" in body) and (found := _INDENT.search(body)) is not None:
        line = body.count("\n", 0, found.start()) + 1
        return f"rad {line} i texten är indragen mer än {MAX_INDENT} steg"
    runs = "*" * (MAX_EMPHASIS_RUN + 1) in body or "_" * (MAX_EMPHASIS_RUN + 1) in body
    if runs and (found := _EMPHASIS_RUN.search(body)) is not None:
        line = body.count("\n", 0, found.start()) + 1
        return f"rad {line} i texten har fler än {MAX_EMPHASIS_RUN} tecken {found.group()[0]} i rad"
    if body.count("[") > MAX_BRACKETS:
        for block in re.split(r"\n[ \t]*\n", body):
            if block.count("[") > MAX_BRACKETS:
                return f"ett stycke i texten har fler än {MAX_BRACKETS} tecken ["
    return None


def parse_source(path: str, text: str, report: Report) -> SourceFile | None:
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        explained = missing_start(text)
        report.error(path, explained.field, explained.message, explained.hint)
        return None
    try:
        raw, body = handler.split(text)
    except ValueError:
        explained = missing_end(text)
        report.error(path, explained.field, explained.message, explained.hint)
        return None
    raw = _clean_front_matter(path, raw, report)
    try:
        too_much = _check_shape(raw)
        if too_much is not None:
            report.error(
                path, "", f"front matter {too_much}, mer än ett löfte eller en uppföljning behöver.",
                "Skriv fälten som i mallarna; ett åtagande behöver bara en nivå av fält.",
            )
            return None
        meta = yaml.load(raw, Loader=ContentLoader)  # noqa: S506 - ContentLoader is a SafeLoader
    except RefusedValue as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 0
        report.error(path, "", f"front matter på rad {line}: {exc.problem}.", exc.hint)
        return None
    except yaml.YAMLError as exc:
        explained = explain(exc, raw)
        report.error(path, explained.field, explained.message, explained.hint)
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        report.error(path, "", "front matter ska vara fält på formen «namn: värde».")
        return None
    if "\\" in raw:
        # Only a double-quoted escape ("\\v", "\\x00", "\\uFFFE") can put such a
        # character into a value now that the text has been cleaned.
        meta = _clean_values(meta, path, report)
    cleaned_body = clean(body)
    if cleaned_body.changed:
        _warn_characters(report, path, "", cleaned_body.found, "texten")
    if (hazard := _markdown_hazard(cleaned_body.text)) is not None:
        report.error(
            path, "", f"{hazard}, och så skriven text kan sidan inte visa.",
            "Skriv texten som vanliga stycken och listor med högst några nivåer, som i mallarna.",
        )
        return None
    return SourceFile(path=path, meta=meta, body=cleaned_body.text.strip("\n") + "\n")


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


def written_promise(root: Path, path: str) -> str | None:
    """The `promise:` line of an update whose front matter could not be read, or None."""
    return _front_line(root, path, (_PROMISE_LINE,))


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


def load(root: Path, report: Report, municipality: str | None = None, docs_dir: Path | None = None) -> Sources:
    """Every promise and update file. With ``municipality`` (a slug; only the
    preview uses it) just that municipality's promises and their updates, so a
    communicator's preview stays fast in a repository of the whole country.
    ``docs_dir`` (default ``root/docs``) is walked for links leading out and
    for the hand-written pages."""
    sources = Sources()
    promise_paths, promise_assets = _markdown_files(root, root / PROMISES_DIR, report)
    sources.assets += promise_assets
    promise_paths, promise_translations = _originals(promise_paths, report)
    for path in promise_paths:
        if path.count("/") > 1:
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
        else:
            sources.unread_promises.add(path.rsplit("/", 1)[1][: -len(".md")])
    kept: set[str] | None = None
    if municipality is not None:
        sources.promises = [p for p in sources.promises if _of_municipality(p, municipality)]
        # A promise's id is its file name without .md (as validate reads it).
        kept = {p.path.rsplit("/", 1)[1][: -len(".md")] for p in sources.promises}
    folders: set[str] = set()
    update_paths, update_assets = _markdown_files(root, root / UPDATES_DIR, report)
    sources.assets += update_assets
    update_paths, update_translations = _originals(update_paths, report)
    for path in update_paths:
        if kept is not None and (written := _front_line(root, path, (_PROMISE_LINE,))) is not None and written not in kept:
            continue
        if (source := read_source(root, path, report)) is not None:
            if kept is None or str(source.meta.get("promise")) in kept:
                sources.updates.append(source)
                folders.add(path.rsplit("/", 1)[0] + "/")
    read_updates = {s.path for s in sources.updates}
    for path, original, lang in promise_translations + update_translations:
        # The preview of one municipality reads the translations of what it shows.
        if kept is not None and not (_stem(original) in kept if original.startswith(PROMISES_DIR) else original in read_updates):
            continue
        if (source := read_source(root, path, report)) is not None:
            sources.translations.append((source, original, lang))
    if kept is not None:
        # Images beside the kept updates; copying the whole country's would be slow.
        sources.assets = [a for a in sources.assets if a.startswith(PROMISES_DIR) or any(a.startswith(f) for f in folders)]
    # Only pictures are published beside the content (contract 2.1); every other file is an error naming it.
    sources.assets = publishable(root, sources.assets, report)
    docs = docs_dir if docs_dir is not None else root / DOCS_DIR
    for path in _walk(root, docs, report):
        if _extension_is_markdown(path):
            sources.docs_pages.append(Path(os.path.relpath(root / path, docs)).as_posix())
    return sources
