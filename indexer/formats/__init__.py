"""Turning one file's decoded text into clean text and metadata, whatever its format.

Each format module exposes ``extract(text: str) -> Extracted``; ``extract`` here picks the module
from the file's suffix. Everything is pure: no file I/O, so each format is tested on strings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")


@dataclass
class Extracted:
    """What a document says about itself. Empty strings / None mean "the document does not say"."""

    title: str
    body: str  # clean text; paragraphs separated by a blank line
    date: dt.date | None = None
    source: str = ""
    source_url: str = ""
    kind: str = ""


def extract(suffix: str, text: str) -> Extracted:
    """Extract from ``text`` according to the file suffix (``.txt``, ``.md``, ``.html`` ...)."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        from indexer.formats import html

        return html.extract(text)
    if suffix in (".md", ".markdown"):
        from indexer.formats import markdown

        return markdown.extract(text)
    from indexer.formats import plaintext

    return plaintext.extract(text)
