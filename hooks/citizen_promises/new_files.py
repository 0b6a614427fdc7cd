"""Where the writer's commands (`make ny-uppdatering`, `make nytt-lofte`, `make
ny-oversattning`) may write: a new file inside promises/ or updates/, created
without following a symbolic link.

A repository may hold a committed symbolic link, as a file or as a folder,
leading anywhere on the machine of whoever runs the command; opening it for
writing would write there. So every folder on the way is checked as load.py
reads them (promises/ and updates/ may be links within the project, a folder
below them may not be a link at all), and the file is created with O_EXCL and
O_NOFOLLOW: a link at its name, even one leading nowhere, is never followed.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from .load import PROMISES_DIR, UPDATES_DIR

CONTENT_DIRS = (PROMISES_DIR, UPDATES_DIR)
# O_EXCL: never an existing file (nor a link: with O_CREAT it is not followed);
# O_NOFOLLOW says so once more, for systems that would.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


class Refusal(Exception):
    """A reason, in Swedish, why no file was written."""


def inside_content(root: Path, written: str) -> PurePosixPath | None:
    """``written`` (a path relative to ``root``, as the writer typed it) without
    ``.`` and ``..``, when both it and the file it resolves to (through every
    link) lie in promises/ or updates/; None otherwise."""
    text = written.strip().replace("\\", "/")
    if not text or text.startswith("/"):
        return None
    lexical = PurePosixPath(os.path.normpath(text))
    if lexical.parts[:1] not in [(folder,) for folder in CONTENT_DIRS] or len(lexical.parts) < 2:
        return None
    base = root.resolve()
    resolved = (base / lexical).resolve()
    if not any(resolved.is_relative_to(base / folder) for folder in CONTENT_DIRS):
        return None
    return lexical


def create(root: Path, relative: PurePosixPath, text: str) -> None:
    """A new file at ``relative`` (inside promises/ or updates/) holding
    ``text``, with the folders it needs. Refused, naming the path, where a
    folder on the way is a link leading out, or the name is taken, by a file
    or by a link."""
    if relative.parts[:1] not in [(folder,) for folder in CONTENT_DIRS] or ".." in relative.parts:
        raise Refusal(f"{relative} ligger inte i promises/ eller updates/, och bara där skriver kommandot filer.")
    base = root.resolve()
    folder = base
    for depth, part in enumerate(relative.parent.parts):
        folder = folder / part
        shown = PurePosixPath(*relative.parts[: depth + 1])
        if folder.is_symlink():
            # The content folders themselves may be links within the project,
            # as load.py reads them; a folder below them is never read through a link.
            if depth > 0 or not folder.is_dir() or not folder.resolve().is_relative_to(base):
                raise Refusal(
                    f"mappen {shown} är en symbolisk länk (till {folder.resolve()}), och genom den skrivs inget. "
                    "Ingen fil skrevs. Ta bort länken och lägg filerna i en vanlig mapp."
                )
        try:
            folder.mkdir()
        except FileExistsError:
            if not folder.is_dir():
                raise Refusal(f"{shown} är en fil, inte en mapp. Ingen fil skrevs. Döp om eller flytta den filen.") from None
        except OSError as exc:
            raise _unwritable(shown, exc) from None
    try:
        descriptor = os.open(base / relative, _NEW_FILE, 0o666)
    except FileExistsError:
        if (base / relative).is_symlink():
            raise Refusal(
                f"{relative} finns redan som en symbolisk länk (till {os.readlink(base / relative)}), och genom en länk skrivs inget. "
                "Ingen fil skrevs. Ta bort länken och försök igen."
            ) from None
        raise Refusal(f"{relative} finns redan. Ingen fil skrevs; öppna den i stället.") from None
    except OSError as exc:
        raise _unwritable(relative, exc) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        file.write(text)


def _unwritable(path: PurePosixPath, exc: OSError) -> Refusal:
    return Refusal(
        f"{path} kunde inte skapas: {exc.strerror or exc}. Ingen fil skrevs. "
        "Kontrollera att du får skriva i mappen och att disken inte är full."
    )
