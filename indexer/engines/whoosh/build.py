"""Reindexing: bring the index in line with the corpus folder, fully or incrementally.

Incremental by default: a file whose size and modification time are unchanged is not read; a
file that looks changed is hashed, and only a different content hash updates it. When the
schema, the entities file or the metadata file change, every document's facets may change, so
the run becomes a full rebuild into a new generation (see :mod:`indexer.engines.whoosh.store`).
What is read and written is decided by indexer.sync, as for Solr; this module is Whoosh's side:
generations, the lock, the manifest, and the writer.

The index is the truth, the manifest (``sift.json``'s ``files``: each path's hash, size,
modification time and first indexing) only a cache of it. An incremental run commits into the
live generation and writes the manifest after, so a run killed in between leaves a manifest one
commit behind. The manifest therefore records the Whoosh commit (TOC generation) it was written
for; when that is not the index's latest commit, it is rebuilt from the documents' stored path
and content hash (without sizes and times, so every file is hashed once more, and only those
whose hash differs are rewritten). This needs no copy of the index per run and no change to
Whoosh, and a document the manifest missed can never be left in the index or added twice.
A live index that will not open at all is rebuilt from the corpus (see ``store.problem``).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from pathlib import Path

from indexer import duplicates
from indexer.config import Settings
from indexer.documents import Context, load_context
from indexer.engines.whoosh import store
from indexer.engines.whoosh.schema import whoosh_document
from indexer.engines.whoosh.writer import open_writer
from indexer.sync import (
    WRITING,
    CorpusMissing,
    Known,
    Progress,
    Summary,
    first_indexed,
    ocr_state,
    sync,
)
from indexer.walker import Found, walk


def reindex(settings: Settings, full: bool = False, progress: Progress | None = None,
            wait: float = store.LOCK_WAIT) -> Summary:
    """Update (or rebuild) the index of ``settings.corpus_dir`` and return what was done.

    Waits up to ``wait`` seconds for another reindex to finish. Raises CorpusMissing,
    store.ReindexRunning, ValueError (a malformed curator file) or OSError (the index cannot be
    written); in every case the previous index keeps serving.
    """
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise CorpusMissing(f"corpus folder not found: {settings.corpus_dir}")
    notes: list[str] = []
    with store.reindex_lock(settings.index_dir, wait=wait):
        leftovers = store.clean(settings.index_dir)
        if leftovers:
            notes.append(f"removed leftovers of interrupted runs: {', '.join(leftovers)}")
        context = load_context(settings)
        found, skipped = walk(settings.corpus_dir, exclude=settings.index_dir)
        live = store.live_generation(settings.index_dir)
        damaged = store.problem(settings.index_dir) if live else None
        if damaged:
            notes.append(f"{damaged}: rebuilt from the corpus")
            live = None
        info = store.read_info(live) if live else {}
        files, stale = _manifest(live, info) if live else ({}, False)
        full = full or live is None or info.get("fingerprint") != context.fingerprint
        generation = store.new_generation(settings.index_dir) if full else live
        try:
            known = {path: Known(*entry[:4]) for path, entry in files.items()}
            # When each file was first indexed outlives full rebuilds (feeds date undated
            # documents by it, so a reader never sees an entry twice).
            summary = _update(generation, found, {} if full else known, context, settings,
                              progress, fresh=full, first_seen=first_indexed(known),
                              stale=stale)
        except BaseException:
            if full:
                store.discard(generation)
            raise
        if full:
            store.publish(settings.index_dir, generation)
    summary.skipped[:0] = skipped
    summary.ocr = ocr_state(settings, context)
    summary.full = full
    summary.notes = notes
    summary.seconds = time.monotonic() - started
    return summary


def _manifest(generation: Path, info: dict) -> tuple[dict[str, list], bool]:
    """The files the index in ``generation`` holds, path -> [hash, size, mtime_ns, first
    indexed], and whether ``sift.json`` was stale (then they come from the index itself)."""
    ix = store.open_index(generation)
    if info.get("commit") == ix.latest_generation() and "files" in info:
        return info["files"], False
    files: dict[str, list] = {}
    with ix.reader() as reader:
        for stored in reader.all_stored_fields():
            if stored.get("container"):
                continue  # an attachment: its file is the container, listed on its own
            indexed = stored.get("indexed")
            first = indexed.isoformat() if isinstance(indexed, dt.datetime) else None
            entry = [stored.get("content_hash"), None, None]
            if stored["path"] in files:  # twice in the index (an older Sift's killed runs):
                entry[0] = None  # rewritten, which replaces every copy
            files[stored["path"]] = entry + [first] if first else entry
    return files, True


@dataclass
class _Writer:
    """The Whoosh side of a run (indexer.sync.Writer): documents into one generation, with
    Whoosh's writer opened at the first change, and the manifest of the files it holds after."""

    ix: object  # the generation's whoosh index
    fresh: bool  # a new generation: nothing in it to replace
    files: dict[str, list] = field(default_factory=dict)  # the manifest after the run
    whoosh: object = None  # Whoosh's writer, opened at the first change
    reading: int = 0  # files the run reads, which chooses the kind of Whoosh writer

    def begin(self, reading: int) -> None:
        self.reading = reading

    def keep(self, found: Found, known: Known) -> None:
        self.files[found.relpath] = _entry(known)

    def write(self, found: Found, digest: str, indexed: str, records: list[dict] | None,
              replacing: bool) -> None:
        self.files[found.relpath] = [digest, found.size, found.mtime_ns, indexed]
        if records is None:
            return
        self.whoosh = self.whoosh or open_writer(self.ix, self.reading)
        # A fresh generation has nothing to replace. Otherwise every document of the path goes,
        # and those of its attachments (update_document would delete only the first one it
        # finds).
        if not self.fresh:
            self._delete(found.relpath)
        for record in records:
            self.whoosh.add_document(**whoosh_document(record))

    def remove(self, paths: list[str]) -> None:
        self.whoosh = self.whoosh or open_writer(self.ix, self.reading)
        for path in paths:
            self._delete(path)

    def _delete(self, path: str) -> None:
        """Delete the documents of a corpus file: its own and its attachments'."""
        self.whoosh.delete_by_term("path", path)
        self.whoosh.delete_by_term("container", path)


def _entry(known: Known) -> list:
    """A manifest entry: [hash, size, mtime_ns] and, when known, the first indexing."""
    entry = [known.content_hash, known.size, known.mtime_ns]
    return entry + [known.indexed] if known.indexed else entry


def _update(generation: Path, found: list[Found], known: dict[str, Known], context: Context,
            settings: Settings, progress: Progress | None, fresh: bool,
            first_seen: dict[str, str] | None = None, stale: bool = False) -> Summary:
    summary = Summary()
    ix = store.open_index(generation)
    writer = _Writer(ix, fresh)
    try:
        done = sync(found, known, writer, context, settings, summary, progress,
                    first_seen)
    except BaseException:
        if writer.whoosh:
            writer.whoosh.cancel()
        raise
    if writer.whoosh:
        if progress:
            progress(done, len(found), WRITING)
        writer.whoosh.commit()
        store.drop_whoosh_locks(generation)
    with ix.reader() as reader:
        summary.documents = reader.doc_count()
        if writer.whoosh or stale or not duplicates.written(generation):
            duplicates.write_groups(generation, reader)
    # Written last, naming the commit it describes (see the module's docstring).
    store.write_info(generation, {"fingerprint": context.fingerprint,
                                  "commit": ix.latest_generation(), "files": writer.files})
    return summary
