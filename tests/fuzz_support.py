"""Machinery for the property-based test (tests/test_fuzz.py): a scenario made of
front matter nodes rendered as a writer types YAML, a child process that runs
`make check`'s entry point and a real MkDocs build on it, and the property
every build must have.

The runner. One project directory for the session (the real mkdocs.yml, hooks/,
overrides/ and a trimmed docs/); promises/ and updates/ are rewritten for each
example. A helper process, started once (``python tests/fuzz_support.py --serve
<project>``), imports MkDocs, the theme, the hooks and everything they use, and
then forks a fresh child for each task of an example: `make check`'s entry
point, then the build and, when there are errors or drafts, `mkdocs serve`'s
build (the preview) side by side. Each child has a memory limit (RLIMIT_AS), a
time limit (faulthandler, which dumps where it hung), and faulthandler for
segfaults; it writes what happened into a JSON file. Jinja keeps the theme's
compiled templates on disk between children (FUZZ_TEMPLATE_CACHE=0: not). So:

- a hang, a segfault or a memory blow-up is a failure of the property, not a dead
  test run (the helper survives its children);
- every example starts from the same process state, so a failing example
  reproduces and shrinks (a module-level leftover of one build cannot change the
  next one here; `mkdocs serve` does rebuild in one process, and two builds in
  one process gave the same site as a fresh one when this test was written);
- an example costs a fork and the builds themselves (0.3 to 1 s), not the ~1.5 s
  of starting Python and importing MkDocs.

The property (``check_outcome``) is described in tests/test_fuzz.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

PROJECT = Path(__file__).resolve().parents[1]
# The tree whose mkdocs.yml, hooks/, overrides/ and docs/ are tested: this one,
# or another checkout (FUZZ_SOURCE=/path/to/tree), e.g. an older commit.
SOURCE = Path(os.environ.get("FUZZ_SOURCE") or PROJECT)
# 2024-07-01 12:00 UTC = 14:00 in Stockholm: promises of 2024 are current.
EPOCH = 1719835200
SITE_URL = "https://medborgarloften.example.se/"
SITE_NAME = "Medborgarlöften"
PREVIEW_URL = "http://127.0.0.1:8000/"  # what `mkdocs serve` sets site_url to
TIME_LIMIT = 60  # seconds, each check and each build
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space, each child
# The nav of the trimmed docs/ (the hand-written guide pages are left out: they
# are the same in every example and cost a quarter of each build).
NAV = [
    {"Start": "index.md"},
    {"Kommuner": "kommuner/index.md"},
    {"Uppföljningar": "uppdateringar/index.md"},
    {"Prenumerera och dela": "prenumerera/index.md"},
]
KEEP_DOCS = ("index.md", "sok.md", "assets")
HOOK_LOGGER = "mkdocs.plugins.medborgarloften"
# A file outside the project that nothing may publish: its marker must never be in site/.
OUTSIDE_MARKER = b"FUZZ-OUTSIDE-THE-REPOSITORY-4c1d"


def png(width: int = 3, height: int = 2, text: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\x00\x80\xff" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + (chunk(b"tEXt", b"Comment\x00" + text) if text else b"")
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


IMAGE = png()
OUTSIDE_IMAGE = png(text=OUTSIDE_MARKER)


# ====================================================================== YAML nodes
#
# A front matter value as a writer types it. Expected values are not kept here:
# they come from parsing the whole rendered file (``oracle``), so a renderer that
# writes something other than it meant cannot make the test wrong.


@dataclass(frozen=True)
class Text:
    """A scalar. ``style``: plain, single, double (escapes), literal, folded, or
    raw (the characters as they are, control characters included: pasted)."""

    value: str
    style: str = "plain"


@dataclass(frozen=True)
class Raw:
    """YAML written as it is: tags, anchors, nesting, numbers, dates. A snippet
    starting with a newline is a block, indented under its key."""

    snippet: str
    # Too deep or too big for the test's own parse (deep nesting segfaults libyaml).
    dangerous: bool = False


@dataclass(frozen=True)
class Seq:
    items: tuple[Any, ...]
    flow: bool = False


@dataclass(frozen=True)
class Map:
    entries: tuple[tuple[str, Any], ...]
    flow: bool = False


Node = Text | Raw | Seq | Map

# What this renderer writes as it is in quoted and plain scalars: YAML's printable
# characters without the byte-order mark and the line separators U+2028/U+2029,
# which YAML folds like line breaks (they are written as escapes instead).
_YAML_PRINTABLE = re.compile("[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def double_quoted(value: str) -> str:
    out = []
    for ch in value:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif _YAML_PRINTABLE.match(ch):
            out.append(ch)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _printable(value: str) -> bool:
    return all(_YAML_PRINTABLE.match(ch) for ch in value)


def inline_scalar(node: Text) -> str:
    value, style = node.value, node.style
    if style == "raw":
        # Pasted: every character as it is, except what would end the line.
        return value.replace("\r", "").replace("\n", " ")
    if style == "plain" and value and "\n" not in value and _printable(value):
        return value
    if style == "single" and "\n" not in value and _printable(value):
        return "'" + value.replace("'", "''") + "'"
    return double_quoted(value)


def key_text(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else double_quoted(key)


def _inline(node: Node) -> str:
    if isinstance(node, Text):
        return inline_scalar(node)
    if isinstance(node, Raw):
        return node.snippet.strip("\n").replace("\n", " ")
    if isinstance(node, Seq):
        return "[" + ", ".join(_inline(item) for item in node.items) + "]"
    return "{" + ", ".join(f"{key_text(k)}: {_inline(v)}" for k, v in node.entries) + "}"


def _block_scalar(node: Text, indent: int) -> list[str] | None:
    """Content lines of a literal or folded scalar, or None when it cannot be one."""
    if node.style not in ("literal", "folded") or not node.value.strip() or not _printable(node.value.replace("\n", "")):
        return None
    if node.value[0] in " \t" or "\r" in node.value:
        return None
    pad = " " * (indent + 2)
    return [pad + line if line else "" for line in node.value.split("\n")]


def render_value(head: str, node: Node, indent: int) -> list[str]:
    """``head`` is what comes before the value (``key:`` or ``-``), already indented."""
    if isinstance(node, Text):
        block = _block_scalar(node, indent)
        if block is not None:
            indicator = "|" if node.style == "literal" else ">"
            return [f"{head} {indicator}-" if not node.value.endswith("\n") else f"{head} {indicator}", *block]
        return [f"{head} {inline_scalar(node)}"]
    if isinstance(node, Raw):
        if node.snippet.startswith("\n"):
            pad = " " * (indent + 2)
            return [head, *(pad + line for line in node.snippet[1:].split("\n"))]
        return [f"{head} {node.snippet}"]
    if isinstance(node, Seq):
        if node.flow or not node.items:
            return [f"{head} {_inline(node)}"]
        lines = [head]
        for item in node.items:
            lines += render_item(item, indent + 2)
        return lines
    if node.flow or not node.entries:
        return [f"{head} {_inline(node)}"]
    return [head, *render_entries(node.entries, indent + 2)]


def render_item(node: Node, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(node, Map) and not node.flow and node.entries:
        lines = render_entries(node.entries, indent + 2)
        return [pad + "- " + lines[0][indent + 2 :], *lines[1:]]
    return render_value(pad + "-", node, indent)


def render_entries(entries: Iterable[tuple[str, Node]], indent: int) -> list[str]:
    lines: list[str] = []
    for key, node in entries:
        if node is None:  # absent
            continue
        lines += render_value(" " * indent + key_text(key) + ":", node, indent)
    return lines


def front_matter(entries: Iterable[tuple[str, Node]]) -> str:
    return "\n".join(render_entries(entries, 0)) + "\n"


def is_dangerous(node: Node) -> bool:
    if isinstance(node, Raw):
        return node.dangerous
    if isinstance(node, Seq):
        return any(is_dangerous(i) for i in node.items)
    if isinstance(node, Map):
        return any(is_dangerous(v) for _, v in node.entries)
    return False


# ====================================================================== oracle


def oracle(front: str) -> dict[str, Any] | None:
    """The front matter as YAML says it: every scalar a string but null, tags
    honoured (``!!binary`` is bytes), no type guessing. None when it does not
    parse as a mapping. Only for front matter without dangerous snippets."""
    import yaml

    class Oracle(yaml.CSafeLoader):
        pass

    Oracle.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    try:
        data = yaml.load(front, Loader=Oracle)  # noqa: S506 - a SafeLoader
    except Exception:  # noqa: BLE001 - any YAML the test cannot read has no expected text
        return None
    return data if isinstance(data, dict) else None


# ====================================================================== normalisation (the contract's, written independently)

_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"


def removed(ch: str) -> bool:
    """Characters a text field loses (with a warning)."""
    code = ord(ch)
    if ch in "\t\n\r" or ch in _LINE_BREAKS:
        return False
    return (
        code < 0x20
        or 0x7F <= code <= 0x9F
        or 0xD800 <= code <= 0xDFFF
        or 0xFDD0 <= code <= 0xFDEF
        or (code & 0xFFFE) == 0xFFFE
    )


# Contract 2.1: the explicit direction controls go from one-line fields (every
# front matter value), though a body keeps them.
_DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def removed_from_field(ch: str) -> bool:
    """Characters a front matter value loses (with a warning)."""
    return removed(ch) or ch in _DIRECTION_CONTROLS


def normalise(text: str) -> str:
    """A front matter value as the site shows it."""
    return "".join("\n" if ch in _LINE_BREAKS else ch for ch in text if not removed_from_field(ch)).strip()


def collapse(text: str) -> str:
    return " ".join(text.split())


_REFERENCE_START = re.compile(r"&(?=[^\W_]|#)")


def look_alikes(text: str) -> str:
    """What a feed's title, category and dc:creator carry."""
    return _REFERENCE_START.sub("\uff06", text.replace("<", "\u2039").replace(">", "\u203a"))


