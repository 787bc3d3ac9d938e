"""PDF files in the corpus: their text page by page, their title, source and date, and bad ones
skipped with a reason while the rest of the archive is indexed."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.formats import extract
from indexer.formats.pdf import MAX_PAGES, drop_furniture, pdf_date
from indexer.service import SearchRequest

REPORT_PAGES = (
    [
        ["Annual Report 2019", "Page 1 of 3", "Trafficking in per-", "sons is a grave crime."],
        ["Annual Report 2019", "Page 2 of 3", "Forced labour on building sites in Qatar",
         "was reported by inspectors."],
        ["Annual Report 2019", "Page 3 of 3", "Victims were offered shelter."],
    ],
    {"Title": "Report on trafficking in persons", "Author": "UNODC",
     "CreationDate": "D:20190312093000+01'00'"},
)


@pytest.fixture(scope="module")
def report(pdfs) -> bytes:
    """A three-page report with a running header, page numbers and PDF metadata."""
    return pdfs.make_pdf(*REPORT_PAGES)


def test_text_title_source_and_date_of_a_pdf(report):
    document = extract(".pdf", report)
    assert document.title == "Report on trafficking in persons"
    assert document.source == "UNODC"
    assert document.date == dt.date(2019, 3, 12)
    assert len(document.pages) == 3
    assert "Forced labour on building sites in Qatar" in document.pages[1]


def test_a_word_hyphenated_at_a_line_end_is_joined(report):
    assert "Trafficking in persons is a grave crime." in extract(".pdf", report).pages[0]


def test_running_headers_and_page_numbers_are_dropped(report):
    body = extract(".pdf", report).body
    assert "Annual Report" not in body and "Page 2 of 3" not in body


def test_a_line_on_only_some_pages_is_kept():
    pages = ["Intro\nText one", "Intro\nText two", "Other\nText three", "Other\nText four"]
    assert drop_furniture(pages) == pages


def test_a_file_name_as_title_gives_way_to_the_text(pdfs):
    pdf = pdfs.make_pdf([["Statement on migrant workers", "", "Workers were paid late."]],
                   {"Title": "Microsoft Word - draft3.docx"})
    assert extract(".pdf", pdf).title == "Statement on migrant workers"


def test_a_date_in_the_text_wins_over_the_creation_date(pdfs):
    pdf = pdfs.make_pdf([["Statement on migrant workers", "12 March 2021",
                     "Workers were paid late."]], {"CreationDate": "D:20230101"})
    assert extract(".pdf", pdf).date == dt.date(2021, 3, 12)


def test_pdf_dates():
    assert pdf_date("D:20190312093000Z") == dt.date(2019, 3, 12)
    assert pdf_date("D:2019") == dt.date(2019, 1, 1)
    assert pdf_date("yesterday") is None and pdf_date("D:20191399") is None


def test_only_the_first_pages_of_a_very_long_pdf_are_read(pdfs):
    pdf = pdfs.make_pdf([[f"Chapter {n}", f"Text of part {n}."] for n in range(MAX_PAGES + 5)])
    document = extract(".pdf", pdf)
    assert len(document.pages) == MAX_PAGES
    assert f"Text of part {MAX_PAGES - 1}." in document.body


def test_pdfs_are_searchable_and_bad_ones_skipped_with_a_reason(corpus_copy, pdfs, report):
    corpus = corpus_copy.corpus_dir
    (corpus / "reports").mkdir()
    (corpus / "reports" / "annual-2019.pdf").write_bytes(report)
    (corpus / "locked.pdf").write_bytes(pdfs.encrypt(pdfs.make_pdf([["Secret text"]])))
    (corpus / "truncated.pdf").write_bytes(report[: len(report) // 2])
    (corpus / "fake.pdf").write_bytes(b"<html>not a pdf</html>")
    (corpus / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    summary = build.reindex(corpus_copy)
    reasons = {item.path: item.reason for item in summary.skipped}
    assert "encrypted" in reasons["locked.pdf"]
    assert "corrupt" in reasons["truncated.pdf"]
    assert "not a PDF" in reasons["fake.pdf"]
    assert "unsupported" in reasons["sheet.xlsx"]
    assert summary.added == 6  # the five shipped documents and the report

    answer = Archive(corpus_copy.index_dir).search(SearchRequest(q='"building sites"'))
    [hit] = answer["results"]
    assert hit["title"] == "Report on trafficking in persons"
    assert hit["path"] == "reports/annual-2019.pdf"
    assert hit["date"] == "2019-03-12" and hit["source"] == "UNODC"
    assert ("building sites", True) in hit["snippet"][0]


DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_a_russian_pdf_is_read_and_found_by_any_form_of_a_word(corpus_copy, pdfs):
    if not os.path.exists(DEJAVU):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{DEJAVU} is missing (apt-get install fonts-dejavu-core)")
        pytest.skip(f"no Cyrillic font to write the PDF with ({DEJAVU})")
    pdf = pdfs.make_unicode_pdf([["Доклад о торговле людьми", "12 марта 2021 года"],
                                 ["Инспекторы нашли нарушения на фермах."]], DEJAVU)
    found = extract(".pdf", pdf)
    assert found.title == "Доклад о торговле людьми"
    assert "Инспекторы нашли нарушения на фермах." in found.pages[1]

    (corpus_copy.corpus_dir / "doklad.pdf").write_bytes(pdf)
    build.reindex(corpus_copy)
    answer = Archive(corpus_copy.index_dir).search(SearchRequest(q="нарушение"))
    [hit] = answer["results"]
    assert hit["path"] == "doklad.pdf" and hit["language"] == "ru" and hit["page"] == 2


def test_a_pdf_with_javascript_is_read_as_text_and_no_script_runs(pdfs, tmp_path):
    """PDFium reads the text and never runs a document's script: a script that would write a
    file when run leaves nothing behind."""
    marker = tmp_path / "script-ran"
    pdf = pdfs.make_pdf([["Statement with an embedded script", "Plain text of the statement."]])
    script = (f"<< /Type /Action /S /JavaScript /JS (this.exportDataObject({{cName: "
              f"'{marker}', nLaunch: 2}}); app.alert\\('hello'\\);) >>")
    pdf = pdf.replace(b"<< /Type /Catalog /Pages 2 0 R >>",
                      f"<< /Type /Catalog /Pages 2 0 R /OpenAction {script} >>".encode())
    found = extract(".pdf", pdf)
    assert found.title == "Statement with an embedded script"
    assert "Plain text of the statement." in found.body
    assert not marker.exists()
