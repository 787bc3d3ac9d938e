"""Entity pages, the entity index and their JSON, as a reader and a program get them."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.data, "lxml")


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def test_entity_page_shows_name_aliases_count_years_companions_and_documents(client):
    soup = page(client, "/entity/organization/UNODC")
    assert soup.h1.get_text(strip=True) == "UNODC"
    assert "United Nations Office on Drugs and Crime" in soup.select_one(".aliases").get_text()
    count = soup.find(id="entity-count")
    total = client.get("/api/search?organization=UNODC").get_json()["total"]
    assert count.get_text(" ", strip=True).startswith(f"{total} document")
    assert params(count.a["href"]) == {"organization": ["UNODC"], "sort": ["newest"]}
    bars = soup.select(".histogram .bars a")
    assert bars and all(params(a["href"])["organization"] == ["UNODC"] for a in bars)
    docs = soup.select(".entity-documents .hit h3 a")
    assert len(docs) == min(total, 20) and docs[0]["href"].startswith("/doc/")
    related = soup.select("table.related tbody tr")
    assert related
    first = related[0].select("a")
    assert first[0]["href"].startswith("/entity/")
    # "Both together" finds exactly as many documents as the count says.
    shown = int(first[1].get_text())
    both = client.get("/api" + "/search?" + urlsplit(first[1]["href"]).query).get_json()
    assert both["total"] == shown


def test_two_countries_together_are_both_required(client):
    answer = client.get("/api/entities/country/Qatar").get_json()
    same_facet = next(row for row in answer["related"] if row["facet"] == "country")
    query = urlsplit(same_facet["together_url"]).query
    together = client.get("/api/search?" + query).get_json()
    assert together["total"] == same_facet["count"] < answer["count"] + 1


def test_entity_values_are_found_in_any_case_and_unknown_ones_are_404(client):
    assert page(client, "/entity/country/qatar").h1.get_text(strip=True) == "Qatar"
    soup = page(client, "/entity/country/Atlantis", status=404)
    assert "Atlantis" in soup.get_text()
    page(client, "/entity/colour/red", status=404)


def test_entity_api_shape(client):
    response = client.get("/api/entities/organization/unodc")
    assert response.status_code == 200
    answer = response.get_json()
    for key in ("facet", "value", "aliases", "count", "years", "related", "documents"):
        assert key in answer
    assert answer["value"] == "UNODC"
    assert set(answer["years"][0]) == {"year", "count"}
    assert {"facet", "value", "count"} <= set(answer["related"][0])
    doc = answer["documents"][0]
    assert doc["url"].startswith("/doc/") and doc["page_url"].startswith("http")
    missing = client.get("/api/entities/country/Atlantis")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_entity_index_links_every_value(client):
    soup = page(client, "/entities")
    listing = client.get("/api/entities").get_json()["facets"]
    links = {a["href"] for a in soup.select(".entity-list a")}
    urls = {row["url"] for facet in listing for row in facet["values"]}
    assert links == urls and "/entity/organization/UNODC" in links
    assert len(links) == sum(len(facet["values"]) for facet in listing)


def test_search_and_document_pages_link_facet_values_to_entity_pages(client):
    soup = page(client, "/?q=trafficking")
    qatar = soup.select_one(".facet a.entity-link[href='/entity/country/Qatar']")
    assert qatar and qatar["aria-label"] == "About Qatar"
    doc = soup.select_one(".hit h2 a")["href"]
    doc_page = page(client, doc)
    about = doc_page.select(".entities a.entity-link")
    assert about and all(a["href"].startswith("/entity/") for a in about)
    assert client.get(about[0]["href"]).status_code == 200


def test_a_value_with_a_slash_or_quote_has_a_working_page(client):
    # Every listed value's page answers, whatever characters it holds.
    for facet in client.get("/api/entities").get_json()["facets"]:
        for row in facet["values"]:
            assert client.get(row["api_url"]).status_code == 200, row
