"""One run of the indexer, whatever the engine: bring what an engine holds in line with the
corpus folder.

Which files are new, changed, unchanged or gone, reading the changed ones (Sift's extraction, in
worker processes), when each file was first indexed, and the counts a summary reports are the
same for every engine, so they are decided here once. The engine only writes: a :class:`Writer`
is handed each file's documents as they are read, the files left as they were, and the paths
gone (``indexer.engines.whoosh.build`` and ``indexer.engines.solr.ingest`` are the two). What an
engine holds of a file is a :class:`Known`: Whoosh keeps it in its manifest, Solr on the file's
own document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from indexer.config import Settings
from indexer.documents import Context
from indexer.extraction import Job, extract_all
from indexer.formats import SUFFIXES
from indexer.formats.ocr import OCR_SECONDS
from indexer.walker import Found, Skipped

Progress = Callable[[int, int, str], None]  # (done, total, path being read)
# The path given to progress once every file is read, while the index is written: on a large
# corpus that is a third of a Whoosh run (the writer's queue and the merging of its sorted runs),
# which a bar at 100% would hide.
WRITING = "(writing the index)"


class CorpusMissing(FileNotFoundError):
    pass


@dataclass(frozen=True)
class Known:
    """What an engine holds of one corpus file. A file whose size and modification time are
    the ones known is not read; one read again is written only if its hash differs. Unknown
    size and time (None) make it read, unknown hash make it written."""

    content_hash: str | None
    size: int | None = None
    mtime_ns: int | None = None
    indexed: str | None = None  # when it was first indexed (ISO), kept through updates


class Writer(Protocol):
    def begin(self, reading: int) -> None:
        """How many files the run reads, told before the first is (Whoosh sizes its writer)."""

    def keep(self, found: Found, known: Known) -> None:
        """A file not read: its size and time are the ones known."""

    def write(self, found: Found, digest: str, indexed: str, records: list[dict] | None,
              replacing: bool) -> None:
        """A file read: its records (its own, then its attachments', each with ``indexed``
        set), replacing those of the path when ``replacing``; None when its content is the one
        known, only its size or time changed."""

    def remove(self, paths: list[str]) -> None:
        """The documents of files gone from the corpus, or skipped now."""


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
    # What the run found and repaired, why it became a full rebuild, what else it changed.
    notes: list[str] = field(default_factory=list)
    ocr: str = ""  # "on", "off" (--no-ocr) or "unavailable" (Tesseract is not installed)
    ocr_pages: int = 0  # pages read by OCR in this run
    textless_pages: int = 0  # pages without a text layer left unread in this run ...
    textless_files: int = 0  # ... in this many files

    @property
    def files(self) -> int:
        return self.added + self.updated + self.unchanged

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


def first_indexed(known: dict[str, Known]) -> dict[str, str]:
    """Path -> when the file was first indexed (ISO), for those known."""
    return {path: entry.indexed for path, entry in known.items() if entry.indexed}


def ocr_state(settings: Settings, context: Context) -> str:
    """How a summary names the run's OCR: on, off (asked), or unavailable (not installed)."""
    return "on" if context.ocr else "off" if not settings.ocr else "unavailable"


def sync(found: list[Found], known: dict[str, Known], writer: Writer, context: Context,
         settings: Settings, summary: Summary, progress: Progress | None = None,
         first_seen: dict[str, str] | None = None) -> int:
    """Hand ``writer`` what changed between the files ``found`` and those the engine holds
    (``known``), counting in ``summary``; returns how many files were handled (for progress).
    ``first_seen`` (path -> ISO time) outlives full rebuilds, where ``known`` is empty: when a
    file was first indexed dates an undated document in feeds, so a reader never sees it
    twice."""
    first_seen = {**(first_seen or {}), **first_indexed(known)}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()
    jobs, kept = [], set()
    for item in found:
        before = known.get(item.relpath)
        if before and (before.size, before.mtime_ns) == (item.size, item.mtime_ns):
            writer.keep(item, before)
            kept.add(item.relpath)
            summary.unchanged += 1
        else:
            jobs.append(Job(item, before.content_hash if before else None))
    writer.begin(len(jobs))
    done = summary.unchanged
    for outcome in extract_all(jobs, context, settings.max_file_size, settings.file_timeout):
        item = outcome.job.found
        done += 1
        if progress:
            progress(done, len(found), item.relpath)
        if outcome.skipped:
            summary.skipped.append(Skipped(item.relpath, outcome.skipped))
            continue
        kept.add(item.relpath)
        first = first_seen.get(item.relpath, now)
        before = item.relpath in known
        if outcome.records is None:
            summary.unchanged += 1
            writer.write(item, outcome.digest, first, None, before)
            continue
        textless = 0
        for record in outcome.records:
            record["indexed"] = dt.datetime.fromisoformat(first)
            summary.ocr_pages += record.get("ocr_pages", 0)
            textless += record.get("textless_pages", 0)
        if textless:
            summary.textless_pages += textless
            summary.textless_files += 1
        writer.write(item, outcome.digest, first, outcome.records, before)
        if before:
            summary.updated += 1
        else:
            summary.added += 1
    # A file indexed before but skipped now is removed too: its old text is stale.
    removed = [path for path in known if path not in kept]
    summary.removed = len(removed)
    if removed:
        writer.remove(removed)
    return done
