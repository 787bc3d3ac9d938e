"""Scanned pages: a PDF page without a text layer and image files are read by OCR (English and
Russian), marked as such; without OCR they are counted and named in the summary, never lost;
an image too large to read is skipped with the reason."""

from __future__ import annotations

import io
import json
import os
import struct
import time
import zlib
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from indexer.cli import sift
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.formats import BadDocument, extract, ocr
from indexer.formats import pdf as pdf_format
from indexer.service import SearchRequest

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"OCR tests cannot run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def scans():
    if not ocr.available():
        _unavailable("tesseract is not installed (apt-get install tesseract-ocr "
                     "tesseract-ocr-eng tesseract-ocr-rus)")
    if not FONT.exists():
        _unavailable(f"no font to draw a scanned page with ({FONT}; apt-get install "
                     "fonts-dejavu-core)")
    return scan


def scan(lines: list[str], kind: str = "PNG") -> bytes:
    """A page of printed text as a scanner gives it: an image (PNG, or a PDF holding only the
    image, no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(FONT), 40)
    page = Image.new("L", (1400, 120 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((80, 60 + 70 * number), line, font=font, fill=0)
    buffer = io.BytesIO()
    page.save(buffer, format=kind, resolution=150.0)
    return buffer.getvalue()


ENGLISH = ["Ombudsman report on seasonal workers", "Inspectors found unpaid wages."]
RUSSIAN = ["Доклад о торговле людьми", "Инспекторы нашли нарушения."]


def test_a_scanned_pdf_is_read_by_ocr(scans):
    found = extract(".pdf", scans(ENGLISH, "PDF"), use_ocr=True)
    assert found.title == "Ombudsman report on seasonal workers"
    assert "unpaid wages" in found.body
    assert found.ocr_pages == 1 and found.textless_pages == 0


def test_russian_is_read_too(scans):
    found = extract(".png", scans(RUSSIAN), use_ocr=True)
    assert found.title == "Доклад о торговле людьми"
    assert "Инспекторы нашли нарушения." in found.body


def test_without_ocr_a_scan_is_counted_not_read(scans):
    found = extract(".pdf", scans(ENGLISH, "PDF"), use_ocr=False)
    assert found.body.strip() == "" and found.textless_pages == 1


def header_only_png(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` x ``height`` (its data would never decode)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


def test_an_enormous_image_is_refused_before_it_is_decoded():
    with pytest.raises(BadDocument, match=r"30,000 x 30,000 pixels, over the limit"):
        extract(".png", header_only_png(30_000, 30_000), use_ocr=True)


def test_scans_in_the_archive_are_searchable_and_marked(scans, corpus_copy):
    corpus = corpus_copy.corpus_dir
    (corpus / "scanned-report.pdf").write_bytes(scans(ENGLISH, "PDF"))
    (corpus / "doklad.png").write_bytes(scans(RUSSIAN))
    (corpus / "huge.png").write_bytes(header_only_png(30_000, 30_000))

    summary = build.reindex(corpus_copy)

    assert summary.ocr == "on" and summary.ocr_pages == 2 and summary.textless_pages == 0
    assert [s.path for s in summary.skipped] == ["huge.png"]
    archive = Archive(corpus_copy.index_dir)
    hits = archive.search(SearchRequest(q="ombudsman"))["results"]
    assert [hit["path"] for hit in hits] == ["scanned-report.pdf"]
    assert archive.document(hits[0]["id"])["ocr_pages"] == 1
    assert [hit["path"] for hit in archive.search(SearchRequest(q="торговле"))["results"]] == [
        "doklad.png"]


def test_no_ocr_says_what_was_left_unread(scans, corpus_copy):
    corpus = corpus_copy.corpus_dir
    (corpus / "scanned-report.pdf").write_bytes(scans(ENGLISH, "PDF"))
    (corpus / "doklad.png").write_bytes(scans(RUSSIAN))
    runner = CliRunner()
    args = ["index", "--corpus", str(corpus), "--index", str(corpus_copy.index_dir), "--no-ocr"]

    answer = json.loads(runner.invoke(sift, [*args, "--json"]).stdout)
    assert answer["ocr"] == "off"
    assert (answer["textless_pages"], answer["textless_files"]) == (1, 1)
    assert {".pdf", ".rtf", ".png", ".eml", ".docx"} <= set(answer["formats"])
    reasons = {item["path"]: item["reason"] for item in answer["skipped"]}
    assert reasons == {"doklad.png": "an image: its text is read by OCR, which is off"}
    # the scanned PDF is in the archive all the same (found by its file name), its page unread
    hits = Archive(corpus_copy.index_dir).search(SearchRequest(q="scanned"))["results"]
    assert [hit["path"] for hit in hits] == ["scanned-report.pdf"]

    text = runner.invoke(sift, [*args, "--full"]).stderr
    assert "note: 1 page has no text layer (in 1 file); OCR is off (--no-ocr)" in text


def test_without_tesseract_the_note_says_to_install_it(scans, corpus_copy, monkeypatch):
    (corpus_copy.corpus_dir / "scanned-report.pdf").write_bytes(scans(ENGLISH, "PDF"))
    monkeypatch.setattr(ocr, "available", lambda: False)
    summary = build.reindex(corpus_copy)
    assert summary.ocr == "unavailable"
    assert summary.textless_note() == (
        "1 page has no text layer (in 1 file); install tesseract-ocr to read them")


def text_and_scan(pdfs, scans) -> bytes:
    """A report of three pages: typed, scanned (an image only), typed."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdfs.make_pdf([
        ["Annual report on labour inspection", "Inspectors visited farms."],
        ["Annexes follow the findings."]]))
    scanned = pdfium.PdfDocument(scans(["The ombudsman heard complaints.",
                                        "Most concerned unpaid wages."], "PDF"))
    document.import_pages(scanned, index=1)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_only_the_scanned_page_of_a_typed_pdf_is_read_by_ocr(scans, pdfs):
    found = extract(".pdf", text_and_scan(pdfs, scans), use_ocr=True)
    assert len(found.pages) == 3 and found.ocr_pages == 1
    assert found.pages[0] == "Annual report on labour inspection\nInspectors visited farms."
    assert "ombudsman heard complaints" in found.pages[1]
    assert found.pages[2] == "Annexes follow the findings."


