"""E-mail messages: subject as title, sender as source, the Date header as date, the body, and
the attachments named; those Sift can read are documents of their own, linked to the message,
removed and replaced with it; a message with 500 attachments is read within bounds."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.formats import BadDocument, extract
from indexer.formats import eml as eml_module
from indexer.service import SearchRequest


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


def with_attachments(pdfs, notes: int = 0) -> bytes:
    """A message carrying a two-page PDF report, a forwarded message (itself with a PDF), and
    ``notes`` short text files."""
    mail = EmailMessage()
    mail["From"] = "Desk <desk@news.example>"
    mail["Subject"] = "Inspection documents"
    mail["Date"] = "Mon, 15 Mar 2021 10:00:00 +0000"
    mail.set_content("Please find the inspection report attached.")
    report = pdfs.make_pdf([["Inspection report on dormitories", "Crowded rooms were found."],
                            ["Annex", "The ombudsman was told on 3 March."]])
    mail.add_attachment(report, maintype="application", subtype="pdf", filename="report.pdf")
    forwarded = EmailMessage()
    forwarded["From"] = "Source <source@example.org>"
    forwarded["Subject"] = "Visa sponsorship complaints"
    forwarded.set_content("Workers could not change employers without permission.")
    forwarded.add_attachment(pdfs.make_pdf([["Nested annex about passports"]]),
                             maintype="application", subtype="pdf", filename="nested.pdf")
    mail.add_attachment(forwarded.as_bytes(), maintype="application", subtype="octet-stream",
                        filename="../forwarded.eml")
    for number in range(notes):
        mail.add_attachment(f"Note {number} on wages.".encode(), maintype="text",
                            subtype="plain", filename=f"note-{number:02d}.txt")
    return mail.as_bytes()


def search(settings, q: str) -> list[dict]:
    return Archive(settings.index_dir).search(SearchRequest(q=q, per_page=100))["results"]


def test_attachments_are_documents_of_their_own(corpus_copy, pdfs):
    (corpus_copy.corpus_dir / "mail.eml").write_bytes(with_attachments(pdfs))
    summary = build.reindex(corpus_copy)
    assert (summary.added, summary.documents) == (6, 5 + 3)

    [report] = search(corpus_copy, "dormitories")
    assert report["path"] == "mail.eml/001-report.pdf"
    assert report["title"] == "Inspection report on dormitories"
    archive = Archive(corpus_copy.index_dir)
    assert archive.document(report["id"])["attached_to"]["path"] == "mail.eml"
    [forwarded] = search(corpus_copy, "sponsorship")
    assert forwarded["path"] == "mail.eml/002-forwarded.eml"  # no folder taken from its name
    assert forwarded["title"] == "Visa sponsorship complaints"
    # one level: the forwarded message's own attachment is named in its text, not read
    assert search(corpus_copy, "passports") == []
    [message_hit] = search(corpus_copy, '"inspection report attached"')
    listed = archive.document(message_hit["id"])["attachments"]
    assert [item["path"] for item in listed] == ["mail.eml/001-report.pdf",
                                                 "mail.eml/002-forwarded.eml"]


def test_attachments_go_and_come_with_their_message(corpus_copy, pdfs):
    mail = corpus_copy.corpus_dir / "mail.eml"
    mail.write_bytes(with_attachments(pdfs, notes=60))
    summary = build.reindex(corpus_copy)
    assert summary.documents == 5 + 1 + eml_module.MAX_ATTACHMENTS  # bounded: the rest named

    mail.write_bytes(message())  # the same file, now without attachments
    summary = build.reindex(corpus_copy)
    assert (summary.updated, summary.documents) == (1, 6)
    assert search(corpus_copy, "dormitories") == []

    mail.write_bytes(with_attachments(pdfs))
    build.reindex(corpus_copy)
    assert len(search(corpus_copy, "dormitories")) == 1
    mail.unlink()
    summary = build.reindex(corpus_copy)
    assert (summary.removed, summary.documents) == (1, 5)
    assert search(corpus_copy, "dormitories") == []
