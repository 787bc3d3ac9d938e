"""The corpus into a Solr collection: the same walk and the same extraction (in worker
processes) as the Whoosh indexer, so the same document records go to either engine; Solr gets
them in batches and does the rest (analysis, sharding, replication).

Incremental as the Whoosh indexer is, with the collection as the manifest: each file's own
document stores its content hash, size, modification time, first indexing and the fingerprint
of what it was read with (schema, entities, metadata, OCR). A full rebuild (:func:`rebuild`)
writes a new collection and then points the alias searches use at it, so searches never see a
half-built index; the old collection is deleted after. After each run the near-duplicate
groups are written into the collection (indexer.engines.solr.groups).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from indexer.config import Settings
from indexer.documents import document_id, load_context
from indexer.engines.solr import admin, groups
from indexer.engines.solr.engine import SolrEngine
from indexer.extraction import Job, extract_all
from indexer.walker import Skipped, walk

Progress = Callable[[int, int, str], None]  # (done, total, path being read), as build.Progress


@dataclass
class SolrSummary:
    added: int = 0  # files new to the collection
    updated: int = 0  # files whose content (or the facts read with it) changed
    removed: int = 0  # files gone from the corpus (or now skipped)
    unchanged: int = 0
    sent: int = 0  # documents sent (a file's own and its attachments')
    skipped: list[Skipped] = field(default_factory=list)
    documents: int = 0  # in the collection after the run
    seconds: float = 0.0
    collection: str = ""  # the collection a full rebuild wrote (the alias points to it)
    regrouped: int = 0  # documents whose near-duplicate group changed
    notes: list[str] = field(default_factory=list)  # why a run became a rebuild

    @property
    def files(self) -> int:
        return self.added + self.updated + self.unchanged

    def as_dict(self) -> dict:
        return {"added": self.added, "updated": self.updated, "removed": self.removed,
                "unchanged": self.unchanged, "sent": self.sent,
                "skipped": [item.as_dict() for item in self.skipped],
                "documents": self.documents, "seconds": round(self.seconds, 3),
                "collection": self.collection, "regrouped": self.regrouped,
                "notes": self.notes}


@dataclass(frozen=True)
class Known:
    """What the collection holds of one corpus file (stored on the file's own document)."""

    content_hash: str | None
    size: int | None
    mtime_ns: int | None
    indexed: str | None  # when it was first indexed (ISO), kept through updates
    fingerprint: str | None  # the schema, entities, metadata and OCR state it was read with


def known_files(engine: SolrEngine) -> dict[str, Known]:
    """Every corpus file the collection holds (its own documents, not attachments)."""
    fields = "path,content_hash,file_size,file_mtime_ns,indexed,fingerprint"
    return {doc["path"]: Known(doc.get("content_hash"), doc.get("file_size"),
                               doc.get("file_mtime_ns"), doc.get("indexed"),
                               doc.get("fingerprint"))
            for doc in engine.each([("q", "*:*"), ("fq", "-container:[* TO *]")], fields)}


def index_corpus(settings: Settings, engine: SolrEngine, full: bool = False,
                 progress: Progress | None = None) -> SolrSummary:
    """Bring the collection in line with ``settings.corpus_dir`` and commit: files whose size
    and modification time are unchanged are not read, a file read again is sent only if its
    content hash differs, the documents of removed files are deleted. ``full`` empties the
    collection first (in place: :func:`rebuild` is the way that searches never notice).
    Documents read with other entities, metadata or schema are read again."""
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {settings.corpus_dir}")
    context = load_context(settings)
    found, skipped = walk(settings.corpus_dir, exclude=settings.index_dir)
    summary = SolrSummary(skipped=list(skipped))
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    if full:
        engine.delete_all()
    known = {} if full else known_files(engine)
    current = {path: entry for path, entry in known.items()
               if entry.fingerprint == context.fingerprint}
    jobs = []
    for item in found:
        before = current.get(item.relpath)
        if before and (before.size, before.mtime_ns) == (item.size, item.mtime_ns):
            summary.unchanged += 1
        else:
            jobs.append(Job(item, before.content_hash if before else None))
    kept = {item.relpath for item in found}

    def records() -> Iterator[dict]:
        done = summary.unchanged
        for outcome in extract_all(jobs, context, settings.max_file_size, settings.file_timeout):
            item = outcome.job.found
            done += 1
            if progress:
                progress(done, len(found), item.relpath)
            if outcome.skipped:
                summary.skipped.append(Skipped(item.relpath, outcome.skipped))
                kept.discard(item.relpath)
                continue
            if outcome.records is None:  # the same content: only its size and time are new
                summary.unchanged += 1
                yield {"set": (item.relpath, item.size, item.mtime_ns)}
                continue
            before = known.get(item.relpath)
            if before:
                summary.updated += 1
                engine.delete_paths([item.relpath])
            else:
                summary.added += 1
            first = (before.indexed if before and before.indexed else None) or now
            for number, record in enumerate(outcome.records):
                record["indexed"] = first
                record["fingerprint"] = context.fingerprint
                if number == 0:  # the file's own document
                    record["file_size"], record["file_mtime_ns"] = item.size, item.mtime_ns
                yield record

    def documents() -> Iterator[dict]:
        for record in records():
            if "set" in record:
                path, size, mtime = record["set"]  # an atomic update of the two fields
                yield {"id": document_id(path), "file_size": {"set": size},
                       "file_mtime_ns": {"set": mtime}}
                continue
            summary.sent += 1
            yield record

    engine.add(documents())
    removed = [path for path in known if path not in kept]
    engine.delete_paths(removed)
    summary.removed = len(removed)
    engine.commit()
    # The near-duplicate groups of what is now committed: a member added, changed or removed
    # regroups the others (before rebuild moves the alias); a run that sent and removed
    # nothing leaves them as they are.
    if full or summary.sent or summary.removed:
        summary.regrouped = groups.write(engine)
    if summary.regrouped:
        engine.commit()
    summary.documents = engine.count()
    summary.seconds = time.monotonic() - started
    return summary


def reindex(settings: Settings, client, name: str, full: bool = False, shards: int = 2,
            replicas: int = 2, progress: Progress | None = None) -> SolrSummary:
    """``sift index --engine solr``: bring the collection or alias ``name`` in line with the
    corpus. In place when it exists and was made with this Sift's configset; otherwise (and
    when ``full``) a :func:`rebuild`, since documents cannot be written into a schema that
    lacks their fields, nor searched with analysis other than the one they were written
    with."""
    behind = _collections_behind(client, name)
    current = admin.configset_name()
    outdated = {collection: made_with for collection in behind
                if (made_with := admin.configset_of(client, collection)) != current}
    if behind and not full and not outdated:
        return index_corpus(settings, SolrEngine(client, name), progress=progress)
    summary = rebuild(settings, client, name, shards, replicas, progress)
    summary.notes[:0] = [f"{collection} was made with configset {made_with}, not this Sift's "
                         f"{current}: rebuilt" for collection, made_with in outdated.items()]
    return summary


def _collections_behind(client, name: str) -> list[str]:
    """The collection ``name`` is, or those the alias ``name`` points to; [] for neither."""
    if name in admin.collections(client):
        return [name]
    return [part for part in admin.aliases(client).get(name, "").split(",") if part]


def rebuild(settings: Settings, client, alias: str, shards: int = 2, replicas: int = 2,
            progress: Progress | None = None) -> SolrSummary:
    """A full rebuild behind the alias ``alias``: a new collection is created and filled, the
    alias moved onto it, and the collections it pointed to before deleted. A collection named
    ``alias`` itself (not an alias) cannot be swapped: it is rebuilt in place, switched first to
    this Sift's configset if it was made with another."""
    if alias in admin.collections(client):
        configset = admin.ensure_configset(client)
        if admin.configset_of(client, alias) != configset:
            admin.use_configset(client, alias, configset)
        return index_corpus(settings, SolrEngine(client, alias), full=True, progress=progress)
    before = _collections_behind(client, alias)
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
