"""Sift on real text nobody here wrote: one session of the UN General Debate (192 speeches, from
``../shared/corpora``), indexed, searched and served. Skipped when ``../shared`` is absent."""

from __future__ import annotations

import tarfile
from pathlib import Path

import pycountry
import pytest

from indexer.config import Settings
from indexer.countries import display_name
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

UNGDC = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "ungdc.tar.xz"
SESSION = "Session 78 - 2023"

pytestmark = pytest.mark.skipif(not UNGDC.exists(), reason=f"{UNGDC} is not here")


@pytest.fixture(scope="module")
def speeches(tmp_path_factory) -> tuple[Settings, dict]:
    corpus = tmp_path_factory.mktemp("ungdc")
    with tarfile.open(UNGDC, "r:xz") as archive:
        for member in archive:
            if member.isfile() and f"/{SESSION}/" in member.name:
                (corpus / Path(member.name).name).write_bytes(archive.extractfile(member).read())
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("ungdc-index"))
    return settings, build.reindex(settings, full=True).as_dict()


def test_every_speech_is_indexed(speeches):
    settings, summary = speeches
    files = list(settings.corpus_dir.glob("*.txt"))
    assert len(files) > 150
    assert summary["added"] == len(files) and summary["skipped"] == []


def test_speeches_are_faceted_by_their_speaker_and_not_misdated(speeches):
    settings, _ = speeches
    archive = Archive(settings.index_dir)
    answer = archive.search(SearchRequest(per_page=100, facet_size=0))
    assert {row["value"] for row in answer["facets"]["language"]} == {"en"}
    named = total = 0
    for page in range(1, answer["total"] // 100 + 2):
        for hit in archive.search(SearchRequest(per_page=100, page=page))["results"]:
            code = Path(hit["path"]).stem.split("_")[0]
            country = pycountry.countries.get(alpha_3=code)
            if country is None:  # "EU" and other non-state speakers
                continue
            total += 1
            record = archive.document(hit["id"])
            named += display_name(country) in record["country"]
            # The speeches carry no date of their own: none may be dated after the session.
            assert hit["date"] is None or hit["date"] <= "2023-12-31", hit["path"]
    assert named / total > 0.95, f"the speaker is a facet value of {named} of {total} speeches"


def test_search_pages_and_documents_on_real_text(speeches):
    from bs4 import BeautifulSoup

    from webui import create_app

    settings, _ = speeches
    client = create_app({"TESTING": True, "SIFT_INDEX": str(settings.index_dir)}).test_client()
    for q in ("climate change", '"sustainable development goals"', "ukrain*", "palestine~",
              "nuclear -weapons", "country:Ukraine", "(", "*"):
        response = client.get("/", query_string={"q": q})
        assert response.status_code in (200, 400), q
    soup = BeautifulSoup(client.get("/?q=climate+change").data, "lxml")
    hits = soup.select(".hit")
    assert len(hits) == 10 and all(hit.select(".snippet mark") for hit in hits)
    document = client.get(hits[0].select_one("h2 a")["href"])
    assert document.status_code == 200
    assert b"<mark>" in document.data
