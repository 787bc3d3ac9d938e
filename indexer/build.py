"""Reindexing: bring the index in line with the corpus folder, fully or incrementally.

Incremental by default: a file whose size and modification time are unchanged is not read; a
file that looks changed is hashed, and only a different content hash updates it. When the
schema, the entities file or the metadata file change, every document's facets may change, so
the run becomes a full rebuild into a new generation (see :mod:`indexer.store`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indexer import duplicates, store
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
        }


def reindex(settings: Settings, full: bool = False, progress: Progress | None = None) -> Summary:
    """Update (or rebuild) the index of ``settings.corpus_dir`` and return what was done.

    Raises CorpusMissing, store.ReindexRunning, ValueError (a malformed curator file) or OSError
    (the index cannot be written); in every case the previous index keeps serving.
    """
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise CorpusMissing(f"corpus folder not found: {settings.corpus_dir}")
    with store.reindex_lock(settings.index_dir):
        context = load_context(settings)
        found, skipped = walk(settings.corpus_dir, exclude=settings.index_dir)
        live = store.live_generation(settings.index_dir)
        info = store.read_info(live) if live else {}
        full = full or live is None or info.get("fingerprint") != context.fingerprint
        generation = store.new_generation(settings.index_dir) if full else live
        try:
            known = {} if full else info.get("files", {})
            # When each file was first indexed outlives full rebuilds (feeds date undated
            # documents by it, so a reader never sees an entry twice).
            first_seen = {path: entry[3] for path, entry in info.get("files", {}).items()
                          if len(entry) > 3}
            summary = _update(generation, found, known, context, settings.max_file_size,
                              progress, fresh=full, first_seen=first_seen)
        except BaseException:
            if full:
                store.discard(generation)
            raise
        if full:
            store.publish(settings.index_dir, generation)
    summary.skipped[:0] = skipped
    summary.full = full
    summary.seconds = time.monotonic() - started
    return summary


def _update(generation: Path, found: list[Found], known: dict[str, list], context: Context,
            max_size: int, progress: Progress | None, fresh: bool,
            first_seen: dict[str, str] | None = None) -> Summary:
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

    ix = store.whoosh_index.open_dir(str(generation))
    if to_write or removed:
        parallel = len(to_write) >= PARALLEL_THRESHOLD
        writer = ix.writer(procs=2, multisegment=True) if parallel else ix.writer()
        # A fresh generation has nothing to replace: plain adds skip the unique-key look-ups.
        write = writer.add_document if fresh else writer.update_document
        try:
            for path in removed:
                writer.delete_by_term("path", path)
            for record in to_write:
                write(**record)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
    with ix.reader() as reader:
        summary.documents = reader.doc_count()
        if to_write or removed or not duplicates.written(generation):
            duplicates.write_groups(generation, reader)
    store.write_info(generation, {"fingerprint": context.fingerprint, "files": files})
    return summary
