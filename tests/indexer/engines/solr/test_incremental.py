"""An incremental run into a Solr collection: only changed files are read and sent, removed
files' documents deleted, a file only touched not read again after, documents read with other
facts (a changed entities file) read again."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import index_corpus, known_files, rebuild
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster

REPO = Path(__file__).resolve().parents[4]


@pytest.fixture
def setup(solr_cluster, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    client = SolrClient(solr_cluster["nodes"])
    name = f"incremental_{os.getpid()}"
    admin.ensure_collection(client, name, shards=2, replicas=1)
    try:
        yield Settings(corpus, tmp_path / "index"), SolrEngine(client, name)
    finally:
        admin.delete_collection(client, name)


def _total(engine: SolrEngine, q: str) -> int:
    return engine.search(SearchRequest(q=q))["total"]


def test_only_what_changed_is_sent(setup):
    settings, engine = setup
    first = index_corpus(settings, engine)
    assert (first.added, first.sent, first.updated, first.removed) == (5, 5, 0, 0)
    firsts = {path: known.indexed for path, known in known_files(engine).items()}

    again = index_corpus(settings, engine)
    assert (again.added, again.updated, again.removed, again.sent) == (0, 0, 0, 0)
    assert again.unchanged == 5

    files = sorted(settings.corpus_dir.glob("*.txt"))
    changed, touched, removed = files[0], files[1], files[2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nZanzibarian addendum.\n",
                       encoding="utf-8")
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    removed.unlink()
    third = index_corpus(settings, engine)
    assert (third.added, third.updated, third.removed, third.sent) == (0, 1, 1, 1)
    assert third.unchanged == 3 and third.documents == 4
    assert _total(engine, "zanzibarian") == 1
    known = known_files(engine)
    assert known[touched.name].mtime_ns == touched.stat().st_mtime_ns  # not read next time
    assert known[changed.name].indexed == firsts[changed.name]  # first indexed: kept

    entities = settings.corpus_dir / "entities.toml"
    entities.write_text(entities.read_text(encoding="utf-8")
                        + '\n[[person]]\nname = "Zanzibarian"\n', encoding="utf-8")
    fourth = index_corpus(settings, engine)
    # read with other facts: every document read again and sent
    assert (fourth.updated, fourth.sent, fourth.unchanged) == (4, 4, 0)
    assert engine.search(SearchRequest(filters={"person": ("Zanzibarian",)}))["total"] == 1


def test_when_a_file_was_first_indexed_outlives_a_full_rebuild(setup):
    """Feeds date an undated document by its first indexing: a rebuild (in place, or into a new
    collection behind the alias) must not make every document new again, as on Whoosh."""
    settings, engine = setup
    index_corpus(settings, engine)
    firsts = {path: known.indexed for path, known in known_files(engine).items()}
    assert len(firsts) == 5 and all(firsts.values())
    time.sleep(1.1)  # times are kept to the second: a new one would differ
    full = index_corpus(settings, engine, full=True)
    assert full.full and full.added == 5
    assert {path: known.indexed for path, known in known_files(engine).items()} == firsts

    client, alias = engine.client, f"{engine.collection}_alias"
    admin.point_alias(client, alias, engine.collection)
    try:
        rebuilt = rebuild(settings, client, alias, shards=2, replicas=1)
        assert rebuilt.collection != engine.collection and rebuilt.full
        again = {path: known.indexed
                 for path, known in known_files(SolrEngine(client, alias)).items()}
        assert again == firsts
    finally:
        client.get("admin/collections", [("action", "DELETEALIAS"), ("name", alias)])
        if "rebuilt" in locals():
            admin.delete_collection(client, rebuilt.collection)
