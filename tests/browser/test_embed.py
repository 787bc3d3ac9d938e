"""The search box on a partner's site, in Chromium: a host page on a second origin (another port)
that carries only the snippet, under a strict Content-Security-Policy; the /embed page in an
iframe; and what a visitor sees when the Sift server is down."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest
from flask import Flask, render_template_string

from tests.browser.conftest import LiveServer, serve
from webui import create_app

SNIPPET = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's page</title>
{%- if style %}<link rel="stylesheet" href="/host.css">{% endif %}</head>
<body><h1>A partner's page</h1>
<script src="{{ sift }}/embed.js" defer></script>
<sift-search{% for name, value in attributes.items() %} {{ name }}="{{ value }}"{% endfor %}>
</sift-search>
</body></html>"""

FRAME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A partner's page</title></head>
<body><h1>A partner's page</h1>
<iframe src="{{ src }}" title="Search the archive" width="600" height="500"></iframe>
</body></html>"""

# The host page's own style sheet: rules that would spoil the box if they reached inside it, and
# the custom properties that are meant to.
HOST_CSS = """
h1, input, a, span, mark { color: rgb(255, 0, 0) !important; font-size: 40px !important;
  background: rgb(0, 255, 0) !important; }
sift-search { --sift-accent: rgb(179, 38, 30); --sift-font: Georgia, serif; }
"""

SEARCH_BOX = "Search the archive"
DOWN = "Search is unavailable right now. Please try again later."


def host_site(template: str, csp: str, **context) -> Flask:
    """A partner's site: one page from ``template`` under the policy ``csp``, and /host.css.
    Both may be changed in ``site.config["PAGE"]`` once the site is running."""
    site = Flask("host")
    site.config["PAGE"] = {"template": template, "csp": csp, "context": context}

    @site.get("/")
    def home():
        page = site.config["PAGE"]
        return render_template_string(page["template"], **page["context"])

    @site.get("/host.css")
    def style():
        return site.response_class(HOST_CSS, mimetype="text/css")

    @site.after_request
    def policy(response):
        response.headers["Content-Security-Policy"] = site.config["PAGE"]["csp"]
        return response

    return site


def strict_policy(sift: str) -> str:
    """Nothing but the host's own style sheet, and Sift's script and API."""
    return f"default-src 'none'; style-src 'self'; script-src {sift}; connect-src {sift}"


@pytest.fixture
def started() -> Iterator[Callable[[Flask], LiveServer]]:
    """Starts apps with :func:`serve` on ports of their own; each server's ``stop()`` stops it
    early, and all are stopped after the test."""
    running = []

    def start(app) -> LiveServer:
        server = serve(app)
        running.append(server)
        live = next(server)
        live.stop = server.close
        return live

    yield start
    for server in running:
        server.close()


@pytest.fixture
def sift(sample, started):
    """A Sift server of the test's own, which notes every request it gets."""
    app = create_app({"SIFT_INDEX": str(sample.index_dir), "SIFT_CORPUS": str(sample.corpus_dir)})
    requests = []
    wsgi = app.wsgi_app

    def noting(environ, start_response):
        requests.append((environ["REQUEST_METHOD"], environ["PATH_INFO"]))
        return wsgi(environ, start_response)

    app.wsgi_app = noting
    server = started(app)
    server.requests = requests
    return server


def api_search(server: LiveServer, **params) -> dict:
    with urlopen(f"{server.url}/api/search?{urlencode(params)}") as response:
        return json.load(response)


def box_page(page, started, sift_url: str, style: bool = False, **attributes):
    """Opens a host page on another port that carries the snippet pointing at ``sift_url``."""
    host = started(host_site(SNIPPET, strict_policy(sift_url), sift=sift_url, style=style,
                             attributes=attributes))
    assert host.port != int(sift_url.rsplit(":", 1)[1])
    page.goto(host.url)
    page.wait_for_function("customElements.get('sift-search') !== undefined")
    return host