def csv_cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def bad_characters(text: str) -> list[str]:
    """Characters no output may carry: control characters, noncharacters, lone
    surrogates, and the line breaks that the contract turns into plain ones."""
    return sorted({f"U+{ord(ch):04X}" for ch in text if removed(ch) or ch in _LINE_BREAKS})


# ====================================================================== the runner


def make_project(base: Path) -> Path:
    """The session's project: real configuration and code, trimmed docs/, and
    beside it a directory with a file nothing may publish."""
    project = base / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy2(SOURCE / "mkdocs.yml", project / "mkdocs.yml")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("hooks", "overrides"):
        shutil.copytree(SOURCE / folder, project / folder, ignore=ignore)
    (project / "docs").mkdir()
    for name in KEEP_DOCS:
        source = SOURCE / "docs" / name
        if source.is_dir():
            shutil.copytree(source, project / "docs" / name, ignore=ignore)
        else:
            shutil.copy2(source, project / "docs" / name)
    outside = base / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "hemlig.png").write_bytes(OUTSIDE_IMAGE)
    return project


def write_content(project: Path, files: dict[str, bytes], links: dict[str, str]) -> None:
    for folder in ("promises", "updates", "site", "preview"):
        shutil.rmtree(project / folder, ignore_errors=True)
    for folder in ("promises", "updates"):
        (project / folder).mkdir()
    for rel, data in files.items():
        target = project / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for rel, pointing_to in links.items():
        link = project / rel
        link.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(pointing_to, link)


@dataclass
class ChildResult:
    """What one child (check or build) did."""

    task: str
    status: str  # "ok", "signal", "exit", "timeout", "lost"
    detail: str = ""  # signal name, exit code
    data: dict[str, Any] = field(default_factory=dict)  # the child's own report
    stderr: str = ""
    seconds: float = 0.0
    max_rss_kib: int = 0


