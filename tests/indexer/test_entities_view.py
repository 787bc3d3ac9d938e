"""Entity pages' plain data, counted from the index's facets, on the sample archive and on real
UN speeches."""

from __future__ import annotations

from indexer import entities_view
from indexer.config import ENTITIES_FILE
from indexer.engines.whoosh.search import Archive
from indexer.entities import load_aliases
from indexer.service import SearchRequest


def test_an_entity_counts_its_documents_years_and_companions(archive, sample):
    aliases = load_aliases(sample.corpus_dir / ENTITIES_FILE)
    found = entities_view.entity(archive, "organization", "unodc", aliases)
    assert found["value"] == "UNODC"  # any case finds the value as indexed
    assert "UN Office on Drugs and Crime" in found["aliases"]
    everyone = archive.search(SearchRequest(filters={"organization": ("UNODC",)}, per_page=100))
    assert found["count"] == everyone["total"] > 0
    assert sum(row["count"] for row in found["years"]) + found["undated"] == found["count"]
    years = [row["year"] for row in found["years"]]
    assert years == sorted(years)
    # Newest first, dated ones before undated ones.
    dates = [doc["date"] for doc in found["documents"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[:len(dated)] == dated
    # Each companion's count is the number of documents naming both.
    for row in found["related"][:5]:
        both = archive.search(SearchRequest(
            filters={"organization": ("UNODC",), row["facet"]: (row["value"],)}))
        assert row["count"] == both["total"], row
    assert ("organization", "UNODC") not in {(r["facet"], r["value"]) for r in found["related"]}


def test_unknown_entities_and_facets_are_none(archive):
    assert entities_view.entity(archive, "country", "Atlantis") is None
    assert entities_view.entity(archive, "colour", "red") is None


def test_the_entity_index_lists_every_value_of_every_facet(archive):
    listing = {f["facet"]: f["values"] for f in entities_view.all_entities(archive)}
    answer = archive.search(SearchRequest(facet_size=0))
    for facet, rows in answer["facets"].items():
        assert {(r["value"], r["count"]) for r in rows} == {
            (r["value"], r["count"]) for r in listing[facet]}
        counts = [r["count"] for r in listing[facet]]
        assert counts == sorted(counts, reverse=True)


def test_the_most_named_country_of_real_speeches(un_speeches):
    archive = Archive(un_speeches.index_dir)
    countries = entities_view.all_entities(archive)[0]
    assert countries["facet"] == "country"
    top = countries["values"][0]
    found = entities_view.entity(archive, "country", top["value"])
    assert found["count"] == top["count"] > 100
    assert sum(row["count"] for row in found["years"]) + found["undated"] == found["count"]
    assert len(found["related"]) == entities_view.RELATED
    assert len(found["documents"]) == entities_view.DOCUMENTS
    companion = found["related"][0]
    both = archive.search(SearchRequest(
        q=f'country:"{top["value"]}" country:"{companion["value"]}"'))
    assert both["total"] == companion["count"]


def test_a_value_with_a_quote_has_its_page(tmp_path):
    """The query language cannot quote a value that holds a quote: its page is one filter."""
    import shutil

    from tests.conftest import SHIPPED_CORPUS, build_index

    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    metadata = corpus / "metadata.toml"
    metadata.write_text(metadata.read_text(encoding="utf-8").replace(
        'source = "BelTA"', "source = 'The \"Minsk\" Herald'"), encoding="utf-8")
    archive = Archive(build_index(corpus, tmp_path / "index").index_dir)
    found = entities_view.entity(archive, "source", 'the "minsk" herald')
    assert found["value"] == 'The "Minsk" Herald'
    assert found["count"] == 1
    assert [doc["path"] for doc in found["documents"]] == [
        "2025-07-30-group-of-friends-declaration.txt"]
    assert all(row["facet"] != "source" for row in found["related"])
