"""Near-duplicates: the same statement republished with a new headline, a site menu and a few
sentences changed is grouped with its original; everything else is not; groups follow every
reindex."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import pytest

from indexer import duplicates
from indexer.config import Settings
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest
from tests.republish import BRIEFING


@pytest.fixture(scope="module")
def planted(un_corpus, republish, tmp_path_factory):
    """All 385 real speeches plus 40 of them republished: (settings, planted pairs of paths)."""
    corpus = tmp_path_factory.mktemp("dup-corpus")
    shutil.copytree(un_corpus, corpus, dirs_exist_ok=True)
    pairs = republish.plant(corpus, 40)
    settings = Settings(corpus, tmp_path_factory.mktemp("dup-index"))
    build.reindex(settings, full=True)
    return settings, pairs


def grouped_pairs(archive: Archive) -> set[frozenset[str]]:
    everything = archive.search(SearchRequest(per_page=1))["total"]
    pairs = set()
    for page in range(1, everything // 100 + 2):
        answer = archive.search(SearchRequest(page=page, per_page=100, show_duplicates=True))
        for hit in answer["results"]:
            pairs |= {frozenset((hit["path"], other["path"])) for other in hit["duplicates"]}
    return pairs


def test_precision_and_recall_on_republished_real_speeches(planted):
    settings, planted_pairs = planted
    found = grouped_pairs(Archive(settings.index_dir))
    right = found & planted_pairs
    precision = len(right) / len(found) if found else 0.0
    recall = len(right) / len(planted_pairs)
    print(f"\nnear-duplicates on 385 UN speeches + 40 republished: {len(found)} pairs grouped, "
          f"precision {precision:.3f}, recall {recall:.3f}")
    assert precision >= 0.95 and recall >= 0.95


def test_a_result_list_shows_each_statement_once(planted):
    settings, planted_pairs = planted
    archive = Archive(settings.index_dir)
    folded = archive.search(SearchRequest(q="assembly", per_page=100))
    everything = archive.search(SearchRequest(q="assembly", per_page=100, show_duplicates=True))
    assert folded["total"] == everything["total"]  # documents, as always
    assert folded["facets"] == everything["facets"]
    grouped = [hit for hit in folded["results"] if hit["duplicates"]]
    assert grouped and folded["entries"] < folded["total"] == everything["entries"]
    paths = [hit["path"] for hit in folded["results"]]
    for hit in grouped:
        assert not any(other["path"] in paths for other in hit["duplicates"])
        assert {"id", "title", "source", "date"} <= set(hit["duplicates"][0])


def test_signatures_tell_copies_from_other_texts(un_corpus, republish):
    texts = [path.read_text(encoding="utf-8", errors="replace")
             for path in sorted(un_corpus.rglob("*.txt"))[:30]]
    signatures = [duplicates.signature(text) for text in texts]
    rng = random.Random(1)
    copy = duplicates.signature(republish.republished(texts[0], texts[1], rng, "A new headline"))
    assert duplicates.similarity(signatures[0], copy) >= duplicates.THRESHOLD
    worst = max(duplicates.similarity(a, b) for a, b in itertools.combinations(signatures, 2))
    assert worst < duplicates.THRESHOLD / 2
    assert duplicates.signature("too short to say") == b""


@pytest.fixture
def with_copy(corpus_copy, republish) -> tuple[Settings, Path]:
    """The shipped corpus with the Belarus briefing republished by BelTA two days later."""
    copy = republish.belta_copy(corpus_copy.corpus_dir)
    build.reindex(corpus_copy)
    return corpus_copy, copy


def duplicate_paths(archive: Archive, q: str = "briefing") -> dict[str, list[str]]:
    answer = archive.search(SearchRequest(q=q, per_page=100, show_duplicates=True))
    return {hit["path"]: [other["path"] for other in hit["duplicates"]]
            for hit in answer["results"]}


def test_incremental_reindex_keeps_groups_right(with_copy):
    settings, copy = with_copy
    archive = Archive(settings.index_dir)
    assert duplicate_paths(archive)[BRIEFING] == ["belta-briefing.txt"]
    folded = archive.search(SearchRequest(q="briefing"))
    shown = next(hit for hit in folded["results"] if hit["path"] == BRIEFING)
    assert [d["source"] for d in shown["duplicates"]] == ["BelTA"]  # the earliest is shown
    assert "belta-briefing.txt" not in [hit["path"] for hit in folded["results"]]
    # A third member added.
    third = settings.corpus_dir / "third.txt"
    third.write_text(copy.read_text().replace("Belarus marks", "Minsk marks"))
    build.reindex(settings)
    assert sorted(duplicate_paths(archive)[BRIEFING]) == ["belta-briefing.txt", "third.txt"]
    # A member changed into another text leaves the group.
    third.write_text("A different note\n\nThis briefing note is about something else.\n")
    build.reindex(settings)
    assert duplicate_paths(archive)[BRIEFING] == ["belta-briefing.txt"]
    # A member removed: no group is left.
    copy.unlink()
    build.reindex(settings)
    assert duplicate_paths(archive)[BRIEFING] == []
    assert archive.document(
        next(h["id"] for h in folded["results"] if h["path"] == BRIEFING))["duplicates"] == []
