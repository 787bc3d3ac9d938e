"""One run, whatever the engine (indexer.sync): what a writer is handed for new, changed,
touched, unchanged, gone and unreadable files, and the counts the summary reports. Both engines'
writers are tested through their runs (engines/whoosh/test_build.py,
engines/solr/test_incremental.py); here the decisions themselves, with a writer that only
records."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from indexer.config import Settings
from indexer.documents import load_context
from indexer.extraction import content_hash
from indexer.sync import Known, Summary, sync
from indexer.walker import walk


@dataclass
class Recorder:
    reading: int = -1
    kept: list[str] = field(default_factory=list)
    written: dict[str, tuple] = field(default_factory=dict)  # path -> (records?, replacing)
    indexed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def begin(self, reading):
        self.reading = reading

    def keep(self, found, known):
        self.kept.append(found.relpath)

    def write(self, found, digest, indexed, records, replacing):
        self.written[found.relpath] = (records is not None, replacing)
        self.indexed[found.relpath] = indexed
        if records:
            assert all(record["indexed"].isoformat() == indexed for record in records)

    def remove(self, paths):
        self.removed.extend(paths)


def _run(corpus, known, first_seen=None):
    settings = Settings(corpus_dir=corpus, index_dir=corpus.parent / "index")
    found, _ = walk(corpus)
    writer, summary = Recorder(), Summary()
    sync(found, known, writer, load_context(settings), settings, summary,
         first_seen=first_seen)
    return writer, summary


def _known(corpus, name, digest):
    stat = (corpus / name).stat()
    return Known(digest, stat.st_size, stat.st_mtime_ns, "2020-01-02T03:04:05")


def test_each_file_is_handed_over_by_what_changed(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("same.txt", "touched.txt", "changed.txt", "new.txt"):
        (corpus / name).write_text(f"Trafficking report {name}.\n", encoding="utf-8")
    (corpus / "unreadable.txt").write_bytes(b"\x00" * 4096)  # binary: skipped
    first, _ = _run(corpus, {})
    digests = {}
    for path in ("same.txt", "touched.txt", "changed.txt"):
        digests[path] = _digest(corpus / path)
    known = {path: _known(corpus, path, digest) for path, digest in digests.items()}
    known["gone.txt"] = Known("0" * 64, 10, 10, "2019-01-01T00:00:00")
    os.utime(corpus / "touched.txt", ns=(10**18, 10**18))  # a new time, the same bytes
    (corpus / "changed.txt").write_text("Forced labour in a new version.\n", encoding="utf-8")

    started = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0).isoformat()
    writer, summary = _run(corpus, known)

    assert first.reading == 5  # nothing known: every file is read
    assert writer.reading == 4  # touched, changed, new, and the unreadable one again
    assert writer.kept == ["same.txt"]
    assert writer.written == {"touched.txt": (False, True), "changed.txt": (True, True),
                              "new.txt": (True, False)}
    assert writer.removed == ["gone.txt"]
    assert (summary.added, summary.updated, summary.unchanged, summary.removed) == (1, 1, 2, 1)
    assert [item.path for item in summary.skipped] == ["unreadable.txt"]
    # when a file was first indexed is kept through its updates
    assert writer.indexed["changed.txt"] == "2020-01-02T03:04:05"
    assert writer.indexed["new.txt"] >= started  # a new file: now


def test_a_file_unreadable_now_is_removed_and_reported(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text("Trafficking report.\n", encoding="utf-8")
    known = {"report.txt": Known("0" * 64, None, None, None)}
    (corpus / "report.txt").write_bytes(b"\x00" * 4096)
    writer, summary = _run(corpus, known)
    assert writer.removed == ["report.txt"] and writer.written == {}
    assert [item.path for item in summary.skipped] == ["report.txt"]


def test_when_a_file_was_first_indexed_outlives_a_full_rebuild(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "report.txt").write_text("Trafficking report.\n", encoding="utf-8")
    writer, summary = _run(corpus, {}, first_seen={"report.txt": "2018-05-06T07:08:09"})
    assert writer.indexed == {"report.txt": "2018-05-06T07:08:09"}
    assert summary.added == 1


def _digest(path):
    return content_hash(path.read_bytes())
