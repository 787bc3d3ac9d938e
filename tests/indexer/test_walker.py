"""The corpus walker and the bounded reader: what may be read, and what is refused with a reason.

Every case is built in a temporary folder. Nothing here needs the text-extraction modules.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from indexer.walker import Found, Unreadable, read_bounded, walk

DOC = "A report on labour migration\n\nWorkers were recruited with false promises.\n"
SECRET = "TOPSECRET-7f3a passwords live here"


@pytest.fixture
def corpus(tmp_path) -> Path:
    root = tmp_path / "corpus"
    root.mkdir()
    (root / "report.txt").write_text(DOC)
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    return folder


def paths(found: list[Found]) -> list[str]:
    return [item.relpath for item in found]


def reasons(skipped) -> dict[str, str]:
    return {item.path: item.reason for item in skipped}


def found_one(corpus: Path, relpath: str) -> Found:
    found, _ = walk(corpus)
    return next(item for item in found if item.relpath == relpath)


# --- walk: documents ----------------------------------------------------------------------------


def test_documents_are_found_sorted_with_paths_relative_to_the_corpus(corpus):
    (corpus / "b" / "c").mkdir(parents=True)
    (corpus / "b" / "c" / "deep.md").write_text(DOC)
    (corpus / "a.html").write_text("<p>x</p>")
    found, skipped = walk(corpus)
    assert paths(found) == ["a.html", "b/c/deep.md", "report.txt"]
    assert skipped == []
    assert found[1].realpath == corpus / "b" / "c" / "deep.md"


def test_curator_files_and_unsupported_types(corpus):
    (corpus / "metadata.toml").write_text("")
    (corpus / "entities.toml").write_text("")
    (corpus / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (corpus / "README").write_text("notes")
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]  # .pdf, .docx, .odt are read now
    assert reasons(skipped) == {
        "sheet.xlsx": "unsupported file type '.xlsx'",
        "README": "unsupported file type (no suffix)",
    }


# --- walk: links ------------------------------------------------------------------------------


def test_link_to_a_file_outside_the_corpus_is_skipped(corpus, outside):
    (corpus / "leak.txt").symlink_to(outside / "secret.txt")
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert "outside the corpus" in reasons(skipped)["leak.txt"]


def test_relative_link_climbing_out_of_the_corpus_is_skipped(corpus, outside):
    (corpus / "sub").mkdir()
    (corpus / "sub" / "up.txt").symlink_to(Path("..") / ".." / "outside" / "secret.txt")
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert "outside the corpus" in reasons(skipped)["sub/up.txt"]


def test_link_to_a_folder_outside_the_corpus_is_not_walked(corpus, outside):
    (corpus / "mirror").symlink_to(outside, target_is_directory=True)
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"mirror": "link pointing outside the corpus"}


def test_links_to_system_files_and_devices_are_outside_the_corpus(corpus, within):
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    (corpus / "zero.txt").symlink_to("/dev/zero")
    found, skipped = within(10, walk, corpus)
    assert paths(found) == ["report.txt"]
    assert "outside the corpus" in reasons(skipped)["passwd.txt"]
    assert "outside the corpus" in reasons(skipped)["zero.txt"]


def test_link_to_a_document_inside_the_corpus_indexes_it_once(corpus):
    (corpus / "alias.txt").symlink_to("report.txt")  # sorts before its target
    (corpus / "sub").mkdir()
    (corpus / "sub" / "again.txt").symlink_to(corpus / "report.txt")
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert skipped == []


def test_looping_folder_links_are_not_walked_twice(corpus, within):
    (corpus / "sub").mkdir()
    (corpus / "sub" / "nested.md").write_text(DOC)
    (corpus / "sub" / "loop").symlink_to("..", target_is_directory=True)
    (corpus / "sub" / "self").symlink_to(".", target_is_directory=True)
    (corpus / "also-sub").symlink_to("sub", target_is_directory=True)
    found, skipped = within(10, walk, corpus)
    assert paths(found) == ["report.txt", "sub/nested.md"]
    assert skipped == []


def test_dangling_and_self_referencing_links_are_reported(corpus, within):
    (corpus / "dangling.txt").symlink_to("nowhere.txt")
    (corpus / "ouroboros.txt").symlink_to("ouroboros.txt")
    found, skipped = within(10, walk, corpus)
    assert paths(found) == ["report.txt"]
    assert "broken link" in reasons(skipped)["dangling.txt"]
    assert "broken link" in reasons(skipped)["ouroboros.txt"]


def test_link_into_a_hidden_folder_reads_nothing_from_it(corpus):
    (corpus / ".git").mkdir()
    (corpus / ".git" / "config.txt").write_text("url = https://token@example.org/repo")
    (corpus / "config.txt").symlink_to(".git/config.txt")
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert skipped == []


# --- walk: special files ------------------------------------------------------------------------


def test_fifo_is_skipped_without_being_opened(corpus, within):
    os.mkfifo(corpus / "pipe.txt")
    found, skipped = within(10, walk, corpus)  # opening it for reading would block forever
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"pipe.txt": "a FIFO, not a document"}


def test_socket_is_skipped(corpus, monkeypatch, within):
    monkeypatch.chdir(corpus)  # a relative name: socket paths are limited to ~100 bytes
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("service.sock")
        found, skipped = within(10, walk, corpus)
    finally:
        server.close()
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"service.sock": "a socket, not a document"}


def test_device_file_is_skipped(corpus, within):
    try:
        os.mknod(corpus / "zero.txt", 0o666 | stat.S_IFCHR, os.makedev(1, 5))  # like /dev/zero
    except OSError as error:
        pytest.skip(f"cannot create a device node here: {error.strerror}")
    found, skipped = within(10, walk, corpus)
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"zero.txt": "a device, not a document"}


# --- walk: ignored without noise ------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    ".DS_Store", ".hidden.txt", ".report.txt.swp", "report.txt.swp", "report.txt.swo",
    "report.txt~", "#report.txt#", ".#report.txt", "~$minutes.docx", "Thumbs.db", "desktop.ini",
])
def test_hidden_and_editor_files_are_ignored_silently(corpus, name):
    (corpus / name).write_text(DOC)
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert skipped == []


def test_hidden_folders_are_not_entered(corpus, within):
    (corpus / ".git" / "objects").mkdir(parents=True)
    (corpus / ".git" / "HEAD.txt").write_text(DOC)
    os.mkfifo(corpus / ".git" / "objects" / "pipe.txt")
    found, skipped = within(10, walk, corpus)
    assert paths(found) == ["report.txt"]
    assert skipped == []


def test_index_folder_inside_the_corpus_is_ignored(corpus):
    index = corpus / "index"
    index.mkdir()
    (index / "notes.txt").write_text(DOC)  # would be a document anywhere else
    (index / "_MAIN_1.toc").write_bytes(b"\0\1")
    found, skipped = walk(corpus, exclude=index)
    assert paths(found) == ["report.txt"]
    assert skipped == []


def test_index_folder_given_by_a_relative_path_is_ignored(corpus, monkeypatch):
    (corpus / "index").mkdir()
    (corpus / "index" / "seg.seg").write_bytes(b"\0")
    monkeypatch.chdir(corpus.parent)
    found, skipped = walk(Path("corpus"), exclude=Path("corpus/index"))
    assert paths(found) == ["report.txt"]
    assert skipped == []


# --- walk: names that are not UTF-8 ------------------------------------------------------------


def test_name_that_is_not_utf8_is_reported_with_an_escaped_path(corpus):
    with open(os.path.join(os.fsencode(corpus), b"caf\xe9.txt"), "wb") as file:
        file.write(DOC.encode())
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"caf\\xe9.txt": "file name is not valid UTF-8"}
    skipped[0].path.encode("utf-8")  # printable, storable, JSON-able


def test_folder_whose_name_is_not_utf8_is_reported_once(corpus):
    folder = os.path.join(os.fsencode(corpus), b"r\xe9sum\xe9s")
    os.mkdir(folder)
    with open(os.path.join(folder, b"cv.txt"), "wb") as file:
        file.write(DOC.encode())
    found, skipped = walk(corpus)
    assert paths(found) == ["report.txt"]
    assert reasons(skipped) == {"r\\xe9sum\\xe9s": "file name is not valid UTF-8"}


def test_utf8_names_in_any_script_are_documents(corpus):
    (corpus / "доклад.txt").write_text(DOC)
    (corpus / "café.md").write_text(DOC)
    found, skipped = walk(corpus)
    assert paths(found) == ["café.md", "report.txt", "доклад.txt"]
    assert skipped == []


def test_a_corpus_that_cannot_be_listed_is_reported(tmp_path):
    found, skipped = walk(tmp_path / "nope")
    assert found == []
    assert reasons(skipped) == {".": "cannot list folder: No such file or directory"}


# --- read_bounded -------------------------------------------------------------------------------


def test_reads_a_document_within_the_limit(corpus):
    assert read_bounded(found_one(corpus, "report.txt"), 1000) == DOC.encode()


def test_file_that_vanished_after_the_walk_is_unreadable(corpus):
    item = found_one(corpus, "report.txt")
    (corpus / "report.txt").unlink()
    with pytest.raises(Unreadable, match="vanished"):
        read_bounded(item, 1000)


def test_file_replaced_by_a_fifo_after_the_walk_does_not_block(corpus, within):
    item = found_one(corpus, "report.txt")
    (corpus / "report.txt").unlink()
    os.mkfifo(corpus / "report.txt")
    with pytest.raises(Unreadable, match="FIFO"):
        within(10, read_bounded, item, 1000)


def test_file_replaced_by_a_link_outside_after_the_walk_leaks_nothing(corpus, outside):
    item = found_one(corpus, "report.txt")
    (corpus / "report.txt").unlink()
    (corpus / "report.txt").symlink_to(outside / "secret.txt")
    with pytest.raises(Unreadable, match="cannot read"):
        read_bounded(item, 1000)


def test_file_replaced_by_a_folder_after_the_walk_is_unreadable(corpus):
    item = found_one(corpus, "report.txt")
    (corpus / "report.txt").unlink()
    (corpus / "report.txt").mkdir()
    with pytest.raises(Unreadable, match="not a document"):
        read_bounded(item, 1000)


def test_file_over_the_limit_is_refused_by_its_size_alone(corpus, within):
    huge = corpus / "huge.txt"
    with open(huge, "wb") as file:
        file.truncate(10 * 1024**3)  # 10 GiB, sparse: instant to make, long to read
    item = found_one(corpus, "huge.txt")
    assert item.size == 10 * 1024**3
    with pytest.raises(Unreadable, match=r"too large \(10737418240 bytes; the limit is 1000\)"):
        within(5, read_bounded, item, 1000)


def test_size_at_the_walk_decides_before_anything_is_opened(corpus):
    item = found_one(corpus, "report.txt")
    grown = Found(item.relpath, item.realpath, 5000, item.mtime_ns)  # what the walk saw
    (corpus / "report.txt").write_text("short now")
    with pytest.raises(Unreadable, match="too large"):
        read_bounded(grown, 1000)


def test_file_that_grew_past_the_limit_since_the_walk_is_cut_off(corpus):
    item = found_one(corpus, "report.txt")
    assert item.size < 1000
    with open(corpus / "report.txt", "a") as file:
        file.write("more text " * 500)  # now 5 kB
    with pytest.raises(Unreadable, match=r"grew past the size limit \(1000 bytes\)"):
        read_bounded(item, 1000)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_file_that_grows_while_being_read_is_cut_off():
    # A /proc file reports size 0 to stat and then yields more: exactly a file that grows
    # between the size check and the read. The read stops one byte past the limit.
    item = Found("status.txt", Path("/proc/self/status"), 0, 0)
    with pytest.raises(Unreadable, match=r"grew past the size limit \(16 bytes\)"):
        read_bounded(item, 16)
    assert read_bounded(item, 1_000_000).startswith(b"Name:")  # whole within a larger limit


def test_empty_file_is_unreadable(corpus):
    (corpus / "blank.txt").write_text("  \n\n")
    with pytest.raises(Unreadable, match="empty file"):
        read_bounded(found_one(corpus, "blank.txt"), 1000)


def test_unreadable_file_reports_why(corpus):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    (corpus / "report.txt").chmod(0)
    with pytest.raises(Unreadable, match="cannot read: Permission denied"):
        read_bounded(found_one(corpus, "report.txt"), 1000)