class Runner:
    """The helper process on the pytest side; restarted if it dies."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.project = make_project(base)
        self.process: subprocess.Popen[str] | None = None

    def _start(self) -> subprocess.Popen[str]:
        env = {
            **os.environ,
            "SOURCE_DATE_EPOCH": str(EPOCH),
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONHASHSEED": "0",
            "PYTHONDONTWRITEBYTECODE": "1",
            "NO_COLOR": "1",
        }
        env.pop(SCOPE_VARIABLE, None)
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--serve", str(self.project)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(self.base / "helper.log", "a"),
            text=True, env=env, cwd=self.project,
        )
        assert process.stdout is not None
        ready = process.stdout.readline()
        if ready.strip() != "ready":
            raise RuntimeError(f"the fuzz helper did not start: {ready!r}; see {self.base / 'helper.log'}")
        return process

    def run(self, *tasks: str) -> list[ChildResult]:
        """Run the tasks (check, build, preview) on the project as it is, side by side."""
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(" ".join(tasks) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.process = None
            return [ChildResult(task, "lost", "the helper process died") for task in tasks]
        replies = json.loads(line)
        results = []
        for task in tasks:
            reply = replies[task]
            result = ChildResult(task, reply["status"], reply.get("detail", ""), seconds=reply["seconds"], max_rss_kib=reply.get("max_rss", 0))
            result_file = self.base / f"{task}.json"
            stderr_file = self.base / f"{task}.stderr"
            if result.status == "ok" and result_file.exists():
                result.data = json.loads(result_file.read_text(encoding="utf-8"))
            if stderr_file.exists():
                result.stderr = stderr_file.read_text(encoding="utf-8", errors="replace")[-6000:]
            results.append(result)
        return results

    def outcome(self) -> Outcome:
        """make check, then the build and, when there is something only `mkdocs serve`
        shows (errors: it goes on and lists them; a draft or a scheduled update: it
        renders them), the preview beside it."""
        check = self.run("check")[0]
        output = check.data.get("output", "")
        if check.status != "ok" or re.search(r"^(?:FEL |NOTIS +updates/)", output, re.MULTILINE):
            build, preview = self.run("build", "preview")
            return Outcome(check, build, preview)
        return Outcome(check, self.run("build")[0])

    def close(self) -> None:
        if self.process is not None and self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None


SCOPE_VARIABLE = "MEDBORGARLOFTEN_KOMMUN"


# ---------------------------------------------------------------- the helper process (its own Python)


def _serve(project: Path) -> None:
    base = project.parent
    sys.path.insert(0, str(project / "hooks"))
    os.chdir(project)
    import logging

    # Everything an example needs, imported once: children start warm.
    import lxml.html  # noqa: F401
    import markdown  # noqa: F401
    import yaml  # noqa: F401
    from mkdocs.commands.build import build  # noqa: F401
    from mkdocs.config import load_config

    import citizen_promises.check  # noqa: F401
    from citizen_promises import feeds, opendata, pages, search_index, share, swedish  # noqa: F401

    if os.environ.get("FUZZ_TEMPLATE_CACHE", "1") != "0":
        # The theme's templates are the same in every example: Jinja keeps their
        # compiled code on disk (keyed by the source's checksum), so each child
        # skips parsing and compiling them again. The pages are the same bytes.
        import jinja2
        import mkdocs.theme

        cache = jinja2.FileSystemBytecodeCache(str(base / "jinja-cache"))
        (base / "jinja-cache").mkdir(exist_ok=True)
        get_env = mkdocs.theme.Theme.get_env

        def cached_env(self: Any) -> Any:
            env = get_env(self)
            env.bytecode_cache = cache
            return env

        mkdocs.theme.Theme.get_env = cached_env  # type: ignore[method-assign]
    logging.getLogger("mkdocs").setLevel(logging.CRITICAL + 1)
    # Loads the theme and executes the hook module (MkDocs keeps it for the
    # process, as in `mkdocs serve`); no build runs here, so no thread is started.
    load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), nav=NAV)
    logging.getLogger("mkdocs").setLevel(logging.NOTSET)
    # Babel's Swedish data, loaded once (not through the hooks' caches: children start clean).
    from datetime import date

    from babel.dates import format_date

    format_date(date(2024, 1, 1), format="d MMMM y", locale="sv")
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        tasks = line.split()
        if not tasks:
            continue
        # The tasks of one example run side by side (two cores); each in its own child.
        running: dict[int, tuple[str, float]] = {}
        for task in tasks:
            for suffix in (".json", ".stderr"):
                (base / f"{task}{suffix}").unlink(missing_ok=True)
            pid = os.fork()
            if pid == 0:
                _child(task, project, base)  # never returns
            running[pid] = (task, time.monotonic())
        replies: dict[str, dict[str, Any]] = {}
        while running:
            for pid, (task, started) in list(running.items()):
                done, status, usage = os.wait4(pid, os.WNOHANG)
                reply: dict[str, Any] = {}
                if not done:
                    if time.monotonic() < started + TIME_LIMIT + 15:
                        continue
                    os.kill(pid, signal.SIGKILL)
                    done, status, usage = os.wait4(pid, 0)
                    reply = {"status": "timeout", "detail": f"killed after {TIME_LIMIT + 15} s"}
                elif os.WIFSIGNALED(status):
                    reply = {"status": "signal", "detail": signal.Signals(os.WTERMSIG(status)).name}
                elif os.WEXITSTATUS(status) == 0:
                    reply = {"status": "ok"}
                else:
                    reply = {"status": "exit", "detail": str(os.WEXITSTATUS(status))}
                reply["seconds"] = round(time.monotonic() - started, 3)
                reply["max_rss"] = usage.ru_maxrss
                replies[task] = reply
                del running[pid]
            time.sleep(0.005)
        out.write(json.dumps(replies) + "\n")
        out.flush()


def _child(task: str, project: Path, base: Path) -> None:
    import faulthandler
    import resource

    code = 0
    try:
        err = open(base / f"{task}.stderr", "w", encoding="utf-8", errors="backslashreplace")
        # Nothing the child prints may reach the helper's protocol on stdout.
        os.dup2(err.fileno(), 1)
        os.dup2(err.fileno(), 2)
        sys.stdout = sys.stderr = err
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        faulthandler.enable(file=err, all_threads=True)
        # A hang: dump every thread's stack, then exit with code 1.
        faulthandler.dump_traceback_later(TIME_LIMIT, exit=True, file=err)
        data = _check(project) if task == "check" else _build(project, preview=task == "preview")
        text = json.dumps(data, ensure_ascii=True)
        (base / f"{task}.json").write_text(text, encoding="utf-8")
    except BaseException:  # noqa: BLE001 - the harness itself failed
        try:
            traceback.print_exc()
        finally:
            code = 3
    finally:
        sys.stdout.flush()
        os._exit(code)


def _exception(exc: BaseException) -> dict[str, Any]:
    frames = traceback.extract_tb(exc.__traceback__)
    # Where it came from in the project's code, else the innermost frame.
    ours = [f for f in frames if "/hooks/" in f.filename or "/overrides/" in f.filename]
    frame = (ours or list(frames))[-1] if frames else None
    where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" if frame else "?"
    innermost = frames[-1] if frames else None
    return {
        "type": type(exc).__name__,
        "message": str(exc)[:2000],
        "where": where,
        "innermost": f"{Path(innermost.filename).name}:{innermost.lineno} in {innermost.name}" if innermost else "?",
        "traceback": "".join(traceback.format_exception(exc))[-8000:],
    }


def _check(project: Path) -> dict[str, Any]:
    from citizen_promises import check

    out = io.StringIO()
    try:
        code = check.main(project, out)
    except BaseException as exc:  # noqa: BLE001
        return {"exception": _exception(exc), "output": out.getvalue()}
    return {"code": code, "output": out.getvalue()}


def _build(project: Path, preview: bool = False) -> dict[str, Any]:
    """`mkdocs build` into site/, or with ``preview`` what `mkdocs serve` does on
    each rebuild (command "serve", the local address as site_url) into preview/."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    records: list[list[str]] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            try:
                message = record.getMessage()
            except Exception as exc:  # noqa: BLE001
                message = f"<unformattable log record: {exc!r}>"
            records.append([record.levelname, record.name, message])

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(Collect())
    result: dict[str, Any] = {"records": records}
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / ("preview" if preview else "site")), nav=NAV)
        config.plugins.on_startup(command="serve" if preview else "build", dirty=False)
        try:
            if preview:
                config.site_url = PREVIEW_URL
                build(config, serve_url=PREVIEW_URL)
            else:
                build(config)
            result["outcome"] = "built"
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:
        result["outcome"] = "aborted"
        result["abort"] = str(exc)
    except BaseException as exc:  # noqa: BLE001
        result["outcome"] = "exception"
        result["exception"] = _exception(exc)
    return result


# ====================================================================== the property