def test_a_page_of_enormous_size_is_rendered_within_the_pixel_limit():
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument.new().new_page(14_400, 14_400)  # 200 inches square, PDF's most
    header = ocr.render_page(page).split(b"\n", 2)
    width, height = map(int, header[1].split())
    assert header[0] == b"P5" and width * height <= ocr.MAX_PIXELS


def test_the_document_page_says_its_text_was_read_by_ocr(scans, pdfs, corpus_copy):
    from webui import create_app

    (corpus_copy.corpus_dir / "inspection.pdf").write_bytes(text_and_scan(pdfs, scans))
    build.reindex(corpus_copy)
    client = create_app({"SIFT_INDEX": str(corpus_copy.index_dir),
                         "SIFT_CORPUS": str(corpus_copy.corpus_dir),
                         "TESTING": True}).test_client()
    [hit] = client.get("/api/search", query_string={"q": "ombudsman"}).get_json()["results"]
    assert hit["path"] == "inspection.pdf" and hit["page"] == 2
    page = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
    assert "read by OCR from 1 scanned page" in page
    [typed] = client.get("/api/search", query_string={"q": "trafficking"}).get_json()["results"][:1]
    assert "OCR" not in client.get(f"/doc/{typed['id']}").get_data(as_text=True)


def test_the_note_counts_pages_and_files(scans, pdfs, corpus_copy):
    corpus = corpus_copy.corpus_dir
    (corpus / "inspection.pdf").write_bytes(text_and_scan(pdfs, scans))
    (corpus / "scanned-report.pdf").write_bytes(scans(ENGLISH, "PDF"))
    summary = build.reindex(replace(corpus_copy, ocr=False))
    assert (summary.ocr, summary.textless_pages, summary.textless_files) == ("off", 2, 2)
    assert summary.textless_note() == (
        "2 pages have no text layer (in 2 files); OCR is off (--no-ocr)")


