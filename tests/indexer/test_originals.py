"""Originals found from the index's path: the file, an e-mail attachment's bytes, and nothing
from outside the corpus folder."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from indexer import originals
from indexer.formats import attachment_number, attachment_path


def test_attachment_paths_name_their_number_back():
    path = attachment_path("mail/2021.eml", 7, "report-final.pdf")
    assert path == "mail/2021.eml/007-report-final.pdf"
    assert attachment_number("mail/2021.eml", path) == 7
    assert attachment_number("other.eml", path) is None
    assert attachment_number("mail/2021.eml", "mail/2021.eml/report.pdf") is None


def test_a_file_an_attachment_and_what_is_gone(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "note.txt").write_text("A note.\n")
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "desk@news.example", "Report"
    mail.set_content("Attached.")
    mail.add_attachment(b"%PDF-1.4 fake", maintype="application", subtype="pdf",
                        filename="report.pdf")
    (corpus / "mail.eml").write_bytes(mail.as_bytes())
    (corpus / "outside.txt").symlink_to("/etc/hostname")

    note = originals.find(corpus, "note.txt", None)
    assert (note.name, note.kind, note.content) == ("note.txt", "text/plain",
                                                   (corpus / "note.txt").resolve())
    report = originals.find(corpus, attachment_path("mail.eml", 1, "report.pdf"), "mail.eml")
    assert (report.name, report.kind, report.content) == ("report.pdf", "application/pdf",
                                                         b"%PDF-1.4 fake")
    for path, container in (("gone.txt", None), ("outside.txt", None), ("../etc/passwd", None),
                            (attachment_path("mail.eml", 2, "x.pdf"), "mail.eml")):
        with pytest.raises(originals.Gone):
            originals.find(corpus, path, container)