class PropertyFailure(AssertionError):
    """Base of the failures below; each kind is its own class, so Hypothesis
    reports different kinds of failures as different bugs."""

    kind = "failure"


_KINDS: dict[str, type[PropertyFailure]] = {}


def failure(kind: str, message: str) -> PropertyFailure:
    cls = _KINDS.get(kind)
    if cls is None:
        name = "Fuzz_" + re.sub(r"\W+", "_", kind).strip("_")
        cls = _KINDS[kind] = type(name, (PropertyFailure,), {"kind": kind})
    return cls(f"[{kind}] {message}")


@dataclass
class Expected:
    """What the scenario wrote, for comparing with the site. Text values are
    as YAML gives them (``normalise`` is applied when comparing); None: the
    field is absent; UNKNOWN: the test cannot say what it should show."""

    promise_path: str
    promise_id: str
    update_path: str
    written: str  # every file's text, for telling the writer's words from leaked ones
    promise: dict[str, Any] | None  # oracle of the promise file, None: unknown
    update: dict[str, Any] | None
    promise_body: list[str] | None  # expected paragraphs (plain text), None: unknown
    update_body: list[str] | None
    other_files: tuple[str, ...] = ()


UNKNOWN = object()


def text_of(meta: dict[str, Any] | None, key: str) -> Any:
    if meta is None:
        return UNKNOWN
    if key not in meta or meta[key] is None:
        return None
    value = meta[key]
    return value if isinstance(value, str) else UNKNOWN


def texts_of(meta: dict[str, Any] | None, key: str) -> Any:
    if meta is None:
        return UNKNOWN
    if key not in meta or meta[key] is None:
        return None
    value = meta[key]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    return UNKNOWN


# Python's and PyYAML's words: in a message they mean something leaked.
_PYTHON = re.compile(
    r"\b(?:True|False|None)\b|\bb'(?:[^'\\]|\\.)*'|Traceback|\b\w+(?:Error|Exception)\b|\[\'|\{\'|\'\]|\'\}|object at 0x"
    r"|\bdatetime\.|\bNoneType\b|\bbytes\b|\bfrozenset\b|\bset\(|\bdict\b|<class "
)
_ENGLISH = re.compile(
    r"\b(?:found|expected|allowed|while (?:scanning|parsing|constructing)|could not|cannot|can't|invalid|Invalid"
    r"|unexpected|character|mapping|constructor|stream|must be|out of range|exceeds|Exceeds|conversion|codec"
    r"|decode|encode|column|unicode string|the|is not|isoformat|unhashable|undefined|special characters)\b"
)


def not_swedish(line: str, written: str) -> list[str]:
    """Python or English words in a problem line that the writer did not write."""
    found = []
    for pattern in (_PYTHON, _ENGLISH):
        for match in pattern.finditer(line):
            word = match.group(0)
            if word not in written:
                found.append(word)
    return found


@dataclass
class Outcome:
    check: ChildResult
    build: ChildResult
    preview: ChildResult | None = None


def _died(result: ChildResult) -> PropertyFailure | None:
    what = "make check (citizen_promises.check.main)" if result.task == "check" else "the MkDocs build"
    tail = result.stderr.strip()[-3000:]
    if result.status == "signal":
        return failure(f"{result.task} crashed ({result.detail})", f"{what} died of {result.detail}.\n{tail}")
    if result.status == "timeout" or (result.status == "exit" and "Timeout" in result.stderr):
        return failure(f"{result.task} hung", f"{what} did not end within {TIME_LIMIT} s.\n{tail}")
    if result.status != "ok":
        return failure(f"{result.task} died", f"{what}: {result.status} {result.detail}.\n{tail}")
    exc = result.data.get("exception")
    if exc is not None:
        kind = f"{result.task} raised {exc['type']} at {exc['where']}"
        if exc["type"] == "MemoryError":
            kind = f"{result.task} ran out of memory at {exc['where']}"
        return failure(kind, f"{what} ended in a traceback:\n{exc['traceback']}")
    return None


def _problem_lines(outcome: Outcome) -> tuple[list[str], list[str], list[str], list[str]]:
    """(check's error lines, build's error lines, build's hook warnings, notices of both)."""
    check_errors, notices = [], []
    for line in outcome.check.data.get("output", "").splitlines():
        if line.startswith("FEL "):
            check_errors.append(line[4:].strip())
        elif line.startswith("NOTIS "):
            notices.append(line[6:].strip())
    build_errors, warnings = [], []
    for level, logger, message in outcome.build.data.get("records", []):
        if level in ("ERROR", "CRITICAL"):
            build_errors.append(message)
        elif level == "WARNING" and logger == HOOK_LOGGER:
            warnings.append(message)
        elif level == "INFO" and logger == HOOK_LOGGER:
            notices.append(message)
    return check_errors, build_errors, warnings, notices


def check_outcome(outcome: Outcome, expected: Expected, site: Path) -> str:
    """Raises a PropertyFailure, or returns "problem" or "site"."""
    for result in (outcome.check, outcome.build, outcome.preview):
        died = None if result is None else _died(result)
        if died is not None:
            raise died
    check_errors, build_errors, warnings, notices = _problem_lines(outcome)
    for level, logger, message in outcome.build.data.get("records", []):
        if logger == HOOK_LOGGER and level != "INFO" and any(ch in message for ch in "\n\r\x0b\x0c\x85\u2028\u2029"):
            # In make check's output and the build log, the rest of the message would
            # be a line of its own that names no file (a value quoted with its line break).
            raise failure("problem text spans lines", f"{message!r}")
    check_failed = outcome.check.data.get("code") == 1
    if outcome.check.data.get("code") not in (0, 1):
        raise failure("check exit code", f"make check returned {outcome.check.data.get('code')!r}")
    aborted = outcome.build.data.get("outcome") == "aborted"
    if check_failed != aborted:
        raise failure(
            "check and build disagree",
            f"make check {'failed' if check_failed else 'passed'} but the build {'aborted' if aborted else 'succeeded'}.\n"
            f"check's errors: {check_errors}\nbuild's errors: {build_errors}\nabort: {outcome.build.data.get('abort')}",
        )
    if sorted(set(check_errors)) != sorted(set(build_errors)):
        raise failure(
            "check and build report different errors",
            f"only in make check: {sorted(set(check_errors) - set(build_errors))}\n"
            f"only in the build: {sorted(set(build_errors) - set(check_errors))}",
        )
    for line in [*check_errors, *build_errors, *warnings]:
        if not line.startswith(("promises/", "updates/")):
            raise failure("problem names no file", f"a problem that names no file under promises/ or updates/: {line!r}")
        leaked = not_swedish(line, expected.written)
        if leaked:
            raise failure("problem not in Swedish", f"{leaked} in: {line!r}")
    if outcome.preview is not None:
        check_preview(outcome, expected, site.parent / "preview", check_errors)
    if aborted:
        if not build_errors:
            raise failure("abort without a named problem", f"the build aborted ({outcome.build.data.get('abort')}) without an ERROR line")
        return "problem"
    if build_errors:
        raise failure("build succeeded with an ERROR line", repr(build_errors))
    SiteCheck(site, expected, warnings, notices).run()
    return "site"


