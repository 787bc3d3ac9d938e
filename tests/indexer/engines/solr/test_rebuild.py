"""A full rebuild behind an alias: a new collection is filled, the alias moved onto it, the old
one deleted; searches through the alias meanwhile all answer, and never from a half-built
collection."""

from __future__ import annotations

import os
import threading

import pytest

from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import rebuild
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster


def test_rebuilds_swap_the_alias_under_a_steady_search_load(solr_cluster, sample):
    client = SolrClient(solr_cluster["nodes"])
    alias = f"rebuilt_{os.getpid()}"
    first = rebuild(sample, client, alias, shards=2, replicas=1)
    assert admin.aliases(client)[alias] == first.collection
    engine = SolrEngine(client, alias)
    expected = engine.count()
    assert expected == first.documents > 0

    totals, failures = [], []
    stop = threading.Event()

    def load() -> None:
        while not stop.is_set():
            try:
                totals.append(engine.search(SearchRequest(q="trafficking OR labour"))["total"]
                              if len(totals) % 2 else engine.count())
            except Exception as error:  # any failure counts, not only Solr's answers
                failures.append(repr(error))

    searchers = [threading.Thread(target=load) for _ in range(2)]
    for thread in searchers:
        thread.start()
    try:
        second = rebuild(sample, client, alias, shards=2, replicas=1)
    finally:
        stop.set()
        for thread in searchers:
            thread.join()
    try:
        assert failures == []
        assert len(totals) > 10
        counts = set(totals)
        # the whole collection, or the query's matches in it: never a part of either
        matches = engine.search(SearchRequest(q="trafficking OR labour"))["total"]
        assert counts <= {expected, matches}
        assert admin.aliases(client)[alias] == second.collection != first.collection
        assert first.collection not in admin.collections(client)  # the old one deleted
    finally:
        client.get("admin/collections", [("action", "DELETEALIAS"), ("name", alias)])
        admin.delete_collection(client, second.collection)
