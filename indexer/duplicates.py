"""Near-duplicate documents: the same statement published twice, found at index time.

A ministry's text reappears on a news agency's site under a new headline, with its own site
menu and a sentence or two changed. Each document's body (the extracted text: menus of saved
pages are already dropped, and the headline is the title, not the body) is cut into shingles of
``SHINGLE`` consecutive words; a MinHash signature of ``NUM_PERM`` values estimates the Jaccard
similarity of two documents' shingle sets. Documents whose estimated similarity is at least
``THRESHOLD`` are near-duplicates, and near-duplicates of near-duplicates share a group.

The signature is a column of the index, so after every reindex, full or incremental, the groups
are computed again from the committed index (candidates from MinHash LSH, each pair checked)
and written beside it in ``duplicates.json``: a member added, changed or removed is always
reflected. Texts shorter than ``MIN_WORDS`` get no signature (a two-line note matches too much).
The grouping itself (:func:`group`) is a pure function of (id, signature) pairs: the Solr engine
groups its collection's signatures with it too (indexer.engines.solr.groups), so both find the same
groups.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE = 4  # words per shingle
NUM_PERM = 64  # MinHash values per document
THRESHOLD = 0.6  # estimated Jaccard similarity of shingle sets from which texts are duplicates
MIN_WORDS = 40
SEED = 13
SCHEME = "affine32"  # 32-bit values: four bytes each in the index
FILE = "duplicates.json"
FIELD = "minhash"

_WORD = re.compile(r"\w+")


def _minhash(values: np.ndarray) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=values, scheme=SCHEME)


# Odd 64-bit multipliers mixing a shingle's four word hashes into one (wrapping arithmetic).
_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5],
                dtype=np.uint64)


def _shingle_hashes(words: list[str]) -> np.ndarray:
    """One 32-bit hash per distinct shingle of ``SHINGLE`` words, computed with numpy: each
    distinct word is hashed once (CRC-32), shingles are mixed from their words' hashes. The
    former way, a SHA-1 per joined shingle string, took 4 ms of a 20 KB speech's 40 ms."""
    known: dict[str, int] = {}
    for word in words:
        if word not in known:
            known[word] = zlib.crc32(word.encode())
    codes = np.fromiter(map(known.__getitem__, words), dtype=np.uint64, count=len(words))
    count = len(words) - SHINGLE + 1
    mixed = np.zeros(count, dtype=np.uint64)
    for i in range(SHINGLE):
        mixed += codes[i:i + count] * _MIX[i]
    folded = (mixed >> np.uint64(32)) ^ (mixed & np.uint64(0xFFFFFFFF))
    return np.unique(folded.astype(np.uint32))


def signature(text: str) -> bytes:
    """The MinHash signature of ``text``'s word shingles (empty for a text too short)."""
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return b""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_same)
    minhash.update_batch(_shingle_hashes(words))
    return minhash.hashvalues.astype("<u4").tobytes()


def _same(value):
    """The hash function given to datasketch: shingles come hashed already."""
    return value


def decode(raw: bytes) -> np.ndarray | None:
    if len(raw) != 4 * NUM_PERM:
        return None
    return np.frombuffer(raw, dtype="<u4").astype(np.uint64)


def similarity(first: bytes, second: bytes) -> float:
    """Estimated Jaccard similarity of two signatures (0 when either text had none)."""
    a, b = decode(first), decode(second)
    return 0.0 if a is None or b is None else _minhash(a).jaccard(_minhash(b))


def group(signatures: dict[str, bytes]) -> list[list[str]]:
    """Groups of keys whose signatures are near-duplicates (two members or more), each sorted,
    in key order."""
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    hashes = {}
    for key, raw in signatures.items():
        values = decode(raw)
        if values is not None:
            hashes[key] = _minhash(values)
            lsh.insert(key, hashes[key])
    parent = {key: key for key in hashes}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key, minhash in hashes.items():
        for other in lsh.query(minhash):
            if other != key and minhash.jaccard(hashes[other]) >= THRESHOLD:
                parent[root(other)] = root(key)
    groups: dict[str, list[str]] = {}
    for key in hashes:
        groups.setdefault(root(key), []).append(key)
    return sorted(sorted(members) for members in groups.values() if len(members) > 1)


