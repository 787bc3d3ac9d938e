"""Highlighted passages: the matched words wrapped in <mark>, everything else HTML-escaped.

Character offsets stored in the index (``chars=True``) let Whoosh find the matches without
re-analysing the text, so a 100 KB speech costs no more than a short news item; the fragmenter's
default 32 K character limit is lifted so that matches late in a long document are found too.
"""

from __future__ import annotations

from html import escape

from whoosh import highlight

SNIPPET_CHARS = 250
PASSAGES = 3


class MarkFormatter(highlight.Formatter):
    """Formats fragments as escaped text with <mark> around matches, "…" between passages."""

    between = " … "

    def _text(self, text):
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


PASSAGES_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.PinpointFragmenter(
        maxchars=SNIPPET_CHARS // 2, surround=45, autotrim=True, charlimit=None
    ),
    formatter=MarkFormatter(),
)
WHOLE_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.WholeFragmenter(charlimit=None), formatter=MarkFormatter()
)


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The opening of ``text`` cut on a word boundary, escaped: the snippet when nothing matched."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return escape(text, quote=False)


def passages(hit, field: str = "body", limit: int = SNIPPET_CHARS) -> str:
    """The best passages of ``field`` around the matches (``""`` when nothing in it matched)."""
    fragments = PASSAGES_HIGHLIGHTER.highlight_hit(hit, field, top=PASSAGES)
    return " ".join(fragments.split())


def whole(hit, field: str) -> str:
    """All of ``field`` with every match marked (``""`` when nothing in it matched)."""
    return WHOLE_HIGHLIGHTER.highlight_hit(hit, field, top=1)
