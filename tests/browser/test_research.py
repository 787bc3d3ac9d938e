"""Research features in a real browser: from a facet value to its entity page and on to the
documents naming two entities together."""

from __future__ import annotations

import re


def test_from_a_facet_value_to_its_entity_page_and_both_together(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking")
    page.get_by_role("link", name="About UNODC").click()
    page.wait_for_url(re.compile(r"/entity/organization/UNODC$"))
    assert page.get_by_role("heading", level=1).inner_text() == "UNODC"
    assert "UN Office on Drugs and Crime" in page.locator(".aliases").inner_text()
    count = int(re.match(r"(\d+) document", page.locator("#entity-count").inner_text()).group(1))
    assert page.locator(".entity-documents .hit").count() == min(count, 20)
    row = page.locator("table.related tbody tr").first
    both = int(row.locator("td").nth(1).inner_text())
    row.locator("td").nth(1).get_by_role("link").click()
    page.wait_for_url(re.compile(r"/\?"))
    assert re.match(rf"{both} documents?", page.locator("#result-count").inner_text())
    assert page.errors == []


def test_export_menu_downloads_every_result_as_csv(page, live_server):
    page.goto(f"{live_server.url}/?q=trafficking&per_page=2")
    count = int(re.match(r"(\d+) documents", page.locator("#result-count").inner_text()).group(1))
    assert page.locator(".hit").count() == 2 < count
    link = page.get_by_role("link", name="CSV (spreadsheet)")
    assert not link.is_visible()  # the menu is closed
    page.get_by_text("Export", exact=True).click()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".csv")
    text = open(download.value.path(), encoding="utf-8-sig").read()
    lines = text.splitlines()
    assert lines[0] == f"# Sift export: {count} documents" and "# query: trafficking" in lines
    table = [line for line in lines if not line.startswith("#")]
    assert table[0].startswith("id,title,date") and len(table) == count + 1
    assert page.errors == []
