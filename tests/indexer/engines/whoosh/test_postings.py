"""Postings read as arrays match what Whoosh's matchers say, query by query: on real speeches,
and on an index of several segments with deleted and replaced documents."""

from __future__ import annotations

import random

import pytest
from whoosh import query as wq

from indexer.analysis import text_analyzer
from indexer.engines.whoosh import build, postings
from indexer.engines.whoosh import query as query_lang
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchError

WORDS = ["peace", "climate", "trafficking", "Qatar", "WHO", "the", "forced", "labour",
         "human", "rights", "security", "africa", "zzzunknown", "cooperation", "report"]
FIELDS = ["title", "body", "country", "year", "kind"]


def random_query(rng: random.Random, depth: int = 0) -> str:
    """A query of Sift's grammar: words, prefixes, phrases, fields, nested AND/OR/NOT."""
    if depth < 3 and rng.random() < 0.5:
        a, b = random_query(rng, depth + 1), random_query(rng, depth + 1)
        return rng.choice([f"{a} AND {b}", f"{a} OR {b}", f"{a} NOT {b}", f"{a} {b}",
                           f"({a})", f"-{a}", f"{a} -{b}"])
    word = rng.choice(WORDS) + rng.choice(["", "", "*", "~"])
    return rng.choice([word, word, '"' + " ".join(rng.choices(WORDS, k=2)) + '"',
                       f"{rng.choice(FIELDS)}:{word}", "year:[2015 TO 2017]"])


def prepared(archive: Archive, opened, text: str):
    """The query as the archive runs it (words analysed, facet names resolved)."""
    try:
        return archive._prepare(query_lang.parse(text), opened)
    except (SearchError, query_lang.QuerySyntaxError):
        return None


def assert_same_matches(archive: Archive, texts: list[str]) -> int:
    compared = 0
    with archive._using() as opened:
        searcher = opened.searcher
        for text in texts:
            q = prepared(archive, opened, text)
            if q is None:
                continue
            assert postings.doc_set(searcher, q) == set(searcher.docs_for_query(q)), text
            compared += 1
    return compared


def test_the_same_documents_as_whoosh_on_real_speeches(un_speeches):
    rng = random.Random(20261204)
    texts = [random_query(rng) for _ in range(300)]
    texts += ["peace security climate development africa war", "WHO", "the", "-peace"]
    assert assert_same_matches(Archive(un_speeches.index_dir), texts) > 250


def test_phrases_found_and_counted_as_whoosh_does_on_real_speeches(un_speeches):
    """Exact phrases are matched by Sift, not Whoosh's phrase matcher: the same documents, and
    as many occurrences in each (the phrase's term frequency in the ranking)."""
    archive = Archive(un_speeches.index_dir)
    found = 0
    with archive._using() as opened:
        searcher = opened.searcher
        for phrase in ["united nations", "human rights", "the the", "of the united nations",
                       "forced labour", "we we we", "climate change"]:
            words = tuple(token.text for token in text_analyzer()(phrase, mode="query"))
            for field in ("title", "body"):
                matcher = wq.Phrase(field, list(words)).matcher(searcher)
                expected = {}
                while matcher.is_active():
                    expected[matcher.id()] = len(matcher.spans()) or 1
                    matcher.next()
                ids, counts = postings.phrase_arrays(searcher, field, words)
                assert dict(zip(ids.tolist(), counts.tolist(), strict=True)) == expected, phrase
                found += len(expected)
    assert found > 100


def positions_of(searcher, field: str, word: str, docnum: int) -> list[int]:
    matcher = searcher.postings(field, word)
    matcher.skip_to(docnum)
    assert matcher.id() == docnum
    return matcher.value_as("positions")


def test_the_same_postings_across_segments_and_deletions(corpus_copy):
    """Incremental runs leave several segments; removed and changed files leave deleted
    documents in them, which must never be counted."""
    build.reindex(corpus_copy)
    for run in range(3):
        for n in range(10):
            (corpus_copy.corpus_dir / f"extra-{run}-{n}.txt").write_text(
                f"Extra report {run} {n}\n\nCooperation on trafficking, report {n} of run {run}.\n")
        if run:
            (corpus_copy.corpus_dir / f"extra-{run - 1}-3.txt").unlink()
            (corpus_copy.corpus_dir / f"extra-{run - 1}-4.txt").write_text(
                "Changed\n\nNo longer about that.\n")
        build.reindex(corpus_copy)
    archive = Archive(corpus_copy.index_dir)
    with archive._using() as opened:
        searcher = opened.searcher
        leaves = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
        assert len(leaves) > 1 and any(reader.has_deletions() for reader in leaves)
        for word in ("cooper", "traffick", "report", "chang", "extra"):
            matcher = searcher.reader().postings("body", word)
            expected = {}
            while matcher.is_active():
                expected[matcher.id()] = matcher.weight()
                matcher.next()
            ids, weights = postings.arrays(searcher, "body", word)
            assert dict(zip(ids.tolist(), weights.tolist(), strict=True)) == pytest.approx(expected)
            some = sorted(expected)[::2]
            assert postings.positions(searcher, "body", word, some) == {
                docnum: positions_of(searcher, "body", word, docnum) for docnum in some}
        extra = wq.Phrase("body", ["extra", "report"]).matcher(searcher)
        assert postings.phrase_arrays(searcher, "body", ("extra", "report"))[0].tolist() == list(
            extra.all_ids())
    texts = ["cooperation", "report -trafficking", "changed OR extra", '"extra report"',
             "NOT cooperation", "title:extra AND body:run"]
    assert assert_same_matches(archive, texts) == len(texts)


def test_every_with_nothing_deleted_is_every_live_document(corpus_copy):
    build.reindex(corpus_copy)
    (corpus_copy.corpus_dir / "2025-07-30-group-of-friends-declaration.txt").unlink()
    build.reindex(corpus_copy)
    archive = Archive(corpus_copy.index_dir)
    with archive._using() as opened:
        searcher = opened.searcher
        assert postings.doc_set(searcher, wq.Every()) == set(searcher.reader().all_doc_ids())
        assert len(postings.doc_set(searcher, wq.Every())) == 4


def test_the_version_in_use_keeps_its_derived_data(monkeypatch):
    """Requests on the live version keep it among the versions kept, whatever older versions
    (an export begun before a reindex) are asked for meanwhile."""
    monkeypatch.setattr(postings, "index_version", lambda reader: reader)
    versions = postings._Versions()
    made = []

    def facets_of(version):
        return lambda: made.append(version) or f"facets of {version}"

    for version in ("live", "older", "live", "oldest", "live"):
        assert versions.get(version, "facets", facets_of(version)) == f"facets of {version}"
    assert made == ["live", "older", "oldest"]  # the live version's made once