def test_snippet_on_another_site_searches_sift(page, sift, started):
    box_page(page, started, sift.url)
    expected = api_search(sift, q="trafficking", per_page=5)
    assert expected["total"] > 5

    box = page.get_by_role("combobox", name=SEARCH_BOX)
    assert box.get_attribute("aria-expanded") == "false"
    box.press_sequentially("trafficking", delay=40)
    options = page.get_by_role("option")
    options.first.wait_for()
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.get_by_role("listbox")
    assert listbox.get_attribute("id") == box.get_attribute("aria-controls")
    # The results are Sift's, in Sift's order, with the matched words marked.
    titles = options.locator(".title").all_inner_texts()
    assert titles == [hit["title"] for hit in expected["results"]]
    assert options.first.locator("mark").count() > 0
    # Each shows the best passage of Sift's snippet (its first), not all three clamped.
    snippets = options.locator(".snippet").all_inner_texts()
    assert [text.strip() for text in snippets] == [
        "".join(text for text, _ in hit["snippet"][0]).strip() for hit in expected["results"]
    ]
    count = f"5 of {expected['total']} results"
    assert page.get_by_role("status").inner_text() == count
    see_all = page.get_by_role("link", name=f"See all {expected['total']} results")
    assert see_all.get_attribute("href") == f"{sift.url}/?q=trafficking"

    # Arrow keys move the selection, which the box announces as its active descendant.
    def selected() -> list[str]:
        return options.evaluate_all("els => els.map(e => e.getAttribute('aria-selected'))")

    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert selected() == ["false", "true", "false", "false", "false"]
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    box.press("ArrowUp")
    assert selected() == ["true", "false", "false", "false", "false"]
    box.press("ArrowUp")  # wraps round to the last
    assert box.get_attribute("aria-activedescendant") == options.nth(4).get_attribute("id")
    box.press("ArrowDown")
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
    assert page.errors == []

    # Typing eleven letters at a normal pace asked a time or two (the box waits for a pause),
    # with plain GETs only (no preflight); nothing else was asked of Sift besides the script.
    searches = [request for request in sift.requests if request[1] == "/api/search"]
    assert 1 <= len(searches) <= 3
    assert {method for method, _ in sift.requests} == {"GET"}
    assert {path for _, path in sift.requests} == {"/embed.js", "/api/search"}

    # Enter opens the selected result: its document page on the Sift server.
    box.press("Enter")
    page.wait_for_url(expected["results"][1]["page_url"])
    assert page.url == f"{sift.url}/doc/{expected['results'][1]['id']}"


def test_box_offers_did_you_mean_and_searches_it_when_clicked(page, sift, started):
    box_page(page, started, sift.url)
    assert api_search(sift, q="hairdresers")["suggestion"] == "hairdressers"
    box = page.get_by_role("combobox", name=SEARCH_BOX)
    box.fill("hairdresers")
    offer = page.get_by_role("button", name="hairdressers")
    offer.wait_for()
    assert offer.locator("xpath=..").inner_text() == "Did you mean hairdressers?"
    offer.click()
    page.get_by_role("option").first.wait_for()
    assert box.input_value() == "hairdressers"
    assert page.get_by_role("button", name="hairdressers").count() == 0
    assert page.errors == []


def test_text_that_looks_like_markup_stays_text(page, sift, started):
    # A document quotes a script; its snippet is shown as the words it has, marks and all.
    box_page(page, started, sift.url)
    page.get_by_role("combobox", name=SEARCH_BOX).fill("alert")
    snippet = page.get_by_role("option").first.locator(".snippet")
    snippet.wait_for()
    assert '<script>alert("trafficking")</script> & other tricks' in snippet.inner_text()
    assert snippet.locator("mark").all_inner_texts() == ["alert"]
    inside = snippet.evaluate("el => [...el.querySelectorAll('*')].map(e => e.localName)")
    assert inside == ["mark"]
    assert page.errors == []


def test_escape_closes_then_clears_and_enter_opens_all_results(page, sift, started):
    box_page(page, started, sift.url)
    box = page.get_by_role("combobox", name=SEARCH_BOX)
    box.fill("lagos")
    page.get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert not page.get_by_role("listbox").is_visible()
    assert box.get_attribute("aria-activedescendant") is None
    box.press("Escape")
    assert box.input_value() == ""
    box.fill("lagos")
    page.get_by_role("option").first.wait_for()
    # Enter with no result selected opens the full results page.
    box.press("Enter")
    page.wait_for_url(f"{sift.url}/?q=lagos")
    assert page.errors == []


