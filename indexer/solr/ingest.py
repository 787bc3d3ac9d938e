"""The corpus into a Solr collection: the same walk and the same extraction (in worker
processes) as the Whoosh indexer, so the same document records go to either engine; Solr gets
them in batches and does the rest (analysis, sharding, replication).

This first version sends every readable file on each run (a document replaces the one with its
id) and, with ``full``, empties the collection first; the manifest-based incremental run and the
alias swap of a full rebuild (issue 14) are still to come.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from indexer.config import Settings
from indexer.documents import load_context
from indexer.extraction import Job, extract_all
from indexer.solr.engine import SolrEngine
from indexer.walker import Skipped, walk

Progress = Callable[[int, int, str], None]  # (done, total, path being read), as build.Progress


@dataclass
class SolrSummary:
    added: int = 0  # documents sent (a file's own and its attachments')
    files: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    documents: int = 0  # in the collection after the run
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return {"added": self.added, "files": self.files,
                "skipped": [item.as_dict() for item in self.skipped],
                "documents": self.documents, "seconds": round(self.seconds, 3)}


def index_corpus(settings: Settings, engine: SolrEngine, full: bool = False,
                 progress: Progress | None = None) -> SolrSummary:
    """Index ``settings.corpus_dir`` into ``engine``'s collection and commit."""
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {settings.corpus_dir}")
    context = load_context(settings)
    found, skipped = walk(settings.corpus_dir, exclude=settings.index_dir)
    summary = SolrSummary(skipped=list(skipped))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)

    def records() -> Iterator[dict]:
        jobs = [Job(item, None) for item in found]
        outcomes = extract_all(jobs, context, settings.max_file_size, settings.file_timeout)
        for done, outcome in enumerate(outcomes, 1):
            path = outcome.job.found.relpath
            if progress:
                progress(done, len(found), path)
            if outcome.skipped:
                summary.skipped.append(Skipped(path, outcome.skipped))
                continue
            summary.files += 1
            for record in outcome.records or ():
                record.setdefault("indexed", now)
                yield record

    if full:
        engine.delete_all()
    summary.added = engine.add(records())
    engine.commit()
    summary.documents = engine.count()
    summary.seconds = time.monotonic() - started
    return summary
