"""Pages of a multi-page document in the product: the page of a result's best passage (API,
results page, embed), page anchors on the document page, and the original file's download."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from indexer.config import Settings
from indexer.engines.whoosh import build
from webui import create_app

SHIPPED_CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def client_for(settings: Settings):
    app = create_app({"SIFT_INDEX": str(settings.index_dir),
                      "SIFT_CORPUS": str(settings.corpus_dir), "TESTING": True})
    return app.test_client()


@pytest.fixture(scope="module")
def client(paged):
    return client_for(paged)


def result(client, q: str, path: str) -> dict:
    answer = client.get("/api/search", query_string={"q": q}).get_json()
    return next(hit for hit in answer["results"] if hit["path"] == path)


def test_a_result_says_the_page_of_its_best_passage(client):
    assert result(client, "ombudsman", "inspection.pdf")["page"] == 2
    assert result(client, "annexes", "inspection.pdf")["page"] == 3
    # a one-page document has no page worth saying
    assert result(client, "trafficking", "2019-11-15-resolution-improving-coordination.txt")[
        "page"] is None


def test_the_results_page_links_the_page_of_the_passage(client):
    html = client.get("/", query_string={"q": "ombudsman"}).get_data(as_text=True)
    link = re.search(r'<a class="page-ref" href="([^"]+)"[^>]*>p\. 2</a>', html)
    assert link and link.group(1).startswith("/doc/") and link.group(1).endswith("#page-2")


def test_the_document_page_marks_where_each_page_begins(client):
    hit = result(client, "ombudsman", "inspection.pdf")
    html = client.get(f"/doc/{hit['id']}", query_string={"q": "ombudsman"}).get_data(as_text=True)
    anchors = [html.index(f'id="page-{n}"') for n in (1, 2, 3)]
    assert anchors == sorted(anchors)
    assert anchors[1] < html.index("<mark>ombudsman</mark>") < anchors[2]
    document = client.get(f"/api/documents/{hit['id']}").get_json()
    assert document["pages"] == 3


def test_a_one_page_document_has_no_page_marks(client):
    hit = result(client, "trafficking", "2019-11-15-resolution-improving-coordination.txt")
    html = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
    assert 'id="page-' not in html
    assert client.get(f"/api/documents/{hit['id']}").get_json()["pages"] == 1


def test_the_embed_shows_the_page(client):
    html = client.get("/embed", query_string={"q": "ombudsman"}).get_data(as_text=True)
    assert re.search(r'class="page-ref">p\. 2<', html)


def test_a_pdf_original_opens_inline_sandboxed(client, paged):
    hit = result(client, "ombudsman", "inspection.pdf")
    response = client.get(f"/doc/{hit['id']}/original")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Security-Policy"] == "sandbox"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.get_data() == (paged.corpus_dir / "inspection.pdf").read_bytes()
    page = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
    assert f'href="/doc/{hit["id"]}/original"' in page


def test_other_originals_are_downloads(client, paged):
    path = "2019-11-15-resolution-improving-coordination.txt"
    hit = result(client, "trafficking", path)
    response = client.get(f"/doc/{hit['id']}/original")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"].startswith("attachment")
    assert path in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_data() == (paged.corpus_dir / path).read_bytes()


def test_originals_come_only_from_the_corpus_by_id(tmp_path, pdfs):
    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build.reindex(settings)
    client = client_for(settings)
    answer = client.get("/api/search", query_string={"q": "trafficking", "per_page": 10})
    ids = {hit["path"]: hit["id"] for hit in answer.get_json()["results"]}
    gone, swapped = sorted(ids)[:2]
    (corpus / gone).unlink()  # removed since the index was built
    (corpus / swapped).unlink()
    (corpus / swapped).symlink_to("/etc/passwd")  # now pointing outside the corpus
    assert client.get(f"/doc/{ids[gone]}/original").status_code == 404
    assert client.get(f"/doc/{ids[swapped]}/original").status_code == 404
    assert client.get("/doc/no-such-id/original").status_code == 404
    assert client.get("/doc/..%2F..%2Fetc%2Fpasswd/original").status_code == 404


def test_an_attachment_original_is_taken_out_of_its_message(tmp_path, pdfs):
    from email.message import EmailMessage

    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    report = pdfs.make_pdf([["Inspection report on dormitories", "Crowded rooms."]])
    mail = EmailMessage()
    mail["From"], mail["Subject"] = "desk@news.example", "Inspection documents"
    mail.set_content("The report is attached.")
    mail.add_attachment(report, maintype="application", subtype="pdf", filename="report.pdf")
    (corpus / "mail.eml").write_bytes(mail.as_bytes())
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    build.reindex(settings)
    client = client_for(settings)

    hit = result(client, "dormitories", "mail.eml/001-report.pdf")
    response = client.get(f"/doc/{hit['id']}/original")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.get_data() == report
    assert response.headers["Content-Security-Policy"] == "sandbox"
    page = client.get(f"/doc/{hit['id']}").get_data(as_text=True)
    assert "Attached to" in page and "Inspection documents" in page
