"""Multi-page documents and e-mail attachments on the Solr engine as on Whoosh: the page a
snippet is on, each paragraph's page, a message linked to its attachments and back, and the
attachments gone with their message's next version."""

from __future__ import annotations

import os
import shutil
from email.message import EmailMessage
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.engines.solr import admin
from indexer.engines.solr.archive import SolrArchive
from indexer.engines.solr.client import SolrClient
from indexer.engines.solr.engine import SolrEngine
from indexer.engines.solr.ingest import index_corpus
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

pytestmark = pytest.mark.slow  # a JVM cluster

REPO = Path(__file__).resolve().parents[4]
REPORT = [
    ["Annual report on labour inspection", "12 March 2021", "Inspectors visited farms."],
    ["The ombudsman received complaints from workers.", "Most concerned unpaid wages."],
    ["Annexes", "A list of the farms visited in the year."],
]


def _mail(pdfs, attached: bool = True) -> bytes:
    mail = EmailMessage()
    mail["From"] = "Amina Rahman <amina@ministry.example>"
    mail["Subject"] = "Leaked memo on dormitories"
    mail["Date"] = "Fri, 12 Mar 2021 09:30:00 +0300"
    mail.set_content("Please find the inspection report attached.")
    if attached:
        report = pdfs.make_pdf([["Inspection report on dormitories", "Crowded rooms."],
                                ["Annex", "The ombudsman was told on 3 March."]])
        mail.add_attachment(report, maintype="application", subtype="pdf",
                            filename="report.pdf")
    return mail.as_bytes()


@pytest.fixture(scope="module")
def both(solr_cluster, pdfs, tmp_path_factory):
    root = tmp_path_factory.mktemp("pages")
    corpus = root / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    (corpus / "inspection.pdf").write_bytes(pdfs.make_pdf(REPORT))
    (corpus / "mail.eml").write_bytes(_mail(pdfs))
    settings = Settings(corpus, root / "index")
    build.reindex(settings, full=True)
    client = SolrClient(solr_cluster["nodes"])
    name = f"pages_{os.getpid()}"
    admin.ensure_collection(client, name, shards=2, replicas=1)
    engine = SolrEngine(client, name)
    index_corpus(settings, engine)
    try:
        yield settings, Archive(settings.index_dir), SolrArchive(engine)
    finally:
        admin.delete_collection(client, name)


def test_the_page_of_a_snippet_and_of_each_paragraph(both):
    _, whoosh, solr = both
    request = SearchRequest(q="ombudsman")
    on_whoosh = {hit["id"]: hit["page"] for hit in whoosh.search(request)["results"]}
    on_solr = {hit["id"]: hit["page"] for hit in solr.search(request)["results"]}
    assert on_solr == on_whoosh and 2 in on_solr.values()
    for doc_id in on_whoosh:
        expected, found = whoosh.document(doc_id, q="ombudsman"), solr.document(doc_id,
                                                                               q="ombudsman")
        for key in ("pages", "paragraph_pages", "ocr_pages", "textless_pages", "matches"):
            assert found[key] == expected[key], key


def test_a_message_and_its_attachments_link_to_each_other(both):
    _, whoosh, solr = both
    [report] = solr.search(SearchRequest(q="dormitories crowded"))["results"][:1]
    assert report["path"] == "mail.eml/001-report.pdf"
    assert solr.document(report["id"])["attached_to"] == \
        whoosh.document(report["id"])["attached_to"] != None  # noqa: E711
    [message] = [hit for hit in solr.search(SearchRequest(q="attached"))["results"]
                 if hit["path"] == "mail.eml"]
    assert solr.document(message["id"])["attachments"] == \
        whoosh.document(message["id"])["attachments"] != []
    assert solr.path_of(report["id"]) == whoosh.path_of(report["id"])


def test_attachments_go_with_their_message(both, pdfs):
    settings, _, solr = both
    before = solr.document_count()
    (settings.corpus_dir / "mail.eml").write_bytes(_mail(pdfs, attached=False))
    summary = index_corpus(settings, solr.engine)
    assert summary.updated == 1 and summary.documents == before - 1
    assert solr.search(SearchRequest(q="crowded"))["total"] == 0
