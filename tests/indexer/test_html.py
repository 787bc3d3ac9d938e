"""HTML pages: the article's text and metadata, and nothing a page hides in scripts or chrome."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from indexer.formats import html

HOSTILE = """<!doctype html>
<html lang="en"><head>
<title>Police dismantle trafficking ring | Lagos Daily</title>
<meta property="og:title" content="Police dismantle trafficking ring in Lagos">
<meta property="og:site_name" content="Lagos Daily">
<meta property="og:url" content="https://example.org/og-url">
<link rel="canonical" href="https://example.org/news/trafficking-ring">
<style>.secret { color: red } body { font-family: zebrafont }</style>
<script>var token = "zebratracker"; document.write("<p>injected</p>");</script>
</head><body>
<header><h1>Lagos Daily</h1><nav><a href="/">Home</a> <a href="/sport">Zebrasport</a></nav></header>
<form><input value="zebraform"><button>Search zebrabutton</button></form>
<article>
<h1>Police dismantle trafficking ring in Lagos</h1>
<p class="byline">By <b>Ada Obi</b>, <time datetime="2019-06-04T09:30:00Z">June 4</time></p>
<p>Police in  Nigeria
   arrested eleven suspects.</p>
<!-- editor's note: zebracomment -->
<p>The ring used a fake agency&rsquo;s website &amp; its <code>&lt;script&gt;</code> tag.</p>
<noscript>zebranoscript</noscript><template><p>zebratemplate</p></template>
<svg><text>zebrasvg</text></svg><iframe src="x">zebraiframe</iframe>
<aside>Most read: zebrasidebar</aside>
<script>alert("zebrascript")</script>
<ul><li>First point</li><li>Second point</li></ul>
</article>
<footer>Copyright Lagos Daily. Zebrafooter.</footer>
</body></html>"""


def test_hidden_and_chrome_text_is_never_in_the_body():
    body = html.extract(HOSTILE).body
    for word in ["zebrafont", "zebratracker", "injected", "Zebrasport", "zebraform",
                 "zebrabutton", "zebracomment", "zebranoscript", "zebratemplate", "zebrasvg",
                 "zebraiframe", "zebrasidebar", "zebrascript", "Zebrafooter", "Home"]:
        assert word not in body


def test_article_text_with_paragraphs_entities_and_collapsed_whitespace():
    extracted = html.extract(HOSTILE)
    assert extracted.body.split("\n\n") == [
        "By Ada Obi, June 4",
        "Police in Nigeria arrested eleven suspects.",
        "The ring used a fake agency’s website & its <script> tag.",
        "First point\nSecond point",
    ]


def test_metadata():
    extracted = html.extract(HOSTILE)
    assert extracted.title == "Police dismantle trafficking ring in Lagos"
    assert extracted.date == dt.date(2019, 6, 4)
    assert extracted.source == "Lagos Daily"
    assert extracted.source_url == "https://example.org/news/trafficking-ring"


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_title_precedence():
    head = '<title>From title | Site</title><meta property="og:title" content="From og">'
    assert html.extract(page(head, "<h1>From h1</h1><p>Text.</p>")).title == "From og"
    head = "<title>From title | Site</title>"
    assert html.extract(page(head, "<h1>From  <em>h1</em></h1><p>Text.</p>")).title == "From h1"
    assert html.extract(page(head, "<p>Text.</p>")).title == "From title"


@pytest.mark.parametrize("title, site, expected", [
    ("Fight against trafficking | MFA", "", "Fight against trafficking"),
    ("Fight against trafficking - Lagos Daily", "", "Fight against trafficking"),
    ("Belarus-EU talks - a new start", "", "Belarus-EU talks - a new start"),
    ("Belarus-EU talks - a new start - Daily news of the region", "Daily news of the region",
     "Belarus-EU talks - a new start"),
])
def test_site_suffix_is_cut_from_title_only_when_obvious(title, site, expected):
    head = f"<title>{title}</title>"
    if site:
        head += f'<meta property="og:site_name" content="{site}">'
    assert html.extract(page(head, "<p>Some text.</p>")).title == expected


def test_title_is_not_repeated_as_the_first_paragraph():
    extracted = html.extract(page("", "<h1>Ring dismantled</h1><p>Police acted.</p>"))
    assert extracted.title == "Ring dismantled"
    assert extracted.body == "Police acted."


def test_a_page_with_no_title_gets_one_from_its_text():
    extracted = html.extract(page("", "<p>Ministers meet in Vienna</p><p>They met today.</p>"))
    assert extracted.title == "Ministers meet in Vienna"
    assert extracted.body == "They met today."


def test_article_is_preferred_over_the_rest_of_the_body():
    body = "<div>Cookie banner text</div><main><p>Main text.</p><article><p>Story.</p></article>"
    assert html.extract(page("", body + "</main>")).body == "Story."
    assert html.extract(page("", "<div>Banner</div><main><p>Main text.</p></main>")).body == (
        "Main text."
    )


@pytest.mark.parametrize("head, body, expected", [
    ('<meta property="article:published_time" content="2020-01-02T10:00:00+01:00">', "",
     (2020, 1, 2)),
    ('<meta name="date" content="2020-01-03">', "", (2020, 1, 3)),
    ('<meta name="DC.date" content="2020-01-04">', "", (2020, 1, 4)),
    ("", "<p>Published 5 May 2021.</p>", (2021, 5, 5)),
    ('<meta name="date" content="2020-01-03">', '<time datetime="2019-12-31">Dec 31</time>',
     (2019, 12, 31)),
    ("", "<p>It happened in December 2013.</p>", None),
])
def test_dates(head, body, expected):
    date = html.extract(page(head, "<h1>A headline for the page</h1>" + body)).date
    assert date == (dt.date(*expected) if expected else None)


def test_relative_urls_are_not_source_urls():
    head = '<link rel="canonical" href="/news/1"><meta property="og:url" content="javascript:x">'
    assert html.extract(page(head, "<p>Text.</p>")).source_url == ""
    head = '<link rel="canonical" href="/news/1"><meta property="og:url" content="http://a.org/1">'
    assert html.extract(page(head, "<p>Text.</p>")).source_url == "http://a.org/1"


def test_line_breaks_cells_and_preformatted_text():
    body = ("<p>one<br>two</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"
            "<pre>line 1\nline 2</pre>")
    assert html.extract(page("<title>T</title>", body)).body == (
        "one\ntwo\n\na b\nc\n\nline 1\nline 2"
    )


def test_broken_markup_still_gives_text():
    extracted = html.extract("<p>Unclosed <b>bold <i>text<p>Next &copy; 2020 &bogus; <div")
    assert "Unclosed bold text" in extracted.body
    assert "Next © 2020 &bogus;" in extracted.body


def test_8000_nested_divs_finish_quickly():
    depth = 8000
    markup = page("<title>Deep</title>", "<div>" * depth + "deep text" + "</div>" * depth
                  + "<p>after</p>")
    started = time.perf_counter()
    extracted = html.extract(markup)
    assert time.perf_counter() - started < 5
    assert extracted.body == "deep text\n\nafter"


def test_8000_nested_inline_elements_finish_quickly():
    depth = 8000
    markup = page("", "<p>" + "<span>w " * depth + "</span>" * depth + "</p>")
    started = time.perf_counter()
    extracted = html.extract(markup)
    assert time.perf_counter() - started < 5
    assert extracted.body.count("w") + extracted.title.count("w") >= depth


def test_thousands_of_articles_nested_in_an_aside_are_skipped_quickly():
    depth = 8000
    markup = page("", "<aside>" + "<article>teaser " * depth + "</article>" * depth
                  + "</aside><article><h1>The real story</h1><p>Its text.</p></article>")
    started = time.perf_counter()
    extracted = html.extract(markup)
    assert time.perf_counter() - started < 5
    assert (extracted.title, extracted.body) == ("The real story", "Its text.")
