"""Smoke test of the Solr test cluster with Sift's configset: what the future Solr engine relies on
(sharded indexing, multi-select facets with {!tag}/{!ex}, <mark> snippets over HTML-escaped text,
every node answering for the whole collection)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.slow  # starts a JVM cluster: ~6 s warm, longer cold

DOCS = [
    {"id": "a", "title": "Forced labour in Qatar",
     "body": "Migrant workers & <forced labour> on sites.",
     "country": ["Qatar", "Nepal"], "kind": "statement", "source": "un", "language": "en",
     "year": 2017,
     "date": "2017-09-28T00:00:00Z"},
    {"id": "b", "title": "Trafficking briefing",
     "body": "Trafficking of persons into forced labour.",
     "country": ["Belarus"], "kind": "briefing", "source": "un", "language": "en", "year": 2018,
     "date": "2018-07-30T00:00:00Z"},
    {"id": "c", "title": "Принудительный труд", "body": "Принудительный труд мигрантов.",
     "country": ["Russia"], "kind": "statement", "source": "un",
     "language": "ru", "year": 2019,
     "date": "2019-11-15T00:00:00Z"},
    {"id": "d", "title": "Group of friends", "body": "A declaration on coordination.",
     "country": ["Qatar"], "kind": "declaration", "source": "un", "language": "en", "year": 2025,
     "date": "2025-07-30T00:00:00Z"},
]


def _post(url: str, payload) -> dict:
    request = urllib.request.Request(url, data=json.dumps(payload).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def _select(node: str, collection: str, params: list[tuple[str, str]]) -> dict:
    query = urllib.parse.urlencode([*params, ("wt", "json")])
    with urllib.request.urlopen(f"{node}/{collection}/select?{query}", timeout=60) as response:
        return json.load(response)


@pytest.fixture(scope="module")
def indexed(solr_cluster):
    node, collection = solr_cluster["nodes"][0], solr_cluster["collection"]
    _post(f"{node}/{collection}/update?commit=true", DOCS)
    return solr_cluster


def test_every_node_answers_for_the_whole_collection(indexed):
    assert len(indexed["nodes"]) == 2
    for node in indexed["nodes"]:
        answer = _select(node, indexed["collection"], [("q", "*:*"), ("rows", "0")])
        assert answer["response"]["numFound"] == len(DOCS)


def test_documents_are_spread_over_both_shards(indexed):
    answer = _select(indexed["nodes"][1], indexed["collection"],
                     [("q", "*:*"), ("fl", "id,[shard]"), ("rows", "10")])
    assert len({doc["[shard]"] for doc in answer["response"]["docs"]}) == 2


def test_multi_select_facet_counts_ignore_their_own_filter(indexed):
    answer = _select(indexed["nodes"][0], indexed["collection"], [
        ("q", "*:*"), ("fq", "{!tag=country}country:Qatar"),
        ("facet", "true"), ("facet.field", "{!ex=country}country"), ("facet.field", "kind"),
        ("facet.mincount", "1"),
    ])
    assert answer["response"]["numFound"] == 2
    counts = answer["facet_counts"]["facet_fields"]
    country = dict(zip(counts["country"][::2], counts["country"][1::2], strict=True))
    assert country == {"Qatar": 2, "Nepal": 1, "Belarus": 1, "Russia": 1}
    # disjunctive: the countries outside the filter still counted
    kind = dict(zip(counts["kind"][::2], counts["kind"][1::2], strict=True))
    assert kind == {"statement": 1, "declaration": 1}  # within the filter


def test_snippets_mark_stemmed_matches_and_escape_the_text(indexed):
    answer = _select(indexed["nodes"][1], indexed["collection"], [("q", "labours"), ("hl", "true")])
    assert {doc["id"] for doc in answer["response"]["docs"]} == {"a", "b"}
    snippet = answer["highlighting"]["a"]["body"][0]
    assert "<mark>labour</mark>" in snippet
    assert "&amp;" in snippet and "&lt;forced" in snippet


def test_russian_words_match_their_other_forms(indexed):
    answer = _select(indexed["nodes"][0], indexed["collection"], [("q", "принудительного")])
    assert [doc["id"] for doc in answer["response"]["docs"]] == ["c"]


def test_a_stopped_node_leaves_the_replicas_answering_and_returns_on_its_port(indexed):
    nodes, collection = indexed["nodes"], indexed["collection"]
    indexed["send"]("stop 0", [False, True])
    try:
        answer = _select(nodes[1], collection, [("q", "*:*"), ("rows", "0")])
        assert answer["response"]["numFound"] == len(DOCS)
    finally:
        indexed["send"]("start", [True, True])
    answer = _select(nodes[0], collection, [("q", "*:*"), ("rows", "0")])
    assert answer["response"]["numFound"] == len(DOCS)
