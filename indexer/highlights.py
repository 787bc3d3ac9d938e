"""Highlighted text as plain data: a text's segments in order, each marked (a match of the
query) or not. Never HTML: the web front end (``webui.marks``) and the CLI render the marks
(``<mark>``, bold) and escape the text. Both engines' answers carry them: a result's title and
its snippet (passages, each a list of segments), a document's title and paragraphs.
"""

from __future__ import annotations

import re

BETWEEN_PASSAGES = " … "  # where a snippet's passages are shown as one text

Segment = tuple[str, bool]  # (text, marked)


def unmarked(text: str) -> list[Segment]:
    """``text`` with nothing marked (nothing, for no text)."""
    return [(text, False)] if text else []


def tidy(segments) -> list[Segment]:
    """``segments`` with neighbours of the same kind joined and every run of white space one
    space (a passage shows the text's words, not its line breaks), without white space at
    either end."""
    joined: list[list] = []
    for text, marked in segments:
        text = re.sub(r"\s+", " ", text)
        if joined and joined[-1][1] == marked:
            joined[-1][0] = re.sub(r"\s+", " ", joined[-1][0] + text)
        elif text:
            joined.append([text, marked])
    if joined:
        joined[0][0] = joined[0][0].lstrip()
        joined[-1][0] = joined[-1][0].rstrip()
    return [(text, marked) for text, marked in joined if text]


def split_paragraphs(segments) -> list[list[Segment]]:
    """A whole text's segments cut into its paragraphs (apart by a blank line, as
    ``indexer.pages.paragraph_pages`` counts them), each without white space at either end and
    none blank; a match across a paragraph break is marked in both."""
    paragraphs: list[list[Segment]] = [[]]
    for text, marked in segments:
        for n, part in enumerate(text.split("\n\n")):
            if n:
                paragraphs.append([])
            paragraphs[-1].append((part, marked))
    cut = []
    for paragraph in paragraphs:
        paragraph[0] = (paragraph[0][0].lstrip(), paragraph[0][1])
        paragraph[-1] = (paragraph[-1][0].rstrip(), paragraph[-1][1])
        paragraph = [(text, marked) for text, marked in paragraph if text]
        if paragraph:
            cut.append(paragraph)
    return cut


def marks(segments) -> list[str]:
    """The marked texts of ``segments``, in order."""
    return [text for text, marked in segments if marked]


def plain_text(segments) -> str:
    return "".join(text for text, _ in segments)


def snippet_text(record: dict) -> str:
    """A result's snippet as one plain text, its passages apart by "…"."""
    return BETWEEN_PASSAGES.join(plain_text(passage) for passage in record.get("snippet") or ())
