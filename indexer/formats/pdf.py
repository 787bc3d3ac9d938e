"""PDF: the text layer, page by page, with pypdfium2 (PDFium, the engine of Chrome's viewer).

Each page's text comes out in PDFium's reading order; a word hyphenated at a line end is joined
again; a line that opens or closes most pages (a running header, a footer, a page number) is
dropped. The text then goes through the plain-text extractor, so headlines and dates are found
as in any document. The PDF's own Title names it unless it names a file ("Microsoft Word -
draft.docx"); Author and CreationDate fill in the source and date when the text does not say
(a date in the text's headline or date line still wins).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections import Counter

from indexer.formats import BadDocument, Extracted, extract_text

MAX_PAGES = 2000  # pages read from one PDF; the rest of a longer one is left out (and said so)
MIN_PAGE_TEXT = 3  # characters: a page with fewer has no text layer (a scanned image)
# A page with fewer characters than this whose images cover at least IMAGE_SHARE of it is a
# scan with a stamp on it ("Scanned by CamScanner", a Bates number): it is read by OCR too.
SPARSE_TEXT = 200
IMAGE_SHARE = 0.5
REPEATED_SHARE = 0.6  # a line on at least this share of pages (and on 3 or more) is furniture

_HYPHEN_AT_LINE_END = re.compile(r"(\w)[-\u00ad]\n(?=[a-zа-яё])")
_DIGITS = re.compile(r"\d+")
_FILE_TITLE = re.compile(r"^(microsoft \w+ - |untitled)|\.(docx?|odt|rtf|pdf|txt|indd|qxd)$",
                         re.IGNORECASE)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def extract(data: bytes, use_ocr: bool = False) -> Extracted:
    """The text, pages and metadata of a PDF's ``data``; ``BadDocument`` says why not. A page
    without a text layer (a scan) is read by OCR when ``use_ocr`` (within ``ocr.OCR_SECONDS``),
    else counted as unread."""
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise BadDocument("not a PDF (no %PDF header)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        message = str(error).lower()
        if "password" in message:
            raise BadDocument("encrypted PDF (a password is needed to read it)") from None
        raise BadDocument(f"corrupt PDF ({error})") from None
    try:
        metadata = document.get_metadata_dict(skip_empty=True)
        count = len(document)
        pages = [_page_text(document, number) for number in range(min(count, MAX_PAGES))]
        scanned = [number for number, text in enumerate(pages) if _is_scan(document, number, text)]
        read, unread = _read_scans(document, pages, scanned) if use_ocr else ([], scanned)
    finally:
        document.close()
    pages = drop_furniture(pages)
    body = "\n\n".join(pages)
    extracted = extract_text(".txt", body)  # for the headline and the date
    extracted.body, extracted.pages = body, pages  # every page's text, in order
    if useful_title(metadata.get("Title", "")):
        extracted.title = metadata["Title"].strip()
    if not extracted.source and metadata.get("Author", "").strip():
        extracted.source = metadata["Author"].strip()
    if extracted.date is None:
        extracted.date = pdf_date(metadata.get("CreationDate", ""))
    extracted.ocr_pages = len(read)
    extracted.textless_pages = len(unread)
    return extracted


def _read_scans(document, pages: list[str], scanned: list[int]) -> tuple[list[int], list[int]]:
    """Put the OCR text of the ``scanned`` pages into ``pages``, until the OCR time per file is
    spent: the pages whose text OCR gave, and those left unread. A long scanned book is indexed
    by its first pages, and says so, rather than skipped whole at the time limit per file. A
    page's few words of text layer (a stamp) stay when OCR reads nothing there."""
    from indexer.formats import ocr

    deadline = time.monotonic() + ocr.OCR_SECONDS
    read = []
    for position, number in enumerate(scanned):
        if time.monotonic() >= deadline:
            return read, scanned[position:]
        text = _ocr_page(document, number)
        if text.strip():
            pages[number] = text
            read.append(number)
    return read, []


def _ocr_page(document, number: int) -> str:
    from indexer.formats import ocr

    page = document[number]
    try:
        image = ocr.render_page(page)
    finally:
        page.close()
    return clean_page(ocr.read_image(image))


def _is_scan(document, number: int, text: str) -> bool:
    """Whether a page's text is an image's: no text layer, or a few words over a page-sized
    image. Only a sparse page's objects are looked at (a page of text has thousands)."""
    if len(text) < MIN_PAGE_TEXT:
        return True
    if len(text) >= SPARSE_TEXT:
        return False
    import pypdfium2.raw as pdfium_c

    page = document[number]
    try:
        width, height = page.get_size()
        covered = 0.0
        for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
            left, bottom, right, top = image.get_bounds()
            covered += max(0.0, min(right, width) - max(left, 0.0)) * max(
                0.0, min(top, height) - max(bottom, 0.0))
    finally:
        page.close()
    return width * height > 0 and covered >= IMAGE_SHARE * width * height


def _page_text(document, number: int) -> str:
    page = document[number]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return clean_page(text)


def clean_page(text: str) -> str:
    """A page's text with Windows line ends, stray spaces and line-end hyphens undone."""
    text = text.replace("\ufffe", "")  # PDFium's mark of a hyphen it joined at a line end
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines).strip()
    return _HYPHEN_AT_LINE_END.sub(r"\1", text)


def drop_furniture(pages: list[str]) -> list[str]:
    """Pages without the first and last lines repeated on most pages (digits aside, so "Page 3
    of 9" repeats too): running headers and footers say nothing about the document."""
    if len(pages) < 3:
        return pages
    edges = Counter()
    for page in pages:
        lines = [line for line in page.split("\n") if line]
        edges.update({_DIGITS.sub("#", line) for line in lines[:2] + lines[-2:]})
    repeated = {line for line, n in edges.items() if n >= max(3, REPEATED_SHARE * len(pages))}
    if not repeated:
        return pages
    cleaned = []
    for page in pages:
        lines = [line for line in page.split("\n") if line]
        for end in (0, -1):  # up to two lines at each end; a page's last line is kept
            for _ in range(2):
                if len(lines) > 1 and _DIGITS.sub("#", lines[end]) in repeated:
                    lines.pop(end)
        cleaned.append("\n".join(lines))
    return cleaned


def useful_title(title: str) -> bool:
    """Whether a PDF's Title names the document, rather than the file it was made from
    ("Microsoft Word - draft3.docx", "untitled"): such a title is better than a first sentence."""
    title = title.strip()
    return bool(title) and not _FILE_TITLE.search(title)


def pdf_date(value: str) -> dt.date | None:
    """A PDF date string (``D:20190312093000+01'00'``) as a date; None when it is not one."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return dt.date(year, month, day) if 1900 < year < 2200 else None
    except ValueError:
        return None
