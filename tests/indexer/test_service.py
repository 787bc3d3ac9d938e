"""The search service's contract: requests checked before any index is opened."""

import datetime as dt
import importlib
import inspect

import pytest

from indexer.query_syntax import MAX_QUERY_LENGTH
from indexer.service import MAX_PER_PAGE, Archive, SearchError, request_from_params


@pytest.mark.parametrize(
    ("params", "code"),
    [({"per_page": [str(MAX_PER_PAGE + 1)]}, "bad_parameter"), ({"page": ["0"]}, "bad_parameter"),
     ({"page": ["two"]}, "bad_parameter"), ({"sort": ["best"]}, "bad_parameter"),
     ({"date_from": ["yesterday"]}, "bad_parameter"),
     ({"q": ["x" * (MAX_QUERY_LENGTH + 1)]}, "query_too_long"),
     ({"q": ['"forced labour']}, "bad_query"), ({"q": ["colour:red"]}, "bad_query")],
)
def test_bad_parameters_are_refused(params, code):
    with pytest.raises(SearchError) as error:
        request_from_params(params)
    assert error.value.code == code


def test_a_request_reads_filters_dates_and_paging():
    request = request_from_params({"q": ["trafficking"], "country": ["Qatar", " Qatar ", ""],
                                   "date_from": ["2019-02"], "date_to": ["2019-02"],
                                   "page": ["3"], "per_page": ["20"], "colour": ["red"]})
    assert request.filters == {"country": ("Qatar",)}  # unknown parameters are ignored
    assert (request.date_from, request.date_to) == (dt.date(2019, 2, 1), dt.date(2019, 2, 28))
    assert (request.page, request.per_page, request.sort) == (3, 20, "relevance")


@pytest.mark.parametrize("archive_class", ["indexer.engines.whoosh.search:Archive",
                                           "indexer.engines.solr.archive:SolrArchive"])
def test_each_engine_answers_everything_the_service_asks(archive_class):
    """The web front end and the CLI call an archive through the service's protocol only: each
    engine's archive has every one of its methods, taking the same parameters."""
    module, _, name = archive_class.partition(":")
    engine_archive = getattr(importlib.import_module(module), name)
    for method, declared in inspect.getmembers(Archive, inspect.isfunction):
        if method.startswith("_"):
            continue
        assert hasattr(engine_archive, method), f"{name} has no {method}"
        wanted = list(inspect.signature(declared).parameters)
        found = list(inspect.signature(getattr(engine_archive, method)).parameters)
        assert found[:len(wanted)] == wanted, (name, method, found)


SHAPES = [{"q": ["trafficking"]}, {"q": [""]}, {"q": ["traffiking victms"]},
          {"q": ["qwxzv"]}, {"q": ["labour"], "sort": ["newest"], "show_duplicates": ["1"]},
          {"q": ["trafficking"], "country": ["Belarus"], "page": ["2"], "per_page": ["2"]}]


def answer_shape_problems(archive, shapes=SHAPES) -> list[str]:
    """What in ``archive``'s answers differs from the declared Answer and Result (an engine
    adding a key of its own, or leaving one out, breaks the front end on the other)."""
    from indexer.service import Answer, result_keys

    problems = []
    for params in shapes:
        answer = archive.search(request_from_params(params))
        if set(answer) != set(Answer.__annotations__):
            problems.append(f"{params}: {set(answer) ^ set(Answer.__annotations__)}")
        for result in answer["results"]:
            if set(result) != result_keys():
                problems.append(f"{params} {result['id']}: {set(result) ^ result_keys()}")
    return problems


def test_the_answer_has_the_declared_shape(archive):
    assert answer_shape_problems(archive) == []