def _text_of_page(file: Path) -> str:
    import lxml.html

    doc: Any = lxml.html.document_fromstring(file.read_bytes())
    return str(doc.text_content())


def check_preview(outcome: Outcome, expected: Expected, preview: Path, check_errors: list[str]) -> None:
    """What `mkdocs serve` does with the same files: it keeps running, builds
    the rest, and lists every problem on /problem/ (and a banner on every page)."""
    assert outcome.preview is not None
    data = outcome.preview.data
    if data.get("outcome") != "built":
        raise failure("preview stopped", f"mkdocs serve's build ended: {data.get('abort')!r}")
    records = data.get("records", [])
    errors = [message for level, _, message in records if level in ("ERROR", "CRITICAL")]
    if sorted(set(errors)) != sorted(set(check_errors)):
        raise failure(
            "preview reports other errors than make check",
            f"only in make check: {sorted(set(check_errors) - set(errors))}\nonly in the preview: {sorted(set(errors) - set(check_errors))}",
        )
    problems = [message for level, logger, message in records if logger == HOOK_LOGGER and level in ("ERROR", "WARNING")]
    sitecheck = SiteCheck(preview, expected, [], [])
    sitecheck.outside()
    sitecheck.well_formed()
    if not problems:
        return
    page = preview / "problem" / "index.html"
    if not page.is_file():
        raise failure("preview without a problem page", f"{len(problems)} problems, no /problem/ page")
    shown = collapse(_text_of_page(page))
    for problem in problems:
        # "<file>, fältet «<field>»: <message> <hint>" or "<file>: <message> <hint>"; the page
        # shows the file, the field, the message and the hint in elements of their own.
        match = re.match(r"(?s)(.*?)(?:, fältet «(.*?)»)?: (.*)", problem)
        assert match is not None, problem
        path, field_name, message = match.groups()
        # The message's first sentence (the hint follows in an element of its own), spaces aside.
        parts = [path, field_name or "", message.split(". ", 1)[0][:40]]
        squashed = "".join(shown.split())
        if not all("".join(part.split()) in squashed for part in parts):
            raise failure("problem missing from the preview's problem page", f"{problem!r} is not on /problem/, which reads {shown[:1500]!r}")
    home = collapse(_text_of_page(preview / "index.html"))
    if "Se vad som behöver rättas" not in home:
        raise failure("preview without the problem banner", "the home page of the preview has no problem banner")


# ---------------------------------------------------------------- the site


_SCRIPT_PREFIXES = ("__md_scope=new URL(", "var target=document.getElementById(location.hash.slice(1))")


