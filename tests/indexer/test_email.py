"""E-mail messages: subject as title, sender as source, the Date header as date, the body, and
the attachments named; a message with 500 attachments is read within bounds."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from indexer import build
from indexer.formats import BadDocument, extract
from indexer.search import Archive, SearchRequest


def message(body: str = "Inspectors visited building sites in Doha.", html: bool = False,
            attachments: int = 0) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Amina Rahman <amina@ministry.example>"
    mail["To"] = "desk@news.example"
    mail["Subject"] = "Leaked memo on recruitment fees"
    mail["Date"] = "Fri, 12 Mar 2021 09:30:00 +0300"
    if html:
        mail.set_content(f"<html><body><nav>Menu</nav><p>{body}</p></body></html>",
                         subtype="html")
    else:
        mail.set_content(body)
    for number in range(attachments):
        mail.add_attachment(b"data", maintype="application", subtype="octet-stream",
                            filename=f"scan-{number}.pdf")
    return mail.as_bytes()


def test_subject_sender_date_and_body():
    document = extract(".eml", message())
    assert document.title == "Leaked memo on recruitment fees"
    assert document.source == "Amina Rahman"
    assert document.date == dt.date(2021, 3, 12)
    assert "Inspectors visited building sites in Doha." in document.body


def test_an_html_body_is_cleaned_like_a_web_page():
    document = extract(".eml", message(html=True))
    assert "building sites" in document.body and "Menu" not in document.body


def test_attachments_are_named_and_500_of_them_are_fine():
    document = extract(".eml", message(attachments=500))
    assert "scan-0.pdf" in document.body and "scan-499.pdf" in document.body


def test_a_file_that_is_no_message_is_refused():
    with pytest.raises(BadDocument, match="not an e-mail"):
        extract(".eml", b"\x00\x01 random bytes")


def test_messages_are_searchable(corpus_copy):
    (corpus_copy.corpus_dir / "memo.eml").write_bytes(message(attachments=2))
    summary = build.reindex(corpus_copy)
    assert summary.added == 6 and summary.skipped == []
    [hit] = Archive(corpus_copy.index_dir).search(SearchRequest(q='"building sites"'))["results"]
    assert hit["title"] == "Leaked memo on recruitment fees"
    assert hit["source"] == "Amina Rahman" and hit["date"] == "2021-03-12"
