"""Reading files into document records in worker processes, each file within a time limit.

Extraction (decoding, PDF and office parsing, OCR, entities, language) is most of an indexing
run's CPU and the part that meets hostile files. It runs here in a pool of worker processes
(``pebble``), so both cores work beside the Whoosh writer, and so a file that hangs or crashes
its reader (a PDF that loops PDFium, an image that exhausts memory) costs only that file: its
worker is killed or replaced and the file is reported as skipped with the reason.

Results come back in the order the files were given, a bounded number in flight at a time, so
the records of a large corpus stream into the writer instead of piling up in memory.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from pebble import ProcessExpired, ProcessPool

from indexer import duplicates, lifetime
from indexer.documents import Context, content_hash, make_document, make_documents
from indexer.encoding import NotText
from indexer.walker import Found, Unreadable, read_bounded

IN_FLIGHT_PER_WORKER = 8  # files handed to the pool ahead of the one being waited for


@dataclass(frozen=True)
class Job:
    found: Found
    known_hash: str | None  # the content hash indexed for this path before, if any


@dataclass(frozen=True)
class Outcome:
    job: Job
    digest: str = ""  # the file's content hash (when it could be read)
    # The file's records (its own, then its attachments'); None: the content is unchanged, or
    # the file is skipped.
    records: list[dict] | None = None
    skipped: str = ""  # why the file is skipped


def workers() -> int:
    """Worker processes for extraction: one per core the process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def extract_all(jobs: Iterable[Job], context: Context, max_size: int,
                timeout: float) -> Iterator[Outcome]:
    """Each job's outcome, in order; no worker is started when there is nothing to read."""
    jobs = iter(jobs)
    first = next(jobs, None)
    if first is None:
        return
    jobs = itertools.chain([first], jobs)
    count = workers()
    _load_readers(context)
    # fork: the workers inherit the loaded context and readers instead of each loading them.
    pool = ProcessPool(max_workers=count, context=multiprocessing.get_context("fork"),
                       initializer=_remember, initargs=(context, max_size, os.getpid()))
    try:
        pending: deque[tuple[Job, object]] = deque()
        for job in jobs:
            pending.append((job, pool.schedule(_read_in_worker, (job,), timeout=timeout)))
            if len(pending) >= count * IN_FLIGHT_PER_WORKER:
                yield _finished(*pending.popleft(), timeout)
        while pending:
            yield _finished(*pending.popleft(), timeout)
        pool.close()
    finally:
        pool.stop()  # an interrupted run does not wait for the files in flight
        pool.join()


def read_document(job: Job, context: Context, max_size: int) -> tuple[str, list[dict] | None]:
    """The file's content hash and its records (None when the content is the one indexed)."""
    data = read_bounded(job.found, max_size)
    digest = content_hash(data)
    if digest == job.known_hash:
        return digest, None
    records = make_documents(job.found.relpath, data, context)
    for record in records:
        record[duplicates.FIELD] = duplicates.signature(record.get("body", ""))
    return digest, records


def _load_readers(context: Context) -> None:
    """Load here what reading a document loads on first use (the language model: 0.9 s; the
    format modules and PDFium), so that the forked workers start with it loaded."""
    import pypdfium2  # noqa: F401

    from indexer.formats import eml, html, image, markdown, ocr, office, pdf, rtf  # noqa: F401

    make_document("warm-up.txt", b"Loading the readers once, before the workers fork.", context)


_worker_state: tuple[Context, int] | None = None


def _remember(context: Context, max_size: int, parent: int) -> None:
    global _worker_state
    _worker_state = (context, max_size)
    _die_with(parent)


def _die_with(parent: int) -> None:
    """Have this worker killed when the indexing process dies (a killed ``sift index``)."""
    if lifetime.die_with_parent() and os.getppid() != parent:
        os._exit(1)  # the parent died before the request was made


def _read_in_worker(job: Job) -> tuple[str, list[dict] | None]:
    context, max_size = _worker_state
    return read_document(job, context, max_size)


def _finished(job: Job, future, timeout: float) -> Outcome:
    return _outcome(job, future.result, timeout)


def _outcome(job: Job, result, timeout: float | None = None) -> Outcome:
    try:
        digest, records = result()
    except (Unreadable, NotText) as error:
        return Outcome(job, skipped=str(error))
    except FutureTimeout:
        return Outcome(job, skipped=f"took longer than {timeout:g} s to read (the time limit "
                                    "per file); skipped")
    except ProcessExpired as error:
        return Outcome(job, skipped=f"its reader crashed ({_crash(error)}); skipped")
    except MemoryError:
        return Outcome(job, skipped="reading it ran out of memory; skipped")
    except Exception as error:  # an extractor bug must not cost the rest of the corpus
        return Outcome(job, skipped=f"could not be processed: {type(error).__name__}: {error}")
    return Outcome(job, digest=digest, records=records)


def _crash(error: ProcessExpired) -> str:
    code = getattr(error, "exitcode", None)
    if code is not None and code < 0:
        return f"killed by signal {-code}"
    return f"exit code {code}" if code is not None else str(error)
