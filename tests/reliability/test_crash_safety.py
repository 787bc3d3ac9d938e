"""Crash safety: ``sift index`` killed (SIGKILL) at random moments of full and incremental
reindexes of real UN speeches, the corpus changing between runs. After each kill the index opens
and holds either the state before the run or the state after it, never a mix or a damaged
index; the next ``sift index`` completes, a fresh search then agrees with the files on disk
(every file once, a changed file's new text found and its old text gone, a deleted file gone),
and no orphan generation, temporary file or lock is left behind."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indexer.engines.whoosh import store
from indexer.engines.whoosh.search import Archive
from indexer.service import SearchRequest

REPO = Path(__file__).resolve().parents[2]
KILLS = 20
FULL_EVERY = 3  # one kill in three hits a full rebuild (--full), the others incremental runs
CHANGES = 12  # files rewritten per round (so that an incremental run has work to be killed in)
SEED = int(os.environ.get("SIFT_CRASH_SEED", "10"))


def sift_index(corpus: Path, index: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "webui.cli", "index", "--corpus", str(corpus), "--index",
         str(index), "--quiet", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def completed(corpus: Path, index: Path, *args: str) -> float:
    """Runs ``sift index`` to its end; returns how long it took."""
    started = time.monotonic()
    process = sift_index(corpus, index, *args)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return time.monotonic() - started


def indexed_paths(archive: Archive) -> list[str]:
    """Every document's path, as a search lists them."""
    paths: list[str] = []
    page = 1
    while True:
        answer = archive.search(SearchRequest(per_page=100, page=page, show_duplicates=True))
        paths += [hit["path"] for hit in answer["results"]]
        if len(paths) >= answer["total"]:
            return paths
        page += 1


def found(archive: Archive, word: str) -> list[str]:
    answer = archive.search(SearchRequest(q=word, per_page=100, show_duplicates=True))
    return [hit["path"] for hit in answer["results"]]


def on_disk(corpus: Path) -> set[str]:
    return {path.relative_to(corpus).as_posix() for path in corpus.rglob("*.txt")}


def made_up_word(rng: random.Random) -> str:
    return "zq" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))


def assert_no_leftovers(index: Path) -> None:
    live, previous = store.live_generation(index), store.previous_generation(index)
    generations = {path.name for path in index.glob(store.PREFIX + "*")}
    assert generations <= {live.name, previous.name if previous else None}
    assert not [path for path in index.rglob("*") if path.name.endswith(".tmp")]
    assert not [path for path in live.iterdir() if "LOCK" in path.name or ".toc." in path.name]
    with store.reindex_lock(index, wait=0):  # nobody holds it
        pass


@pytest.mark.slow
def test_sigkill_at_random_moments_never_breaks_the_index(un_corpus, tmp_path):
    rng = random.Random(SEED)
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    for number, source in enumerate(sorted(un_corpus.rglob("*.txt"))):
        if number % 2 == 0:  # about 190 speeches of two sessions
            target = corpus / source.relative_to(un_corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    full_seconds = completed(corpus, index)
    assert sorted(indexed_paths(Archive(index))) == sorted(on_disk(corpus))

    markers: dict[str, str] = {}  # changed file -> the made-up word only its new text has
    originals: dict[str, str] = {}
    retired: list[str] = []  # words of texts since replaced or deleted
    incremental_seconds = None
    killed_mid_run = 0
    for round_number in range(KILLS):
        before = sorted(indexed_paths(Archive(index)))
        # Change the corpus: rewrite some files, delete two, add two.
        files = sorted(on_disk(corpus))
        for relpath in rng.sample(files, CHANGES):
            word = made_up_word(rng)
            if relpath in markers:
                retired.append(markers[relpath])
            markers[relpath] = word
            path = corpus / relpath
            original = originals.setdefault(relpath, path.read_text())
            path.write_text(original + f"\nThe delegation also spoke of {word}.\n")
        for relpath in rng.sample(sorted(set(files) - set(markers)), 2):
            (corpus / relpath).unlink()
        for _ in range(2):
            word = made_up_word(rng)
            relpath = f"added/{word}.txt"
            (corpus / relpath).parent.mkdir(exist_ok=True)
            originals[relpath] = "A new statement\n\nIt concerns peace and security.\n"
            (corpus / relpath).write_text(originals[relpath] + f"\nAnd {word}.\n")
            markers[relpath] = word
        after = sorted(on_disk(corpus))

        full = round_number % FULL_EVERY == 0
        expected = full_seconds if full else (incremental_seconds or full_seconds / 4)
        process = sift_index(corpus, index, *(["--full"] if full else []))
        time.sleep(rng.uniform(0.05, 0.9 * expected))
        if process.poll() is None:
            killed_mid_run += 1
        process.send_signal(signal.SIGKILL)
        process.wait(30)

        # Right after the kill: the index opens and is the state before the run or after it.
        assert store.problem(index) is None, f"round {round_number}"
        # (A fresh Archive for each check: a search as a new server or `sift search` sees it.)
        assert sorted(indexed_paths(Archive(index))) in (before, after), f"round {round_number}"

        # The next run completes and a fresh search agrees with the files on disk.
        seconds = completed(corpus, index)
        if not full:
            incremental_seconds = max(incremental_seconds or 0, seconds)
        archive = Archive(index)
        assert sorted(indexed_paths(archive)) == after, f"round {round_number}"
        # This round's changes and a sample of earlier ones: new text found, old text gone.
        present = [item for item in markers.items() if item[0] in after]
        for relpath, word in present[-2 * CHANGES:] + rng.sample(present, 10):
            assert found(archive, word) == [relpath], f"round {round_number}: {word}"
        for word in retired[-CHANGES:]:
            assert found(archive, word) == [], f"round {round_number}: {word}"
        assert_no_leftovers(index)
    print(f"\n{KILLS} SIGKILLs (seed {SEED}), {killed_mid_run} while the run was working")
    assert killed_mid_run >= KILLS // 2
