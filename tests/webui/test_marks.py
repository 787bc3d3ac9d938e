"""Highlights rendered as HTML: the text escaped, the matches in <mark>."""

from webui.marks import marked, passages, with_html


def test_text_is_escaped_and_matches_marked():
    segments = [('<img src=x onerror="1">', False), ("A&B", True), (" end", False)]
    assert str(marked(segments)) == (
        "&lt;img src=x onerror=&#34;1&#34;&gt;<mark>A&amp;B</mark> end")


def test_a_snippets_passages_are_joined_by_an_ellipsis():
    assert str(passages([[("one", True)], [("two <b>", False)]])) == \
        "<mark>one</mark> … two &lt;b&gt;"
    assert str(passages([])) == ""


def test_records_get_their_html_beside_their_segments():
    record = {"title": "T", "title_segments": [("T", True)], "snippet": [[("s", False)]]}
    assert with_html(record) == {**record, "title_html": "<mark>T</mark>", "snippet_html": "s"}
