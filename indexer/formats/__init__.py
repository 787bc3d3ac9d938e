"""Turning one file's bytes into clean text and metadata, whatever its format.

``extract`` here takes the file's bytes and picks the module from its suffix: the text formats
(``plaintext``, ``markdown``, ``html``) are handed the text ``indexer.encoding`` decodes, binary
formats (``pdf``; ``office`` for .docx and .odt; ``rtf``; ``eml``) read the bytes themselves.
Everything is pure: no file I/O, so each format is tested on bytes or strings made in the test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from indexer.encoding import NotText, decode

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")  # scans, read by OCR
BINARY_SUFFIXES = (".pdf", ".docx", ".odt", ".rtf", ".eml", *IMAGE_SUFFIXES)
SUFFIXES = TEXT_SUFFIXES + BINARY_SUFFIXES


class BadDocument(NotText):
    """A file of a supported kind that cannot be read (encrypted, corrupt, too large); the
    message is the reason the summary gives for skipping it."""


@dataclass
class Extracted:
    """What a document says about itself. Empty strings / None mean "the document does not say"."""

    title: str
    body: str  # clean text; paragraphs separated by a blank line
    date: dt.date | None = None
    source: str = ""
    source_url: str = ""
    kind: str = ""
    # The text of each page, for formats that have pages (PDF); ``body`` is them joined by a
    # blank line, in order. Empty for formats without pages: the whole body is one page.
    pages: list[str] = field(default_factory=list)
    ocr_pages: int = 0  # pages whose text was read by OCR (scans)
    textless_pages: int = 0  # pages with no text layer left unread (OCR off or missing)
    # Files inside this one to index as documents of their own (an e-mail's attachments):
    # (file name, bytes).
    attachments: list[tuple[str, bytes]] = field(default_factory=list)


def attachment_path(container: str, number: int, name: str) -> str:
    """Where the index files the ``number``-th (1-based) attachment of ``container``."""
    return f"{container}/{number:03d}-{name}"


def attachment_number(container: str, path: str) -> int | None:
    """The number of the attachment of ``container`` filed at ``path`` (see above)."""
    number = path[len(container) + 1:].split("-", 1)[0] if path.startswith(container + "/") else ""
    return int(number) if number.isdigit() else None


def page_starts(pages: list[str]) -> list[int]:
    """Where each page begins in the body (the pages joined by a blank line)."""
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + 2
    return starts


def extract(suffix: str, data: bytes | str, use_ocr: bool = False) -> Extracted:
    """Extract from a file's ``data`` according to its suffix (``.txt``, ``.pdf`` ...);
    ``use_ocr``: read scanned pages and images with Tesseract.

    Text already decoded (a ``str``) is taken as it is, for the text formats. Raises ``NotText``
    (``BadDocument`` for a binary format) with the reason it cannot be read."""
    suffix = suffix.lower()
    if suffix == ".pdf":
        from indexer.formats import pdf

        return pdf.extract(data, use_ocr)
    if suffix in IMAGE_SUFFIXES:
        from indexer.formats import image

        return image.extract(data, use_ocr)
    if suffix == ".eml":
        from indexer.formats import eml

        return eml.extract(data)
    if suffix == ".rtf":
        from indexer.formats import rtf

        return rtf.extract(data)
    if suffix in (".docx", ".odt"):
        from indexer.formats import office

        return office.extract_docx(data) if suffix == ".docx" else office.extract_odt(data)
    return extract_text(suffix, data if isinstance(data, str) else decode(data))


def extract_text(suffix: str, text: str) -> Extracted:
    """Extract from decoded ``text`` according to the file suffix (``.txt``, ``.md``, ``.html``)."""
    suffix = suffix.lower()
    if suffix in (".html", ".htm"):
        from indexer.formats import html

        return html.extract(text)
    if suffix in (".md", ".markdown"):
        from indexer.formats import markdown

        return markdown.extract(text)
    from indexer.formats import plaintext

    return plaintext.extract(text)
