"""The search core: a query, filters, sort and paging in; plain data out.

One function serves the JSON API, the HTML pages, the embeddable box and ``sift search``; no
Flask in here. The index is opened once per process; each thread keeps its own searcher (a
Whoosh searcher is not thread-safe) and refreshes it before every call, which costs microseconds
when nothing changed and picks up a reindex's commit or a full rebuild's new generation without
a restart.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA
from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from indexer import completions as completions_rule
from indexer import did_you_mean, duplicates, pages
from indexer import facets as facet_counts
from indexer.analysis import index_term, text_analyzer
from indexer.completions import SUGGEST_RANKED, SUGGEST_SAMPLE, SUGGEST_SCAN, SUGGEST_TITLES
from indexer.document_fields import TEXT_FIELDS
from indexer.engines.whoosh import postings, ranking, snippets, store
from indexer.engines.whoosh import query as query_lang
from indexer.engines.whoosh.schema import FACETS, FACETS_BY_NAME, YEAR, YEAR_FACET
from indexer.highlights import unmarked
from indexer.service import (
    FEED_SIZE,
    MAX_PER_PAGE,
    SIMILAR,
    IndexUnavailable,
    ResultStream,
    SearchError,
    SearchRequest,
    answer_head,
    result_record,
    stored_values,
    with_text,
)

CORRECTIONS_KEPT = 10_000  # words whose correction is kept per index version


@dataclass(eq=False)
class _Open:
    """One thread's searcher on one index version (a generation and a commit in it), with what
    is worked out once per version. Closed once it is out of date and no request uses it."""

    generation: Path
    commit: int  # the Whoosh commit (TOC generation) the searcher reads, or an earlier one
    index: object  # the generation's Whoosh index, to ask it for its latest commit
    searcher: object
    facets: facet_counts.FacetIndex
    dated: frozenset[int]  # documents with a date (every dated document has a year)
    groups: duplicates.Groups  # near-duplicates
    # "Did you mean": each word's correction (None: none), for this index version only.
    corrections: dict[str, str | None]
    users: int = 0  # requests using it now (changed under the Archive's lock)
    retired: bool = False  # out of date or its thread gone: closed once no request uses it
    closed: bool = False

    @property
    def version(self) -> tuple[Path, int]:
        return self.generation, self.commit

    def current(self, generation: Path) -> bool:
        """Whether this reads the latest commit of ``generation``, the live generation."""
        try:
            return self.generation == generation and self.index.latest_generation() == self.commit
        except OSError:  # the folder went away after a full rebuild
            return False


def _load(index_dir: Path) -> _Open:
    """A new searcher on the live index version, and what is worked out once per version
    (shared with the other threads' searchers of that version: only the searcher is a
    thread's own)."""
    index = store.open_live(index_dir)
    generation = Path(index.storage.folder)
    commit = index.latest_generation()
    searcher = index.searcher()
    try:
        reader = searcher.reader()
        if reader.generation() is not None:  # None: an empty index
            commit = reader.generation()
        facets = postings.per_version(reader, "facets", lambda: facet_counts.load(reader))
        dated = postings.per_version(
            reader, "dated", lambda: frozenset().union(*facets.docs.get(YEAR_FACET, {}).values()))
        # The groups file is rewritten just after an incremental commit: named by its stamp.
        groups = postings.per_version(reader, ("groups", duplicates.stamp(generation)),
                                      lambda: duplicates.load(generation, searcher, dated))
    except BaseException:
        searcher.close()
        raise
    # Corrections found for misspelt words, shared by the threads (a dict: safe under the GIL).
    corrections = postings.per_version(reader, "corrections", dict)
    return _Open(generation, commit, index, searcher, facets, dated, groups, corrections)


class Archive:
    """The searchable index in ``index_dir``; safe to share between threads.

    A request searches with a Whoosh searcher of its own (one is not thread-safe), taken from
    a pool of idle ones and given back after: as many searchers as requests at once, and with
    one client the same warm one every time (a searcher per thread made each of a server's 8
    threads pay 40-60 ms to open its first). Before every request the searcher is checked
    against the live generation and its latest commit (a read of ``CURRENT`` and a listing of
    one folder) and a new one is opened when either changed. Whoosh's ``Searcher.refresh`` is
    not used: Whoosh-Reloaded's reuses the old reader's segments, with their deletions as they
    were, and adds back segments a merge removed, so deleted and replaced documents were
    counted again after every commit. An out-of-date searcher is closed as soon as no request
    uses it: a server reindexed for a week holds only searchers of the live version, none on
    deleted files.
    """

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        # Reentrant: a stream's searcher may be released by the garbage collector, which can
        # run while this thread holds the lock.
        self._lock = threading.RLock()
        self._idle: list[_Open] = []  # searchers of the newest version no request uses
        self._open: list[_Open] = []  # every searcher not closed yet, idle or in use
        self._newest: tuple[Path, int] | None = None  # the version last opened

    # -- searchers ---------------------------------------------------------------------------

    @contextmanager
    def _using(self) -> Iterator[_Open]:
        """A searcher on the live index version, held for one request."""
        opened = self._acquire()
        try:
            yield opened
        finally:
            self._release(opened)

    def _acquire(self) -> _Open:
        generation = store.live_generation(self.index_dir)
        if generation is None:
            raise IndexUnavailable(f"no index in {self.index_dir}: run `sift index` first")
        with self._lock:
            while self._idle:
                opened = self._idle.pop()
                if opened.current(generation):
                    opened.users += 1
                    break
                self._retire(opened)
            else:
                opened = None
        if opened is not None:
            # The near-duplicate groups are written just after an incremental commit.
            if duplicates.stamp(opened.generation) != opened.groups.stamp:
                opened.groups = duplicates.load(opened.generation, opened.searcher, opened.dated)
            return opened
        fresh = _load(self.index_dir)
        with self._lock:
            fresh.users += 1
            self._open.append(fresh)
            self._newest = fresh.version
            # Idle searchers of another version go now; busy ones when their request ends.
            for other in [other for other in self._idle if other.version != fresh.version]:
                self._idle.remove(other)
                self._retire(other)
        return fresh

    def _release(self, opened: _Open) -> None:
        with self._lock:
            opened.users -= 1
            if opened.retired or opened.version != self._newest:
                self._retire(opened)
            elif opened.users == 0:
                self._idle.append(opened)

    def _retire(self, opened: _Open) -> None:
        """Mark ``opened`` out of use and close it now if no request is using it (call it
        holding the lock)."""
        opened.retired = True
        if opened.users <= 0 and not opened.closed:
            opened.closed = True
            opened.searcher.close()
            if opened in self._open:
                self._open.remove(opened)

    def close(self) -> None:
        """Close every searcher (one a request still uses, as soon as that request ends)."""
        with self._lock:
            for opened in list(self._open):
                self._retire(opened)
            self._idle.clear()

    def document_count(self) -> int:
        with self._using() as opened:
            return opened.searcher.doc_count()

    def build_id(self) -> str:
        """Names the index version answers come from, so an export can be traced to it: the
        generation folder (new at every full rebuild) and its commit number (one more after
        every incremental reindex)."""
        with self._using() as opened:
            return _build_id(opened)

    def health(self) -> dict:
        """What is being served, as plain data for ``/healthz``: the generation, its commit, the
        number of documents and the last commit's time. Raises IndexUnavailable while no
        index can be opened."""
        return store.status(self.index_dir)

    # -- search ------------------------------------------------------------------------------

    def search(self, request: SearchRequest) -> dict:
        """The JSON-ready answer to ``request``; raises SearchError for a query it cannot parse."""
        started = time.perf_counter()
        with self._using() as opened:
            answer = self._search(opened, request)
        # The time taken includes opening a new index version after a commit.
        answer["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return answer

    def _search(self, opened: _Open, request: SearchRequest) -> dict:
        started = time.perf_counter()
        searcher = opened.searcher
        q, matching = self._matching(opened, request)
        results_docs, facet_lists, facet_sizes = facet_counts.count(
            opened.facets, matching, request.filters, request.facet_size
        )
        total = searcher.doc_count() if results_docs is None else len(results_docs)
        # Matching documents without a date: listed after the dated ones when sorted by date.
        undated_total = total - (len(opened.dated) if results_docs is None
                                 else len(opened.dated & results_docs))
        # Of a multi-word query, how many documents have every word (they rank first).
        all_words_total = ranking.all_words_count(searcher, q, results_docs)

        first = (request.page - 1) * request.per_page
        hits, entries = self._page(opened, q, results_docs, request, first) if total else ([], 0)

        suggestion, unmatched = self._suggestion(request, opened)

        return {
            **answer_head(request, total, all_words_total, undated_total),
            # Entries the pages list: the documents, less near-duplicates shown with their group.
            "entries": entries,
            "show_duplicates": request.show_duplicates,
            "results": hits,
            "facets": facet_lists,
            "facet_sizes": facet_sizes,  # values in all, when "facets" lists only facet_size
            "suggestion": suggestion,
            # The query's words no document has: left out of the results, which relax to the
            # other words (the suggestion offers a correction).
            "unmatched": unmatched,
            # The index version that answered (see build_id): a client comparing two answers,
            # or checking one against the index, knows whether a reindex came between them.
            "build_id": _build_id(opened),
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def stream(self, request: SearchRequest, chunk: int = MAX_PER_PAGE) -> ResultStream:
        """Every result of ``request`` (its page and per_page ignored), in the order its pages
        are cut from, made ``chunk`` at a time: an export of any size holds one chunk of records
        (and the order's document numbers). One searcher serves the whole stream, so every row
        comes from the index version named by ``build_id`` even if a reindex commits meanwhile.
        Each record also carries the entities the document names (``entities``). The searcher
        is held until the stream is consumed, closed or dropped."""
        opened = self._acquire()
        try:
            q, matching = self._matching(opened, request)
            docs, _, _ = facet_counts.count(opened.facets, matching, request.filters, 1)
            ranked = self._order(opened, q, docs, request)
        except BaseException:
            self._release(opened)
            raise
        released = []

        def release() -> None:
            if not released:
                released.append(True)
                self._release(opened)

        def rows() -> Iterator[dict]:
            try:
                for start in range(0, len(ranked), chunk):
                    part = ranked[start:start + chunk]
                    entities = {}
                    for docnum, _ in part:
                        stored = opened.searcher.stored_fields(docnum)
                        entities[stored["id"]] = {facet.name: stored_values(stored.get(facet.name))
                                                  for facet in FACETS if facet.multi}
                    for record in self._hits(opened, q, part, request):
                        record["entities"] = entities[record["id"]]
                        yield record
            finally:
                release()

        records = rows()
        weakref.finalize(records, release)  # a stream dropped before it was started
        return ResultStream(total=len(ranked), build_id=_build_id(opened), rows=records)

    def latest(self, request: SearchRequest, limit: int = FEED_SIZE) -> list[dict]:
        """The ``limit`` newest results of ``request`` (its sort and paging ignored), for a feed.

        A document is as new as its date or, when it has none, as the time it was first
        indexed, so that a new undated document is news too; each record's ``updated`` (ISO)
        says which. Ties are broken by id, so the same index always gives the same list."""
        with self._using() as opened:
            return self._latest(opened, request, limit)

    def _latest(self, opened: _Open, request: SearchRequest, limit: int) -> list[dict]:
        q, matching = self._matching(opened, request)
        docs, _, _ = facet_counts.count(opened.facets, matching, request.filters, 1)
        reader = opened.searcher.reader()
        dates = reader.column_reader("date", translate=False)
        indexed = (reader.column_reader("indexed", translate=False)
                   if reader.has_column("indexed") else None)
        ids = reader.column_reader("id", translate=False)

        def when(docnum: int) -> int:
            if docnum in opened.dated:
                return dates[docnum]
            return indexed[docnum] if indexed is not None else 0

        candidates = reader.all_doc_ids() if docs is None else docs
        newest = heapq.nlargest(limit, candidates, key=lambda docnum: (when(docnum), ids[docnum]))
        updated = {_text(ids[docnum]): when(docnum) for docnum in newest}
        records = self._hits(opened, q, [(docnum, 0.0) for docnum in newest],
                             replace(request, sort="newest"))
        for record in records:
            stamp = updated[record["id"]]
            record["updated"] = long_to_datetime(stamp).isoformat() if stamp else None
        return records

    def _matching(self, opened: _Open, request: SearchRequest) -> tuple[wq.Query | None,
                                                                         set[int] | None]:
        """The query as Whoosh runs it and the documents it and the date range match (None:
        every document); facet filters are applied by the caller."""
        try:
            parsed = query_lang.parse(request.q)
        except query_lang.QuerySyntaxError as error:
            raise SearchError("bad_query", str(error)) from None
        q = self._prepare(parsed, opened)
        matching = None if q is None else postings.doc_set(opened.searcher, q)
        if request.date_from or request.date_to:
            dated = opened.searcher.docs_for_query(
                _date_range(request.date_from, request.date_to))
            matching = set(dated) if matching is None else matching & set(dated)
        return q, matching

    def _prepare(self, parsed: wq.Query | None, opened: _Open) -> wq.Query | None:
        if parsed is None:
            return None
        # Facet values as typed in any case ("country:qatar"); numbers need no look-up.
        lookup = {name: names for name, names in opened.facets.lookup.items()
                  if FACETS_BY_NAME[name].kind != YEAR}
        return query_lang.rewrite(parsed, opened.searcher.reader(), lookup)

    def _page(self, opened: _Open, q, docs, request: SearchRequest,
              first: int) -> tuple[list[dict], int]:
        """One page cut from the one total order (see :mod:`indexer.engines.whoosh.ranking`), with
        one entry per group of near-duplicates unless asked for all; and how many entries in all."""
        ranked = self._order(opened, q, docs, request)
        if not request.show_duplicates:
            ranked = duplicates.collapse(ranked, opened.groups, docs)
        part = ranked[first:first + request.per_page]
        page = self._hits(opened, q, part, request)
        for record, (docnum, _) in zip(page, part, strict=True):
            record["duplicates"] = self._duplicates(opened, docnum)
        return page, len(ranked)

    def _duplicates(self, opened: _Open, docnum: int) -> list[dict]:
        """The other members of a document's near-duplicate group, earliest first."""
        members = opened.groups.of.get(docnum, ())
        return [result_record(opened.searcher.stored_fields(member))
                for member in members if member != docnum]

    def _order(self, opened: _Open, q, docs, request: SearchRequest) -> list[tuple[int, float]]:
        return ranking.order(opened.searcher, q, docs, request.sort, opened.dated)

    def _hits(self, opened: _Open, q, page: list[tuple[int, float]],
              request: SearchRequest) -> list[dict]:
        """The result records of ``page``, a slice of :meth:`_order`, in its order."""
        searcher = opened.searcher
        docnums = [docnum for docnum, _ in page]
        matches = snippets.page_matches(searcher, q, docnums) if q is not None and page else None
        by_relevance = q is not None and request.sort == "relevance"
        return [_hit(searcher.stored_fields(docnum), docnum, matches,
                     score if by_relevance else None)
                for docnum, score in page]

    def _suggestion(self, request: SearchRequest,
                    opened: _Open) -> tuple[str | None, list[str]]:
        """The query with misspelt words replaced from the index's vocabulary (None if no word
        needs it), and the query's bare words that no document contains.

        A word is misspelt when no document has it, or when it is rare and a word one edit
        away is far commoner ("trafficing" in 2 speeches, "trafficking" in 300). The work is
        bounded before it starts: at most MAX_CORRECTED_WORDS vocabulary scans per query, none
        for a word longer than MAX_CORRECTED_LENGTH, each word's answer kept for the index
        version, so "stqrvxk" typed 120 times costs one scan."""
        reader = opened.searcher.reader()
        frequency = {word: _document_frequency(reader, word)
                     for word in did_you_mean.bare_words(request.q)}
        unmatched = [word for word, count in frequency.items() if count == 0]
        needing = did_you_mean.needing_correction(
            frequency, reader.doc_count(), lambda word: _document_frequency(reader, word))
        fixes = {}
        for word in needing:
            fixes[word] = self._correction(opened, word, frequency[word])
        return did_you_mean.corrected(request.q, fixes), unmatched

    def _correction(self, opened: _Open, word: str, count: int) -> str | None:
        """The word to suggest for ``word`` (in ``count`` documents), or None; one vocabulary
        scan per word and index version."""
        lower = word.lower()
        corrections = opened.corrections
        if lower not in corrections:
            if len(corrections) >= CORRECTIONS_KEPT:
                corrections.clear()
            corrections[lower] = _closest(opened.searcher, lower, count)
        return did_you_mean.cased_like(word, corrections[lower])

    # -- documents ---------------------------------------------------------------------------

    def document(self, doc_id: str, q: str = "") -> dict | None:
        """Everything about one document, with the query's matches marked; None if unknown."""
        with self._using() as opened:
            return self._document(opened, doc_id, q)

    def path_of(self, doc_id: str) -> tuple[str, str | None] | None:
        """The document's path (its identity in the index: a file relative to the corpus
        folder, or ``file/NNN-name`` for an attachment) and the file it came in (None for a
        file's own document); None for an id the index does not hold."""
        with self._using() as opened:
            docnum = opened.searcher.document_number(id=doc_id)
            if docnum is None:
                return None
            stored = opened.searcher.stored_fields(docnum)
            return stored["path"], stored.get("container")

    def _document(self, opened: _Open, doc_id: str, q: str) -> dict | None:
        searcher = opened.searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        record = result_record(stored)
        record["body"] = stored.get("body", "")
        for facet in FACETS:
            if facet.multi:
                record[facet.name] = stored_values(stored.get(facet.name))
        body = title = None
        parsed = None
        if q.strip():
            try:
                parsed = self._prepare(query_lang.parse(q), opened)
            except query_lang.QuerySyntaxError:
                parsed = None
        if parsed is not None and postings.mask(searcher, parsed)[docnum]:
            matches = snippets.page_matches(searcher, parsed, [docnum])
            body = snippets.whole(record["body"], matches, docnum, "body")
            title = snippets.whole(record["title"], matches, docnum, "title")
        with_text(record, stored, title, body)
        # An e-mail and its attachments (documents of their own) link to each other.
        container = stored.get("container")
        parent = searcher.document(path=container) if container else None
        record["attached_to"] = result_record(parent) if parent else None
        record["attachments"] = [result_record(fields) for fields in
                                 sorted(searcher.documents(container=stored["path"]),
                                        key=lambda fields: fields["path"])]
        record["duplicates"] = self._duplicates(opened, docnum)
        similar = searcher.more_like(docnum, "body", top=SIMILAR, numterms=20)
        record["similar"] = [result_record(hit) for hit in similar]
        return record

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Completions for a search box: the typed words with the last one completed from the
        vocabulary, most useful first (in most documents that also have the earlier words), then
        a few titles containing all the words."""
        prefix = " ".join(prefix.split())[:100]
        head, _, last = prefix.rpartition(" ")
        last = last.lower()
        if len(prefix) < 2 or limit < 1 or not re.fullmatch(r"\w+", last):
            return []
        with self._using() as opened:
            return self._suggest(opened, head, last, limit)

    def _suggest(self, opened: _Open, head: str, last: str, limit: int) -> list[str]:
        searcher = opened.searcher
        reader = searcher.reader()

        def docs(term: str) -> set[int]:
            either = wq.Or([wq.Term("title", term), wq.Term("body", term)])
            return postings.doc_set(searcher, either)

        # Documents with every earlier word; None when there are none (or only stop words).
        head_terms = [token.text for token in text_analyzer()(head)]
        within = None
        for term in head_terms:
            within = docs(term) if within is None else within & docs(term)

        def starting(field: str) -> list[str]:
            words = islice(reader.expand_prefix(field, last), SUGGEST_SCAN)
            return [w.decode() if isinstance(w, bytes) else w for w in words]

        if within is None:  # one word typed: the vocabulary's commonest completions
            def spelled(word: str) -> int:  # documents with this very form of the word
                return reader.doc_frequency("spell_body", word)

            words = sorted(set(starting("spell_body")) | set(starting("spell_title")),
                           key=lambda word: (-spelled(word), word))[:SUGGEST_RANKED]
            # By the documents the query would find (all forms), then by this form's own.
            counted = [(_document_frequency(reader, word), spelled(word), word) for word in words]
            completions = [f"{head} {word}".strip() for *_, word in
                           sorted((item for item in counted if item[0]),
                                  key=lambda item: (-item[0], -item[1], item[2]))]
        else:
            # Completions read from the text of a sample of the documents having every earlier
            # word, by indexer.completions' rule (those that follow the last of them there,
            # "forced" -> "labour"). A phrase query per candidate read every position of
            # "and" in every document (37 s for "peace and sec" on the full UN corpus), and the
            # postings of forty candidates 2-3 s; the sample bounds the work, whatever the words.
            texts = (f"{stored.get('title', '')}\n{stored.get('body', '')}"
                     for stored in map(searcher.stored_fields, sorted(within)[:SUGGEST_SAMPLE]))
            completions = [f"{head} {word}"
                           for word in completions_rule.following(head, last, texts)]

        # Titles having the earlier words and one of the best completions, best ranked first
        # (all the title words starting with "u" made Whoosh's matcher tree 0.2 s).
        titles = []
        title_terms = {index_term(completion.rsplit(" ", 1)[-1])
                       for completion in completions[:SUGGEST_RANKED]}
        title_terms = {term for term in title_terms if ("title", term) in reader}
        if title_terms and within != set():
            last_word = wq.Or([wq.Term("title", term) for term in sorted(title_terms)])
            query = wq.And([*(wq.Term("title", term) for term in head_terms), last_word])
            best = ranking.order(searcher, query, None, "relevance", opened.dated)
            named = (searcher.stored_fields(docnum).get("title")
                     for docnum, _ in best[:SUGGEST_TITLES * 3])
            titles = list(dict.fromkeys(title for title in named if title))
            titles = titles[:min(SUGGEST_TITLES, limit)]
        return list(dict.fromkeys(completions[:limit - len(titles)] + titles))


def _document_frequency(reader, word: str) -> int:
    """The documents whose title or body has ``word`` (as the query would search it)."""
    terms = [token.text for token in text_analyzer()(word, mode="query")]
    return max((reader.doc_frequency(name, term) for term in terms
                for name in TEXT_FIELDS), default=0)


def _closest(searcher, word: str, count: int) -> str | None:
    """The nearest word of the vocabulary to ``word`` (in ``count`` documents), the commonest
    among equally near ones, if it is in more documents (RARER times more for a known word);
    within two edits of an unknown word, one of a known one. Whoosh's corrector is not used:
    it ranks by the frequency of the unstemmed word in the stemmed field ("chnage" -> "chang").
    The first letter is taken as typed. The words of each first letter are read once per index
    version and shared between threads, and compared in C (rapidfuzz's optimal string
    alignment distance, Whoosh's own "Damerau-Levenshtein"): 55-95 ms a word, 2 ms once read."""
    reader = searcher.reader()
    edits = did_you_mean.edits_allowed(count)
    letter = word[:1]
    vocabulary = postings.per_version(reader, ("vocabulary", letter), lambda: [
        raw.decode("utf-8") if isinstance(raw, bytes) else raw
        for raw in reader.expand_prefix("spell_body", letter)])
    near = {found: distance for found, distance, _ in process.extract(
        word, vocabulary, scorer=OSA.distance, score_cutoff=edits, limit=None) if found != word}
    frequency = {found: _document_frequency(reader, found) for found in near}
    return did_you_mean.best_correction(near, frequency, count)


def _build_id(opened: _Open) -> str:
    return f"{opened.generation.name}.{opened.searcher.reader().generation()}"


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _date_range(start: dt.date | None, end: dt.date | None) -> wq.Query:
    low = dt.datetime(start.year, start.month, start.day) if start else None
    high = dt.datetime(end.year, end.month, end.day, 23, 59, 59) if end else None
    return wq.DateRange("date", low, high)


def _hit(stored: dict, docnum: int, matches: snippets.PageMatches | None,
         score: float | None) -> dict:
    """A result record; its snippet and title marked where ``matches`` has the query's words."""
    record = result_record(stored)
    body = stored.get("body", "")
    passages, start = snippets.passages(body, matches, docnum) if matches else ([], None)
    # The page of the best passage, for a document of several pages (None otherwise).
    record["page"] = pages.page_of(stored.get("page_starts"), start)
    title = snippets.whole(record["title"], matches, docnum, "title") if matches else None
    record["title_segments"] = title or unmarked(record["title"])
    record["snippet"] = passages or snippets.lead(body)
    record["score"] = round(score, 4) if score is not None else None
    return record
