"""A long document's match deep in its text gets its snippet on Solr as on Whoosh: Solr's
highlighter reads only the first 51,200 characters of a field by default (hl.maxAnalyzedChars),
where a long report or speech has most of its text."""

from __future__ import annotations

import os

import pytest

from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.archive import SolrArchive
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import index_corpus
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.highlights import marks
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster

FILLER = "The committee reviewed the annual budget of the regional office in detail. "


@pytest.fixture(scope="module")
def long_report(solr_cluster, tmp_path_factory):
    root = tmp_path_factory.mktemp("long")
    corpus = root / "corpus"
    corpus.mkdir()
    text = "Annual report\n\n" + FILLER * 2000  # ~150,000 characters before the match
    text += "\n\nThe Zanzibarian shipping registry was found to list forged vessels.\n"
    (corpus / "report.txt").write_text(text, encoding="utf-8")
    (corpus / "note.txt").write_text("A short note on the budget.\n", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    build.reindex(settings, full=True)
    client = SolrClient(solr_cluster["nodes"])
    name = f"long_{os.getpid()}"
    admin.ensure_collection(client, name, shards=2, replicas=1)
    try:
        engine = SolrEngine(client, name)
        index_corpus(settings, engine)
        yield {"whoosh": Archive(settings.index_dir), "solr": SolrArchive(engine)}
    finally:
        admin.delete_collection(client, name)


@pytest.mark.parametrize("engine", ["whoosh", "solr"])
def test_a_match_past_the_first_150000_characters_is_in_the_snippet(long_report, engine):
    archive = long_report[engine]
    (hit,) = archive.search(SearchRequest(q="zanzibarian registry"))["results"]
    assert marks(segment for passage in hit["snippet"] for segment in passage) == [
        "Zanzibarian", "registry"]
    page = archive.document(hit["id"], q="zanzibarian")
    assert page["matches"] == 1
