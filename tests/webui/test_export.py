"""The export addresses and the search page's Export menu."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def jsonl(response) -> list[dict]:
    return [json.loads(line) for line in response.get_data(as_text=True).splitlines()]


def test_json_export_has_every_result_of_the_search_page(client):
    search = client.get("/api/search?q=trafficking&country=Belarus&per_page=100").get_json()
    response = client.get("/export.json?q=trafficking&country=Belarus&page=2&per_page=1")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    header, *rows = jsonl(response)
    info = header["export"]
    assert info["query"] == "trafficking" and info["filters"] == {"country": ["Belarus"]}
    assert info["total"] == search["total"] == len(rows)  # not one page: all of them
    assert [row["id"] for row in rows] == [hit["id"] for hit in search["results"]]
    assert response.headers["X-Sift-Index-Build"] == info["index_build"]
    assert rows[0]["url"] == search["results"][0]["page_url"]
    assert set(rows[0]) >= {"id", "title", "date", "source", "kind", "language", "country",
                            "organization", "person", "topic", "url", "snippet", "score"}


def test_an_empty_query_exports_newest_first_like_the_search_page(client):
    header, *rows = jsonl(client.get("/export.json"))
    assert header["export"]["sort"] == "newest"
    dates = [row["date"] for row in rows if row["date"]]
    assert dates == sorted(dates, reverse=True)


def test_csv_and_ris_downloads(client):
    response = client.get("/export.csv?q=forced+labour")
    assert response.status_code == 200
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    table = [line for line in text.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(table))))
    assert len(rows) == int(response.headers["X-Sift-Total"]) > 0
    ris = client.get("/export.ris?q=forced+labour")
    assert ris.mimetype == "application/x-research-info-systems"
    assert ris.get_data(as_text=True).count("ER  - ") == len(rows)


def test_bad_exports_are_clear_errors(client):
    bad = client.get("/export.csv?q=%22unclosed")
    assert bad.status_code == 400 and b"quotation mark" in bad.data
    assert client.get("/export.csv?sort=sideways").status_code == 400
    assert client.get("/export.xlsx").status_code == 404
    # A program reading JSON Lines gets the API's error object.
    failed = client.get("/export.json?q=%22unclosed")
    assert failed.status_code == 400 and failed.get_json()["ok"] is False
    assert "quotation mark" in failed.get_json()["error"]["message"]


def test_search_page_export_menu_keeps_the_search(client):
    soup = BeautifulSoup(client.get("/?q=trafficking&country=Belarus&page=2").data, "lxml")
    menu = soup.select_one("details.export-menu")
    assert menu.summary.get_text(strip=True) == "Export"
    links = {a.get_text(strip=True): a["href"] for a in menu.select("a")}
    assert len(links) == 3
    for href in links.values():
        assert parse_qs(urlsplit(href).query) == {"q": ["trafficking"], "country": ["Belarus"]}
    assert {urlsplit(href).path for href in links.values()} == {
        "/export.csv", "/export.json", "/export.ris"}
    total = client.get("/api/search?q=trafficking&country=Belarus").get_json()["total"]
    assert f"All {total} documents" in menu.get_text()