def tiff(sizes: list[tuple[int, int]]) -> bytes:
    """A TIFF of one page per (width, height), headers only: the pixels would never decode, the
    way a hostile file's would not."""
    ifd_size = 2 + 8 * 12 + 4
    out = bytearray(b"II*\x00" + struct.pack("<I", 8))
    for number, (width, height) in enumerate(sizes):
        start = 8 + number * ifd_size
        following = start + ifd_size if number + 1 < len(sizes) else 0
        entries = [(256, 4, width), (257, 4, height), (258, 3, 8), (259, 3, 1), (262, 3, 1),
                   (273, 4, 0), (278, 4, height), (279, 4, width * height)]
        out += struct.pack("<H", len(entries))
        for tag, kind, value in entries:
            out += struct.pack("<HHII", tag, kind, 1, value)
        out += struct.pack("<I", following)
    return bytes(out)


def test_every_page_of_a_tiff_is_bounded_not_only_the_first():
    with pytest.raises(BadDocument, match=r"30,000 x 30,000 pixels \(page 2\), over the limit"):
        extract(".tif", tiff([(100, 100), (30_000, 30_000)]), use_ocr=True)
    with pytest.raises(BadDocument, match=r"more than 50 pages"):
        extract(".tif", tiff([(10, 10)] * 51), use_ocr=True)
    assert ocr.check_size(tiff([(100, 100)] * 3)) == 3


def test_the_pages_of_a_tiff_are_read(scans):
    from PIL import Image

    first, second = (Image.open(io.BytesIO(scans(lines))) for lines in (ENGLISH, RUSSIAN))
    buffer = io.BytesIO()
    first.save(buffer, format="TIFF", save_all=True, append_images=[second])
    found = extract(".tiff", buffer.getvalue(), use_ocr=True)
    assert found.ocr_pages == 2
    assert "unpaid wages" in found.body and "Инспекторы нашли нарушения." in found.body


def test_a_file_over_its_time_limit_leaves_no_tesseract_running(scans, corpus_copy, tmp_path,
                                                                 monkeypatch):
    """The worker reading a file over its time limit is killed; the Tesseract it started must
    go with it, or hostile scans would pile up programs eating the cores."""
    pids = tmp_path / "pids"
    slow = tmp_path / "tesseract"
    slow.write_text(f"#!/bin/sh\necho $$ >> {pids}\nexec sleep 60\n")
    slow.chmod(0o755)
    monkeypatch.setattr(ocr, "program", lambda: str(slow))
    monkeypatch.setattr(ocr, "languages", lambda: "eng")
    (corpus_copy.corpus_dir / "slow.png").write_bytes(scans(ENGLISH))

    summary = build.reindex(replace(corpus_copy, file_timeout=2))

    assert [(s.path, "time limit" in s.reason) for s in summary.skipped] == [("slow.png", True)]
    assert summary.added == 5  # the rest of the corpus
    [pid] = [int(line) for line in pids.read_text().split()]
    for _ in range(50):  # the kernel delivers the signal at once; allow it a moment
        if not Path(f"/proc/{pid}").exists() or "Z" in _state(pid):
            break
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists() or "Z" in _state(pid), "tesseract still running"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def blank_scans(pages: int) -> bytes:
    """A PDF of ``pages`` scanned pages (images only, no text layer)."""
    from PIL import Image

    images = [Image.new("L", (200, 280), 255) for _ in range(pages)]
    buffer = io.BytesIO()
    images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:])
    return buffer.getvalue()


def slow_reader(seconds: float):
    def read(data: bytes, pages: int = 1) -> str:
        time.sleep(seconds)
        return "Page read by OCR."
    return read


def reading_takes(monkeypatch, seconds: float) -> None:
    """OCR takes ``seconds`` a page on the clock the PDF reader checks its OCR time against: a
    clock that moves only when a page is read, so a busy machine (slower rendering) cannot
    change how many pages fit in the time."""
    clock = [0.0]

    def read(data: bytes, pages: int = 1) -> str:
        clock[0] += seconds
        return "Page read by OCR."

    monkeypatch.setattr(ocr, "read_image", read)
    monkeypatch.setattr(pdf_format, "time", SimpleNamespace(monotonic=lambda: clock[0]))


