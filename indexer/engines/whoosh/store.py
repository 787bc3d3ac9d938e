"""The index folder: generations, the pointer to the live one, and the reindex lock.

A full rebuild never writes over the index being served: it builds a new generation folder next
to it and then swaps the ``CURRENT`` pointer with an atomic rename, so a reader sees either the
old index or the new one, and a killed rebuild leaves the old one serving. Incremental updates
go into the live generation through Whoosh's own commit, which writes a new table of contents
(TOC) under a new name and so switches from one commit to the next atomically.

Durability: Whoosh never calls fsync, so after a power loss a TOC could name segment files whose
contents never reached the disk. Every index here is opened through :class:`SyncedStorage`,
which fsyncs each file Whoosh writes when it is closed and the folder around each rename; a
generation and the ``CURRENT`` pointer are fsynced before the swap, and the folder after it.

    index/
      CURRENT          name of the live generation, then of the one live before it
      LOCK             held (flock) by the one reindex that may run; holds its pid
      gen-<time>-<pid>/  a Whoosh index plus sift.json (its fingerprint and manifest)
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import FileIndex

from indexer.engines.whoosh.schema import build_schema
from indexer.service import IndexUnavailable  # noqa: F401  (raised here, as store.IndexUnavailable too)

POINTER = "CURRENT"
LOCK = "LOCK"
INFO = "sift.json"
PREFIX = "gen-"
# How long a reindex waits for another one to finish before it gives up (``sift index --wait``).
LOCK_WAIT = 60.0
_LOCK_POLL = 0.1
# Whoosh's own lock files inside a generation (held with flock, so a dead owner holds nothing).
_WHOOSH_LOCKS = ("MAIN_WRITELOCK", "MAIN_READLOCK")
_TOC_TEMP = re.compile(r"^_MAIN_\d+\.toc\..+$")  # a TOC being written when its writer died


class ReindexRunning(Exception):
    """Another reindex holds the lock."""

    def __init__(self, pid: int | None):
        self.pid = pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another reindex is running{who}")


# -- durability ------------------------------------------------------------------------------

def fsync_path(path: Path) -> None:
    """Flush ``path`` (a file, or a folder's list of names) to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_on_close(structfile) -> None:
    structfile.file.flush()
    os.fsync(structfile.file.fileno())


class SyncedStorage(FileStorage):
    """Whoosh's folder storage, made durable: a file Whoosh writes is fsynced as it is closed,
    and the folder before and after a rename. A commit renames its TOC into place last, so by
    then every segment file it names is on the disk, and the TOC itself is once it returns."""

    def create_file(self, name, excl=False, mode="wb", **kwargs):
        structfile = super().create_file(name, excl=excl, mode=mode, **kwargs)
        if structfile.onclose is None:
            structfile.onclose = _sync_on_close
        return structfile

    def rename_file(self, oldname, newname, safe=False):
        fsync_path(Path(self.folder))
        super().rename_file(oldname, newname, safe=safe)
        fsync_path(Path(self.folder))


class _Index(FileIndex):
    """A Whoosh index whose readers fail as IndexUnavailable when a segment file is missing or
    unreadable, so that a damaged index is a clear "unavailable" (a 503), not a traceback."""

    def reader(self, reuse=None):
        try:
            return super().reader(reuse=reuse)
        except Exception as error:
            folder = self.storage.folder
            raise IndexUnavailable(f"the index in {folder} is unreadable: {error}") from None


def open_index(generation: Path):
    """The Whoosh index in ``generation``, opened so that its commits are durable.

    Segments are read through their files, not memory maps: Whoosh wraps a mapped compound
    segment in a BytesIO, which copies all of it, for every reader, and a server has a reader
    per thread (on the full UN corpus, 8 GB after 80 requests on 4 threads; 220 MB so)."""
    return SyncedStorage(str(generation), supports_mmap=False).open_index(indexclass=_Index)


def _write_durably(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` atomically and durably: a temporary file, fsynced, renamed
    over it, and the folder fsynced so that the rename itself survives a power loss."""
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w") as file:
        file.write(text)
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


# -- generations -----------------------------------------------------------------------------

def _pointer(index_dir: Path) -> list[str]:
    try:
        return (index_dir / POINTER).read_text().split()
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return []


def live_generation(index_dir: Path) -> Path | None:
    """The folder of the index being served, or None when none has been built yet (or the
    pointer names no generation folder)."""
    names = _pointer(index_dir)
    if not names:
        return None
    path = index_dir / names[0]
    return path if names[0].startswith(PREFIX) and path.is_dir() else None


def previous_generation(index_dir: Path) -> Path | None:
    """The generation that was live before the live one (kept for readers still on it)."""
    names = _pointer(index_dir)
    if len(names) < 2 or not names[1].startswith(PREFIX):
        return None
    return index_dir / names[1]


def read_info(generation: Path) -> dict:
    try:
        return json.loads((generation / INFO).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_info(generation: Path, info: dict) -> None:
    _write_durably(generation / INFO, json.dumps(info))


def new_generation(index_dir: Path) -> Path:
    """An empty Whoosh index in a fresh folder, not yet live."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = index_dir / f"{PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    path.mkdir(parents=True)
    SyncedStorage(str(path)).create_index(build_schema())
    return path


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index (atomically and durably), then remove the stale ones.

    Every file of the generation and the folder itself are fsynced before the pointer names it,
    so a power loss leaves the pointer on the old generation or on a complete new one. The
    generation that was live until now is kept (and named in the pointer), so that a server
    thread still reading it finishes its request; older ones and leftovers of killed runs go.
    """
    for path in generation.rglob("*"):
        if path.is_file():
            fsync_path(path)
    fsync_path(generation)
    fsync_path(index_dir)  # the generation's own name in the index folder
    previous = live_generation(index_dir)
    names = [generation.name] + ([previous.name] if previous else [])
    _write_durably(index_dir / POINTER, "\n".join(names) + "\n")
    clean(index_dir)


def clean(index_dir: Path) -> list[str]:
    """Remove what killed runs left behind; returns the names removed (for messages and tests).

    Call it holding the reindex lock. Gone: generation folders neither live nor previous (a
    rebuild killed before its swap), temporary files of the index folder and of the live
    generation, Whoosh's lock files there (flock locks: a dead owner holds nothing), a TOC a
    killed commit was writing, and segment files no TOC names (Whoosh's own clean-up).
    """
    removed: list[str] = []
    live = live_generation(index_dir)
    keep = {path.name for path in (live, previous_generation(index_dir)) if path}
    for path in index_dir.iterdir() if index_dir.is_dir() else ():
        stale_generation = path.name.startswith(PREFIX) and path.name not in keep
        if stale_generation or path.name.endswith(".tmp"):
            _remove(path)
            removed.append(path.name)
    if live is None:
        return removed
    for path in live.iterdir():
        if (path.name.endswith(".tmp") or path.name in _WHOOSH_LOCKS
                or _TOC_TEMP.match(path.name)):
            _remove(path)
            removed.append(f"{live.name}/{path.name}")
    try:
        ix = open_index(live)
        before = set(os.listdir(live))
        whoosh_index.clean_files(ix.storage, ix.indexname, ix.latest_generation(), ix._segments())
        removed += [f"{live.name}/{name}" for name in sorted(before - set(os.listdir(live)))]
    except Exception:  # a damaged live index is rebuilt, not tidied (see problem())
        pass
    return removed


def drop_whoosh_locks(generation: Path) -> None:
    """Remove the lock files a Whoosh writer leaves behind after its commit (it never deletes
    them). Call holding the reindex lock: no other writer can be using them."""
    for name in _WHOOSH_LOCKS:
        (generation / name).unlink(missing_ok=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def open_live(index_dir: Path):
    """The live Whoosh index; raises IndexUnavailable when there is none or it is damaged."""
    generation = live_generation(index_dir)
    if generation is None:
        raise IndexUnavailable(f"no index in {index_dir}: run `sift index` first")
    for attempt in range(5):
        try:
            return open_index(generation)
        except FileNotFoundError:
            # A commit was replacing the table of contents at that instant; it is back at once.
            time.sleep(0.01 * (attempt + 1))
        except Exception as error:  # an empty folder, a truncated or garbled TOC
            raise IndexUnavailable(f"the index in {generation} is unreadable: {error}") from None
    try:
        return open_index(generation)
    except Exception as error:
        raise IndexUnavailable(f"the index in {generation} is unreadable: {error}") from None


def problem(index_dir: Path) -> str | None:
    """Why the live index cannot be served (None when it can): no pointer, a pointer to no
    generation, a TOC that will not load, a segment file missing or unreadable. Opens every
    segment and reads its first and last stored document, so a damaged index is found at
    start-up and rebuilt rather than served half-broken."""
    if not _pointer(index_dir):
        return f"no index in {index_dir}"
    generation = live_generation(index_dir)
    if generation is None:
        return f"{index_dir / POINTER} names no index folder"
    try:
        ix = open_index(generation)
        with ix.reader() as reader:
            for segment_reader, _ in reader.leaf_readers():
                count = segment_reader.doc_count_all()
                if count:
                    segment_reader.stored_fields(0)
                    segment_reader.stored_fields(count - 1)
            next(iter(reader.field_terms("path")), None)
    except Exception as error:
        return f"the index in {generation} cannot be opened: {type(error).__name__}: {error}"
    return None


def status(index_dir: Path) -> dict:
    """What is being served, as plain data (for ``/healthz``): the generation folder, its
    commit number, the number of documents and when the last commit was written (UTC, ISO
    8601). Raises IndexUnavailable while no index can be opened."""
    ix = open_live(index_dir)
    try:
        commit = ix.latest_generation()
        toc = Path(ix.storage.folder) / f"_{ix.indexname}_{commit}.toc"
        with ix.reader() as reader:
            documents = reader.doc_count()
        committed = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(toc.stat().st_mtime))
    except Exception as error:
        raise IndexUnavailable(f"the index in {index_dir} cannot be read: {error}") from None
    return {
        "generation": Path(ix.storage.folder).name,
        "commit": commit,
        "documents": documents,
        "last_commit": committed,
    }


# -- the reindex lock ------------------------------------------------------------------------

@contextmanager
def reindex_lock(index_dir: Path, wait: float = LOCK_WAIT):
    """Held for the whole of a reindex. Another reindex waits up to ``wait`` seconds for it,
    then raises ReindexRunning naming the holder's pid (written into the lock file), so that a
    hung writer (stopped, or stuck on a dead disk) never blocks reindexing forever unnoticed.

    The lock is an flock: the kernel releases it when its holder dies, however it dies, so a
    killed reindex never leaves a lock behind. Child processes (Whoosh's parallel writer forks)
    close their copy at once, so a dead reindex's orphaned children do not keep it held.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait
    lock_file = open(index_dir / LOCK, "a+")
    try:
        while True:
            try:
                fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ReindexRunning(_holder(index_dir)) from None
                time.sleep(_LOCK_POLL)
        _held.add(lock_file)
        lock_file.seek(0)
        lock_file.truncate()
        lock_file.write(f"{os.getpid()}\n")
        lock_file.flush()
        try:
            yield
        finally:
            lock_file.seek(0)
            lock_file.truncate()
            lock_file.flush()
            _held.discard(lock_file)
            fcntl.flock(lock_file, fcntl.LOCK_UN)
    finally:
        lock_file.close()


def _holder(index_dir: Path) -> int | None:
    try:
        return int((index_dir / LOCK).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


_held: set = set()


def _close_held_locks_in_child() -> None:
    # Closing the child's copy of the descriptor leaves the parent's lock in place (an flock
    # belongs to the open file, which the parent still has open).
    for lock_file in _held:
        try:
            lock_file.close()
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_close_held_locks_in_child)
