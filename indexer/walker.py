"""Finding the documents of a corpus folder, and reading them, without ever leaving it.

A corpus folder is whatever a curator copied or synced into it. Only regular files inside it are
documents: a link is followed only when its target resolves inside the corpus, FIFOs, sockets and
devices are never opened (a FIFO would block the reader forever), hidden files and the index
folder are ignored, and every read is bounded by the size limit.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer.config import ENTITIES_FILE, METADATA_FILE
from indexer.formats import SUFFIXES

CURATOR_FILES = frozenset({ENTITIES_FILE, METADATA_FILE})


@dataclass(frozen=True)
class Found:
    relpath: str  # posix path relative to the corpus: the document's identity
    realpath: Path  # the regular file to read (a link already resolved)
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str

    def as_dict(self) -> dict:
        return {"path": self.path, "reason": self.reason}


class Unreadable(Exception):
    """A file that was found but could not be read; the message is the reason."""


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _printable(name: str) -> str:
    """A file name as text, with bytes that are not UTF-8 shown as escapes."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def walk(corpus: Path, exclude: Path | None = None) -> tuple[list[Found], list[Skipped]]:
    """All documents under ``corpus``, sorted by path, and the files passed over with a reason.

    ``exclude`` is a folder never to enter (the index, when it sits inside the corpus).
    """
    root = corpus.resolve()
    excluded = exclude.resolve() if exclude is not None else None
    found: list[Found] = []
    skipped: list[Skipped] = []
    seen_files: set[Path] = set()
    seen_dirs: set[Path] = {root}

    def inside(path: Path) -> bool:
        return path == root or root in path.parents

    def visit(directory: Path, rel: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            skipped.append(Skipped(rel or ".", f"cannot list folder: {error.strerror}"))
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith("~"):
                continue  # hidden files, .git, editor backups: not documents, not news
            relpath = f"{rel}/{name}" if rel else name
            if not _is_utf8(name):
                skipped.append(Skipped(_printable(relpath), "file name is not valid UTF-8"))
                continue
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = path.resolve(strict=True)
                    if not inside(target):
                        skipped.append(Skipped(relpath, "link pointing outside the corpus"))
                        continue
                else:
                    target = path
                info = target.stat()
            except (OSError, RuntimeError) as error:  # dangling link, loop, vanished
                reason = getattr(error, "strerror", None) or "broken link"
                skipped.append(Skipped(relpath, f"cannot read: {reason}"))
                continue
            if excluded is not None and (target == excluded or excluded in target.parents):
                continue
            if stat.S_ISDIR(info.st_mode):
                real = target.resolve()
                if real not in seen_dirs:
                    seen_dirs.add(real)
                    visit(target, relpath)
                continue
            if not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(relpath, f"{_kind_of(info.st_mode)}, not a document"))
                continue
            if not rel and name in CURATOR_FILES:
                continue
            if Path(name).suffix.lower() not in SUFFIXES:
                skipped.append(Skipped(relpath, f"unsupported file type {Path(name).suffix!r}"))
                continue
            real = target.resolve()
            if real in seen_files:
                continue  # a link to a document that is already indexed
            seen_files.add(real)
            found.append(Found(relpath, real, info.st_size, info.st_mtime_ns))

    visit(root, "")
    found.sort(key=lambda f: f.relpath)
    return found, skipped


def read_bounded(found: Found, max_size: int) -> bytes:
    """The file's bytes, refusing anything that is not a regular file or is over ``max_size``.

    The size is checked on the open file before reading and again while reading, so a file that
    is replaced by a FIFO or grows after the walk cannot block or flood the reader.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(found.realpath, flags)
    except FileNotFoundError:
        raise Unreadable("vanished before it could be read") from None
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{_kind_of(info.st_mode)}, not a document")
        if info.st_size > max_size:
            raise Unreadable(f"too large ({info.st_size} bytes; the limit is {max_size})")
        try:
            data = file.read(max_size + 1)
        except OSError as error:
            raise Unreadable(f"cannot read: {error.strerror}") from None
    if len(data) > max_size:
        raise Unreadable(f"grew past the size limit ({max_size} bytes) while being read")
    if not data.strip():
        raise Unreadable("empty file")
    return data
