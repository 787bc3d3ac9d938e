"""Word and OpenDocument files: their paragraphs, title and author, and hostile ones (not a zip,
a zip bomb, a part missing) skipped with a reason while the rest of the archive is indexed."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.formats import BadDocument, extract
from indexer.formats.office import MAX_XML_BYTES
from indexer.service import SearchRequest

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<dc:title>{title}</dc:title><dc:creator>{creator}</dc:creator></cp:coreProperties>')


def zipped(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(paragraphs: list[str], title: str = "", creator: str = "") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    return zipped({
        "word/document.xml": f"<w:document {W}><w:body>{body}</w:body></w:document>",
        "docProps/core.xml": CORE.format(title=title, creator=creator),
    })


def odt(paragraphs: list[str], title: str = "") -> bytes:
    text = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    body = "".join(f"<text:p>{line}</text:p>" for line in paragraphs)
    meta = (f'<office:document-meta {office} xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<office:meta><dc:title>{title}</dc:title></office:meta></office:document-meta>")
    return zipped({
        "mimetype": "application/vnd.oasis.opendocument.text",
        "content.xml": f"<office:document-content {office} {text}><office:body><office:text>"
                       f"{body}</office:text></office:body></office:document-content>",
        "meta.xml": meta,
    })


def test_a_word_document_gives_its_headline_date_and_paragraphs():
    document = extract(".docx", docx(["Ministry statement on labour migration", "12 March 2021",
                                      "Recruitment fees were abolished.",
                                      "Inspectors visited building sites."]))
    assert document.title == "Ministry statement on labour migration"
    assert document.date == dt.date(2021, 3, 12)
    assert "Recruitment fees were abolished." in document.body
    assert "Inspectors visited building sites." in document.body


def test_the_author_of_a_word_document_is_its_source():
    document = extract(".docx", docx(["Short note.", "Workers were paid late."],
                                     creator="Ministry of Labour"))
    assert document.source == "Ministry of Labour"


def test_an_opendocument_text_gives_its_paragraphs():
    document = extract(".odt", odt(["Report on shelters", "Shelters opened in Doha."]))
    assert document.title == "Report on shelters"
    assert "Shelters opened in Doha." in document.body


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_file_that_is_not_a_zip_is_refused(suffix):
    with pytest.raises(BadDocument, match="not a zip"):
        extract(suffix, b"this is plain text pretending")


def test_a_zip_bomb_is_refused_without_unpacking_it():
    bomb = zipped({"word/document.xml": b"<w:document>" + b" " * (MAX_XML_BYTES + 10)})
    assert len(bomb) < MAX_XML_BYTES // 100
    with pytest.raises(BadDocument, match="zip bomb"):
        extract(".docx", bomb)


def test_a_word_file_without_its_document_is_corrupt():
    with pytest.raises(BadDocument, match="word/document.xml is missing"):
        extract(".docx", zipped({"other.xml": "<a/>"}))


def test_word_and_opendocument_files_are_searchable(corpus_copy):
    corpus = corpus_copy.corpus_dir
    (corpus / "statement.docx").write_bytes(docx(
        ["Ministry statement on labour migration", "12 March 2021",
         "Inspectors visited building sites in Doha."], creator="Ministry of Labour"))
    (corpus / "shelters.odt").write_bytes(odt(["Report on shelters",
                                               "Shelters opened for rescued fishermen."]))
    (corpus / "broken.docx").write_bytes(b"not a zip")
    summary = build.reindex(corpus_copy)
    reasons = {item.path: item.reason for item in summary.skipped}
    assert "not a zip" in reasons["broken.docx"]
    assert summary.added == 7

    archive = Archive(corpus_copy.index_dir)
    [hit] = archive.search(SearchRequest(q='"building sites"'))["results"]
    assert hit["title"] == "Ministry statement on labour migration"
    assert hit["date"] == "2021-03-12" and hit["source"] == "Ministry of Labour"
    [hit] = archive.search(SearchRequest(q="fishermen"))["results"]
    assert hit["path"] == "shelters.odt" and ("fishermen", True) in hit["snippet"][0]
