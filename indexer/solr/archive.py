"""What the web UI and the JSON API ask of an archive (``indexer.search.Archive``'s methods they
call), answered by the Solr engine, so ``sift serve --engine solr`` serves the same routes.

The web process keeps no index of its own: every answer comes from the cluster, so several
``sift serve`` workers behind a load balancer serve one collection. What this engine does not
have yet is answered as empty, in the same shape: near-duplicate groups, attachments' links,
the page of a paragraph, suggestions for the search box.
"""

from __future__ import annotations

from indexer.search import IndexUnavailable, ResultStream, SearchRequest
from indexer.solr import documents as solr_docs
from indexer.solr.client import SolrError
from indexer.solr.engine import SolrEngine
from indexer.solr.translate import quote

SIMILAR = 5  # as indexer.search.SIMILAR


class SolrArchive:
    """The archive interface over a :class:`SolrEngine`; safe to share between threads (it
    holds no connection, only the engine's short-lived cache of facet names)."""

    def __init__(self, engine: SolrEngine):
        self.engine = engine

    def search(self, request: SearchRequest) -> dict:
        try:
            answer = self.engine.search(request)
        except SolrError as error:
            raise IndexUnavailable(str(error)) from None
        for hit in answer["results"]:
            hit.setdefault("duplicates", [])
        return answer

    def stream(self, request: SearchRequest, chunk: int = 100) -> ResultStream:
        try:
            return self.engine.stream(request, chunk)
        except SolrError as error:
            raise IndexUnavailable(str(error)) from None

    def document(self, doc_id: str, q: str = "") -> dict | None:
        try:
            record = self.engine.document(doc_id, q)
        except SolrError as error:
            raise IndexUnavailable(str(error)) from None
        if record is None:
            return None
        record.setdefault("pages", 1)
        record.setdefault("ocr_pages", 0)
        record.setdefault("textless_pages", 0)
        record["attached_to"] = None
        record["attachments"] = []
        record["paragraph_pages"] = []
        record["duplicates"] = []
        record["similar"] = self.similar(doc_id)
        return record

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

    def path_of(self, doc_id: str) -> tuple[str, str | None] | None:
        answer = self.engine.client.get(f"{self.engine.collection}/select", [
            ("q", f"id:{quote(doc_id)}"), ("fl", "path,container"), ("rows", "1")])
        docs = answer["response"]["docs"]
        return (docs[0]["path"], docs[0].get("container")) if docs else None

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        return []

    def document_count(self) -> int:
        return self.engine.count()

    def health(self) -> dict:
        """For ``/healthz``: the collection and its documents; IndexUnavailable (503) while
        the cluster does not answer."""
        try:
            return {"engine": "solr", "collection": self.engine.collection,
                    "documents": self.engine.count()}
        except SolrError as error:
            raise IndexUnavailable(str(error)) from None

    def close(self) -> None:
        pass
