"""The year histogram, the archive's query examples and the citation line."""

from __future__ import annotations

from webui import views


def rows(*pairs, selected=()):
    return [{"value": str(v), "label": str(v), "count": n, "selected": v in selected}
            for v, n in pairs]


def test_year_bars_fill_gaps_and_scale_to_the_tallest():
    bars = views.year_bars(rows((2019, 4), (2016, 1), (2018, 2), selected=(2018,)))
    assert [(b.year, b.count) for b in bars] == [(2016, 1), (2017, 0), (2018, 2), (2019, 4)]
    assert [b.height for b in bars] == [25, 0, 50, 100]
    assert [b.year for b in bars if b.selected] == [2018]


def test_year_bars_keep_small_counts_visible_and_skip_long_gaps():
    bars = views.year_bars(rows((1900, 1), (2020, 1000)))
    assert [b.year for b in bars] == [1900, 2020]
    assert bars[0].height == 2
    assert views.year_bars([]) == []
    assert [b.year for b in views.year_bars(rows((2019, 1), (":", 0), ("٣", 0), selected=(":",)))
            ] == [2019]


def test_query_examples_come_from_the_facets():
    facets = {
        "topic": rows(("forced labour", 3)),
        "country": rows(("Qatar", 2)),
        "person": rows(("Andrei Dapkiunas", 1)),
        "year": rows((2016, 1), (2021, 2)),
    }
    queries = [example.query for example in views.query_examples(facets)]
    assert queries == ['"forced labour"', 'topic:"forced labour"', "forc*", "country:Qatar",
                       'person:"Andrei Dapkiunas"', "forced -qatar", "year:[2016 TO 2021]"]
    assert views.query_examples({}) == []


def test_citation_uses_the_original_address_when_known():
    record = {"title": "Police dismantle ring.", "source": "Daily", "date": "2019-06-04",
              "source_url": "https://news.example/ring"}
    assert views.citation(record, "http://sift/doc/x") == (
        "Police dismantle ring. Daily, 4 June 2019. https://news.example/ring")
    undated = {"title": "Guidance", "source": "", "date": None, "source_url": ""}
    assert views.citation(undated, "http://sift/doc/y") == "Guidance. http://sift/doc/y"


def test_how_much_later_a_duplicate_came_out():
    from webui.views import published_later

    assert published_later("2018-07-30", "2018-08-01") == "2 days later"
    assert published_later("2018-07-30", "2018-07-29") == "a day earlier"
    assert published_later("2018-07-30", "2018-07-30") == "the same day"
    assert published_later("2018-07-30", None) == "" == published_later(None, "2018-07-30")
