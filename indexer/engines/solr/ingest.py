"""The corpus into a Solr collection: the same walk and the same extraction (in worker
processes) as the Whoosh indexer, so the same document records go to either engine; Solr gets
them in batches and does the rest (analysis, sharding, replication).

Incremental as the Whoosh indexer is (indexer.sync decides what is read, sent and deleted, for
both), with the collection as the manifest: each file's own document stores its content hash,
size, modification time, first indexing and the fingerprint of what it was read with (schema,
entities, metadata, OCR). A full rebuild (:func:`rebuild`) writes a new collection and then
points the alias searches use at it, so searches never see a half-built index; the old
collection is deleted after. After each run the near-duplicate groups are written into the
collection (indexer.engines.solr.groups).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from indexer.config import Settings
from indexer.documents import document_id, load_context
from indexer.engines.solr import admin, groups
from indexer.engines.solr.client import SolrError
from indexer.engines.solr.engine import BATCH, SolrEngine
from indexer.sync import (
    CorpusMissing,
    Known,
    Progress,
    Summary,
    first_indexed,
    ocr_state,
    sync,
)
from indexer.walker import Found, walk


@dataclass
class SolrSummary(Summary):
    sent: int = 0  # documents sent (a file's own and its attachments')
    collection: str = ""  # the collection a full rebuild wrote (the alias points to it)
    regrouped: int = 0  # documents whose near-duplicate group changed

    def as_dict(self) -> dict:
        return {**super().as_dict(), "sent": self.sent, "collection": self.collection,
                "regrouped": self.regrouped}


def known_files(engine: SolrEngine, fingerprint: str | None = None) -> dict[str, Known]:
    """Every corpus file the collection holds (its own documents, not attachments). Of a file
    read with another ``fingerprint`` (schema, entities, metadata, OCR) only the first indexing
    is taken, so that it is read and sent again."""
    fields = "path,content_hash,file_size,file_mtime_ns,indexed,fingerprint"
    known = {}
    for doc in engine.each([("q", "*:*"), ("fq", "-container:[* TO *]")], fields):
        if fingerprint is None or doc.get("fingerprint") == fingerprint:
            known[doc["path"]] = Known(doc.get("content_hash"), doc.get("file_size"),
                                       doc.get("file_mtime_ns"), doc.get("indexed"))
        else:
            known[doc["path"]] = Known(None, indexed=doc.get("indexed"))
    return known


@dataclass
class _Writer:
    """The Solr side of a run (indexer.sync.Writer): documents sent in batches, each file's own
    carrying what the next run needs to know of it (its size, time and fingerprint)."""

    engine: SolrEngine
    fingerprint: str
    summary: SolrSummary
    batch: list[dict] = field(default_factory=list)

    def begin(self, reading: int) -> None:
        pass

    def keep(self, found: Found, known: Known) -> None:
        pass

    def write(self, found: Found, digest: str, indexed: str, records: list[dict] | None,
              replacing: bool) -> None:
        if records is None:  # the same content: an atomic update of its size and time
            self._send({"id": document_id(found.relpath), "file_size": {"set": found.size},
                        "file_mtime_ns": {"set": found.mtime_ns}})
            return
        if replacing:
            self.engine.delete_paths([found.relpath])
        for number, record in enumerate(records):
            record["fingerprint"] = self.fingerprint
            if number == 0:  # the file's own document
                record["file_size"], record["file_mtime_ns"] = found.size, found.mtime_ns
            self.summary.sent += 1
            self._send(record)

    def remove(self, paths: list[str]) -> None:
        self.engine.delete_paths(paths)

    def _send(self, record: dict) -> None:
        self.batch.append(record)
        if len(self.batch) >= BATCH:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.engine.add(self.batch)
            self.batch = []


def index_corpus(settings: Settings, engine: SolrEngine, full: bool = False,
                 progress: Progress | None = None,
                 first_seen: dict[str, str] | None = None) -> SolrSummary:
    """Bring the collection in line with ``settings.corpus_dir`` and commit (indexer.sync
    decides what is read and sent). ``full`` empties the collection first (in place:
    :func:`rebuild` is the way that searches never notice); ``first_seen`` (path -> ISO time)
    keeps when files were first indexed through it. Documents read with other entities,
    metadata or schema are read again."""
    started = time.monotonic()
    if not settings.corpus_dir.is_dir():
        raise CorpusMissing(f"corpus folder not found: {settings.corpus_dir}")
    context = load_context(settings)
    found, skipped = walk(settings.corpus_dir, exclude=settings.index_dir)
    summary = SolrSummary(skipped=list(skipped), full=full)
    known = known_files(engine, context.fingerprint)
    if full:
        first_seen = {**(first_seen or {}), **first_indexed(known)}
        engine.delete_all()
        known = {}
    writer = _Writer(engine, context.fingerprint, summary)
    sync(found, known, writer, context, settings, summary, progress, first_seen)
    writer.flush()
    engine.commit()
    # The near-duplicate groups of what is now committed: a member added, changed or removed
    # regroups the others (before rebuild moves the alias); a run that sent and removed
    # nothing leaves them as they are.
    if full or summary.sent or summary.removed:
        summary.regrouped = groups.write(engine)
    if summary.regrouped:
        engine.commit()
        summary.notes.append(f"{summary.regrouped} documents changed near-duplicate group")
    summary.ocr = ocr_state(settings, context)
    summary.documents = engine.count()
    summary.seconds = time.monotonic() - started
    return summary


class OutdatedCollection(ValueError):
    """A collection (not an alias) holding documents, made with another configset: rebuilding
    it in place would show searches a half-filled collection, so it is done only when asked."""


def reindex(settings: Settings, client, name: str, full: bool = False, shards: int = 2,
            replicas: int = 2, progress: Progress | None = None) -> SolrSummary:
    """``sift index --engine solr``: bring the collection or alias ``name`` in line with the
    corpus. In place when it is one collection made with this Sift's configset; otherwise (and
    when ``full``) a :func:`rebuild`, since documents cannot be written into a schema that
    lacks their fields, nor searched with analysis other than the one they were written with.
    A plain collection with documents in it is rebuilt in place only when ``full``
    (OutdatedCollection otherwise)."""
    behind = _collections_behind(client, name)
    current = admin.configset_name()
    outdated = {collection: made_with for collection in behind
                if (made_with := admin.configset_of(client, collection)) != current}
    if len(behind) == 1 and not full and not outdated:
        return index_corpus(settings, SolrEngine(client, name), progress=progress)
    if behind == [name] and not full and SolrEngine(client, name).count():
        raise OutdatedCollection(
            f"collection {name} was made with configset {outdated[name]}, not this Sift's "
            f"{current}: `sift index --full` rebuilds it in place (searches see it half-filled "
            "meanwhile; index into an alias to rebuild beside it instead)")
    summary = rebuild(settings, client, name, shards, replicas, progress)
    notes = [f"{collection}, which alias {name} pointed to, did not exist: rebuilt"
             if made_with is None else f"{collection} was made with configset {made_with}, "
             f"not this Sift's {current}: rebuilt" for collection, made_with in outdated.items()]
    if len(behind) > 1:  # updates through an alias would reach its first collection only
        notes.append(f"alias {name} pointed to {len(behind)} collections: rebuilt into one")
    summary.notes[:0] = notes
    return summary


def _collections_behind(client, name: str) -> list[str]:
    """The collection ``name`` is, or those the alias ``name`` points to; [] for neither."""
    if name in admin.collections(client):
        return [name]
    return [part for part in admin.aliases(client).get(name, "").split(",") if part]


def rebuild(settings: Settings, client, alias: str, shards: int = 2, replicas: int = 2,
            progress: Progress | None = None) -> SolrSummary:
    """A full rebuild behind the alias ``alias``: a new collection is created and filled, the
    alias moved onto it, and the collections it pointed to before deleted (with the configsets
    of older Sifts nothing uses any more). A collection named ``alias`` itself (not an alias)
    cannot be swapped: it is rebuilt in place, switched first to this Sift's configset if it
    was made with another (once the corpus and its curator files have been read)."""
    if alias in admin.collections(client):
        if not settings.corpus_dir.is_dir():
            raise CorpusMissing(f"corpus folder not found: {settings.corpus_dir}")
        load_context(settings)  # a malformed curator file stops the run before any change
        configset = admin.ensure_configset(client)
        if admin.configset_of(client, alias) != configset:
            admin.use_configset(client, alias, configset)
        return index_corpus(settings, SolrEngine(client, alias), full=True, progress=progress)
    before = _collections_behind(client, alias)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    fresh = admin.generation_name(alias, stamp)
    notes = []
    try:  # when each file was first indexed outlives the rebuild, as on Whoosh
        first_seen = first_indexed(known_files(SolrEngine(client, alias))) if before else {}
    except SolrError as error:
        first_seen = {}
        notes.append(f"the first indexing times could not be read from {alias} ({error}): "
                     "every file counts as indexed now")
    admin.ensure_collection(client, fresh, shards, replicas)
    try:
        summary = index_corpus(settings, SolrEngine(client, fresh), progress=progress,
                               first_seen=first_seen)
    except BaseException:
        admin.delete_collection(client, fresh)
        raise
    admin.point_alias(client, alias, fresh)
    for old in before:
        if old != fresh:
            admin.delete_collection(client, old)
    try:
        admin.drop_unused_configsets(client)
    except SolrError as error:  # tidying only: the rebuild itself is done
        notes.append(f"old configsets not deleted: {error}")
    summary.collection, summary.full = fresh, True
    summary.notes[:0] = notes
    return summary
