"""Exports of a whole result set: the order of the pages, every document once, the provenance
header, the build id, spreadsheet safety, and streaming."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os

import pytest

from indexer import export
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

NOW = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def page_url(doc_id: str) -> str:
    return f"https://sift.example/doc/{doc_id}"


def exported(archive: Archive, fmt: str, request: SearchRequest) -> str:
    return "".join(export.export(fmt, request, archive.stream(request), page_url, NOW))


def read_csv(text: str) -> tuple[list[str], list[dict]]:
    assert text.startswith(export.BOM)  # spreadsheets read it as UTF-8
    lines = text[1:].splitlines(keepends=True)
    comments = [line for line in lines if line.startswith(("#", '"#'))]
    rows = list(csv.DictReader(io.StringIO("".join(lines[len(comments):]))))
    return [next(csv.reader([c]))[0] for c in comments], rows


def all_pages(archive: Archive, request: SearchRequest) -> list[str]:
    ids, page = [], 1
    while True:
        answer = archive.search(SearchRequest(q=request.q, filters=request.filters,
                                              sort=request.sort, page=page, per_page=7))
        ids += [hit["id"] for hit in answer["results"]]
        if page * 7 >= answer["total"]:
            return ids
        page += 1


@pytest.mark.parametrize("request_", [
    SearchRequest(q="human rights development"),
    SearchRequest(q="climate", sort="newest"),
    SearchRequest(q="", sort="oldest", filters={"country": ("Qatar",)}),
])
def test_every_matching_speech_exported_once_in_the_pages_order(un_speeches, request_):
    archive = Archive(un_speeches.index_dir)
    text = exported(archive, "jsonl", request_)
    header, *rows = [json.loads(line) for line in text.splitlines()]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)) == header["export"]["total"]
    assert ids == all_pages(archive, request_)
    assert header["export"]["total"] == archive.search(request_)["total"] > 5


def test_csv_has_a_provenance_header_and_every_field(archive):
    request = SearchRequest(q="forced labour", filters={"country": ("Qatar",)})
    comments, rows = read_csv(exported(archive, "csv", request))
    header = dict(line[2:].split(": ", 1) for line in comments[1:])
    assert comments[0] == f"# Sift export: {len(rows)} documents"
    assert header["query"] == "forced labour" and header["filters"] == "country=Qatar"
    assert header["sort"] == "relevance" and header["exported_at"] == "2026-01-02T03:04:05+00:00"
    assert header["index_build"] == archive.build_id()
    first = rows[0]
    assert first["title"] == "Qatar announces labour reform to protect migrant workers"
    assert first["date"] == "2021-03-12" and first["language"] == "en"
    assert "Qatar" in first["country"].split("; ") and first["topic"]
    assert first["url"] == page_url(first["id"])
    assert "<mark>" not in first["snippet"] and "labour" in first["snippet"]
    assert float(first["score"]) > 0


def test_ris_records_for_reference_managers(archive):
    text = exported(archive, "ris", SearchRequest(q="qatar labour"))
    records = [r for r in text.split("ER  - \r\n") if r.strip()]
    assert len(records) == archive.search(SearchRequest(q="qatar labour"))["total"]
    first = dict(line.split("  - ", 1) for line in records[0].strip().split("\r\n")
                 if not line.startswith("KW"))
    assert first["TY"] in ("GEN", "NEWS", "RPRT")
    assert first["TI"] == "Qatar announces labour reform to protect migrant workers"
    assert first["DA"] == "2021/03/12/" and first["PY"] == "2021"
    assert "KW  - Qatar" in records[0]


def test_cells_a_spreadsheet_would_run_are_made_text(corpus_copy):
    (corpus_copy.corpus_dir / "formula.txt").write_text(
        '=HYPERLINK("http://evil.example","Click")\n\n'
        "+1 trafficking note for a spreadsheet, @SUM(A1) and -2 elsewhere.\n")
    build.reindex(corpus_copy, full=True)
    archive = Archive(corpus_copy.index_dir)
    _, rows = read_csv(exported(archive, "csv", SearchRequest(q="spreadsheet")))
    assert rows[0]["title"] == "'=HYPERLINK(\"http://evil.example\",\"Click\")"
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row.values() if cell)
    assert export.neutralise("@SUM(A1)") == "'@SUM(A1)" and export.neutralise("a=b") == "a=b"


def test_the_build_id_changes_with_every_reindex(corpus_copy):
    build.reindex(corpus_copy)
    archive = Archive(corpus_copy.index_dir)
    first = archive.build_id()
    assert first == archive.build_id()  # nothing changed
    note = corpus_copy.corpus_dir / "new-note.txt"
    note.write_text("A new note on trafficking.\n")
    build.reindex(corpus_copy)  # incremental: same generation, one more commit
    second = archive.build_id()
    assert second != first and second.split(".")[0] == first.split(".")[0]
    build.reindex(corpus_copy, full=True)
    assert archive.build_id() not in (first, second)
    os.remove(note)


def test_rows_are_made_a_chunk_at_a_time(un_speeches, monkeypatch):
    archive = Archive(un_speeches.index_dir)
    made = []
    hits = Archive._hits

    def counting(self, opened, q, page, request):
        made.append(len(page))
        return hits(self, opened, q, page, request)

    monkeypatch.setattr(Archive, "_hits", counting)
    stream = archive.stream(SearchRequest(q="peace"), chunk=50)
    assert stream.total > 200
    first = next(stream.rows)
    assert first["id"] and made == [50]  # only the first chunk exists yet
    rest = list(stream.rows)
    assert len(rest) + 1 == stream.total and max(made) == 50


def test_a_query_that_cannot_be_read_is_a_search_error(archive):
    from indexer.service import SearchError

    with pytest.raises(SearchError):
        archive.stream(SearchRequest(q='"unclosed'))
