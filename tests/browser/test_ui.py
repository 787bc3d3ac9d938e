"""The web UI in a real browser: search, facets, a document's matches, keyboard-only use,
suggestions, copying a citation, contrast in both colour schemes, and screenshots."""

from __future__ import annotations

import re

import pytest


def result_titles(page) -> list[str]:
    return page.locator(".hit h2").all_inner_texts()


def facet_checkbox(page, facet: str, value: str):
    return page.locator(f"input[type=checkbox][name={facet}][value='{value}']")


def test_search_from_the_box(page, live_server):
    page.goto(live_server.url)
    page.get_by_label("Search the archive").fill("forced labour")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=forced"))
    assert result_titles(page)[0].startswith("Qatar announces labour reform")
    count = page.get_by_role("status").first
    assert re.match(r"\d+ documents? for “forced labour” in [\d.]+ ms", count.inner_text())
    assert page.locator(".hit mark").count() > 0
    assert page.errors == []


def language_counts(page) -> int:
    """The language counts add up to the results: each document has one language."""
    kind = page.locator("fieldset.facet").filter(has_text="Language")
    return sum(int(text) for text in kind.locator(".count").all_inner_texts())


def test_ticking_a_facet_applies_it_and_back_restores(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking")
    before = result_titles(page)
    assert language_counts(page) == len(before)
    facet_checkbox(page, "country", "Qatar").check()  # no submit button: sift.js applies it
    page.wait_for_url(re.compile(r"country=Qatar"))
    after = result_titles(page)
    assert 0 < len(after) < len(before)
    assert page.locator(".chip").inner_text().startswith("Country: Qatar")
    assert facet_checkbox(page, "country", "Qatar").is_checked()
    # The other facets count the narrowed results; countries still count the whole query,
    # so choosing one hides no other.
    assert language_counts(page) == len(after)
    assert facet_checkbox(page, "country", "Belarus").count() == 1
    assert not page.locator(".facet-form .apply").is_visible()
    page.go_back()
    page.wait_for_url(re.compile(r"q=trafficking$"))
    assert result_titles(page) == before
    assert page.errors == []


def test_year_bar_filters_to_its_year(page, live_server):
    page.goto(live_server.url)
    page.get_by_role("link", name="2019: 2 documents").click()
    page.wait_for_url(re.compile(r"year=2019"))
    dates = page.locator(".hit .meta time").evaluate_all("els => els.map(e => e.dateTime)")
    assert dates and all(date.startswith("2019") for date in dates)
    assert page.errors == []


def test_document_matches_can_be_stepped_through(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/doc/.+q=trafficking"))
    marks = page.locator(".doc-text mark")
    total = marks.count()
    assert total >= 3
    status = page.locator("#match-status")
    page.get_by_role("link", name="Next match").click()
    assert status.inner_text() == f"Match 1 of {total}"
    page.get_by_role("link", name="Next match").click()
    assert status.inner_text() == f"Match 2 of {total}"
    current = page.locator(".doc-text mark.current")
    assert current.count() == 1
    assert current.evaluate("el => el === document.querySelectorAll('.doc-text mark')[1]")
    assert current.is_visible() and _in_viewport(page, current)
    page.keyboard.press("p")
    assert status.inner_text() == f"Match 1 of {total}"
    page.keyboard.press("p")  # wraps round to the last
    assert status.inner_text() == f"Match {total} of {total}"
    assert _in_viewport(page, page.locator(".doc-text mark.current"))
    assert page.errors == []


def _in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and 0 <= box["y"] and box["y"] + box["height"] <= height


def test_keyboard_only(page, live_server):
    page.goto(live_server.url)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"
    page.keyboard.type("qatar")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=qatar"))
    # Tab from the box reaches the first result, with a visible focus ring.
    page.locator("#q").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.hit h2')"):
            break
    else:
        pytest.fail("the first result cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    # A facet is ticked with the space bar and applies at once.
    checkbox = facet_checkbox(page, "kind", "news")
    checkbox.focus()
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"kind=news"))
    # Enter on a result opens it.
    page.locator(".hit h2 a").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/doc/"))
    assert page.locator("h1").inner_text()
    assert page.errors == []


def test_suggestions_while_typing(page, live_server):
    page.goto(live_server.url)
    page.locator("#q").press_sequentially("traff", delay=30)
    options = page.locator("#q-suggestions option")
    options.first.wait_for(state="attached")
    values = options.evaluate_all("els => els.map(e => e.value)")
    assert "trafficking" in values
    assert page.errors == []


def test_copy_citation(browser, live_server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{live_server.url}/?q=Lagos")
    page.locator(".hit h2 a").first.click()
    page.get_by_role("button", name="Copy citation").click()
    page.get_by_text("Citation copied.").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#citation").inner_text().strip()
    assert copied.startswith("Police dismantle trafficking ring in Lagos.")
    context.close()


CONTRAST_PAIRS = {
    "text": ("body", "color", "body"),
    "muted": (".meta", "color", "body"),
    "link": (".hit h2 a", "color", "body"),
    "mark": (".snippet mark", "color", ".snippet mark"),
    "count": (".count", "color", "body"),
}


def _contrast(page, fg_selector, bg_selector) -> float:
    return page.evaluate(
        """([fg, bg]) => {
          const rgb = (s) => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
          const background = (el) => {
            for (; el; el = el.parentElement) {
              const c = getComputedStyle(el).backgroundColor;
              if (!/rgba\\(.*, 0\\)$/.test(c) && c !== 'transparent') return c;
            }
            return getComputedStyle(document.documentElement).backgroundColor;
          };
          const lum = (c) => {
            const [r, g, b] = rgb(c).map((v) => {
              v /= 255;
              return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          const a = lum(getComputedStyle(document.querySelector(fg)).color);
          const b = lum(background(document.querySelector(bg)));
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        }""",
        [fg_selector, bg_selector],
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_passes_wcag_aa(browser, live_server, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{live_server.url}/?q=trafficking")
    background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")
    for name, (fg, _, bg) in CONTRAST_PAIRS.items():
        assert _contrast(page, fg, bg) >= 4.5, f"{name} in {scheme} mode"
    context.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (360, 780)])
def test_results_page_screenshots_and_fits_the_width(browser, live_server, output_dir,
                                                     width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(f"{live_server.url}/?q=trafficking&country=Belarus")
    page.screenshot(path=output_dir / f"results-{width}.png", full_page=True)
    assert (output_dir / f"results-{width}.png").stat().st_size > 10_000
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"
    box = page.locator("#q").bounding_box()
    assert box["width"] >= min(240, width * 0.6)  # the search box stays usable
    filters = page.locator("aside.facets").bounding_box()
    results = page.locator("section.results").bounding_box()
    if width < 700:
        assert filters["y"] > results["y"]  # stacked under the results
    else:
        assert filters["x"] > results["x"]  # beside them
    context.close()