def test_a_long_scan_is_read_for_the_ocr_time_then_counted(monkeypatch):
    reading_takes(monkeypatch, 0.3)
    monkeypatch.setattr(ocr, "OCR_SECONDS", 0.5)
    found = extract(".pdf", blank_scans(6), use_ocr=True)
    assert (found.ocr_pages, found.textless_pages) == (2, 4)  # read at 0 s and 0.3 s
    assert found.pages[:2] == ["Page read by OCR."] * 2 and found.pages[2:] == [""] * 4


def test_the_summary_says_ocr_left_pages_of_a_long_scan_unread(corpus_copy, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: True)
    reading_takes(monkeypatch, 0.3)
    monkeypatch.setattr(ocr, "OCR_SECONDS", 0.5)
    (corpus_copy.corpus_dir / "scanned-book.pdf").write_bytes(blank_scans(6))
    summary = build.reindex(corpus_copy)
    assert summary.skipped == [] and summary.added == 6
    assert (summary.ocr, summary.ocr_pages, summary.textless_pages) == ("on", 2, 4)
    assert "4 pages have no text layer (in 1 file); OCR reads" in summary.textless_note()


def stamped(pdf: bytes, stamp: str) -> bytes:
    """``pdf`` with a line of real text added at the foot of its first page, as a scanning app
    stamps its scans ("Scanned by CamScanner")."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    page = document[0]
    text = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", ctypes.c_float(8.0))
    wide = (stamp + "\0").encode("utf-16-le")
    pdfium_c.FPDFText_SetText(text, (ctypes.c_ushort * (len(wide) // 2)).from_buffer_copy(wide))
    pdfium_c.FPDFPageObj_Transform(text, 1, 0, 0, 1, 20, 20)
    pdfium_c.FPDFPage_InsertObject(page.raw, text)
    pdfium_c.FPDFPage_GenerateContent(page.raw)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_scan_with_a_stamp_of_text_is_still_read_by_ocr(monkeypatch, pdfs):
    monkeypatch.setattr(ocr, "read_image", slow_reader(0))
    scan_with_stamp = extract(".pdf", stamped(blank_scans(1), "Scanned by CamScanner"),
                              use_ocr=True)
    assert scan_with_stamp.pages == ["Page read by OCR."] and scan_with_stamp.ocr_pages == 1
    monkeypatch.setattr(ocr, "read_image", lambda data, pages=1: "")  # OCR reads nothing:
    assert extract(".pdf", stamped(blank_scans(1), "Scanned by CamScanner"),
                   use_ocr=True).pages == ["Scanned by CamScanner"]  # the text layer stays
    short_typed_page = extract(".pdf", pdfs.make_pdf([["Annex"]]), use_ocr=True)
    assert short_typed_page.pages == ["Annex"] and short_typed_page.ocr_pages == 0


def test_the_words_of_a_stamped_scan_are_found(scans):
    found = extract(".pdf", stamped(scans(ENGLISH, "PDF"), "Scanned by CamScanner"),
                    use_ocr=True)
    assert found.ocr_pages == 1 and "unpaid wages" in found.body


def test_a_photo_stored_on_its_side_is_read_the_right_way_up(scans):
    """Phones store a photo as the sensor saw it and say in EXIF how to turn it."""
    from PIL import Image

    page = Image.open(io.BytesIO(scans(ENGLISH)))
    exif = Image.Exif()
    exif[ocr.EXIF_ORIENTATION] = 6  # shown turned 90 degrees clockwise
    buffer = io.BytesIO()
    page.rotate(90, expand=True).save(buffer, format="JPEG", exif=exif.tobytes(), quality=95)
    found = extract(".jpg", buffer.getvalue(), use_ocr=True)
    assert found.title == "Ombudsman report on seasonal workers"
    assert "unpaid wages" in found.body