def test_attributes_filters_results_placeholder_and_language(page, sift, started):
    box_page(page, started, sift.url, placeholder="Search statements on Belarus", results="2",
             filters="country=Belarus")
    belarus = api_search(sift, q="trafficking", country="Belarus")
    assert 2 < belarus["total"] < api_search(sift, q="trafficking")["total"]
    box = page.get_by_role("combobox", name="Search statements on Belarus")
    assert box.get_attribute("placeholder") == "Search statements on Belarus"
    box.fill("trafficking")
    options = page.get_by_role("option")
    options.first.wait_for()
    assert options.count() == 2
    assert page.get_by_role("status").inner_text() == f"2 of {belarus['total']} results"
    see_all = page.get_by_role("link", name=f"See all {belarus['total']} results")
    assert see_all.get_attribute("href") == f"{sift.url}/?q=trafficking&country=Belarus"
    assert page.errors == []


def test_lang_attribute_speaks_russian(page, sift, started):
    box_page(page, started, sift.url, lang="ru")
    box = page.get_by_role("combobox", name="Поиск по архиву")
    box.fill("торговля")
    page.get_by_role("option").first.wait_for()
    total = api_search(sift, q="торговля")["total"]
    assert page.get_by_role("link", name=f"Все результаты: {total}").count() == 1
    box.fill("zzzqqq")
    page.locator(".message").get_by_text("По запросу «zzzqqq» ничего не найдено.").wait_for()
    assert page.get_by_role("option").count() == 0
    assert page.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_host_styles_stay_out_and_custom_properties_get_in(browser, sift, started, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    box_page(page, started, sift.url, style=True)
    box = page.get_by_role("combobox", name=SEARCH_BOX)
    box.fill("trafficking")
    option = page.get_by_role("option").first
    option.wait_for()

    def style(locator, name):
        return locator.evaluate(f"el => getComputedStyle(el).{name}")

    # The host's !important rules reach the host page's own elements, but not into the box.
    assert style(page.locator("h1"), "color") == "rgb(255, 0, 0)"
    assert style(box, "fontSize") != "40px"
    assert style(option.locator(".title"), "color") == "rgb(179, 38, 30)"  # --sift-accent
    assert style(box, "fontFamily") == "Georgia, serif"  # --sift-font
    assert style(option.locator("mark").first, "backgroundColor") != "rgb(0, 255, 0)"
    # The rest follows the visitor's colour scheme.
    panel = style(page.locator("sift-search .panel"), "backgroundColor")
    assert panel == {"light": "rgb(255, 255, 255)", "dark": "rgb(30, 30, 34)"}[scheme]
    assert errors == []
    context.close()


def frame_site(started, sift_url: str, path: str) -> tuple[Flask, LiveServer]:
    """A host page on another port whose only content from Sift is an iframe of ``path``."""
    site = host_site(FRAME, f"default-src 'none'; frame-src {sift_url}", src=sift_url + path)
    return site, started(site)


def test_iframe_page_on_another_site(page, sift, started):
    _, site = frame_site(started, sift.url, "/embed?q=trafficking&results=3")
    page.goto(site.url)
    frame = page.frame_locator("iframe")
    titles = frame.locator(".results .title")
    titles.first.wait_for()
    assert titles.count() == 3
    total = api_search(sift, q="trafficking")["total"]
    assert frame.get_by_role("status").inner_text() == f"3 of {total} results"
    assert frame.locator(".results mark").count() > 0
    # Its links open Sift's pages outside the frame.
    link = titles.first
    assert link.get_attribute("target") == "_blank"
    assert link.get_attribute("href").startswith(f"{sift.url}/doc/")
    # Another search from inside the frame keeps showing three at most.
    frame.get_by_role("searchbox").fill("lagos")
    frame.get_by_role("button", name="Search").click()
    frame.get_by_text("Police dismantle trafficking ring in Lagos").first.wait_for()
    assert 0 < titles.count() <= 3
    assert page.errors == []


def test_iframe_page_offers_did_you_mean(page, sift, started):
    _, site = frame_site(started, sift.url, "/embed?q=hairdresers&results=3&theme=dark")
    page.goto(site.url)
    frame = page.frame_locator("iframe")
    offer = frame.get_by_role("link", name="hairdressers")
    offer.wait_for()
    assert offer.locator("xpath=..").inner_text() == "Did you mean hairdressers?"
    offer.click()
    frame.locator(".results .title").first.wait_for()
    assert frame.get_by_role("searchbox").input_value() == "hairdressers"
    # The frame keeps its presentation for the corrected query.
    assert frame.locator("html").get_attribute("data-theme") == "dark"
    assert page.errors == []


def framed(page, url: str) -> int | str:
    """How many results the iframe on the page at ``url`` shows once it has loaded, or
    ``"refused"`` when the browser would not frame it."""
    page.goto(url, wait_until="load")
    frame = page.frames[1]
    if frame.url.startswith("chrome-error:"):
        return "refused"
    return frame.locator(".results .title").count()


def test_only_listed_origins_may_frame_the_embed_page(page, sample, started):
    partner_app, partner = frame_site(started, "", "")
    stranger_app, stranger = frame_site(started, "", "")
    sift = started(create_app({
        "SIFT_INDEX": str(sample.index_dir), "SIFT_CORPUS": str(sample.corpus_dir),
        "SIFT_EMBED_ORIGINS": partner.url,
    }))
    for app in (partner_app, stranger_app):
        app.config["PAGE"]["csp"] = f"default-src 'none'; frame-src {sift.url}"
        app.config["PAGE"]["context"]["src"] = f"{sift.url}/embed?q=trafficking"
    assert framed(page, partner.url) == 5
    assert page.errors == []
    assert framed(page, stranger.url) == "refused"
    assert "frame-ancestors 'self' " + partner.url in page.errors[0]
    # Sift's other pages may not be framed, even by the partner.
    partner_app.config["PAGE"]["context"]["src"] = f"{sift.url}/?q=trafficking"
    assert framed(page, partner.url) == "refused"


def browser_network_log(errors: list[str]) -> list[str]:
    """Chromium itself logs a failed request ("Failed to load resource: ...") in the console,
    whatever the page does about it; anything else would be the script's own doing."""
    return [error for error in errors if error.startswith("Failed to load resource: ")]


def test_box_says_so_quietly_when_sift_is_down(page, sample, started):
    sift = started(create_app({
        "SIFT_INDEX": str(sample.index_dir), "SIFT_CORPUS": str(sample.corpus_dir),
    }))
    box_page(page, started, sift.url)
    sift.stop()  # Sift goes down after the host page has loaded the script
    box = page.get_by_role("combobox", name=SEARCH_BOX)
    box.fill("trafficking")
    page.locator(".message").get_by_text(DOWN).wait_for()
    assert page.get_by_role("status").inner_text() == DOWN
    assert box.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("option").count() == 0
    # Escape still closes it.
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert browser_network_log(page.errors) == page.errors
    assert all("ERR_CONNECTION_REFUSED" in error for error in page.errors)


def test_box_says_so_quietly_when_the_index_is_missing(page, tmp_path, started):
    sift = started(create_app({"SIFT_INDEX": str(tmp_path / "none")}))
    box_page(page, started, sift.url)
    page.get_by_role("combobox", name=SEARCH_BOX).fill("trafficking")
    page.locator(".message").get_by_text(DOWN).wait_for()
    assert page.get_by_role("status").inner_text() == DOWN
    assert browser_network_log(page.errors) == page.errors


def test_demo_host_page(page, live_server, output_dir):
    # The demo in webui/static/ works as shipped: three boxes and the iframe, no errors.
    page.goto(f"{live_server.url}/static/embed-demo.html")
    page.wait_for_function("customElements.get('sift-search') !== undefined")
    assert page.locator("sift-search").count() == 3
    branded = page.get_by_role("combobox", name="Search statements on Belarus")
    branded.fill("trafficking")
    page.get_by_role("option").first.wait_for()
    assert page.get_by_role("option").count() == 3
    assert page.frame_locator("iframe").locator(".results .title").count() == 3
    page.screenshot(path=output_dir / "embed-demo.png", full_page=True)
    assert page.errors == []
