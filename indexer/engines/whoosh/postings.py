"""A term's postings as arrays, and the documents a query matches as a set, read a block at a
time instead of a posting at a time.

Whoosh finds the documents of a query by stepping a tree of matchers one document at a time in
Python: on the 10,952 UN speeches ``peace security climate development africa war`` took a
second before anything was scored. Here the postings of each word are read whole (Whoosh
stores them in blocks of up to 128 ids and weights: one call per block) into numpy arrays, and
the boolean structure of the query (And, Or, Not, AndNot) becomes array operations over a mask
of every document. Query kinds with their own matching rules (phrases, ranges, wildcards not
yet expanded) are asked of Whoosh, and only those.

Arrays are kept per segment (a segment's postings never change; deletions are applied as they
are read) and shared by every thread; what depends on the live documents is kept per reader.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from collections.abc import Sequence
from itertools import accumulate, groupby
from pickle import loads

import numpy as np
from whoosh import formats
from whoosh import query as wq
from whoosh.matching.wrappers import FilterMatcher

CACHE_BYTES = 64 * 1024 * 1024  # postings arrays kept, shared by every thread and searcher
# Blocks of postings with their positions, as read for proximity and snippets: a common word's
# positions in the 200 best documents touch most of its blocks, each unzipped and unpickled.
BLOCK_CACHE_BYTES = 32 * 1024 * 1024

_COUNT_BYTES = 4  # a Positions value starts with the count of positions (an unsigned int)

_ABSENT, _INLINE = ("absent",), ("inline",)  # what a term's block directory may be instead

# Index versions whose derived data is kept (a reindex makes a new one): the live one and the one
# before it, which requests begun before a commit still read (an export on an older one makes its
# own again). Each holds tens of MB on the full UN corpus (facet pairs, the vocabulary).
VERSIONS_KEPT = 2


class _Cache:
    """Postings by (segment, field, term, ...), least recently used dropped first. A segment's
    postings never change (deletions are applied on reading), so nothing is ever stale; one
    copy serves every thread's searcher."""

    def __init__(self, budget: int):
        self.budget, self.used = budget, 0
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            self.entries.move_to_end(key)
            return found[0]

    def put(self, key, value, size: int | None = None) -> None:
        """Keep ``value``, of ``size`` bytes (a pair of arrays: theirs)."""
        if size is None:
            size = value[0].nbytes + value[1].nbytes
        with self.lock:
            if key in self.entries or size > self.budget:
                return
            self.entries[key] = (value, size)
            self.used += size
            while self.used > self.budget:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.used -= dropped


_cache = _Cache(CACHE_BYTES)
_blocks = _Cache(BLOCK_CACHE_BYTES)


