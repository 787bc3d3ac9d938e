"""The index folder: generations, the pointer to the live one, and the reindex lock.

A full rebuild never writes over the index being served: it builds a new generation folder next
to it and then swaps the ``CURRENT`` pointer with an atomic rename, so a reader sees either the
old index or the new one, and a killed rebuild leaves the old one serving. Incremental updates
go into the live generation through Whoosh's own commit, which also replaces its table of
contents atomically.

    index/
      CURRENT          name of the live generation
      LOCK             held (flock) by the one reindex that may run
      gen-<time>-<pid>/  a Whoosh index plus sift.json (its fingerprint)
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh import index as whoosh_index

from indexer.schema import build_schema

POINTER = "CURRENT"
LOCK = "LOCK"
INFO = "sift.json"
PREFIX = "gen-"


class IndexUnavailable(Exception):
    """There is no usable index (never built, or the folder is unreadable)."""


class ReindexRunning(Exception):
    """Another reindex holds the lock."""


def live_generation(index_dir: Path) -> Path | None:
    """The folder of the index being served, or None when none has been built yet."""
    try:
        name = (index_dir / POINTER).read_text().strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = index_dir / name
    return path if name.startswith(PREFIX) and path.is_dir() else None


def read_info(generation: Path) -> dict:
    try:
        return json.loads((generation / INFO).read_text())
    except (FileNotFoundError, ValueError):
        return {}


def write_info(generation: Path, info: dict) -> None:
    tmp = generation / (INFO + ".tmp")
    tmp.write_text(json.dumps(info))
    os.replace(tmp, generation / INFO)


def new_generation(index_dir: Path) -> Path:
    """An empty Whoosh index in a fresh folder, not yet live."""
    stamp = time.strftime("%Y%m%dT%H%M%S")
    path = index_dir / f"{PREFIX}{stamp}-{os.getpid()}-{time.monotonic_ns() % 1_000_000}"
    path.mkdir(parents=True)
    whoosh_index.create_in(str(path), build_schema())
    return path


def publish(index_dir: Path, generation: Path) -> None:
    """Make ``generation`` the live index (atomically), then remove the stale ones.

    The generation that was live until now is kept, so that a server thread still reading it
    finishes its request; older ones and leftovers of killed runs are removed.
    """
    previous = live_generation(index_dir)
    tmp = index_dir / (POINTER + ".tmp")
    tmp.write_text(generation.name + "\n")
    os.replace(tmp, index_dir / POINTER)
    keep = {generation.name, previous.name if previous else None}
    for path in index_dir.glob(PREFIX + "*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def discard(generation: Path) -> None:
    shutil.rmtree(generation, ignore_errors=True)


def open_live(index_dir: Path):
    """The live Whoosh index; raises IndexUnavailable when there is none."""
    generation = live_generation(index_dir)
    if generation is None:
        raise IndexUnavailable(f"no index in {index_dir}: run `sift index` first")
    for attempt in range(5):
        try:
            return whoosh_index.open_dir(str(generation))
        except FileNotFoundError:
            # A commit was replacing the table of contents at that instant; it is back at once.
            time.sleep(0.01 * (attempt + 1))
        except whoosh_index.EmptyIndexError as error:
            raise IndexUnavailable(f"the index in {generation} is unreadable: {error}") from None
    return whoosh_index.open_dir(str(generation))


@contextmanager
def reindex_lock(index_dir: Path):
    """Held for the whole of a reindex; a second one raises ReindexRunning at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReindexRunning("another reindex is running on this index") from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)