class SiteCheck:
    def __init__(self, site: Path, expected: Expected, warnings: list[str], notices: list[str]) -> None:
        self.site = site
        self.expected = expected
        self.warnings = warnings
        self.notices = notices
        self.documents: dict[str, Any] = {}

    # ---- helpers

    def path(self, url: str) -> Path:
        rel = url[len(SITE_URL):] if url.startswith(SITE_URL) else url.lstrip("/")
        return self.site / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)

    def page(self, url: str) -> Any:
        import lxml.html

        file = self.path(url)
        if not file.is_file():
            raise failure("page missing", f"{url} is not in site/ ({file})")
        key = str(file)
        if key not in self.documents:
            self.documents[key] = lxml.html.document_fromstring(file.read_bytes())
        return self.documents[key]

    @staticmethod
    def content(doc: Any) -> Any:
        found = doc.xpath("//article") or doc.xpath("//main") or [doc]
        return found[0]

    def equal(self, kind: str, where: str, shown: str, written: str, transform: Callable[[str], str] = str) -> None:
        want = collapse(transform(normalise(written)))
        got = collapse(shown)
        if got != want:
            raise failure(f"{kind}: {_field_of(where)}", f"{where} shows {got!r}, but the file says {written!r} (expected {want!r})")

    def contains(self, kind: str, where: str, shown: str, written: str) -> None:
        want = collapse(normalise(written))
        if want and want not in collapse(shown):
            raise failure(f"{kind}: {_field_of(where)}", f"{where} does not show {want!r} (written {written!r}); it shows {collapse(shown)[:600]!r}")

    def json_text(self, where: str, value: Any, written: str) -> None:
        field = _field_of(where)
        if not isinstance(value, str):
            raise failure(f"JSON value not text: {field}", f"{where} is {value!r}, written {written!r}")
        if value != value.strip():
            raise failure(f"JSON value not stripped: {field}", f"{where} is {value!r}, written {written!r}")
        if collapse(value) != collapse(normalise(written)):
            if _retyped(normalise(written)) == value:
                raise failure("text typed like a YAML number or boolean is rewritten", f"{where} is {value!r}, but the file says {written!r}")
            raise failure(f"JSON text differs: {field}", f"{where} is {value!r}, but the file says {written!r} (expected {normalise(written)!r})")

    def json_texts(self, where: str, shown: list[Any], written: list[str], unique: bool = False) -> list[str]:
        """A list of texts (tags, channels, partners): the same texts, blank ones aside,
        and with ``unique`` (tags) each text written twice once. Returns what was written,
        cleaned and collapsed."""
        if unique:  # the first of each, as validate keeps them
            first: dict[str, str] = {}
            for text in written:
                first.setdefault(normalise(text).strip(), text)
            written = list(first.values())
        want = [collapse(normalise(t)) for t in written if collapse(normalise(t))]
        got = [collapse(t) if isinstance(t, str) else t for t in shown]
        got = [t for t in got if t != ""]
        if got != want:
            if len(got) == len(want) and all(g == w or _retyped(w) == g for g, w in zip(got, want, strict=True)):
                raise failure("text typed like a YAML number or boolean is rewritten", f"{where} is {shown!r}, but the file says {written!r}")
            raise failure(f"JSON text differs: {_field_of(where)}", f"{where} is {shown!r}, but the file says {written!r} (expected {want!r})")
        return want

    @staticmethod
    def required(field: str, written: Any) -> None:
        """A required text field that is blank once cleaned is missing: the build may not succeed."""
        if isinstance(written, str) and not collapse(normalise(written)):
            raise failure(f"required field blank: {field}", f"{field} is {written!r}, nothing once cleaned, and the site was built")

    # ---- the checks

    def run(self) -> None:
        self.outside()
        self.well_formed()
        data = json.loads((self.site / "data" / "loften.json").read_text(encoding="utf-8"))
        self.promise(data)
        self.update(data)
        self.elsewhere(data)

    def outside(self) -> None:
        for file in self.site.rglob("*"):
            if file.is_symlink():
                raise failure("symlink in site", f"{file.relative_to(self.site)} is a symbolic link to {os.readlink(file)}")
            if file.is_file() and OUTSIDE_MARKER in file.read_bytes():
                raise failure("file from outside the repository published", f"{file.relative_to(self.site)} holds the file from outside the project")

    def well_formed(self) -> None:
        import lxml.html
        from lxml import etree

        for file in sorted(self.site.rglob("*")):
            if not file.is_file():
                continue
            rel = file.relative_to(self.site).as_posix()
            suffix = file.suffix
            if suffix not in (".html", ".xml", ".json", ".csv"):
                continue
            raw = file.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise failure(f"{suffix} not UTF-8", f"{rel}: {exc}") from None
            if rel.startswith("assets/") and suffix == ".json":
                continue  # the theme's own files
            bad = bad_characters(text)
            if bad:
                raise failure(f"control characters in {suffix}", f"{rel} carries {bad}")
            if suffix == ".html":
                doc = lxml.html.document_fromstring(raw)
                self.documents[str(file)] = doc
                self.no_live_markup(rel, doc)
            elif suffix == ".xml":
                try:
                    feed = etree.fromstring(raw)
                except etree.XMLSyntaxError as exc:
                    raise failure("feed not XML", f"{rel}: {exc}") from None
                self.documents[str(file)] = feed
                self.feed_markup(rel, feed)
            elif suffix == ".json":
                try:
                    value = json.loads(text)
                except ValueError as exc:
                    raise failure("JSON does not parse", f"{rel}: {exc}") from None
                for string in _strings(value):
                    bad = bad_characters(string)
                    if bad:
                        raise failure("control characters in JSON", f"{rel}: {string!r}")
            elif suffix == ".csv":
                self.csv_file(rel, text)

    def no_live_markup(self, rel: str, doc: Any) -> None:
        page_url = SITE_URL + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            for name, value in element.attrib.items():
                if name.lower().startswith("on"):
                    raise failure("live markup in HTML", f"{rel}: <{element.tag} {name}={value!r}>")
                if name.lower() in ("href", "src", "action", "formaction") and value.strip().lower().startswith(("javascript:", "data:text/html")):
                    raise failure("live markup in HTML", f"{rel}: <{element.tag} {name}={value!r}>")
            if element.tag in ("script", "iframe", "object", "embed", "base"):
                src = element.get("src")
                if element.tag == "script" and src is not None:
                    target = urljoin(page_url, src)
                    # The theme's and the site's scripts, and the editor's own two (/admin/).
                    if target.startswith(SITE_URL + "assets/") or target in (SITE_URL + "admin/redaktor.js", SITE_URL + "admin/decap-cms.js"):
                        continue
                if element.tag == "script" and src is None:
                    body = element.text or ""
                    if element.get("id") == "__config" and element.get("type") == "application/json":
                        json.loads(body)
                        continue
                    if body.startswith(_SCRIPT_PREFIXES):
                        continue
                raise failure("live markup in HTML", f"{rel}: <{element.tag} src={src!r}> {(element.text or '')[:200]!r}")

    def feed_markup(self, rel: str, feed: Any) -> None:
        import lxml.html

        for item in feed.iter("item", "channel"):
            for child in item:
                if not isinstance(child.tag, str):
                    continue
                name = etree_name(child.tag)
                text = child.text or ""
                if name in ("title", "category", "creator") and ("<" in text or ">" in text or re.search(r"&(?=[^\W_]|#)", text)):
                    raise failure("markup in a feed's plain text", f"{rel}: <{name}> {text!r}")
                if name == "description" and item.tag == "item" and text:
                    fragment = lxml.html.fragment_fromstring(text, create_parent="div")
                    if len(fragment):
                        raise failure("markup in a feed's description", f"{rel}: {text!r}")
                if name == "encoded" and text:
                    fragment = lxml.html.fragment_fromstring(text, create_parent="div")
                    for element in fragment.iter():
                        if isinstance(element.tag, str) and (
                            element.tag in ("script", "iframe", "object", "embed")
                            or any(a.lower().startswith("on") for a in element.attrib)
                        ):
                            raise failure("live markup in a feed", f"{rel}: <{element.tag}> in content:encoded")

    def csv_file(self, rel: str, text: str) -> None:
        if not text.startswith("\ufeff"):
            raise failure("CSV without byte-order mark", rel)
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
        if not rows:
            raise failure("CSV empty", rel)
        header = rows[0]
        for number, row in enumerate(rows[1:], start=2):
            if len(row) != len(header):
                raise failure("CSV row length", f"{rel} row {number} has {len(row)} cells, the header {len(header)}: {row!r}")
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    raise failure("CSV formula", f"{rel} row {number}: cell {cell!r} starts a formula")
        self.documents[rel] = [dict(zip(header, row, strict=True)) for row in rows[1:]]

    def csv_rows(self, name: str) -> list[dict[str, str]]:
        return self.documents.get(f"data/{name}", [])

    # ---- the promise

    def promise(self, data: dict[str, Any]) -> None:
        e = self.expected
        found = [p for p in data["promises"] if p["id"] == e.promise_id]
        if not found:
            raise failure("promise missing", f"{e.promise_path} built without an error, but is not in data/loften.json")
        record = found[0]
        meta = e.promise
        doc = self.page(record["url"])
        main = self.content(doc)
        main_text = main.text_content()
        csv_row = next((r for r in self.csv_rows("loften.csv") if r["id"] == e.promise_id), None)
        if csv_row is None:
            raise failure("promise missing from CSV", e.promise_id)
        for name, value in (("municipality", record["municipality"]), ("title", record["title"]), ("police_area", record["police_area"])):
            if csv_row[name] != csv_cell(value or ""):
                raise failure("CSV differs from JSON", f"loften.csv {name} is {csv_row[name]!r}, JSON {value!r}")
        municipality = text_of(meta, "municipality")
        self.required("municipality", municipality)
        if isinstance(municipality, str) and normalise(municipality):
            self.json_text("loften.json municipality", record["municipality"], municipality)
            crumb = main.xpath("//p[contains(@class,'ml-breadcrumb')]/a")
            self.equal("promise page text", f"{record['url']} breadcrumb", crumb[0].text_content() if crumb else "", municipality)
            municipality_url = SITE_URL + f"kommuner/{record['municipality_slug']}/"
            feed = self.feed(municipality_url + "feed.xml")
            channel_title = feed.findtext("channel/title") or ""
            self.equal("feed text", "municipality feed <title>", channel_title, "Medborgarlöften i " + municipality, look_alikes)
        title = text_of(meta, "title")
        if isinstance(title, str) and normalise(title):
            self.json_text("loften.json title", record["title"], title)
            h1 = main.xpath(".//h1")
            self.equal("promise page text", f"{record['url']} <h1>", h1[0].text_content() if h1 else "", title)
            self.equal("page <title>", f"{record['url']} <title>", doc.findtext(".//title") or "", title + " - " + SITE_NAME)
            feed = self.feed(record["url"] + "feed.xml")
            self.equal("feed text", "promise feed <title>", feed.findtext("channel/title") or "", title, look_alikes)
        police = text_of(meta, "police_area")
        if isinstance(police, str) and normalise(police):
            self.json_text("loften.json police_area", record["police_area"], police)
            self.contains("promise page text", record["url"], main_text, police)
        channels = texts_of(meta, "channels")
        if isinstance(channels, list):
            for channel in self.json_texts("loften.json channels", record["channels"], channels):
                self.contains("promise page text", record["url"], main_text, channel)
        signatories = meta.get("signatories") if isinstance(meta, dict) else None
        if isinstance(signatories, list) and signatories and all(isinstance(s, dict) for s in signatories):
            if len(signatories) != len(record["signatories"]):
                raise failure("signatory left out", f"{len(signatories)} signatories written {signatories!r}, {len(record['signatories'])} published")
            for number, (person, shown) in enumerate(zip(signatories, record["signatories"], strict=True), start=1):
                for key in ("name", "role"):
                    self.required(f"signatories › {key}", text_of(person, key))
                for key in ("name", "role", "organisation"):
                    value = text_of(person, key)
                    if isinstance(value, str) and normalise(value):
                        self.json_text(f"loften.json signatories[{number}].{key}", shown[key], value)
                        self.contains("promise page text", record["url"], main_text, value)
        diary = meta.get("diary_numbers") if isinstance(meta, dict) else None
        if isinstance(diary, dict):
            for key, value in diary.items():
                if isinstance(key, str) and isinstance(value, str) and normalise(value) and key in record["diary_numbers"]:
                    self.json_text(f"loften.json diary_numbers.{key}", record["diary_numbers"][key], value)
                    self.contains("promise page text", record["url"], main_text, value)
        commitments = meta.get("commitments") if isinstance(meta, dict) else None
        if isinstance(commitments, list) and len(commitments) != len(record["commitments"]):
            raise failure("commitment left out", f"{len(commitments)} commitments written, {len(record['commitments'])} published")
        if isinstance(commitments, list):
            shown_texts = [p.text_content() for p in main.xpath(".//p[contains(@class,'ml-commitment__text')]")]
            csv_commitments = [r for r in self.csv_rows("ataganden.csv") if r["promise"] == e.promise_id]
            for number, (written, shown) in enumerate(zip(commitments, record["commitments"], strict=True), start=1):
                if not isinstance(written, dict):
                    continue
                row = next((r for r in csv_commitments if r["id"] == shown["id"]), None)
                if row is None:
                    raise failure("commitment missing from CSV", shown["id"])
                for key in ("text", "area", "unit"):
                    if row[key] != csv_cell(shown[key] or ""):
                        raise failure("CSV differs from JSON", f"ataganden.csv {key} is {row[key]!r}, JSON {shown[key]!r}")
                if row["partners"] != csv_cell(", ".join(shown["partners"])):
                    raise failure("CSV differs from JSON", f"ataganden.csv partners is {row['partners']!r}, JSON {shown['partners']!r}")
                text = text_of(written, "text")
                self.required("commitments › text", text)
                if isinstance(text, str) and normalise(text):
                    self.json_text(f"loften.json commitments[{number}].text", shown["text"], text)
                    if not any(collapse(s) == collapse(normalise(text)) for s in shown_texts):
                        raise failure("promise page text", f"no commitment on {record['url']} reads {collapse(normalise(text))!r}; shown: {shown_texts!r}")
                for key in ("area", "unit"):
                    value = text_of(written, key)
                    if isinstance(value, str) and normalise(value):
                        self.json_text(f"loften.json commitments[{number}].{key}", shown[key], value)
                        if key == "area" or shown["target"] is not None or shown["progress"]:
                            self.contains("promise page text", record["url"], main_text, value)
                partners = texts_of(written, "partners")
                if isinstance(partners, list):
                    for partner in self.json_texts(f"loften.json commitments[{number}].partners", shown["partners"], partners):
                        self.contains("promise page text", record["url"], main_text, partner)
        if e.promise_body is not None:
            for paragraph in e.promise_body:
                self.contains("promise body text", record["url"], main_text, paragraph)

    # ---- the update

    def feed(self, url: str) -> Any:
        from lxml import etree

        file = self.path(url)
        if not file.is_file():
            raise failure("feed missing", url)
        key = str(file)
        if key not in self.documents:
            self.documents[key] = etree.fromstring(file.read_bytes())
        return self.documents[key]

    def update(self, data: dict[str, Any]) -> None:
        import lxml.html

        e = self.expected
        published = [u for u in data["updates"] if u["promise"] == e.promise_id]
        if not published:
            if not any(n.startswith(e.update_path) for n in self.notices):
                raise failure(
                    "update silently left out",
                    f"{e.update_path} built without an error, but is neither published nor named in a notice. Notices: {self.notices}",
                )
            return
        if len(published) != 1:
            raise failure("update published twice", repr([u["url"] for u in published]))
        record = published[0]
        meta = e.update
        doc = self.page(record["url"])
        main = self.content(doc)
        feed = self.feed("feed.xml")
        items = [i for i in feed.iter("item") if i.findtext("link") == record["url"]]
        if len(items) != 1:
            raise failure("feed item missing", f"feed.xml has {len(items)} items for {record['url']}")
        item = items[0]
        rows = [r for r in self.csv_rows("uppfoljningar.csv") if r["url"] == record["url"]]
        if len(rows) != 1:
            raise failure("update missing from CSV", record["url"])
        row = rows[0]
        for name in ("title", "municipality", "summary", "author"):
            if row[name] != csv_cell(record[name] or ""):
                raise failure("CSV differs from JSON", f"uppfoljningar.csv {name} is {row[name]!r}, JSON {record[name]!r}")
        if row["tags"] != csv_cell(", ".join(record["tags"])):
            raise failure("CSV differs from JSON", f"uppfoljningar.csv tags is {row['tags']!r}, JSON {record['tags']!r}")
        title = text_of(meta, "title")
        self.required("title (update)", title)
        if record["image"] is not None:
            self.required("image_alt", text_of(meta, "image_alt"))
        if isinstance(title, str) and normalise(title):
            self.json_text("loften.json updates title", record["title"], title)
            h1 = main.xpath(".//h1")
            self.equal("update page text", f"{record['url']} <h1>", h1[0].text_content() if h1 else "", title)
            self.equal("page <title>", f"{record['url']} <title>", doc.findtext(".//title") or "", title + " - " + SITE_NAME)
            self.equal("feed text", "feed.xml item <title>", item.findtext("title") or "", title, look_alikes)
        municipality = text_of(e.promise, "municipality")
        categories = [c.text or "" for c in item.findall("category")]
        if isinstance(municipality, str) and normalise(municipality):
            self.json_text("loften.json updates municipality", record["municipality"], municipality)
            if not categories or collapse(categories[0]) != collapse(look_alikes(normalise(municipality))):
                raise failure("feed text", f"feed.xml item categories {categories!r}, municipality written {municipality!r}")
        tags = texts_of(meta, "tags")
        if isinstance(tags, list):
            want = self.json_texts("loften.json updates tags", record["tags"], tags, unique=True)
            shown = [collapse(s.text_content()) for s in main.xpath(".//*[contains(concat(' ', @class, ' '),' ml-tag ')]")]  # a link to its page, or text
            if [s for s in shown if s] != want:
                raise failure("update page text", f"{record['url']} shows tags {shown!r}, written {tags!r}")
            feed_tags = [collapse(c) for c in categories[1:] if collapse(c)]
            if feed_tags != [collapse(look_alikes(t)) for t in want]:
                raise failure("feed text", f"feed.xml item categories {categories!r}, tags written {tags!r}")
        author = text_of(meta, "author")
        if isinstance(author, str) and normalise(author):
            self.json_text("loften.json updates author", record["author"], author)
            meta_line = main.xpath(".//p[contains(@class,'ml-meta')]")
            self.contains("update page text", f"{record['url']} byline", meta_line[0].text_content() if meta_line else "", author)
            creator = item.findtext("{http://purl.org/dc/elements/1.1/}creator") or ""
            self.equal("feed text", "feed.xml item <dc:creator>", creator, author, look_alikes)
        alt = text_of(meta, "image_alt")
        if isinstance(alt, str) and normalise(alt) and record["image"] is not None:
            self.json_text("loften.json updates image.alt", record["image"]["alt"], alt)
            images = main.xpath(".//figure[contains(@class,'ml-figure')]/img")
            self.equal("update page text", f"{record['url']} <img alt>", images[0].get("alt", "") if images else "", alt)
        summary = text_of(meta, "summary")
        if summary is None and e.update_body:
            summary = e.update_body[0]
        if isinstance(summary, str) and normalise(summary):
            self.json_text("loften.json updates summary", record["summary"], summary)
            description = item.findtext("description") or ""
            read = lxml.html.fragment_fromstring(description, create_parent="div").text_content() if description else ""
            self.equal("feed text", "feed.xml item <description> read as HTML", read, summary)
            promise_page = self.content(self.page(SITE_URL + f"loften/{e.promise_id}/"))
            listed = [s.text_content() for s in promise_page.xpath(".//p[contains(@class,'ml-updates__summary')]")]
            if not listed:
                raise failure("promise page text", "the promise page lists no update summary")
            self.equal("promise page text", f"loften/{e.promise_id}/ update list summary", listed[0], summary)
        if e.update_body is not None:
            body_text = main.text_content()
            for paragraph in e.update_body:
                self.contains("update body text", record["url"], body_text, paragraph)
        self.normalisation_warnings(self.expected.update_path, meta, ("title", "summary", "author", "image_alt"))
        self.normalisation_warnings(self.expected.promise_path, self.expected.promise, ("municipality", "title", "police_area"))

    def elsewhere(self, data: dict[str, Any]) -> None:
        """The same texts on the other pages that show them: lists, the widget,
        the evaluation, the search page's municipality filter."""
        e = self.expected
        record = next(p for p in data["promises"] if p["id"] == e.promise_id)
        municipality_url = f"kommuner/{record['municipality_slug']}/"

        def texts(url: str, xpath: str) -> list[str]:
            return [element.text_content() for element in self.page(url).xpath(xpath)]

        def shown_in(kind: str, url: str, xpath: str, written: str) -> None:
            found = texts(url, xpath)
            want = collapse(normalise(written))
            if not any(collapse(t) == want for t in found):
                raise failure(f"{kind}: {xpath.rsplit('/', 1)[-1]}", f"no {xpath} on {url} reads {want!r} (written {written!r}); they read {found!r}")

        municipality = text_of(e.promise, "municipality")
        if isinstance(municipality, str) and normalise(municipality):
            shown_in("municipality page text", municipality_url, "//article//h1", municipality)
            shown_in("widget text", municipality_url + "widget/", "//h1[contains(@class,'w-name')]", municipality)
            shown_in("municipality list text", "kommuner/", "//table[@id='kommuntabell']//th[@scope='row']/a", municipality)
            shown_in("search page text", "sok/", "//select[@id='ml-sok-kommun']/option", municipality)
        title = text_of(e.promise, "title")
        if isinstance(title, str) and normalise(title):
            shown_in("widget text", municipality_url + "widget/", "//h2[contains(@class,'w-title')]/a", title)
            shown_in("evaluation text", record["url"] + "utvardering/", "//p[contains(@class,'ml-breadcrumb')]/a", title)
        published = [u for u in data["updates"] if u["promise"] == e.promise_id]
        if published:
            url = published[0]["url"]
            update_title = text_of(e.update, "title")
            if isinstance(update_title, str) and normalise(update_title):
                shown_in("timeline text", "uppdateringar/", "//*[contains(@class,'ml-updates__title')]/a", update_title)
                shown_in("municipality page text", municipality_url, "//*[contains(@class,'ml-updates__title')]/a", update_title)
                shown_in("widget text", municipality_url + "widget/", "//section[contains(@class,'w-latest')]//li/a", update_title)
            if isinstance(municipality, str) and normalise(municipality):
                shown_in("update page text", url, "//p[contains(@class,'ml-breadcrumb')]/a[1]", municipality)
            if isinstance(title, str) and normalise(title):
                shown_in("update page text", url, "//p[contains(@class,'ml-breadcrumb')]/a[2]", title)

    def normalisation_warnings(self, path: str, meta: dict[str, Any] | None, keys: tuple[str, ...]) -> None:
        """A text field that lost characters says so, naming the file and the field."""
        if meta is None:
            return
        for key in keys:
            value = text_of(meta, key)
            if isinstance(value, str) and any(removed_from_field(ch) for ch in value):
                named = [w for w in self.warnings if w.startswith(path) and f"«{key}" in w]
                if not named:
                    raise failure(
                        "removed characters without a warning",
                        f"{path}, {key} {value!r} lost characters without a warning naming the field. Warnings: {self.warnings}",
                    )


def _retyped(text: str) -> str | None:
    """``+5`` → ``5``, ``True`` → ``true``: what a loader that reads numbers and booleans prints back."""
    if re.fullmatch(r"[-+]?(?:0|[1-9][0-9]*)", text):
        return str(int(text))
    if text.lower() in ("true", "false"):
        return text.lower()
    return None


def _field_of(where: str) -> str:
    """``loften.json signatories[2].name`` → ``loften.json signatories.name``: one kind of failure for every example."""
    where = re.sub(r"https?://\S+|\[\d+\]|\b(?:loften|kommuner)/\S*", "", where)
    where = re.sub(r"\b(diary_numbers)\.\S+", r"\1", where)
    return " ".join(where.split())


def etree_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--serve":
        _serve(Path(sys.argv[2]))
    else:
        sys.exit("usage: fuzz_support.py --serve <project>")
