"""The search page's links: one change to the current parameters, encoded by urlencode."""

from __future__ import annotations

from urllib.parse import parse_qsl

from webui import links


def pairs(href: str) -> list[tuple[str, str]]:
    assert href.startswith("?")
    return parse_qsl(href[1:])


def test_clean_keeps_meaningful_parameters_once():
    raw = [("q", " forced "), ("page", "3"), ("country", "Qatar"), ("country", "Qatar"),
           ("country", " "), ("utm_source", "x"), ("sort", "newest")]
    assert links.clean(raw) == [("q", " forced "), ("country", "Qatar"), ("sort", "newest")]


def test_toggle_adds_then_removes_a_value_and_resets_the_page():
    params = [("q", "trafficking"), ("country", "Qatar")]
    added = links.toggle(params, "country", "Nigeria")
    assert pairs(added) == [("q", "trafficking"), ("country", "Qatar"), ("country", "Nigeria")]
    assert pairs(links.toggle(params, "country", "Qatar")) == [("q", "trafficking")]


def test_values_are_encoded():
    href = links.toggle([("q", "a&b")], "topic", "x=y #1")
    assert "&b" not in href.split("&", 1)[0]
    assert pairs(href) == [("q", "a&b"), ("topic", "x=y #1")]


def test_href_replaces_single_values_and_removes_empty_ones():
    params = [("q", "x"), ("sort", "newest"), ("year", "2019")]
    assert pairs(links.href(params, sort="oldest", page=2)) == [
        ("q", "x"), ("year", "2019"), ("sort", "oldest"), ("page", "2")]
    assert pairs(links.href(params, sort=None)) == [("q", "x"), ("year", "2019")]
    assert links.href([]) == "?"


def test_without_filters_keeps_query_and_sort():
    params = [("q", "x"), ("sort", "oldest"), ("country", "Qatar"), ("year", "2019"),
              ("date_from", "2019")]
    assert pairs(links.without_filters(params)) == [("q", "x"), ("sort", "oldest")]


def numbers(page, per_page, total):
    return [link.number for link in links.page_links(page, per_page, total)]


def test_page_links_show_ends_and_neighbours_with_gaps():
    assert numbers(1, 10, 5) == [1]
    assert numbers(1, 10, 45) == [1, 2, 3, 4, 5]
    assert numbers(10, 10, 200) == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [link.current for link in links.page_links(2, 10, 30)] == [False, True, False]


def test_back_to_the_results_keeps_query_filters_sort_and_page():
    params = [("q", "forced labour"), ("country", "Qatar"), ("sort", "oldest")]
    state = links.results_state(params, 3)
    assert pairs(links.back_to_results(state)) == [*params, ("page", "3")]
    assert pairs(links.back_to_results(links.results_state(params, 1))) == params
    # Whatever a hand-edited URL slips in is dropped.
    assert links.back_to_results("q=x&page=-2&evil=1&page=abc") == "?q=x"
    assert links.back_to_results("") == "?"


def test_without_and_applied():
    params = [("q", "x"), ("year", "2019"), ("date_from", "2018"), ("country", "Qatar")]
    assert pairs(links.without(params, "year", "date_from", "date_to")) == [
        ("q", "x"), ("country", "Qatar")]
    assert links.applied(params) == 3
