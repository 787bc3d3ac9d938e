"""RTF files: their text (English and, through the code page, Russian), title and author, and
files that are not RTF skipped with a reason while the rest of the archive is indexed."""

from __future__ import annotations

import datetime as dt

import pytest

from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.formats import BadDocument, extract
from indexer.service import SearchRequest


def rtf(paragraphs: list[str], title: str = "", author: str = "", codepage: int = 1252) -> bytes:
    """An RTF document as a word processor writes one: non-ASCII letters as \\'xx escapes of the
    code page."""
    def escaped(text: str) -> str:
        out = []
        for char in text:
            if ord(char) < 128:
                out.append(char.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}"))
            else:
                out.extend(f"\\'{byte:02x}" for byte in char.encode(f"cp{codepage}"))
        return "".join(out)

    info = ""
    if title or author:
        info = "{\\info" + (f"{{\\title {escaped(title)}}}" if title else "") + (
            f"{{\\author {escaped(author)}}}" if author else "") + "}"
    body = "".join(f"\\pard {{\\b0 {escaped(text)}}}\\par\n" for text in paragraphs)
    header = f"{{\\rtf1\\ansi\\ansicpg{codepage}\\deff0{{\\fonttbl{{\\f0 Times New Roman;}}}}"
    return (header + info + "\n" + body + "}").encode("ascii")


def test_text_headline_and_date_of_an_rtf():
    found = extract(".rtf", rtf(["Statement on forced labour", "12 March 2021",
                                 "Workers {in braces} were paid late; café owners agreed."],
                                title="Draft 3", author="Ministry of Labour"))
    assert found.title == "Statement on forced labour"
    assert found.date == dt.date(2021, 3, 12)
    assert "Workers {in braces} were paid late; café owners agreed." in found.body
    assert found.source == "Ministry of Labour"
    assert "\\" not in found.body and "fonttbl" not in found.body


def test_the_info_title_names_a_document_whose_text_has_no_headline():
    found = extract(".rtf", rtf(["12 March 2021"], title="Annual report 2020"))
    assert found.title == "Annual report 2020"
    assert found.date == dt.date(2021, 3, 12)


def test_russian_through_the_code_page():
    found = extract(".rtf", rtf(["Заявление о торговле людьми", "Текст заявления."],
                                codepage=1251))
    assert found.title == "Заявление о торговле людьми"
    assert "Текст заявления." in found.body


@pytest.mark.parametrize("data, reason", [
    (b"PK\x03\x04 a zip, not RTF", "not an RTF document"),
    (b"{\\rtf1\\ansi }", "no text in the document"),
])
def test_not_rtf_is_refused_with_a_reason(data, reason):
    with pytest.raises(BadDocument, match=reason):
        extract(".rtf", data)


def test_rtf_files_are_searchable_and_bad_ones_skipped(corpus_copy):
    corpus = corpus_copy.corpus_dir
    (corpus / "statement.rtf").write_bytes(rtf(["Statement on seasonal ombudsman reports",
                                                "The ombudsman met farm workers."]))
    (corpus / "broken.rtf").write_bytes(b"\x00\x01 binary junk")
    summary = build.reindex(corpus_copy)
    assert summary.added == 6
    assert [(s.path, s.reason) for s in summary.skipped] == [
        ("broken.rtf", "not an RTF document (no {\\rtf header)")]
    answer = Archive(corpus_copy.index_dir).search(SearchRequest(q="ombudsman"))
    assert [hit["title"] for hit in answer["results"]] == [
        "Statement on seasonal ombudsman reports"]


def test_russian_written_as_unicode_escapes():
    """Word writes letters its code page lacks as \\uN? escapes (N the code point, ? the
    fallback for old readers)."""
    escaped = "".join(f"\\u{ord(char)}?" if ord(char) > 127 else char
                      for char in "Работники получили зарплату.")
    data = "{\\rtf1\\ansi\\ansicpg1252\\uc1 Statement on wages\\par " + escaped + "\\par}"
    found = extract(".rtf", data.encode())
    assert found.title == "Statement on wages"
    assert "Работники получили зарплату." in found.body and "?" not in found.body
