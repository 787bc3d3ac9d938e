"""At start-up an index that will not open is reported and rebuilt, never served half-broken;
``/healthz`` says what is served, or 503 while nothing can be."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indexer.cli import sift
from indexer.engines.whoosh import build, store
from webui import create_app


def damage(index_dir) -> None:
    for segment in store.live_generation(index_dir).glob("*.seg"):
        segment.unlink()


def healthz(settings):
    app = create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir),
                      "SIFT_CORPUS": str(settings.corpus_dir)})
    return app.test_client().get("/healthz")


def test_healthz_names_generation_documents_and_last_commit(corpus_copy):
    build.reindex(corpus_copy)
    response = healthz(corpus_copy)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    answer = response.get_json()
    assert answer["ok"] is True
    assert answer["generation"] == store.live_generation(corpus_copy.index_dir).name
    assert answer["documents"] == 5
    assert answer["last_commit"].endswith("Z")


def test_healthz_is_503_without_an_index_and_with_a_damaged_one(corpus_copy):
    response = healthz(corpus_copy)
    assert response.status_code == 503 and response.get_json()["ok"] is False
    build.reindex(corpus_copy)
    damage(corpus_copy.index_dir)
    response = healthz(corpus_copy)
    assert response.status_code == 503
    assert "unreadable" in response.get_json()["error"]["message"]
    assert healthz(corpus_copy).status_code == 503  # and stays so until rebuilt
    build.reindex(corpus_copy)
    assert healthz(corpus_copy).get_json()["documents"] == 5


def test_sift_search_reports_a_damaged_index_and_rebuilds_it(corpus_copy):
    build.reindex(corpus_copy)
    damage(corpus_copy.index_dir)
    result = CliRunner().invoke(sift, ["search", "trafficking", "--json", "--index",
                                       str(corpus_copy.index_dir), "--corpus",
                                       str(corpus_copy.corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "cannot be opened" in result.stderr and "rebuilding" in result.stderr
    assert json.loads(result.stdout)["total"] >= 1
    assert store.problem(corpus_copy.index_dir) is None


@pytest.mark.parametrize("garbage", [b"", b"\x00\xff not a generation\n", b"gen-missing\n"])
def test_sift_serve_rebuilds_an_index_that_will_not_open(corpus_copy, monkeypatch, garbage):
    import waitress

    build.reindex(corpus_copy)
    (corpus_copy.index_dir / store.POINTER).write_bytes(garbage)
    served = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: served.append(app))
    result = CliRunner().invoke(sift, ["serve", "--index", str(corpus_copy.index_dir),
                                       "--corpus", str(corpus_copy.corpus_dir)])
    assert result.exit_code == 0, result.output
    assert "indexing" in result.stderr and "5 documents in the index" in result.stderr
    assert served
    assert served[0].test_client().get("/healthz").get_json()["documents"] == 5