def arrays(searcher, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """The document numbers (of ``searcher``) having ``text`` in ``field``, ascending, and the
    term's weight (its frequency) in each; deleted documents left out."""
    ids, weights = [], []
    for leaf, offset in searcher.leaf_searchers():
        leaf_ids, leaf_weights = _leaf_arrays(leaf.reader(), field, text)
        ids.append(leaf_ids + offset)
        weights.append(leaf_weights)
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def _leaf_arrays(reader, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """:func:`arrays` of one segment's reader, in its own document numbers (a term the segment
    lacks: empty arrays, remembered too, since asking the segment costs 40 µs)."""
    key = (_segment(reader), field, text)
    found = _cache.get(key)
    if found is None and (field, text) not in reader:
        found = (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64))
        _cache.put(key, found, 64)
    if found is None:
        matcher = reader.postings(field, text)
        if isinstance(matcher, FilterMatcher):  # the deleted documents: excluded below
            matcher = matcher.child
        found = _read(matcher)
        _cache.put(key, found)
    leaf_ids, leaf_weights = found
    if reader.has_deletions():
        keep = _segment_live(reader)[leaf_ids]
        leaf_ids, leaf_weights = leaf_ids[keep], leaf_weights[keep]
    return leaf_ids, leaf_weights


def _segment_live(reader) -> np.ndarray:
    """Which of a segment's documents are not deleted, by its own document numbers; kept per
    segment and number of deletions (a segment only ever gains deletions), where every word of
    every request made it again from Whoosh's set of deleted documents."""
    deleted = reader.deleted_docs_set
    key = (_segment(reader), "live", len(deleted))
    found = _cache.get(key)
    if found is None:
        found = np.ones(reader.doc_count_all(), dtype=bool)
        found[np.fromiter(deleted, dtype=np.int64, count=len(deleted))] = False
        _cache.put(key, found, found.nbytes)
    return found


def phrase_arrays(searcher, field: str, words: tuple[str, ...],
                  slop: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """The documents having the phrase ``words`` in ``field`` (within ``slop``), ascending, and
    how many times each has it. The answer is kept per segment and deletions, so it is paid
    once per index version, not per query. An exact phrase (slop 1) is matched here from the
    positions of the documents having every word: Whoosh's phrase matcher took 0.7 s for
    "united nations" on the UN corpus."""
    ids, counts = [], []
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        deleted = len(reader.deleted_docs_set) if reader.has_deletions() else 0
        key = (_segment(reader), field, ("phrase", words, slop, deleted))
        found = _cache.get(key)
        if found is None:
            found = (_exact_phrase(reader, field, words) if slop == 1
                     else _phrase_by_whoosh(leaf, field, words, slop))
            _cache.put(key, found)
        ids.append(found[0] + offset)
        counts.append(found[1])
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    return np.concatenate(ids), np.concatenate(counts)


def _exact_phrase(reader, field: str, words: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """The documents of one segment having ``words`` side by side in order, and how often."""
    having = None
    for word in words:
        ids = _leaf_arrays(reader, field, word)[0]
        having = ids if having is None else np.intersect1d(having, ids, assume_unique=True)
    docs = having.tolist() if having is not None else []
    at = [_leaf_positions(reader, field, word, docs) for word in words]
    found, counts = [], []
    for docnum in docs:
        starts = set(at[0][docnum])  # where the phrase may start: less each later word's gaps
        for step, positions in enumerate(at[1:], 1):
            starts.intersection_update(map((-step).__add__, positions[docnum]))
        count = len(starts)
        if count:
            found.append(docnum)
            counts.append(count)
    return np.asarray(found, dtype=np.int64), np.asarray(counts, dtype=np.float64)


def _phrase_by_whoosh(leaf, field: str, words: tuple[str, ...],
                      slop: int) -> tuple[np.ndarray, np.ndarray]:
    ids, counts = [], []
    matcher = wq.Phrase(field, list(words), slop=slop).matcher(leaf)
    while matcher.is_active():
        ids.append(matcher.id())
        counts.append(len(matcher.spans()) or 1)
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(counts, dtype=np.float64)


def positions(searcher, field: str, word: str, docs: Sequence[int]) -> dict[int, list[int]]:
    """The positions of ``word`` in ``field`` of each of ``docs`` (live documents) having it.

    Only the blocks holding one of ``docs`` are decoded, and within a block the document is
    found by bisection (Whoosh's ``skip_to`` steps through a block a posting at a time)."""
    found: dict[int, list[int]] = {}
    wanted = sorted(docs)
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        end = offset + reader.doc_count_all()
        local = [docnum - offset for docnum in wanted if offset <= docnum < end]
        for docnum, at in _leaf_positions(reader, field, word, local).items():
            found[docnum + offset] = at
    return found


def _leaf_positions(reader, field: str, word: str, local: list[int]) -> dict[int, list[int]]:
    """:func:`positions` in one segment, of its documents ``local`` (ascending).

    The term's blocks are found from its directory (each block's last id and where it is), kept
    with the postings arrays, rather than by stepping through every block's header."""
    found: dict[int, list[int]] = {}
    if not local:
        return found
    segment = _segment(reader)
    directory = _directory(reader, segment, field, word)
    if directory is _ABSENT:
        return found
    if directory is _INLINE:  # postings kept in the term's entry (a rare word): Whoosh's matcher
        matcher = reader.postings(field, word)
        for docnum in local:
            if matcher.is_active() and matcher.id() < docnum:
                matcher.skip_to(docnum)
            if not matcher.is_active():
                break
            if matcher.id() == docnum:
                found[docnum] = matcher.value_as("positions")
        return found
    last_ids, headers, starts = directory
    field_format = reader.schema[field].format
    decode = (_positions if type(field_format) is formats.Positions
              else field_format.decoder("positions"))
    matcher = None
    in_block = np.searchsorted(last_ids, local).tolist()
    for number, docs in groupby(zip(in_block, local, strict=True), key=lambda pair: pair[0]):
        if number >= len(starts):
            break
        key = (segment, starts[number])
        block = _blocks.get(key)
        if block is None:
            matcher = matcher or _block_matcher(reader, field, word)
            matcher._goto(headers[number])
            block = _read_block(matcher)
            _blocks.put(key, block, 8 * len(block[0]) + sum(40 + len(v) for v in block[1]))
        ids, values = block
        for _, docnum in docs:
            at = bisect.bisect_left(ids, docnum)
            if at < len(ids) and ids[at] == docnum:
                found[docnum] = decode(values[at])
    return found


def _block_matcher(reader, field: str, word: str):
    """Whoosh's block postings matcher of the term, deletions not filtered; None when the
    postings are kept some other way (inline in the term's entry)."""
    matcher = reader.postings(field, word)
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    return matcher if hasattr(matcher, "_goto") and hasattr(matcher, "_read_ids") else None


def _directory(reader, segment, field: str, word: str):
    """Each block's last document number, header offset and data offset, in order; _INLINE for
    postings not kept in blocks, _ABSENT for a word the segment lacks. Read once per segment
    and term."""
    key = (segment, field, word, "directory")
    found = _cache.get(key)
    if found is None:
        matcher = _block_matcher(reader, field, word) if (field, word) in reader else None
        if matcher is None:
            found = _ABSENT if (field, word) not in reader else _INLINE
        else:
            last_ids, headers, starts = [], [], []
            header = matcher._baseoffset
            while matcher.is_active():
                last_ids.append(matcher.block_max_id())
                headers.append(header)
                starts.append(matcher._dataoffset)
                header = matcher._nextoffset
                matcher._next_block()
            found = (np.asarray(last_ids, dtype=np.int64), headers, starts)
        _cache.put(key, found, 64 + 24 * len(found[0]) if len(found) == 3 else 64)
    return found


def _positions(value: bytes) -> list[int]:
    """Whoosh's ``Positions.decode_positions`` (a count, then the pickled gaps, whose final
    STOP byte Whoosh may have left off) with the gaps summed in C."""
    gaps = loads(value[_COUNT_BYTES:] if value.endswith(b".") else value[_COUNT_BYTES:] + b".")
    return list(accumulate(gaps))


def _read_block(matcher) -> tuple[Sequence[int], Sequence[bytes]]:
    """The ids and encoded values of the block ``matcher`` is on."""
    if matcher._ids is None:
        matcher._read_ids()
    if matcher._values is None:
        matcher._read_values()
    return matcher._ids, matcher._values


def _segment(reader):
    """What names a segment's postings for good (its id; else the reader, for this process)."""
    segment = getattr(reader, "segment", None)
    return segment().segment_id() if callable(segment) else id(reader)


def _read(matcher) -> tuple[np.ndarray, np.ndarray]:
    if hasattr(matcher, "_read_data") and hasattr(matcher, "_next_block"):
        return _read_blocks(matcher)
    ids, weights = [], []
    while matcher.is_active():  # any other matcher (short postings stored inline), one by one
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)


def _read_blocks(matcher) -> tuple[np.ndarray, np.ndarray]:
    """Whoosh 3's block postings, decoded with numpy: a block holds its ids as gaps and its
    weights as an array, or one float for all, or None for all 1.0 (see whoosh.codec.whoosh3)."""
    ids, weights = [], []
    while matcher.is_active():
        if matcher._data is None:
            matcher._read_data()
        gaps, block_weights = matcher._data[0], matcher._data[1]
        count = matcher._blocklength
        ids.append(np.cumsum(np.asarray(gaps, dtype=np.int64)))
        if block_weights is None:
            weights.append(np.ones(count))
        elif isinstance(block_weights, float):
            weights.append(np.full(count, block_weights))
        else:
            weights.append(np.asarray(block_weights, dtype=np.float64))
        matcher._next_block()
    if not ids:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float64)
    return np.concatenate(ids), np.concatenate(weights)


def lengths(searcher, field: str) -> np.ndarray:
    """Each document's length in ``field`` (Whoosh stores it in a byte, so approximately), by
    document number; kept per segment, as postings are."""
    parts = []
    for leaf, _ in searcher.leaf_searchers():
        reader = leaf.reader()
        key = (_segment(reader), field, None)
        found = _cache.get(key)
        if found is None:
            found = (np.fromiter((reader.doc_field_length(docnum, field, 0)
                                  for docnum in range(reader.doc_count_all())),
                                 dtype=np.float64, count=reader.doc_count_all()),
                     np.empty(0))
            _cache.put(key, found)
        parts.append(found[0])
    return np.concatenate(parts) if parts else np.empty(0)


def live(searcher) -> np.ndarray:
    """A mask over every document number of the searcher: True where not deleted."""
    reader = searcher.reader()

    def make() -> np.ndarray:
        mask = np.zeros(reader.doc_count_all(), dtype=bool)
        mask[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        return mask

    return per_version(reader, "live", make)


def index_version(reader) -> tuple:
    """What names the documents ``reader`` sees, alike for every thread's reader of one index
    version: its segments, and how many documents each has deleted (deletions only grow)."""
    return tuple((_segment(leaf), len(leaf.deleted_docs_set) if leaf.has_deletions() else 0)
                 for leaf, _ in reader.leaf_readers())


class _Versions:
    """Data derived from an index version (facets, sort keys, the live mask), made once and
    shared by every thread's searcher of that version; the newest VERSIONS_KEPT versions."""

    def __init__(self):
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, reader, name: str, make):
        version = index_version(reader)
        with self.lock:
            found = self.entries.get(version, {}).get(name)
            if found is not None:  # the version in use stays the newest kept
                self.entries.move_to_end(version)
        if found is None:
            found = make()  # two threads may both make it: the same data, one kept
            with self.lock:
                kept = self.entries.setdefault(version, {})
                self.entries.move_to_end(version)
                found = kept.setdefault(name, found)
                while len(self.entries) > VERSIONS_KEPT:
                    self.entries.popitem(last=False)
        return found


_versions = _Versions()


def per_version(reader, name: str, make):
    """``make()``, made once per index version and shared between threads."""
    return _versions.get(reader, name, make)


def mask(searcher, q: wq.Query) -> np.ndarray:
    """The documents ``q`` matches, as a mask over every document number."""
    kind = type(q)
    if kind is wq.Term:
        return _mask_of(searcher, arrays(searcher, q.fieldname, q.text)[0])
    if q is wq.NullQuery:
        return _mask_of(searcher, ())
    if kind is wq.Every and not q.fieldname:
        return live(searcher).copy()
    if kind in (wq.Or, wq.DisjunctionMax) and not getattr(q, "minmatch", 0) and q.subqueries:
        return np.logical_or.reduce([mask(searcher, child) for child in q.subqueries])
    if issubclass(kind, wq.And) and kind._matcher is wq.And._matcher and q.subqueries:
        # And and its plain subclasses (AllWords); not Ordered, which has rules of its own
        return np.logical_and.reduce([mask(searcher, child) for child in q.subqueries])
    if kind is wq.Phrase:
        return _mask_of(searcher, phrase_arrays(searcher, q.fieldname, tuple(q.words), q.slop)[0])
    if kind is wq.Not:
        return live(searcher) & ~mask(searcher, q.query)
    if kind is wq.AndNot:
        return mask(searcher, q.a) & ~mask(searcher, q.b)
    if kind is wq.Require:
        return mask(searcher, q.a) & mask(searcher, q.b)
    if kind is wq.AndMaybe:
        return mask(searcher, q.a)
    return _mask_of(searcher, np.fromiter(searcher.docs_for_query(q), dtype=np.int64))


def _mask_of(searcher, docs) -> np.ndarray:
    found = np.zeros(searcher.reader().doc_count_all(), dtype=bool)
    found[np.asarray(docs, dtype=np.int64)] = True
    return found


def doc_set(searcher, q: wq.Query) -> set[int]:
    """The document numbers ``q`` matches (as Whoosh's ``docs_for_query``, faster)."""
    return set(np.flatnonzero(mask(searcher, q)).tolist())
