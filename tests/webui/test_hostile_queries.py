"""Hostile queries: each is a clear 400 (or an answer), never a 500, through the JSON API, the
results page and ``sift search``; and the work a query may ask for is bounded before it runs."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer import query_syntax
from indexer.cli import sift
from indexer.config import Settings
from indexer.document_fields import TEXT_FIELDS
from indexer.engines.whoosh import query as query_lang
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchError, request_from_params
from tests.conftest import SHIPPED_CORPUS, build_index
from webui import create_app

HOSTILE = {
    "NOT NOT NOT a": "could not be understood",
    "(" * 497 + "peace" + ")" * 497: "nested more than",
    "date:[0000 TO 9999]": "not a valid date",
    "date:[2019-13 TO 2019-14]": "not a valid date",
    "date:[abc TO *]": "not a valid date",  # Whoosh raises a bare Exception for it
    "content_hash:abc": "the fields are title, body",
    "source_url:x": "the fields are title, body",
    "colour:red": "the fields are title, body",
    "a" * 999: "longer than",
    "İ" * 400: "longer than",
    " OR ".join(f"w{n}" for n in range(120)): "at most",
}


@pytest.fixture(scope="module")
def with_one_liner(tmp_path_factory) -> Settings:
    """The shipped corpus plus a one-line file: a document with a title and no body."""
    corpus = tmp_path_factory.mktemp("one-liner")
    shutil.copytree(SHIPPED_CORPUS, corpus, dirs_exist_ok=True)
    (corpus / "oneline.txt").write_text("Zanzibar cloves harvest\n", encoding="utf-8")
    return build_index(corpus, tmp_path_factory.mktemp("one-liner-index"))


def client_for(settings: Settings):
    return create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir),
                       "SIFT_CORPUS": str(settings.corpus_dir)}).test_client()


@pytest.mark.parametrize("q", HOSTILE, ids=lambda q: q[:25])
def test_hostile_query_is_a_400_naming_the_problem(with_one_liner, q):
    client = client_for(with_one_liner)
    api = client.get("/api/search", query_string={"q": q})
    assert api.status_code == 400
    assert HOSTILE[q] in api.get_json()["error"]["message"]
    page = client.get("/", query_string={"q": q})
    assert page.status_code == 400
    assert HOSTILE[q] in page.get_data(as_text=True)
    result = CliRunner().invoke(sift, ["search", q, "--index", str(with_one_liner.index_dir)],
                                catch_exceptions=False)
    assert result.exit_code == 1
    assert HOSTILE[q] in result.stderr


def test_a_document_with_a_title_and_no_body_is_found(with_one_liner):
    client = client_for(with_one_liner)
    answer = client.get("/api/search", query_string={"q": "zanzibar"}).get_json()
    assert [hit["title"] for hit in answer["results"]] == ["Zanzibar cloves harvest"]
    assert client.get("/", query_string={"q": "zanzibar"}).status_code == 200
    result = CliRunner().invoke(sift, ["search", "zanzibar", "--index",
                                       str(with_one_liner.index_dir)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "Zanzibar cloves harvest" in result.stdout


def test_searchable_fields_still_work(with_one_liner):
    client = client_for(with_one_liner)
    question = " ".join(f"peace{n}" for n in range(query_syntax.MAX_CLAUSES))
    for q in (question, "title:zanzibar", "year:[2000 TO 2030]", "date:[2017-01 TO 2024-12]",
              "(((peace)))", "NOT zanzibar"):
        assert client.get("/api/search", query_string={"q": q}).status_code == 200, q


# --- property test: queries from Sift's own grammar, and random text --------------------------

WORDS = st.sampled_from(["peace", "climate", "trafficking", "Qatar", "WHO", "the", "İ", "ß",
                         "forced", "labour", "x", "développement", "мир", "*", "?"])
FIELDS = st.sampled_from([*query_syntax.SEARCHABLE_FIELDS, "content_hash", "source_url", "zzz"])
RANGE_ENDS = st.sampled_from(["2015", "0000", "9999", "2019-13", "2019-02-30", "*", "abc", ""])


def _grammar():
    word = st.builds(lambda w, suffix: w + suffix, WORDS,
                     st.sampled_from(["", "*", "~", "~2", "?", "^3"]))
    leaf = st.one_of(
        word,
        st.builds(lambda ws: '"' + " ".join(ws) + '"', st.lists(WORDS, min_size=1, max_size=4)),
        st.builds(lambda f, w: f"{f}:{w}", FIELDS, word),
        st.builds(lambda f, a, b, o, c: f"{f}:{o}{a} TO {b}{c}", FIELDS, RANGE_ENDS, RANGE_ENDS,
                  st.sampled_from("[{"), st.sampled_from("]}")),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner,
                  st.sampled_from(["AND", "OR", "NOT", "", "-", "AND NOT"]), inner),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda a: f"NOT {a}", inner),
        st.builds(lambda a: f"-{a}", inner),
    ), max_leaves=40)


QUERIES = st.one_of(_grammar(), st.text(max_size=300),
                    st.text(alphabet='()[]{}"*?~^:-+ ANDORT', max_size=200))


@pytest.fixture(scope="module")
def un(un_speeches):
    return client_for(un_speeches), Archive(un_speeches.index_dir)


@pytest.mark.slow
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(q=QUERIES)
def test_hostile_requests_never_fail(un, q):
    client, archive = un
    for path in ("/api/search", "/"):
        response = client.get(path, query_string={"q": q})
        assert response.status_code in (200, 400), (path, q, response.status_code)
    try:
        parsed = query_lang.parse(q)
        request = request_from_params({"q": [q]})
    except (query_lang.QuerySyntaxError, SearchError):
        return
    if parsed is not None:
        # The work is bounded before searching: at most MAX_CLAUSES conditions (twice over
        # when the words are relaxed), and expansions share MAX_EXPANSIONS terms.
        # (each word is searched in every text field)
        bound = 2 * len(TEXT_FIELDS) * query_syntax.MAX_CLAUSES
        assert sum(1 for _ in parsed.leaves()) <= bound
        with archive._using() as opened:
            rewritten = archive._prepare(parsed, opened)
        if rewritten is not None:
            leaves = sum(1 for _ in rewritten.leaves())
            assert leaves <= bound + 2 * query_syntax.MAX_EXPANSIONS
    archive.search(request)
