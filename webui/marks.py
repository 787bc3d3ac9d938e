"""Highlights rendered: the search service's marked segments (plain text, see
:data:`indexer.highlights.Segment`) as HTML, every segment escaped and the matches in ``<mark>``.
The one place the front end turns document text into markup; templates use it as the filters
``marked`` (a title, a paragraph) and ``passages`` (a snippet)."""

from __future__ import annotations

from markupsafe import Markup, escape

from indexer.highlights import BETWEEN_PASSAGES


def marked(segments) -> Markup:
    return Markup("").join(Markup("<mark>{}</mark>").format(text) if is_match else escape(text)
                           for text, is_match in segments)


def passages(snippet) -> Markup:
    return Markup(BETWEEN_PASSAGES).join(marked(passage) for passage in snippet)


def with_html(record: dict) -> dict:
    """``record`` with its highlights as HTML too (``title_html``, and ``snippet_html`` for a
    result or ``paragraphs_html`` for a document), for clients that show them as they are."""
    extra = {"title_html": str(marked(record["title_segments"]))}
    if "snippet" in record:
        extra["snippet_html"] = str(passages(record["snippet"]))
    if "paragraphs" in record:
        extra["paragraphs_html"] = [str(marked(paragraph)) for paragraph in record["paragraphs"]]
    return {**record, **extra}


def init_app(app) -> None:
    app.add_template_filter(marked, "marked")
    app.add_template_filter(passages, "passages")
