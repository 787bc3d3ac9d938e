"""What the web UI and the JSON API ask of an archive (:class:`indexer.service.Archive`),
answered by the Solr engine, so ``sift serve --engine solr`` serves the same routes.

The web process keeps no index of its own: every answer comes from the cluster, so several
``sift serve`` workers behind a load balancer serve one collection (near-duplicate groups
included: they are kept in the collection, see indexer.engines.solr.groups).
"""

from __future__ import annotations

import functools
from dataclasses import replace

from indexer.engines.solr import documents as solr_docs
from indexer.engines.solr import suggest
from indexer.engines.solr.client import SolrError
from indexer.engines.solr.engine import SolrEngine, hit_record, search_params
from indexer.engines.solr.translate import quote, translate
from indexer.query_syntax import QuerySyntaxError
from indexer.service import (
    FEED_SIZE,
    MAX_PER_PAGE,
    SIMILAR,
    IndexUnavailable,
    ResultStream,
    SearchError,
    SearchRequest,
)


def _answering(method):
    """A cluster that does not answer is, to the web app, an index that cannot be served (a
    503 with the reason, as for a Whoosh index that will not open), not a crash."""

    @functools.wraps(method)
    def answering(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except SolrError as error:
            raise IndexUnavailable(str(error)) from None

    return answering


class SolrArchive:
    """The archive interface over a :class:`SolrEngine`; safe to share between threads (it
    holds no connection, only the engine's short-lived cache of facet names)."""

    def __init__(self, engine: SolrEngine):
        self.engine = engine

    @_answering
    def search(self, request: SearchRequest) -> dict:
        return self.engine.search(request)

    @_answering
    def stream(self, request: SearchRequest, chunk: int = MAX_PER_PAGE) -> ResultStream:
        return self.engine.stream(request, chunk)

    @_answering
    def document(self, doc_id: str, q: str = "") -> dict | None:
        record = self.engine.document(doc_id, q)
        if record is None:
            return None
        # An e-mail and its attachments (documents of their own) link to each other.
        container = record.pop("container", None)
        parent = self._records(f"path:{quote(container)}", 1) if container else []
        record["attached_to"] = parent[0] if parent else None
        record["attachments"] = sorted(self._records(f"container:{quote(record['path'])}"),
                                       key=lambda item: item["path"])
        record["similar"] = self.similar(doc_id)
        return record

    def _records(self, q: str, rows: int = 1000) -> list[dict]:
        answer = self.engine.client.get(f"{self.engine.collection}/select", [
            ("q", q), ("defType", "lucene"), ("rows", str(rows)),
            ("fl", ",".join(solr_docs.RECORD_FIELDS))])
        return [solr_docs.record(doc) for doc in answer["response"]["docs"]]

    @_answering
    def similar(self, doc_id: str, top: int = SIMILAR) -> list[dict]:
        """Documents like this one: Solr's more-like-this query parser over the body (it works
        across shards, unlike the /mlt handler)."""
        answer = self.engine.client.get(f"{self.engine.collection}/select", [
            ("q", f"{{!mlt qf=body mintf=2 mindf=1 maxqt=20}}{doc_id}"),
            ("defType", "lucene"),  # /select's default, edismax, reads {!mlt} as words
            ("fq", f"-id:{quote(doc_id)}"), ("rows", str(top)),
            ("fl", ",".join(solr_docs.RECORD_FIELDS)),
        ])
        return [solr_docs.record(doc) for doc in answer["response"]["docs"]]

    @_answering
    def path_of(self, doc_id: str) -> tuple[str, str | None] | None:
        answer = self.engine.client.get(f"{self.engine.collection}/select", [
            ("q", f"id:{quote(doc_id)}"), ("fl", "path,container"), ("rows", "1")])
        docs = answer["response"]["docs"]
        return (docs[0]["path"], docs[0].get("container")) if docs else None

    @_answering
    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return suggest.suggest(self.engine, prefix, limit)

    @_answering
    def latest(self, request: SearchRequest, limit: int = FEED_SIZE) -> list[dict]:
        """The ``limit`` newest results of ``request`` for a feed, as Archive.latest: a
        document is as new as its date or, undated, its first indexing (``updated``, ISO);
        ties by id."""
        newest = replace(request, sort="newest", page=1, per_page=limit)
        names = self.engine.facet_names()
        try:
            translated = translate(newest.q, names, self.engine.words_matching,
                                   self.engine.present_terms)
        except QuerySyntaxError as error:
            raise SearchError("bad_query", str(error)) from None
        params = [pair for pair in search_params(newest, translated, names, facets=False)
                  if pair[0] not in ("sort", "fl")]
        when = "if(exists(date),ms(date),ms(indexed))"
        params += [("sort", f"{when} desc,id desc"),
                   ("fl", ",".join([*solr_docs.RECORD_FIELDS, "indexed", "score"]))]
        answer = self.engine.client.post_form(f"{self.engine.collection}/select", params)
        marked = answer.get("highlighting", {})
        entries = []
        for doc in answer["response"]["docs"]:
            entry = hit_record(doc, marked.get(doc["id"], {}), translated is not None, None)
            stamp = solr_docs.parse_instant(doc.get("date") or doc.get("indexed"))
            entry["updated"] = stamp.isoformat() if stamp else None
            entries.append(entry)
        return entries

    @_answering
    def document_count(self) -> int:
        return self.engine.count()

    @_answering
    def health(self) -> dict:
        """For ``/healthz``: the collection and its documents; IndexUnavailable (503) while
        the cluster does not answer."""
        return {"engine": "solr", "collection": self.engine.collection,
                "documents": self.engine.count()}

    def close(self) -> None:
        pass
