"""The HTML pages as a reader (or a screen reader) gets them, parsed with beautifulsoup4."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indexer.engines.whoosh.schema import FACETS
from indexer.query_syntax import MAX_QUERY_LENGTH

QATAR_ID = "qatar-labour-reform"  # the sample document's id starts so


def page(client, url: str, status: int = 200) -> BeautifulSoup:
    response = client.get(urljoin("/", url))  # result links are relative to "/"
    assert response.status_code == status, response.data[:500]
    assert response.mimetype == "text/html"
    return BeautifulSoup(response.data, "lxml")


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


def titles(soup: BeautifulSoup) -> list[str]:
    return [h2.get_text(" ", strip=True) for h2 in soup.select(".hit h2")]


def count_text(soup: BeautifulSoup) -> str:
    return soup.find(id="result-count").get_text(" ", strip=True)


# -- the search page --------------------------------------------------------------------------


def test_search_form_is_a_labelled_get_form_keeping_the_query(client):
    soup = page(client, "/?q=forced+labour")
    form = soup.find("form", attrs={"role": "search"})
    assert form["method"] == "get"
    box = form.find("input", attrs={"name": "q"})
    assert box["value"] == "forced labour"
    # The box takes as much as the search accepts: the bound is the query language's.
    assert int(box["maxlength"]) == MAX_QUERY_LENGTH
    assert soup.find("label", attrs={"for": box["id"]}).get_text(strip=True)
    # Landmarks: one banner, one main, one contentinfo.
    assert soup.find("header") and soup.find("main") and soup.find("footer")
    assert soup.find("link", rel="search")["type"] == "application/opensearchdescription+xml"


def test_results_are_ranked_highlighted_and_counted(client):
    soup = page(client, "/?q=qatar+labour")
    assert titles(soup)[0] == "Qatar announces labour reform to protect migrant workers"
    status = soup.find(id="result-count")
    assert status["aria-live"] == "polite"
    assert "documents for “qatar labour”" in count_text(soup) and " ms" in count_text(soup)
    first = soup.select_one(".hit")
    assert first.select_one("h2 a")["href"].startswith(f"/doc/{QATAR_ID}")
    assert params(first.select_one("h2 a")["href"])["q"] == ["qatar labour"]
    assert {mark.get_text().lower() for mark in first.select(".snippet mark")} >= {"labour"}
    assert "12 March 2021" in first.select_one(".meta").get_text()


def test_the_page_says_how_many_contain_all_words_and_how_many_some(client):
    api = client.get("/api/search?q=passports+hairdressers").get_json()
    assert 0 < api["all_words_total"] < api["total"]
    line = page(client, "/?q=passports+hairdressers").select_one(".all-words")
    more = api["total"] - api["all_words_total"]
    assert " ".join(line.get_text().split()) == (
        f"{api['all_words_total']} contain all words; {more} more contain some.")
    assert page(client, "/?q=passports").select_one(".all-words") is None  # one word


def test_no_query_lists_the_archive_newest_first(client):
    soup = page(client, "/")
    dates = [time["datetime"] for time in soup.select(".hit .meta time")]
    assert len(dates) >= 5 and dates == sorted(dates, reverse=True)
    assert soup.select_one(".sort a[aria-current]").get_text() == "Newest"
    assert not [a for a in soup.select(".sort a") if a.get_text() == "Relevance"]


def test_sort_links_reorder(client):
    soup = page(client, "/?q=trafficking&sort=oldest")
    dates = [time["datetime"] for time in soup.select(".hit .meta time")]
    assert dates == sorted(dates)
    newest = next(a for a in soup.select(".sort a") if a.get_text() == "Newest")
    assert params(newest["href"]) == {"q": ["trafficking"], "sort": ["newest"]}


def test_facets_list_values_with_counts_as_checkboxes(client):
    soup = page(client, "/?q=trafficking")
    country = next(fs for fs in soup.select("fieldset.facet") if fs.legend.get_text() == "Country")
    boxes = country.select("input[type=checkbox]")
    assert {box["name"] for box in boxes} == {"country"}
    values = [box["value"] for box in boxes]
    assert "Belarus" in values
    label = country.find("label", attrs={"for": boxes[0]["id"]})
    assert label.select_one(".count").get_text().isdigit()
    # The facet form carries the query, so ticking a box keeps it.
    form = country.find_parent("form")
    assert form.find("input", attrs={"type": "hidden", "name": "q"})["value"] == "trafficking"


def test_selected_facet_narrows_results_and_shows_a_removable_chip(client):
    everything = page(client, "/?q=trafficking")
    chosen = page(client, "/?q=trafficking&country=Qatar")
    assert 0 < len(titles(chosen)) < len(titles(everything))
    checked = chosen.select("input[name=country][checked]")
    assert [box["value"] for box in checked] == ["Qatar"]
    chip = chosen.select_one(".chips .chip")
    assert chip["aria-label"] == "Remove filter Country: Qatar"
    assert params(chip["href"]) == {"q": ["trafficking"]}
    clear = chosen.select_one(".chips .clear-all")
    assert params(clear["href"]) == {"q": ["trafficking"]}


def test_two_values_of_one_facet_widen_and_both_stay_listed(client):
    one = page(client, "/?country=Qatar")
    two = page(client, "/?country=Qatar&country=Nigeria")
    assert len(titles(two)) > len(titles(one))
    assert {box["value"] for box in two.select("input[name=country][checked]")} == {
        "Qatar", "Nigeria"}
    # Each chip removes only its own value.
    hrefs = {chip["aria-label"]: params(chip["href"]) for chip in two.select(".chip")}
    assert hrefs["Remove filter Country: Qatar"] == {"country": ["Nigeria"]}


def test_year_histogram_bars_filter_by_year(client):
    soup = page(client, "/")
    bars = soup.select(".year-bars li")
    years = [int(bar["data-year"]) for bar in bars]
    assert years == list(range(min(years), max(years) + 1))  # gaps filled
    link = next(a for a in soup.select(".histogram a") if a["aria-label"].startswith("2019:"))
    assert link["aria-label"] == "2019: 2 documents"
    heights = {a["aria-label"][:4]: float(a.find("rect")["height"]) for a in
               soup.select(".histogram a")}
    assert heights["2019"] == max(heights.values()) and 0 < heights["2018"] < heights["2019"]
    filtered = page(client, link["href"])
    assert {t["datetime"][:4] for t in filtered.select(".hit .meta time")} == {"2019"}
    assert filtered.select_one(".histogram li.selected a")["aria-current"] == "true"


def test_pagination_links(client):
    soup = page(client, "/?per_page=3")
    nav = soup.find("nav", attrs={"aria-label": "Pages"})
    assert nav.select_one("[aria-current=page]").get_text() == "1"
    next_link = nav.find("a", rel="next")
    second = page(client, next_link["href"])
    assert second.find("nav", attrs={"aria-label": "Pages"}).select_one(
        "[aria-current=page]").get_text() == "2"
    assert set(titles(second)).isdisjoint(titles(soup))
    assert second.select_one("ol.hits")["start"] == "4"


def test_misspelling_offers_did_you_mean_link(client):
    soup = page(client, "/?q=hairdresers")
    link = soup.select_one(".suggestion a")
    assert link.get_text() == "hairdressers"
    assert params(link["href"])["q"] == ["hairdressers"]


def test_a_word_no_document_has_is_named_and_corrected(client):
    soup = page(client, "/?q=hairdresers+trafficking")
    assert soup.select(".hits li")
    assert soup.select_one(".unmatched strong").get_text() == "hairdresers"
    assert "No document contains hairdresers" in " ".join(
        soup.select_one(".unmatched").get_text().split())
    link = soup.select_one(".suggestion a")
    assert params(link["href"])["q"] == ["hairdressers trafficking"]


def test_bad_query_is_a_message_with_the_query_kept(client):
    soup = page(client, '/?q="forced+labour', status=400)
    assert "quotation mark" in soup.select_one(".message.error").get_text()
    assert soup.find("input", attrs={"name": "q"})["value"] == '"forced labour'
    assert not soup.select(".hit")


def test_bad_parameter_is_a_message_too(client):
    soup = page(client, "/?q=trafficking&date_from=yesterday", status=400)
    assert "date_from" in soup.select_one(".message.error").get_text()


def test_no_results_explains_the_syntax_with_examples_that_find_something(client):
    soup = page(client, "/?q=xylophonist")
    assert count_text(soup).startswith("0 documents")
    examples = soup.select(".empty .examples dt a")
    assert len(examples) >= 4
    for example in examples:
        found = page(client, example["href"])
        assert titles(found), example.get_text()


def test_page_beyond_the_last_says_so(client):
    soup = page(client, "/?q=trafficking&page=50")
    assert "There is no page 50" in soup.select_one(".results .message").get_text()


def test_help_page_lists_the_syntax(client):
    soup = page(client, "/help")
    codes = [code.get_text() for code in soup.select("table code")]
    assert '"forced labour"' in codes and "traffick*" in codes and "country:" in codes
    assert soup.select(".examples dt")


# -- escaping ---------------------------------------------------------------------------------


def test_document_and_user_text_is_escaped(client):
    hostile = '<img src=x onerror=alert(1)>"'
    response = client.get("/?q=" + hostile)
    assert b"<img src=x" not in response.data
    assert hostile.encode() not in response.data
    soup = page(client, "/?q=script+alert")
    snippet = " ".join(s.get_text() for s in soup.select(".snippet"))
    assert '<script>alert("trafficking")</script>' in snippet  # shown as text
    assert not soup.select(".results script")


def test_facet_values_in_urls_are_encoded(client):
    soup = page(client, "/?q=trafficking&topic=a%26b%3Dc")
    chip = soup.select_one(".chip")
    assert params(chip["href"]) == {"q": ["trafficking"]}
    hrefs = [a["href"] for a in soup.select(".histogram a")]
    assert all(params(href)["topic"] == ["a&b=c"] for href in hrefs)


# -- the document page ------------------------------------------------------------------------


def doc_url(client, q: str) -> str:
    return page(client, f"/?q={q}").select_one(".hit h2 a")["href"]


def test_document_page_shows_metadata_entities_and_text(client):
    soup = page(client, doc_url(client, "qatar+labour"))
    assert soup.h1.get_text(" ", strip=True).startswith("Qatar announces labour reform")
    meta = {dt.get_text(): dd for dt, dd in
            ((div.dt, div.dd) for div in soup.select(".doc-meta div"))}
    assert meta["Date"].time["datetime"] == "2021-03-12"
    assert meta["Language"].get_text(strip=True) == "English"
    countries = soup.select(".entities a[href*='country=']")
    assert "Qatar" in [a.get_text() for a in countries]
    qatar = next(a for a in countries if a.get_text() == "Qatar")
    assert params(qatar["href"]) == {"country": ["Qatar"]}
    assert len(soup.select(".doc-text p")) >= 2


def test_document_page_marks_every_match_and_offers_navigation(client):
    soup = page(client, doc_url(client, "migrant"))
    marks = soup.select(".doc-text mark")
    assert marks and all(mark.get_text().lower().startswith("migrant") for mark in marks)
    status = soup.find(id="match-status")
    assert status.get_text(" ", strip=True).startswith(f"{len(marks)} match")
    nav = soup.find("nav", attrs={"aria-label": "Matches"})
    target = nav.select_one(".match-next")["href"].lstrip("#")
    assert soup.find(id=target).find("mark")  # works without JavaScript too


def test_document_page_citation_and_similar(client):
    soup = page(client, doc_url(client, "qatar+labour"))
    citation = soup.find(id="citation").get_text()
    assert citation.startswith("Qatar announces labour reform to protect migrant workers.")
    assert "12 March 2021" in citation and "/doc/qatar-labour-reform" in citation
    similar = soup.select(".similar a")
    assert similar and all(a["href"].startswith("/doc/") for a in similar)


def test_document_link_to_original_when_known(client):
    soup = page(client, doc_url(client, "Lagos"))
    original = soup.select_one(".doc-meta a[rel~=noopener]")
    assert original is not None and original["href"].startswith("https://")


@pytest.mark.parametrize("url", ["/doc/no-such-document", "/nowhere"])
def test_unknown_pages_are_404_pages_with_a_search_box(client, url):
    soup = page(client, url, status=404)
    assert soup.h1.get_text() == "Not found"
    assert soup.find("form", attrs={"role": "search"})


def test_missing_index_is_a_503_page(tmp_path):
    from webui import create_app

    app = create_app({"TESTING": True, "SIFT_INDEX": str(tmp_path / "none")})
    soup = page(app.test_client(), "/", status=503)
    assert "sift index" in soup.select_one(".message").get_text()


# -- no input breaks a page -------------------------------------------------------------------

PAGE_PARAMS = st.sampled_from(
    ["q", "page", "per_page", "sort", "date_from", "date_to"] + [facet.name for facet in FACETS]
)


def printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() and ch != "\ufffd")


FIXTURES = [HealthCheck.function_scoped_fixture]  # the client fixture is safe to reuse


@settings(max_examples=100, deadline=None, suppress_health_check=FIXTURES)
@given(q=st.text(max_size=60),
       params=st.dictionaries(PAGE_PARAMS, st.text(max_size=12), max_size=4))
def test_no_input_gives_a_500_or_unescaped_text(client, q, params):
    response = client.get("/", query_string={**params, "q": q})
    assert response.status_code in (200, 400)
    soup = BeautifulSoup(response.data, "lxml")
    # The box gives back what was typed (the HTML parser alters control characters only).
    box = soup.find("input", attrs={"name": "q"})["value"]
    assert printable(box) == printable(q)
    assert all(script.get("src") for script in soup.find_all("script"))


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURES)
@given(doc_id=st.text(max_size=40), q=st.text(max_size=40))
def test_any_document_address_is_a_page_or_a_404(client, doc_id, q):
    response = client.get(f"/doc/{quote(doc_id, safe='')}", query_string={"q": q})
    assert response.status_code in (200, 404, 308)


def test_year_range_inputs_narrow_the_results_without_javascript(client):
    soup = page(client, "/?q=trafficking&year=2019")
    form = soup.select_one("form.year-range")
    kept = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
    assert kept == {"q": "trafficking"}  # the range replaces a chosen year
    assert form.select_one("input[name=date_from]")["placeholder"].isdigit()
    narrowed = page(client, "/?q=trafficking&date_from=2018&date_to=2019")
    assert {t["datetime"][:4] for t in narrowed.select(".hit .meta time")} <= {"2018", "2019"}
    assert narrowed.select_one("form.year-range input[name=date_from]")["value"] == "2018"
    assert [li["data-year"] for li in narrowed.select(".year-bars li")] == ["2018", "2019"]
    chips = [chip.get_text(" ", strip=True) for chip in narrowed.select(".chip")]
    assert any(chip.startswith("From 2018") for chip in chips)


def test_undated_documents_have_their_own_bar(client):
    soup = page(client, "/")
    total = int(count_text(soup).split()[0].replace(",", ""))
    dated = sum(int(a["aria-label"].split(": ")[1].split()[0])
                for a in soup.select(".year-bars a"))
    undated = soup.select_one(".undated-count")
    assert total > dated
    assert undated.get_text().startswith(f"{total - dated} undated")
    assert soup.select_one(".undated-bar rect")


def test_a_long_facet_shows_ten_values_and_links_to_all_of_them(client):
    soup = page(client, "/?q=trafficking&country=Eritrea")
    countries = soup.select_one('fieldset[data-facet="country"]')
    values = [box["value"] for box in countries.select("input[type=checkbox]")]
    assert len(values) == 10 and values[0] == "Eritrea"  # the chosen value pinned on top
    assert int(countries["data-values"]) > 10
    more = countries.select_one("a.facet-more")
    assert params(more["href"]) == {"q": ["trafficking"], "country": ["Eritrea"]}
    assert urlsplit(more["href"]).path == "/facet/country"
    all_values = page(client, more["href"])
    boxes = all_values.select("form.facet-all input[type=checkbox]")
    assert len(boxes) == int(countries["data-values"])
    assert [b["value"] for b in boxes if b.has_attr("checked")] == ["Eritrea"]
    az = page(client, more["href"] + "&order=az&contains=ar")
    names = [box["value"] for box in az.select("form.facet-all input[type=checkbox]")]
    assert names[0] == "Eritrea" and names[1:] == sorted(names[1:])
    assert all("ar" in name.lower() for name in names[1:])
    # A search within the facet keeps the chosen value listed and ticked.
    kept = page(client, more["href"] + "&contains=qa")
    boxes = kept.select("form.facet-all input[type=checkbox]")
    assert [(b["value"], b.has_attr("checked")) for b in boxes] == [
        ("Eritrea", True), ("Qatar", False)]
    page(client, "/facet/nonsense", 404)


def test_the_document_page_leads_back_to_the_same_results(client):
    soup = page(client, "/?q=trafficking&kind=news&sort=oldest&per_page=1&page=2")
    link = soup.select_one(".hit h2 a")["href"]
    back = page(client, link).find("a", string="Back to the results")["href"]
    assert params(back) == {"q": ["trafficking"], "kind": ["news"], "sort": ["oldest"],
                            "per_page": ["1"], "page": ["2"]}


def test_checkboxes_are_not_refilled_by_the_browser(client):
    soup = page(client, "/?q=trafficking")
    assert soup.select_one("form.facet-form")["autocomplete"] == "off"
    boxes = soup.select(".facet-form input[type=checkbox]")
    assert boxes and all(box["autocomplete"] == "off" for box in boxes)
