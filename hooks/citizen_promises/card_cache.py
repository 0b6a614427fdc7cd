"""The share-card cache, `.cache/share-cards/`: drawn cards kept between builds
(and between CI runs, which restore the folder), so a rebuild draws only what
changed.

The site publishes a card from here byte for byte, on the origin that holds
the editor's login, so nothing found here is trusted: a card is published
only if it is a regular file (not a symbolic link, a folder, a device or a
pipe), starts with PNG's signature and its bytes hash to the digest its name
claims. Each card is named ``<key>.<digest>.png`` in the folder ``<key[:2]>``:
``key`` is a digest of everything the card shows and how it is drawn
(share.CardPainter.key), ``digest`` one of its bytes. Whatever else is found
(a link planted under a card's name, a truncated or foreign file) is passed
over and the card drawn anew; after a whole build, everything the build did
not use is deleted, without following a link.

Hashing a card is cheap (~25 KB, tens of microseconds) beside decoding it, so a
warm national build (17,000 cards) checks every card it publishes in well under
a second, on the painter's core. The check guards against what reaches the
folder between builds; a program writing into it while a build runs could as
well write into the site it builds.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import threading
import time
from collections.abc import Collection, Iterable
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEY_LENGTH = 32  # hex digits of the digest of what a card shows: 128 bits, no two cards alike
DIGEST_LENGTH = 32  # hex digits of the digest of its bytes
# A card is ~25 KB; a file far larger is no card of ours and is not read whole.
MAX_CARD_BYTES = 4 * 1024 * 1024
# A card found or drawn this recently is never pruned: another build of the
# same project (a preview beside `mkdocs build`) may be about to publish it.
# find() renews it, so a card in use stays whatever the other build shows.
GRACE_SECONDS = 3600
_NAME = re.compile(rf"^([0-9a-f]{{{KEY_LENGTH}}})\.([0-9a-f]{{{DIGEST_LENGTH}}})\.png$")
_FOLDER = re.compile(r"^[0-9a-f]{2}$")
# Read without following a link, and without waiting on a pipe.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:DIGEST_LENGTH]


class CardCache:
    """The cards kept in ``folder``, by key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def index(self) -> dict[str, list[Path]]:
        """Every file named like a card, by key, from one pass over the folder;
        folders that are links are passed over (unread)."""
        found: dict[str, list[Path]] = {}
        self._unlink_folder_link()
        try:
            with os.scandir(self.folder) as folders:
                subfolders = [e.path for e in folders if _FOLDER.match(e.name) and e.is_dir(follow_symlinks=False)]
        except OSError:
            return found
        for subfolder in subfolders:
            try:
                with os.scandir(subfolder) as entries:
                    for entry in entries:
                        if (named := _NAME.match(entry.name)) is not None:
                            found.setdefault(named.group(1), []).append(Path(entry.path))
            except OSError:
                continue
        return found

    def find(self, key: str, candidates: Iterable[Path] | None = None) -> Path | None:
        """The kept card for ``key`` whose bytes are what its name says, or None.
        ``candidates`` from index(); without them the key's folder is looked in."""
        if candidates is None:
            candidates = self.index_of(key)
        for path in candidates:
            if self.read(path) is not None:
                try:
                    os.utime(path, follow_symlinks=False)  # in use: spared by a prune of a build beside this one
                except OSError:
                    pass
                return path
        return None

    def index_of(self, key: str) -> list[Path]:
        subfolder = self.folder / key[:2]
        if not os.path.isdir(subfolder) or os.path.islink(subfolder) or os.path.islink(self.folder):
            return []
        try:
            with os.scandir(subfolder) as entries:
                return [Path(e.path) for e in entries if e.name.startswith(f"{key}.") and _NAME.match(e.name)]
        except OSError:
            return []

    @staticmethod
    def read(path: Path) -> bytes | None:
        """The card's bytes when ``path`` is a regular file of PNG bytes that
        hash to the digest in its name, else None."""
        named = _NAME.match(path.name)
        if named is None:
            return None
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None
            descriptor = os.open(path, _READ_FLAGS)
        except OSError:
            return None
        with os.fdopen(descriptor, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CARD_BYTES:
                return None
            data = file.read(MAX_CARD_BYTES + 1)
        if not data.startswith(SIGNATURE) or digest(data) != named.group(2):
            return None
        return data

    def keep(self, key: str, data: bytes) -> Path | None:
        """Keeps a drawn card and gives its path, or None where the cache cannot
        keep it (a read-only or full disk, a file where the folder goes)."""
        subfolder = self.folder / key[:2]
        path = subfolder / f"{key}.{digest(data)}.png"
        # Written whole under another name first: a build stopped halfway leaves no half PNG.
        partial = subfolder / f"{key}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            self._unlink_folder_link()
            if os.path.islink(subfolder):  # a link planted where a folder goes: removed, never followed
                os.unlink(subfolder)
            subfolder.mkdir(parents=True, exist_ok=True)
            if os.path.lexists(partial):
                os.unlink(partial)
            descriptor = os.open(partial, _WRITE_FLAGS, 0o644)
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
            # Replaces whatever has the name, a link included, never what a link leads to.
            os.replace(partial, path)
        except OSError:
            return None
        return path

    def _unlink_folder_link(self) -> None:
        """The cache folder itself as a link (planted, or left by a tool) is removed, so nothing is read or deleted through it."""
        try:
            if os.path.islink(self.folder):
                os.unlink(self.folder)
        except OSError:
            pass


def prune(folder: Path, used: Collection[Path], now: float | None = None) -> int:
    """Deletes from the cache every card but ``used`` (the cards the build
    published) and those found or drawn in the last GRACE_SECONDS, and every
    link, folder or other thing that is no card; links are removed, never
    followed. Gives how many entries went."""
    keep = {os.path.normpath(p) for p in used}
    recent = (time.time() if now is None else now) - GRACE_SECONDS
    removed = 0
    if os.path.islink(folder) or not os.path.isdir(folder):
        return removed
    try:
        with os.scandir(folder) as entries:
            top = list(entries)
    except OSError:
        return removed
    for entry in top:
        if _FOLDER.match(entry.name) and entry.is_dir(follow_symlinks=False):
            try:
                with os.scandir(entry.path) as inner:
                    files = list(inner)
            except OSError:
                continue
            for item in files:
                if item.is_file(follow_symlinks=False) and (os.path.normpath(item.path) in keep or _recent_card(item, recent)):
                    continue
                removed += _remove(item)
            try:
                os.rmdir(entry.path)  # only when it is empty now
            except OSError:
                pass
        else:
            removed += _remove(entry)
    return removed


def _recent_card(entry: os.DirEntry[str], since: float) -> bool:
    """A card in order (read: a file planted under a card's name is no card)
    that a build found or drew since ``since``."""
    try:
        recent = _NAME.match(entry.name) is not None and entry.stat(follow_symlinks=False).st_mtime >= since
    except OSError:
        return False
    return recent and CardCache.read(Path(entry.path)) is not None


def _remove(entry: os.DirEntry[str]) -> int:
    try:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)  # does not follow links inside it
        else:
            os.unlink(entry.path)  # a link itself, a file, a pipe
    except OSError:
        return 0
    return 1
