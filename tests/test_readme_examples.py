"""The README's query-language table is a promise: each example it shows finds something in the
shipped corpus (a reader tries them first). The table is read from README.md itself, so an
example edited there is checked here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_examples() -> list[str]:
    """Every `backquoted` query in the first column of the table under "you type | it finds"."""
    table = README.read_text(encoding="utf-8").split("| you type | it finds |", 1)[1]
    rows = [line for line in table.strip().split("\n\n", 1)[0].splitlines()[1:]]
    return [query for row in rows for query in re.findall(r"`([^`]+)`", row.split("|")[1])]


def test_the_table_is_found():
    examples = readme_examples()
    assert len(examples) >= 15
    assert "traffick*" in examples


@pytest.mark.parametrize("query", readme_examples())
def test_each_readme_example_finds_a_document(shipped, query):
    answer = Archive(shipped.index_dir).search(SearchRequest(q=query, per_page=1, facet_size=1))
    assert answer["total"] >= 1, f"the README's example {query!r} finds nothing"
