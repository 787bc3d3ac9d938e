"""Reindexing: bring the index in line with the corpus folder, fully or incrementally.

Incremental by default: a file whose size and modification time are unchanged is not read; a
file that looks changed is hashed, and only a different content hash updates it. When the
schema, the entities file or the metadata file change, every document's facets may change, so
the run becomes a full rebuild into a new generation (see :mod:`indexer.store`).

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer import duplicates, store
from indexer.codec import WriterCodec
from indexer.config import Settings
from indexer.documents import Context, content_hash, load_context, make_document
from indexer.encoding import NotText
from indexer.walker import Found, Skipped, Unreadable, read_bounded, walk

# Above this many documents to write, Whoosh's two-process writer pays for its start-up.
PARALLEL_THRESHOLD = 500

Progress = Callable[[int, int, str], None]  # (done, total, path being read)


class CorpusMissing(Exception):
    pass


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    full: bool = False
    documents: int = 0  # in the index after the run
    # What the run found and repaired first (a damaged index rebuilt, leftovers of killed runs).
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "skipped": [s.as_dict() for s in self.skipped],
            "seconds": round(self.seconds, 3),
            "full": self.full,
            "documents": self.documents,
            "notes": self.notes,
        }


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
            known = {} if full else files
            # When each file was first indexed outlives full rebuilds (feeds date undated
            # documents by it, so a reader never sees an entry twice).
            first_seen = {path: entry[3] for path, entry in files.items() if len(entry) > 3}
            summary = _update(generation, found, known, context, settings.max_file_size,
                              progress, fresh=full, first_seen=first_seen, stale=stale)
        except BaseException:
            if full:
                store.discard(generation)
            raise
        if full:
            store.publish(settings.index_dir, generation)
    summary.skipped[:0] = skipped
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
            indexed = stored.get("indexed")
            first = indexed.isoformat() if isinstance(indexed, dt.datetime) else None
            entry = [stored.get("content_hash"), None, None]
            if stored["path"] in files:  # twice in the index (an older Sift's killed runs):
                entry[0] = None  # rewritten, which replaces every copy
            files[stored["path"]] = entry + [first] if first else entry
    return files, True


def _update(generation: Path, found: list[Found], known: dict[str, list], context: Context,
            max_size: int, progress: Progress | None, fresh: bool,
            first_seen: dict[str, str] | None = None, stale: bool = False) -> Summary:
    summary = Summary()
    # The manifest after this run: path -> [hash, size, mtime_ns, first indexed (ISO time)].
    files: dict[str, list] = {}
    first_seen = first_seen or {}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()
    to_write: list[dict] = []
    for done, item in enumerate(found, 1):
        if progress:
            progress(done, len(found), item.relpath)
        before = known.get(item.relpath)
        first = first_seen.get(item.relpath, now)
        if before and before[1:3] == [item.size, item.mtime_ns]:
            files[item.relpath] = before
            summary.unchanged += 1
            continue
        try:
            data = read_bounded(item, max_size)
            digest = content_hash(data)
            if before and before[0] == digest:
                files[item.relpath] = [digest, item.size, item.mtime_ns, first]
                summary.unchanged += 1
                continue
            record = make_document(item.relpath, data, context)
            record["indexed"] = dt.datetime.fromisoformat(first)
            record[duplicates.FIELD] = duplicates.signature(record.get("body", ""))
            to_write.append(record)
        except (Unreadable, NotText) as error:
            summary.skipped.append(Skipped(item.relpath, str(error)))
            continue
        except Exception as error:  # an extractor bug must not cost the rest of the corpus
            reason = f"could not be processed: {type(error).__name__}: {error}"
            summary.skipped.append(Skipped(item.relpath, reason))
            continue
        files[item.relpath] = [digest, item.size, item.mtime_ns, first]
        if before:
            summary.updated += 1
        else:
            summary.added += 1
    removed = [path for path in known if path not in files]
    # A file that was indexed before but is skipped now is removed too: its old text is stale.
    summary.removed = len(removed)

    ix = store.open_index(generation)
    if to_write or removed:
        parallel = len(to_write) >= PARALLEL_THRESHOLD
        codec = WriterCodec()
        writer = (ix.writer(procs=2, multisegment=True, codec=codec) if parallel
                  else ix.writer(codec=codec))
        try:
            for path in removed:
                writer.delete_by_term("path", path)
            for record in to_write:
                # A fresh generation has nothing to replace. Otherwise every document of the
                # path goes (update_document would delete only the first one it finds).
                if not fresh:
                    writer.delete_by_term("path", record["path"])
                writer.add_document(**record)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        store.drop_whoosh_locks(generation)
    with ix.reader() as reader:
        summary.documents = reader.doc_count()
        if to_write or removed or stale or not duplicates.written(generation):
            duplicates.write_groups(generation, reader)
    # Written last, naming the commit it describes (see the module's docstring).
    store.write_info(generation, {"fingerprint": context.fingerprint,
                                  "commit": ix.latest_generation(), "files": files})
    return summary
