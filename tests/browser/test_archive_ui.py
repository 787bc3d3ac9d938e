"""The search page at archive scale, in a real browser: the year chart's range (inputs and
dragging), a long facet's search box, order and full list, the results' state kept across a
document and the Back button, focus kept on a ticked value, and the phone's Filters button.
Screenshots at 1280 and 360 px go to test-output/, on the sample and on real UN speeches."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import serve


@pytest.fixture(scope="session")
def un_server(un_speeches):
    """Sift over a few hundred real UN speeches (190+ countries, two sessions)."""
    from webui import create_app

    app = create_app({"SIFT_INDEX": str(un_speeches.index_dir),
                      "SIFT_CORPUS": str(un_speeches.corpus_dir)})
    yield from serve(app)


def alphabetical(name: str) -> str:
    letters = unicodedata.normalize("NFKD", name)
    return "".join(c for c in letters if not unicodedata.combining(c)).casefold()


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def test_year_range_from_the_inputs(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking")
    page.locator(".year-range input[name=date_from]").fill("2018")
    page.locator(".year-range input[name=date_to]").fill("2019")
    page.locator(".year-range button").click()
    page.wait_for_url(re.compile(r"date_to=2019"))
    years = page.locator(".hit .meta time").evaluate_all(
        "els => els.map(e => e.dateTime.slice(0, 4))")
    assert years and set(years) <= {"2018", "2019"}
    assert query(page)["q"] == ["trafficking"]
    assert page.errors == []


def test_dragging_across_the_bars_chooses_a_range(page, live_server):
    page.goto(live_server.url)
    bars = page.locator(".year-bars li")
    years = [int(y) for y in bars.evaluate_all("els => els.map(e => e.dataset.year)")]
    first, last = bars.first.bounding_box(), bars.last.bounding_box()
    page.mouse.move(first["x"] + first["width"] / 2, first["y"] + first["height"] / 2)
    page.mouse.down()
    page.mouse.move(last["x"] + last["width"] / 2, last["y"] + last["height"] / 2, steps=8)
    assert page.locator(".year-bars li.dragged").count() == len(years)
    page.mouse.up()
    page.wait_for_url(re.compile(r"date_from="))
    assert query(page)["date_from"] == [str(years[0])]
    assert query(page)["date_to"] == [str(years[-1])]
    assert "year" not in query(page)
    assert page.errors == []


def test_a_bar_keeps_its_whole_focus_ring(page, live_server):
    page.goto(live_server.url)
    bar = page.locator(".year-bars a").first
    bar.focus()
    ring = page.evaluate("""() => {
        const a = document.activeElement, chart = a.closest('.year-chart');
        const s = getComputedStyle(a), r = a.getBoundingClientRect();
        const c = chart.getBoundingClientRect();
        const w = parseFloat(s.outlineWidth), o = parseFloat(s.outlineOffset);
        let clipped = false;
        for (let el = a.parentElement; el && el !== document.body; el = el.parentElement) {
            const st = getComputedStyle(el);
            if (st.overflow !== 'visible') {
                const b = el.getBoundingClientRect();
                if (r.left - w - o < b.left || r.right + w + o > b.right || r.top - w - o < b.top)
                    clipped = true;
            }
        }
        return {style: s.outlineStyle, clipped, inside: r.left - w - o >= c.left};
    }""")
    assert ring["style"] != "none" and not ring["clipped"] and ring["inside"]


def test_a_long_facet_has_a_search_box_an_order_and_every_value(page, un_server, output_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(un_server.url)
    countries = page.locator('fieldset[data-facet="country"]')
    assert countries.locator(".facet-values li").count() == 10
    height_before = page.evaluate("document.documentElement.scrollHeight")
    total = int(countries.get_attribute("data-values"))
    assert total > 100
    countries.locator(".facet-more").click()
    values = countries.locator(".facet-values li")
    values.nth(20).wait_for()
    assert values.count() == total
    # The whole list scrolls inside the sidebar: the page does not grow by thousands of pixels.
    assert page.evaluate("document.documentElement.scrollHeight") < height_before + 400
    countries.get_by_label("Order of Country").select_option("az")
    labels = countries.locator(".facet-values label").all_inner_texts()
    names = [re.sub(r"\s*\d+$", "", text) for text in labels]
    assert names == sorted(names, key=alphabetical)  # Côte d'Ivoire before Croatia
    countries.get_by_label("Search the values of Country").fill("qa")
    assert "Qatar" in countries.locator(".facet-values label").first.inner_text()
    page.screenshot(path=output_dir / "un-facet-search-1280.png", full_page=True)
    countries.get_by_role("button", name="Fewer").click()
    assert countries.locator(".facet-values li").count() == 10
    assert page.errors == []


def test_a_ticked_value_is_pinned_on_top_and_keeps_the_focus(page, un_server):
    page.goto(un_server.url)
    countries = page.locator('fieldset[data-facet="country"]')
    countries.get_by_label("Search the values of Country").fill("qatar")
    box = countries.locator("input[type=checkbox][value=Qatar]")
    box.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"country=Qatar"))
    page.wait_for_function("document.activeElement && document.activeElement.value === 'Qatar'")
    assert page.evaluate("document.activeElement.name") == "country"
    first = page.locator('fieldset[data-facet="country"] .facet-values input').first
    assert first.get_attribute("value") == "Qatar" and first.is_checked()
    assert page.errors == []


def test_back_to_the_results_returns_to_the_same_page(page, live_server):
    start = (f"{live_server.url}/?q=trafficking&kind=statement&kind=news&sort=oldest"
             "&per_page=2&page=2")
    page.goto(start)
    titles = page.locator(".hit h2").all_inner_texts()
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/doc/"))
    page.get_by_role("link", name="Back to the results").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert query(page) == query_of(start)
    assert page.locator(".hit h2").all_inner_texts() == titles


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlparse(url).query)


def test_after_back_the_form_shows_only_the_applied_filters(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking")
    page.locator("input[type=checkbox][name=country][value=Qatar]").check()
    page.wait_for_url(re.compile(r"country=Qatar"))
    page.go_back()
    page.wait_for_url(re.compile(r"q=trafficking$"))
    page.wait_for_load_state()
    checked = page.locator(".facet-form input[type=checkbox]:checked").count()
    assert checked == 0
    assert page.locator(".chip").count() == 0


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 780)])
def test_un_speeches_screenshots(browser, un_server, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{un_server.url}/?q=climate")
    page.screenshot(path=output_dir / f"un-results-{width}.png", full_page=width > 700)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    labels = page.locator(".year-chart .year").all_inner_texts()
    assert "undated" in labels or page.locator(".undated-count").count() == 0
    # Year labels never overlap one another.
    boxes = [page.locator(".year-bars .year").nth(i).bounding_box()
             for i in range(page.locator(".year-bars .year").count())]
    assert all(a["x"] + a["width"] <= b["x"] for a, b in zip(boxes, boxes[1:], strict=False))
    context.close()


def test_phone_filters_button_opens_the_filters_at_the_top(browser, un_server, output_dir):
    context = browser.new_context(viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(f"{un_server.url}/?q=climate")
    toggle = page.get_by_role("button", name=re.compile("^Filters"))
    assert toggle.bounding_box()["y"] < 300  # at the top, not after the results
    assert page.locator("aside.facets").bounding_box()["y"] > 780
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    filters = page.locator("aside.facets").bounding_box()
    assert filters["y"] < page.locator("section.results").bounding_box()["y"]
    assert filters["y"] < 780
    page.screenshot(path=output_dir / "un-filters-open-360.png")
    assert page.evaluate("document.activeElement.id") == "filters-heading"
    context.close()


@pytest.fixture(scope="session")
def long_span_server(tmp_path_factory):
    """Documents from 1946 to 2024, a few years apart: the span of the UN General Debate."""
    from tests.conftest import build_index
    from webui import create_app

    corpus = tmp_path_factory.mktemp("long-span")
    curated = []
    for year in (1946, 1950, 1961, 1975, 1990, 1991, 2003, 2015, 2024):
        name = f"general-debate-{year}.txt"
        (corpus / name).write_text(
            f"General Debate of {year}\n\nThe Assembly met in {year} to discuss peace.\n",
            encoding="utf-8")
        curated.append(f'["{name}"]\ndate = {year}-09-24\n')
    (corpus / "metadata.toml").write_text("\n".join(curated), encoding="utf-8")
    settings = build_index(corpus, tmp_path_factory.mktemp("long-span-index"))
    app = create_app({"SIFT_INDEX": str(settings.index_dir), "SIFT_CORPUS": str(corpus)})
    yield from serve(app)


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 780)])
def test_a_long_span_is_labelled_by_decade(browser, long_span_server, output_dir, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{long_span_server.url}/?q=assembly")
    assert page.locator(".year-bars li").count() == 2024 - 1946 + 1  # empty years are gaps
    labels = page.locator(".year-bars .year")
    assert labels.all_inner_texts() == [str(y) for y in range(1950, 2021, 10)]
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    assert all(a["x"] + a["width"] < b["x"] for a, b in zip(boxes, boxes[1:], strict=False))
    chart = page.locator(".year-chart").bounding_box()
    assert boxes[0]["x"] >= chart["x"] and boxes[-1]["x"] + boxes[-1]["width"] <= (
        chart["x"] + chart["width"])
    page.locator(".year-chart").screenshot(path=output_dir / f"years-1946-2024-{width}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    context.close()
