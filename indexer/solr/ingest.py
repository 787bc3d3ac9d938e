"""The corpus into a Solr collection: the same walk and the same extraction (in worker
processes) as the Whoosh indexer, so the same document records go to either engine; Solr gets
them in batches and does the rest (analysis, sharding, replication).

A full rebuild (:func:`rebuild`) writes a new collection and then points the alias searches use
at it, so searches never see a half-built index; the old collection is deleted after. Otherwise
every readable file is sent again into the collection or alias as it is (a document replaces the
one with its id); the manifest-based incremental run that sends only changed files, and the
removal of documents whose file is gone, are still to come.
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
    collection: str = ""  # the collection a full rebuild wrote (the alias points to it)

    def as_dict(self) -> dict:
        return {"added": self.added, "files": self.files,
                "skipped": [item.as_dict() for item in self.skipped],
                "documents": self.documents, "seconds": round(self.seconds, 3),
                "collection": self.collection}


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


def rebuild(settings: Settings, client, alias: str, shards: int = 2, replicas: int = 2,
            progress: Progress | None = None) -> SolrSummary:
    """A full rebuild behind the alias ``alias``: a new collection is created and filled, the
    alias moved onto it, and the collections it pointed to before deleted. A collection named
    ``alias`` itself (not an alias) cannot be swapped: it is rebuilt in place."""
    from indexer.solr import admin

    if alias in admin.collections(client):
        return index_corpus(settings, SolrEngine(client, alias), full=True, progress=progress)
    before = [name for name in admin.aliases(client).get(alias, "").split(",") if name]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    fresh = admin.generation_name(alias, stamp)
    admin.ensure_collection(client, fresh, shards, replicas)
    try:
        summary = index_corpus(settings, SolrEngine(client, fresh), progress=progress)
    except BaseException:
        admin.delete_collection(client, fresh)
        raise
    admin.point_alias(client, alias, fresh)
    for old in before:
        if old != fresh:
            admin.delete_collection(client, old)
    summary.collection = fresh
    return summary
