"""Finding the documents of a corpus folder, and reading them, without ever leaving it.

A corpus folder is whatever a curator copied or synced into it. Only regular files inside it are
documents, each indexed under its own path relative to the corpus:

- a link is never walked through: a link pointing outside the corpus is skipped with a reason,
  and a link to something inside adds nothing, since its target is indexed (or reported) in its
  own place; so a linked document is indexed once and a looping folder link is never entered;
- FIFOs, sockets and devices are never opened (a FIFO would block the reader forever);
- hidden files and folders, editor swap and backup files, and the index folder are ignored
  without a word;
- a name that is not valid UTF-8 is reported and skipped;
- every read is bounded by the size limit, and refuses what has changed into a non-file.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from indexer.config import ENTITIES_FILE, METADATA_FILE
from indexer.formats import SUFFIXES

CURATOR_FILES = frozenset({ENTITIES_FILE, METADATA_FILE})
JUNK_FILES = frozenset({"Thumbs.db", "desktop.ini"})  # what file managers leave behind
SWAP_SUFFIXES = (".swp", ".swo", ".swx", "~")  # vim swap files, editor backups


@dataclass(frozen=True)
class Found:
    relpath: str  # posix path relative to the corpus: the document's identity
    realpath: Path  # the regular file to read
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


def is_ignored(name: str) -> bool:
    """Hidden files and folders (.git, .DS_Store), editor swap, backup and lock files
    (.foo.swp, foo.swp, foo~, #foo#, ~$foo.docx) and file-manager droppings: never documents,
    and not worth a warning either."""
    return (
        name.startswith((".", "~$"))
        or name.endswith(SWAP_SUFFIXES)
        or (name.startswith("#") and name.endswith("#"))
        or name in JUNK_FILES
    )


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISLNK(mode):
        return "a link"
    return "not a regular file"


def _printable(name: str) -> str:
    """A file name as text, with bytes that are not UTF-8 shown as escapes (``caf\\xe9.txt``)."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _is_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode turned the undecodable bytes into surrogates
        return False
    return True


def walk(corpus: Path, exclude: Path | None = None) -> tuple[list[Found], list[Skipped]]:
    """All documents under ``corpus``, sorted by path, and the files passed over with a reason.

    ``exclude`` is a folder never to enter (the index, when it sits inside the corpus).
    Nothing is opened here but folders: every file is only looked at with ``lstat``.
    """
    root = Path(os.path.realpath(corpus))
    excluded = Path(os.path.realpath(exclude)) if exclude is not None else None
    found: list[Found] = []
    skipped: list[Skipped] = []
    seen_dirs: set[tuple[int, int]] = set()  # (device, inode): a bind mount cannot loop either

    def inside(path: str) -> bool:
        return path == str(root) or path.startswith(str(root) + os.sep)

    def visit(directory: Path, rel: str) -> None:
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as error:
            skipped.append(Skipped(rel or ".", f"cannot list folder: {error.strerror}"))
            return
        for entry in entries:
            name = entry.name
            if is_ignored(name):
                continue
            relpath = f"{rel}/{name}" if rel else name
            if not _is_utf8(name):
                skipped.append(Skipped(_printable(relpath), "file name is not valid UTF-8"))
                continue
            path = Path(entry.path)
            try:
                info = entry.stat(follow_symlinks=False)  # lstat: never follows, never opens
            except OSError as error:  # vanished since the folder was listed
                skipped.append(Skipped(relpath, f"cannot read: {error.strerror}"))
                continue
            if stat.S_ISLNK(info.st_mode):
                target = os.path.realpath(path)
                if not inside(target):
                    skipped.append(Skipped(relpath, "link pointing outside the corpus"))
                elif not os.path.exists(target):
                    skipped.append(Skipped(relpath, "broken link: its target does not exist"))
                # else: the target is inside the corpus, indexed (or reported) in its own place
                continue
            if stat.S_ISDIR(info.st_mode):
                key = (info.st_dev, info.st_ino)
                if path != excluded and key not in seen_dirs:
                    seen_dirs.add(key)
                    visit(path, relpath)
                continue
            if not stat.S_ISREG(info.st_mode):
                skipped.append(Skipped(relpath, f"{_kind_of(info.st_mode)}, not a document"))
                continue
            if not rel and name in CURATOR_FILES:
                continue
            suffix = Path(name).suffix.lower()
            if suffix not in SUFFIXES:
                kind = repr(suffix) if suffix else "(no suffix)"
                skipped.append(Skipped(relpath, f"unsupported file type {kind}"))
                continue
            found.append(Found(relpath, path, info.st_size, info.st_mtime_ns))

    try:
        top = root.stat()
        seen_dirs.add((top.st_dev, top.st_ino))
    except OSError:
        pass  # visit reports the folder it cannot list
    visit(root, "")
    found.sort(key=lambda f: f.relpath)
    return found, skipped


def read_bounded(found: Found, max_size: int) -> bytes:
    """The file's bytes, refusing anything that is not a regular file or is over ``max_size``.

    A file whose size at the walk was over the limit is refused without being opened. The file
    is opened without following a link and without blocking, checked to be a regular file, and
    read at most one byte past the limit: so a file that was replaced by a FIFO, a link or a
    device since the walk cannot block, leak or flood the reader, and one that has grown past the
    limit since (or while being read) is cut off and refused.
    """
    if found.size > max_size:
        raise Unreadable(f"too large ({found.size} bytes; the limit is {max_size})")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(found.realpath, flags)
    except FileNotFoundError:
        raise Unreadable("vanished before it could be read") from None
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    grew = f"grew past the size limit ({max_size} bytes) while being read"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{_kind_of(info.st_mode)}, not a document")
        if info.st_size > max_size:
            raise Unreadable(grew)
        with open(fd, "rb", closefd=False) as file:
            data = file.read(max_size + 1)
    except OSError as error:
        raise Unreadable(f"cannot read: {error.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > max_size:
        raise Unreadable(grew)
    if not data.strip():
        raise Unreadable("empty file")
    return data
