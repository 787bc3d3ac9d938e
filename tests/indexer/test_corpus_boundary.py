"""End to end: a hostile corpus folder is indexed within seconds, reads nothing from outside it,
and reports every file it passed over with a reason.

The corpus holds links in and out, a folder loop, a FIFO, links to /dev/zero and /etc/passwd, a
name that is not UTF-8, a file that vanishes during the run, a sparse 10 GiB file, a hidden
folder, editor swap files and the index folder itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

import pytest
from click.testing import CliRunner

from indexer.cli import sift
from indexer.config import Settings
from indexer.engines.whoosh import build
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

OUTSIDE_SECRET = "Quixotrelium"  # in a file outside the corpus, linked from inside
HIDDEN_SECRET = "Zorblaxian"  # in hidden, swap and index files inside the corpus
TIMEOUT = 30  # seconds; a FIFO or /dev/zero that was opened would hang or run far longer

# path in the summary -> what its reason must say
EXPECTED_SKIPS = {
    "caf\\xe9.txt": "file name is not valid UTF-8",
    "dangling.txt": "broken link",
    "huge.txt": "too large",
    "leak.txt": "outside the corpus",
    "mirror": "outside the corpus",
    "passwd.txt": "outside the corpus",
    "zero.txt": "outside the corpus",
    "pipe.txt": "FIFO",
}
VANISHING = "a-vanishing.txt"  # sorts first: the documents after it must still be indexed


def hostile_corpus(tmp_path: Path) -> Settings:
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.txt").write_text(f"Credentials\n\n{OUTSIDE_SECRET} password hunter2\n")
    (outside / "folder" / "more.txt").write_text(f"More secrets\n\n{OUTSIDE_SECRET} again\n")

    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "report.txt").write_text(
        "Labour migration through Ouagadougou\n\n"
        "Recruiters in Ouagadougou promised jobs abroad that did not exist.\n")
    (corpus / "sub" / "nested.md").write_text(
        "# Agencies in Tegucigalpa\n\nThree agencies in Tegucigalpa were closed by the court.\n")
    (corpus / VANISHING).write_text("Soon gone\n\nThis file is deleted during the run.\n")

    # links: in (indexed once), out (refused), a loop, devices, a dangling one
    (corpus / "alias.txt").symlink_to("report.txt")
    (corpus / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (corpus / "leak.txt").symlink_to(outside / "secret.txt")
    (corpus / "mirror").symlink_to(outside / "folder", target_is_directory=True)
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    (corpus / "dangling.txt").symlink_to("nowhere.txt")

    os.mkfifo(corpus / "pipe.txt")
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as file:
        file.write(b"Cafe\n\nA name in Latin-1.\n")
    with open(corpus / "huge.txt", "wb") as file:
        file.truncate(10 * 1024**3)  # sparse: over the 20 MB limit without using the disk

    # ignored without a word
    (corpus / ".git").mkdir()
    (corpus / ".git" / "notes.txt").write_text(f"Hidden\n\n{HIDDEN_SECRET} in .git\n")
    for name in (".DS_Store", ".report.txt.swp", "draft.txt.swp", "report.txt~", "#draft.txt#"):
        (corpus / name).write_text(f"Swap\n\n{HIDDEN_SECRET} in {name}\n")
    index_dir = corpus / "index"  # the index lives inside the corpus
    index_dir.mkdir()
    (index_dir / "stray.txt").write_text(f"Stray\n\n{HIDDEN_SECRET} in the index folder\n")
    return Settings(corpus_dir=corpus, index_dir=index_dir)


def delete_after_the_walk(settings: Settings, monkeypatch) -> None:
    """Delete the vanishing file between the walk that found it and its read."""
    walk = build.walk

    def walk_then_delete(*args, **kwargs):
        found = walk(*args, **kwargs)
        (settings.corpus_dir / VANISHING).unlink()
        return found

    monkeypatch.setattr(build, "walk", walk_then_delete)


def search(settings: Settings, q: str = "") -> dict:
    return Archive(settings.index_dir).search(SearchRequest(q=q, per_page=100))


@pytest.fixture
def indexed(tmp_path, within, monkeypatch):
    settings = hostile_corpus(tmp_path)
    delete_after_the_walk(settings, monkeypatch)
    summary = within(TIMEOUT, build.reindex, settings, False)
    return settings, summary


def test_every_hostile_entry_is_skipped_with_its_reason_and_nothing_else(indexed):
    settings, summary = indexed
    reasons = {item.path: item.reason for item in summary.skipped}
    # hidden files, swap files, the index folder, the inside link and the loop make no noise
    assert set(reasons) == set(EXPECTED_SKIPS) | {VANISHING}
    for path, expected in EXPECTED_SKIPS.items():
        assert expected in reasons[path], (path, reasons[path])
    assert "vanished" in reasons[VANISHING]


def test_the_rest_of_the_corpus_is_indexed_once_each(indexed):
    settings, summary = indexed
    assert (summary.added, summary.documents) == (2, 2)
    listed = search(settings)
    assert sorted(hit["path"] for hit in listed["results"]) == ["report.txt", "sub/nested.md"]
    # the inside link and the looping folder add no second copy
    assert search(settings, "Ouagadougou")["total"] == 1
    assert search(settings, "Tegucigalpa")["total"] == 1


def test_nothing_from_outside_the_corpus_or_from_ignored_files_is_searchable(indexed):
    settings, _ = indexed
    for word in (OUTSIDE_SECRET, "hunter2", HIDDEN_SECRET, "root"):
        assert search(settings, word)["total"] == 0, word


def test_result_paths_are_relative_to_the_corpus(indexed):
    settings, _ = indexed
    for hit in search(settings)["results"]:
        path = PurePosixPath(hit["path"])
        assert not path.is_absolute() and ".." not in path.parts
        assert str(settings.corpus_dir.parent) not in hit["path"]
        assert (settings.corpus_dir / path).is_file()


def test_a_document_replaced_by_a_link_outside_leaves_the_index(tmp_path, within):
    settings = hostile_corpus(tmp_path)
    within(TIMEOUT, build.reindex, settings)
    assert search(settings, "Ouagadougou")["total"] == 1
    report = settings.corpus_dir / "report.txt"
    report.unlink()
    report.symlink_to(tmp_path / "outside" / "secret.txt")

    summary = within(TIMEOUT, build.reindex, settings)
    assert not summary.full and summary.removed == 1
    assert "outside the corpus" in {s.path: s.reason for s in summary.skipped}["report.txt"]
    assert search(settings, "Ouagadougou")["total"] == 0
    assert search(settings, OUTSIDE_SECRET)["total"] == 0


def test_sift_index_reports_the_hostile_entries_as_json(tmp_path, within):
    settings = hostile_corpus(tmp_path)
    args = ["index", "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir),
            "--json"]
    result = within(TIMEOUT, CliRunner().invoke, sift, args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    reasons = {item["path"]: item["reason"] for item in summary["skipped"]}
    assert set(reasons) == set(EXPECTED_SKIPS)  # nothing vanishes here: it is indexed
    for path, expected in EXPECTED_SKIPS.items():
        assert expected in reasons[path], (path, reasons[path])
    assert summary["documents"] == 3