def write_groups(generation: Path, reader) -> None:
    """Group the committed index's documents (by id) and write them into ``generation``."""
    ids = reader.column_reader("id", translate=True)
    if not reader.has_column(FIELD):
        groups: list[list[str]] = []
    else:
        column = reader.column_reader(FIELD, translate=False)
        groups = group({ids[docnum]: column[docnum] for docnum in reader.all_doc_ids()})
    tmp = generation / (FILE + ".tmp")
    with open(tmp, "w") as file:  # on the disk before it replaces the old groups
        file.write(json.dumps({"shingle": SHINGLE, "threshold": THRESHOLD, "groups": groups}))
        file.flush()
        os.fsync(file.fileno())
    os.replace(tmp, generation / FILE)


def written(generation: Path) -> bool:
    return (generation / FILE).exists()


def read_groups(generation: Path) -> list[list[str]]:
    try:
        return json.loads((generation / FILE).read_text()).get("groups", [])
    except (FileNotFoundError, ValueError):
        return []


@dataclass(frozen=True)
class Groups:
    """The near-duplicate groups of one index version, by document number."""

    stamp: int | None  # the groups file's modification time, to notice it being rewritten
    of: dict[int, tuple[int, ...]]  # docnum -> every member of its group, earliest first


def stamp(generation: Path) -> int | None:
    try:
        return (generation / FILE).stat().st_mtime_ns
    except OSError:
        return None


def load(generation: Path, searcher, dated: Collection[int]) -> Groups:
    """The groups written for ``generation``, as document numbers of ``searcher``: each group
    earliest dated first, undated members last, ties by id. Ids no longer in the index (a
    member removed since the file was written) are left out."""
    when = stamp(generation)
    reader = searcher.reader()
    dates = reader.column_reader("date", translate=False) if reader.has_column("date") else None
    of: dict[int, tuple[int, ...]] = {}
    for ids in read_groups(generation):
        members = [(docnum, doc_id) for doc_id in ids
                   if (docnum := searcher.document_number(id=doc_id)) is not None]
        if len(members) < 2:
            continue

        def key(member: tuple[int, str]):
            docnum, doc_id = member
            dated_first = docnum in dated and dates is not None
            return (not dated_first, dates[docnum] if dated_first else 0, doc_id)

        ordered = tuple(docnum for docnum, _ in sorted(members, key=key))
        for docnum in ordered:
            of[docnum] = ordered
    return Groups(when, of)


def collapse(ranked: list[tuple[int, float]], groups: Groups,
             matching: Collection[int] | None) -> list[tuple[int, float]]:
    """One entry per group: at the rank of its best-ranked member, the group's earliest member
    among the matching documents (``matching`` None: all). Only the grouped documents' ranks
    are visited (found with numpy): most results belong to no group."""
    if not groups.of or not ranked:
        return ranked
    docnums = np.fromiter(map(itemgetter(0), ranked), dtype=np.int64, count=len(ranked))
    grouped = np.fromiter(groups.of, dtype=np.int64, count=len(groups.of))
    shown = list(ranked)
    done: set[tuple[int, ...]] = set()
    dropped = []
    for rank in np.flatnonzero(np.isin(docnums, grouped)).tolist():
        docnum, score = ranked[rank]
        members = groups.of[docnum]
        if members in done:
            dropped.append(rank)
            continue
        done.add(members)
        first = next(m for m in members if matching is None or m in matching)
        shown[rank] = (first, score)
    if dropped:
        drop = set(dropped)
        shown = [entry for rank, entry in enumerate(shown) if rank not in drop]
    return shown
