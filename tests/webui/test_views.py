"""The year histogram, the archive's query examples and the citation line."""

from __future__ import annotations

from indexer.document_fields import ENTITY, KEYWORD, YEAR, Facet
from webui import views


def rows(*pairs, selected=()):
    return [{"value": str(v), "label": str(v), "count": n, "selected": v in selected}
            for v, n in pairs]


def test_year_bars_fill_gaps_and_scale_to_the_tallest():
    bars = views.year_bars(rows((2019, 4), (2016, 1), (2018, 2), selected=(2018,)))
    assert [(b.year, b.count) for b in bars] == [(2016, 1), (2017, 0), (2018, 2), (2019, 4)]
    assert [b.height for b in bars] == [25, 0, 50, 100]
    assert [b.year for b in bars if b.selected] == [2018]


def test_year_bars_keep_small_counts_visible_and_draw_every_year_between():
    bars = views.year_bars(rows((1946, 1), (2024, 1000)))
    # 1946-2024 is one axis: the 77 years without documents are gaps, not dropped.
    assert [b.year for b in bars] == list(range(1946, 2025))
    assert bars[0].height == 2
    assert views.year_bars([]) == []
    assert [b.year for b in views.year_bars(rows((2019, 1), (":", 0), ("٣", 0), selected=(":",)))
            ] == [2019]
    # A stray "year 1" does not draw two thousand empty bars.
    assert [b.year for b in views.year_bars(rows((1, 1), (2020, 3)))] == [1, 2020]


def test_year_labels_are_round_years_few_enough_to_read():
    labels = [b.label for b in views.year_bars(rows((1946, 1), (2024, 1))) if b.label]
    assert labels == ["1950", "1960", "1970", "1980", "1990", "2000", "2010", "2020"]
    assert [b.label for b in views.year_bars(rows((2016, 1), (2019, 1)))] == [
        "2016", "2017", "2018", "2019"]
    labels = [b.label for b in views.year_bars(rows((2015, 1), (2023, 1))) if b.label]
    assert labels == ["2016", "2018", "2020", "2022"]
    assert [b.label for b in views.year_bars(rows((2023, 5)))] == ["2023"]


def answer(total, years, undated=None):
    found = {"total": total, "facets": {"year": years}}
    if undated is not None:
        found["undated_total"] = undated
    return found


def test_the_chart_has_an_undated_bar():
    chart = views.year_chart(answer(10, rows((2015, 2), (2023, 3))), "year")
    assert chart.undated == 5
    assert chart.undated_height == 100  # the undated bar is the tallest here
    assert [b.height for b in chart.bars if b.count] == [40, 60]
    assert (chart.first, chart.last) == (2015, 2023)
    # The search core's own figure wins once it gives one.
    assert views.year_chart(answer(10, rows((2015, 2)), undated=0), "year").undated == 0
    # A chosen year's facet counts the query without it: the difference would be meaningless.
    chosen = answer(2, rows((2015, 2), (2023, 3), selected=(2015,)))
    assert views.year_chart(chosen, "year").undated is None
    assert views.year_chart(answer(4, []), "year").undated == 4


def test_query_examples_come_from_the_facets():
    facets = {
        "topic": rows(("forced labour", 3)),
        "country": rows(("Qatar", 2)),
        "person": rows(("Andrei Dapkiunas", 1)),
        "year": rows((2016, 1), (2021, 2)),
    }
    queries = [example.query for example in views.query_examples(facets)]
    # the phrase: the commonest value of several words (a topic here, not the person)
    assert queries == ['"forced labour"', "forc*", "country:Qatar", 'person:"Andrei Dapkiunas"',
                       'topic:"forced labour"', "forced -qatar", "year:[2016 TO 2021]"]
    assert views.query_examples({}) == []


def test_query_examples_follow_the_declared_kinds_not_names():
    """A facet declared by an archive of its own gets its examples with no code naming it."""
    declared = (Facet("vessel", "Vessel", ENTITY), Facet("flag", "Flag", KEYWORD),
                Facet("season", "Season", YEAR))
    facets = {"vessel": rows(("Ocean Star", 4)), "flag": rows(("Panama", 9)),
              "season": rows((2001, 1), (2004, 1))}
    queries = [example.query for example in views.query_examples(facets, declared)]
    assert queries == ['"Ocean Star"', 'vessel:"Ocean Star"', "season:[2001 TO 2004]"]


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


def test_facet_rows_pin_the_chosen_and_order_by_count_or_name():
    facet = rows(("Qatar", 3), ("Nigeria", 9), ("Belarus", 5), ("Côte d'Ivoire", 1),
                 selected=("Qatar",))
    facet = sorted(facet, key=lambda row: -row["count"])  # the search core's order
    assert [r["value"] for r in views.facet_rows(facet)] == [
        "Qatar", "Nigeria", "Belarus", "Côte d'Ivoire"]
    assert [r["value"] for r in views.facet_rows(facet, "az")] == [
        "Qatar", "Belarus", "Côte d'Ivoire", "Nigeria"]
    assert [r["value"] for r in views.facet_rows(facet, contains="nig")] == ["Qatar", "Nigeria"]
    assert [r["value"] for r in views.facet_rows(facet, contains="ivo")] == [
        "Qatar", "Côte d'Ivoire"]
