"""The index writer: postings sorted through chunked disk runs are the postings Whoosh writes."""

from __future__ import annotations

from whoosh import index
from whoosh.writing import SegmentWriter

from indexer.engines.whoosh import writer as writer_module
from indexer.engines.whoosh.schema import build_schema, whoosh_document

WORDS = ("trafficking", "labour", "migrants", "border", "Qatar", "protocol", "victims",
         "smuggling", "forced", "children", "report", "court")


def _records(count: int) -> list[dict]:
    return [{"id": f"doc-{n}", "path": f"doc-{n}.txt", "title": f"Statement {n}",
             "body": " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 40)) + f" n{n}",
             "country": ["Qatar"] if n % 3 == 0 else []}
            for n in range(count)]


def _postings(directory) -> dict:
    """Every posting of the index in ``directory``: (field, term) -> [(document, value)]."""
    with index.open_dir(str(directory)).reader() as reader:
        return {(field, term): list(reader.postings(field, term).items_as("weight"))
                if reader.schema[field].format.supports("weight") else
                list(reader.postings(field, term).all_ids())
                for field, term in reader.all_terms()}


def _write(directory, make_writer, records) -> None:
    directory.mkdir()
    ix = index.create_in(str(directory), build_schema())
    writer = make_writer(ix)
    for record in records:
        writer.add_document(**whoosh_document(record))
    writer.commit()


def test_postings_through_many_runs_are_whooshs_own(tmp_path, monkeypatch):
    records = _records(60)
    monkeypatch.setattr(writer_module, "RUN_CHUNK", 7)  # chunks end mid-run too
    runs = []
    save = writer_module.ChunkedPool.save
    monkeypatch.setattr(writer_module.ChunkedPool, "save",
                        lambda pool: (runs.append(1), save(pool)))
    # About 20 KB of postings a run: dozens of runs, each read back in chunks.
    _write(tmp_path / "chunked", lambda ix: writer_module.ChunkedWriter(ix, limitmb=0.02),
           records)
    _write(tmp_path / "whoosh", lambda ix: SegmentWriter(ix), records)
    assert len(runs) > 10
    written = _postings(tmp_path / "chunked")
    assert ("body", b"traffick") in written and ("country", b"Qatar") in written
    assert written == _postings(tmp_path / "whoosh")


def test_the_two_process_writer_writes_every_document(tmp_path):
    records = _records(writer_module.PARALLEL_THRESHOLD)
    _write(tmp_path / "index", lambda ix: writer_module.open_writer(ix, len(records)), records)
    ix = index.open_dir(str(tmp_path / "index"))
    assert len(ix._segments()) == 2  # one per process
    with ix.searcher() as searcher:
        assert searcher.doc_count() == len(records)
        assert searcher.document(id="doc-499")["title"] == "Statement 499"
        assert searcher.doc_frequency("country", "Qatar") == len(records[::3])
