"""A PDF result opened at the page of its passage, in a real browser."""

from __future__ import annotations

import re


def test_a_pdf_result_opens_at_its_page(page, paged_server):
    page.set_viewport_size({"width": 900, "height": 500})
    page.goto(f"{paged_server.url}/?q=ombudsman")
    reference = page.locator(".hit .page-ref")
    assert reference.inner_text() == "p. 2"
    reference.click()
    page.wait_for_url(re.compile(r"/doc/[^#]+#page-2$"))
    anchor = page.locator("#page-2")
    assert anchor.is_visible()
    top = anchor.evaluate("element => element.getBoundingClientRect().top")
    assert -2 <= top < 500  # scrolled to the page's mark, not left at the top of the document
    assert page.locator("#page-3").evaluate("e => e.getBoundingClientRect().top") > top
    assert page.locator("mark").first.inner_text() == "ombudsman"
    assert page.errors == []


def test_next_match_crosses_pages(page, paged_server):
    page.set_viewport_size({"width": 900, "height": 400})
    page.goto(f"{paged_server.url}/?q=farms")
    page.locator(".hit h2 a").first.click()
    page.wait_for_url(re.compile(r"/doc/inspection-.+q=farms"))
    status = page.locator("#match-status")
    page.get_by_role("link", name="Next match").click()
    assert status.inner_text() == "Match 1 of 2"
    page.get_by_role("link", name="Next match").click()
    assert status.inner_text() == "Match 2 of 2"
    current = page.locator(".doc-text mark.current")
    # the second match is on page 3, after its page mark, and scrolled into view
    assert current.evaluate(
        "el => !!(document.getElementById('page-3').compareDocumentPosition(el) & 4)")
    box = current.bounding_box()
    assert box is not None and 0 <= box["y"] <= 400
    assert page.errors == []
