"""Image files (``.png``, ``.jpg``, ``.tif``): a scanned page, read by OCR as a document of one
page (a multi-page TIFF: its pages, as one text). Refused with a reason when OCR is off or
Tesseract is missing, or the image (any page of it) is too large."""

from __future__ import annotations

from indexer.formats import BadDocument, Extracted, extract_text, ocr


def extract(data: bytes, use_ocr: bool) -> Extracted:
    pages = ocr.check_size(data)
    if not use_ocr:
        raise BadDocument("an image: its text is read by OCR, which is off"
                          if ocr.available() else
                          "an image: install tesseract-ocr to read its text")
    text = ocr.read_image(ocr.upright(data) if pages == 1 else data, pages)
    lines = "\n".join(line.strip() for line in text.splitlines())
    if not lines.strip():
        raise BadDocument("an image with no text that OCR could read")
    extracted = extract_text(".txt", lines)
    extracted.ocr_pages = pages  # a scanned page (or a TIFF's pages, read one after another)
    return extracted
