"""A cluster set up by an older Sift: its collections were made with an older configset (here
one without the near-duplicate fields, as before they came). ``sift index --engine solr``
without ``--full`` must not send documents into a schema that lacks their fields: it rebuilds
with this Sift's configset, says why, and is incremental again after."""

from __future__ import annotations

import os
import shutil

import pytest

from indexer.cli_report import describe
from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import OutdatedCollection, reindex
from indexer.engines.solr.schema import CONF
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster

ADDED_SINCE = ("minhash", "duplicate_group")


@pytest.fixture
def old_configset(solr_cluster, tmp_path):
    """An older Sift's configset on the cluster: this one without the fields added since (one
    per test: a rebuild deletes the configsets of older Sifts no collection uses)."""
    conf = tmp_path / "conf"
    shutil.copytree(CONF, conf)
    schema = conf / "schema.xml"
    lines = schema.read_text(encoding="utf-8").splitlines(keepends=True)
    schema.write_text("".join(line for line in lines
                              if not any(f'name="{name}"' in line for name in ADDED_SINCE)),
                      encoding="utf-8")
    name = f"sift-old-{tmp_path.name}"
    client = SolrClient(solr_cluster["nodes"])
    admin.upload_configset(client, name, conf)
    return name


def _old_collection(client, name: str, configset: str) -> None:
    """A collection an older Sift made and filled (one document of a file since deleted)."""
    admin.ensure_collection(client, name, shards=2, replicas=1, configset=configset)
    client.post_json(f"{name}/update", [{"id": "gone.txt", "path": "gone.txt",
                                         "title": "An old document"}])
    client.post_json(f"{name}/update", {"commit": {}})


def test_an_alias_on_an_old_configset_is_rebuilt_then_updated_in_place(
        solr_cluster, sample, old_configset):
    client = SolrClient(solr_cluster["nodes"])
    alias = f"upgraded_{os.getpid()}"
    old = f"{alias}_old"
    _old_collection(client, old, old_configset)
    admin.point_alias(client, alias, old)
    try:
        summary = reindex(sample, client, alias, shards=2, replicas=1)
        assert summary.collection and summary.collection != old
        assert admin.aliases(client)[alias] == summary.collection
        assert old not in admin.collections(client)
        assert admin.configset_of(client, summary.collection) == admin.configset_name()
        assert any(old in note and old_configset in note for note in summary.notes)
        assert old_configset not in admin.configsets(client)  # nothing uses it any more
        engine = SolrEngine(client, alias)
        assert engine.count() == summary.documents > 1
        assert engine.search(SearchRequest(q="trafficking"))["total"] > 0
        assert engine.search(SearchRequest(q='"An old document"'))["total"] == 0

        again = reindex(sample, client, alias, shards=2, replicas=1)
        assert again.collection == "" and again.notes == []  # in place: nothing to rebuild
        assert again.unchanged == summary.files and again.sent == 0
    finally:
        client.get("admin/collections", [("action", "DELETEALIAS"), ("name", alias)])
        for name in (old, summary.collection if "summary" in locals() else ""):
            if name:
                admin.delete_collection(client, name)


def test_a_collection_on_an_old_configset_is_switched_and_rebuilt_in_place_when_asked(
        solr_cluster, sample, old_configset, tmp_path):
    """A collection, unlike an alias, is rebuilt where searches see it: only with --full, and
    only once the corpus has been found (a mistyped one changes nothing)."""
    client = SolrClient(solr_cluster["nodes"])
    name = f"upgraded_plain_{os.getpid()}"
    _old_collection(client, name, old_configset)
    try:
        with pytest.raises(OutdatedCollection, match="--full"):
            reindex(sample, client, name)
        missing = Settings(tmp_path / "no-corpus", tmp_path / "index")
        with pytest.raises(FileNotFoundError):
            reindex(missing, client, name, full=True)
        assert admin.configset_of(client, name) == old_configset  # untouched
        assert SolrEngine(client, name).count() == 1

        summary = reindex(sample, client, name, full=True)
        assert summary.collection == ""  # a collection, not an alias: nothing to swap
        assert admin.configset_of(client, name) == admin.configset_name()
        assert any(old_configset in note for note in summary.notes)
        told = describe(summary, name)  # what `sift index --engine solr` prints
        assert f"note: {name} was made with configset {old_configset}" in told
        engine = SolrEngine(client, name)
        assert engine.count() == summary.documents > 1
        assert engine.search(SearchRequest(q='"An old document"'))["total"] == 0
        assert engine.search(SearchRequest(q="trafficking"))["total"] > 0
    finally:
        admin.delete_collection(client, name)


def test_an_alias_over_several_collections_is_rebuilt_into_one(solr_cluster, sample):
    """Solr sends updates through an alias to its first collection only: written in place, the
    others would keep stale copies."""
    client = SolrClient(solr_cluster["nodes"])
    alias = f"several_{os.getpid()}"
    parts = [f"{alias}_a", f"{alias}_b"]
    for part in parts:
        admin.ensure_collection(client, part, shards=1, replicas=1)
    client.get("admin/collections", [("action", "CREATEALIAS"), ("name", alias),
                                     ("collections", ",".join(parts))])
    try:
        summary = reindex(sample, client, alias, shards=2, replicas=1)
        assert admin.aliases(client)[alias] == summary.collection
        assert not set(parts) & set(admin.collections(client))
        assert any("2 collections" in note for note in summary.notes)
    finally:
        client.get("admin/collections", [("action", "DELETEALIAS"), ("name", alias)])
        for name in [*parts, summary.collection if "summary" in locals() else ""]:
            if name:
                admin.delete_collection(client, name)
