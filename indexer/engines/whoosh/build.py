"""Reindexing: bring the index in line with the corpus folder, fully or incrementally.

Incremental by default: a file whose size and modification time are unchanged is not read; a
file that looks changed is hashed, and only a different content hash updates it. When the
schema, the entities file or the metadata file change, every document's facets may change, so
the run becomes a full rebuild into a new generation (see :mod:`indexer.engines.whoosh.store`).

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

from indexer import duplicates
from indexer.config import Settings
from indexer.documents import Context, load_context
from indexer.engines.whoosh import store
from indexer.engines.whoosh.schema import whoosh_document
from indexer.engines.whoosh.writer import open_writer
from indexer.extraction import Job, extract_all
from indexer.formats import SUFFIXES
from indexer.formats.ocr import OCR_SECONDS
from indexer.walker import Found, Skipped, walk

Progress = Callable[[int, int, str], None]  # (done, total, path being read)
# The path given to progress once every file is read, while the index is written: on a large
# corpus that is a third of the run (the writer's queue and the merging of its sorted runs), which
# a bar at 100% would hide.
WRITING = "(writing the index)"


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
    ocr: str = ""  # "on", "off" (--no-ocr) or "unavailable" (Tesseract is not installed)
    ocr_pages: int = 0  # pages read by OCR in this run
    textless_pages: int = 0  # pages without a text layer left unread in this run ...
    textless_files: int = 0  # ... in this many files

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
            "formats": list(SUFFIXES),
            "ocr": self.ocr,
            "ocr_pages": self.ocr_pages,
            "textless_pages": self.textless_pages,
            "textless_files": self.textless_files,
        }

    def textless_note(self) -> str | None:
        """The one line that says scanned pages were left unread, and how to read them."""
        if not self.textless_pages:
            return None
        how = {"off": "OCR is off (--no-ocr)",
               "on": f"OCR reads {OCR_SECONDS} s of each file, these were left unread"}.get(
                   self.ocr, "install tesseract-ocr to read them")
        pages, files = self.textless_pages, self.textless_files
        return (f"{pages} page{'s have' if pages != 1 else ' has'} no text layer "
                f"(in {files} file{'s' * (files != 1)}); {how}")


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
            summary = _update(generation, found, known, context, settings,
                              progress, fresh=full, first_seen=first_seen, stale=stale)
        except BaseException:
            if full:
                store.discard(generation)
            raise
        if full:
            store.publish(settings.index_dir, generation)
    summary.skipped[:0] = skipped
    summary.ocr = "on" if context.ocr else "off" if not settings.ocr else "unavailable"
    summary.full = full
    summary.notes = notes
    summary.seconds = time.monotonic() - started
    return summary


def _delete(writer, path: str) -> None:
    """Delete the documents of a corpus file: its own and its attachments'."""
    writer.delete_by_term("path", path)
    writer.delete_by_term("container", path)


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


def _update(generation: Path, found: list[Found], known: dict[str, list], context: Context,
            settings: Settings, progress: Progress | None, fresh: bool,
            first_seen: dict[str, str] | None = None, stale: bool = False) -> Summary:
    summary = Summary()
    # The manifest after this run: path -> [hash, size, mtime_ns, first indexed (ISO time)].
    files: dict[str, list] = {}
    first_seen = first_seen or {}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()
    ix = store.open_index(generation)
    writer = None
    jobs = []
    for item in found:
        before = known.get(item.relpath)
        if before and before[1:3] == [item.size, item.mtime_ns]:
            files[item.relpath] = before
            summary.unchanged += 1
        else:
            jobs.append(Job(item, before[0] if before else None))
    done = summary.unchanged
    try:
        for outcome in extract_all(jobs, context, settings.max_file_size, settings.file_timeout):
            item, before = outcome.job.found, known.get(outcome.job.found.relpath)
            done += 1
            if progress:
                progress(done, len(found), item.relpath)
            if outcome.skipped:
                summary.skipped.append(Skipped(item.relpath, outcome.skipped))
                continue
            first = first_seen.get(item.relpath, now)
            files[item.relpath] = [outcome.digest, item.size, item.mtime_ns, first]
            if outcome.records is None:
                summary.unchanged += 1
                continue
            writer = writer or open_writer(ix, len(jobs))
            # A fresh generation has nothing to replace. Otherwise every document of the path
            # goes, and those of its attachments (update_document would delete only the first
            # one it finds).
            if not fresh:
                _delete(writer, item.relpath)
            textless = 0
            for record in outcome.records:
                record["indexed"] = dt.datetime.fromisoformat(first)
                summary.ocr_pages += record.get("ocr_pages", 0)
                textless += record.get("textless_pages", 0)
                writer.add_document(**whoosh_document(record))
            if textless:
                summary.textless_pages += textless
                summary.textless_files += 1
            if before:
                summary.updated += 1
            else:
                summary.added += 1
        removed = [path for path in known if path not in files]
        # A file indexed before but skipped now is removed too: its old text is stale.
        summary.removed = len(removed)
        if removed:
            writer = writer or open_writer(ix, len(jobs))
            for path in removed:
                _delete(writer, path)
    except BaseException:
        if writer:
            writer.cancel()
        raise
    if writer:
        if progress:
            progress(done, len(found), WRITING)
        writer.commit()
        store.drop_whoosh_locks(generation)
    with ix.reader() as reader:
        summary.documents = reader.doc_count()
        if writer or stale or not duplicates.written(generation):
            duplicates.write_groups(generation, reader)
    # Written last, naming the commit it describes (see the module's docstring).
    store.write_info(generation, {"fingerprint": context.fingerprint,
                                  "commit": ix.latest_generation(), "files": files})
    return summary

