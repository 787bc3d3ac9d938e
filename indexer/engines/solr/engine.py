"""The Solr engine: document records into a collection, and :class:`SearchRequest` answered
from it in the shape ``indexer.engines.whoosh.search.Archive.search`` answers, so the JSON API, the
pages and ``sift search`` read either engine's answer alike.

Solr does the distribution: any node answers for the whole collection (2 shards x 2 replicas in
the tests); nothing here knows about shards. What Solr does for Sift:

- one /select per search (plus a terms look-up for "did you mean", and one per pattern or
  acronym in the query): the page of results (``start``/``rows``), their snippets (the
  unified highlighter over stored offsets, read into marked segments), every
  facet's counts (multi-select: a facet's own filter is tagged and excluded from its counts,
  so a selected country still shows the others, as in indexer.facets) and the counts of the
  all-words and undated documents;
- the order of indexer.engines.whoosh.ranking: by relevance the documents with every word of a
  multi-word query first, then score, newest, id; by date, undated documents last, ties by id;
- near-duplicates as on Whoosh (indexer.engines.solr.groups): one entry per group, at the rank
  of its best member, showing its earliest matching member, the group's other members with each
  result, and ``entries`` counting entries, not documents (``show_duplicates``: every document).
"""

from __future__ import annotations

import html
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from indexer import facets as facet_labels
from indexer import pages
from indexer import query_tree as tree
from indexer.document_fields import FACETS, YEAR
from indexer.engines.solr import documents as solr_docs
from indexer.engines.solr import groups, spelling
from indexer.engines.solr.client import SolrClient, SolrError
from indexer.engines.solr.translate import SPELL_FIELD, quote, solr_date, translate
from indexer.highlights import Segment, tidy, unmarked
from indexer.query_syntax import QuerySyntaxError
from indexer.service import (
    MAX_PER_PAGE,
    SNIPPET_CHARS,
    SNIPPET_PASSAGES,
    ResultStream,
    SearchError,
    SearchRequest,
    answer_head,
    with_text,
)

BATCH = 200  # documents per update request (a UN speech is ~20 KB: ~4 MB a request)
FACET_NAMES_SECONDS = 30.0  # how long the facet values read for query look-ups are reused
MARK_TAGS = re.compile(r"(<mark>|</mark>)")  # the highlighter's tags (hl.tag.pre/post)
MAX_ANALYZED_CHARS = 10_000_000  # Solr's 51,200 default loses the snippets of long speeches


@dataclass
class SolrEngine:
    """One collection (or alias) of a SolrCloud, through ``client``."""

    client: SolrClient
    collection: str
    _names: tuple[float, dict] | None = field(default=None, repr=False)
    _documents: int = field(default=0, repr=False)  # read with the facet names

    # -- writing -----------------------------------------------------------------------------

    def add(self, records: Iterable[dict], batch: int = BATCH) -> int:
        """Send ``records`` (indexer.documents records), ``batch`` per request; returns how
        many. A document with an id already there replaces it. Visible after :meth:`commit`."""
        sent = 0
        chunk: list[dict] = []
        for record in records:
            chunk.append(solr_docs.to_solr(record))
            if len(chunk) >= batch:
                self._update(chunk)
                sent += len(chunk)
                chunk = []
        if chunk:
            self._update(chunk)
            sent += len(chunk)
        return sent

    def _update(self, payload) -> None:
        self.client.post_json(f"{self.collection}/update", payload)

    def delete_all(self) -> None:
        self._update({"delete": {"query": "*:*"}})

    def delete_paths(self, paths: Iterable[str]) -> None:
        """Delete the documents of corpus files: each file's own and its attachments'."""
        for path in paths:
            self._update({"delete": {"query": f"path:{quote(path)} OR container:{quote(path)}"}})

    def commit(self) -> None:
        self.client.post_json(f"{self.collection}/update", {"commit": {}})
        self._names = None

    def count(self) -> int:
        answer = self.client.get(f"{self.collection}/select", [("q", "*:*"), ("rows", "0")])
        return answer["response"]["numFound"]

    def each(self, params: list[tuple[str, str]], fields: str, sort: str = "id asc",
             rows: int = 1000) -> Iterator[dict]:
        """The stored ``fields`` of every document the lucene query ``params`` match, read
        with cursorMark ``rows`` at a time (``sort`` must end with the id, as cursors need)."""
        cursor = "*"
        while True:
            answer = self.client.post_form(f"{self.collection}/select", [
                *params, ("defType", "lucene"), ("fl", fields), ("sort", sort),
                ("rows", str(rows)), ("cursorMark", cursor)])
            docs = answer["response"]["docs"]
            yield from docs
            following = answer.get("nextCursorMark")
            if len(docs) < rows or not following or following == cursor:  # the last page
                return
            cursor = following

    # -- searching ---------------------------------------------------------------------------

    def facet_names(self) -> dict[str, dict[str, str]]:
        """For each facet but the year, its lower-cased values and labels -> stored values (a
        query's ``country:qatar`` means Qatar, ``language:English`` means en, as on Whoosh);
        read from the collection and reused for FACET_NAMES_SECONDS."""
        now = time.monotonic()
        if self._names is not None and now - self._names[0] < FACET_NAMES_SECONDS:
            return self._names[1]
        wanted = [facet.name for facet in FACETS if facet.kind != YEAR]
        params = [("q", "*:*"), ("rows", "0"), ("facet", "true"), ("facet.limit", "-1"),
                  ("facet.mincount", "1"), *(("facet.field", name) for name in wanted)]
        answer = self.client.get(f"{self.collection}/select", params)
        names: dict[str, dict[str, str]] = {}
        for name in wanted:
            values = answer["facet_counts"]["facet_fields"].get(name, [])[::2]
            lookup = {value.lower(): value for value in values}
            lookup.update({facet_labels.label(name, value).lower(): value for value in values})
            names[name] = lookup
        self._names = (now, names)
        self._documents = answer["response"]["numFound"]
        return names

    def _terms(self, params: list[tuple[str, str]]) -> list[str]:
        answer = self.client.get(f"{self.collection}/terms",
                                 [("terms.fl", SPELL_FIELD), ("terms.sort", "index"), *params])
        return answer.get("terms", {}).get(SPELL_FIELD, [])[::2]

    def words_matching(self, node: tree.Pattern | tree.Fuzzy, limit: int) -> list[str]:
        """The collection's unstemmed words (title and body) a pattern stands for, in
        vocabulary order, at most ``limit``: what indexer.engines.whoosh.query.rewrite expands it
        to. A fuzzy word keeps its first letter, as there."""
        if isinstance(node, tree.Fuzzy):
            text, edits = node.text.lower(), node.distance
            lengths = f"{{{max(0, len(text) - 1 - edits)},{len(text) - 1 + edits}}}"
            near = self._terms([("terms.prefix", text[:1]), ("terms.limit", "-1"),
                                ("terms.regex", re.escape(text[:1]) + "." + lengths)])
            return [word for word in near
                    if OSA.distance(text, word, score_cutoff=edits) <= edits][:limit]
        text = tree.vocabulary_pattern(node)
        if tree.is_prefix(text):
            return self._terms([("terms.prefix", text[:-1]), ("terms.limit", str(limit))])
        literal = re.split(r"[*?]", text, maxsplit=1)[0]
        regex = "".join(".*" if part == "*" else "." if part == "?" else re.escape(part)
                        for part in re.split(r"([*?])", text) if part)
        return self._terms([("terms.prefix", literal), ("terms.regex", regex),
                            ("terms.limit", str(limit))])

    def present_terms(self, terms: list[str]) -> set[str]:
        """Those of ``terms`` some document's title or body holds."""
        answer = self.client.get(f"{self.collection}/terms", [
            ("terms.fl", "title"), ("terms.fl", "body"), ("terms.list", ",".join(terms))])
        return {term for flat in answer.get("terms", {}).values() for term in flat[::2]}

    def search(self, request: SearchRequest) -> dict:
        """The JSON-ready answer to ``request``; raises SearchError for a query it cannot parse
        and SolrError when the cluster does not answer."""
        started = time.perf_counter()
        names = self.facet_names()
        try:
            translated = translate(request.q, names, self.words_matching, self.present_terms)
        except QuerySyntaxError as error:
            raise SearchError("bad_query", str(error)) from None
        params = search_params(request, translated, names)
        collapsed = not request.show_duplicates
        answer = self.client.post_form(f"{self.collection}/select",
                                       (params + groups.collapsing()) if collapsed else params)
        counts = groups.matching(answer) if collapsed else {}
        self._earliest_members(request, translated, names, answer, counts)
        result = self._answer(request, translated, answer, started, counts)
        self._with_duplicates(result["results"], answer["response"]["docs"])
        self._snippet_pages(result["results"], answer)
        result["suggestion"], result["unmatched"] = spelling.suggestion(self, request.q,
                                                                        self._documents)
        result["took_ms"] = round((time.perf_counter() - started) * 1000, 1)
        return result

    def _earliest_members(self, request: SearchRequest, translated, names, answer: dict,
                          counts: dict[str, int]) -> None:
        """In a collapsed answer, each group with several matching members shown by its
        earliest matching member (with its snippet) and the score of its best-ranked one, as
        indexer.duplicates.collapse does. Result grouping shows the best-ranked member
        (group.sort defaults to the sort), and its second phase may not ask the shard holding
        the earliest (see indexer.engines.solr.groups). One search for the page's groups with
        several matching members, none for a page without."""
        docs = answer["response"]["docs"]
        wanted = {doc[groups.FIELD] for doc in docs if doc.get(groups.FIELD) in counts}
        if not wanted:
            return
        params = [pair for pair in search_params(request, translated, names, facets=False)
                  if pair[0] not in ("start", "rows", "sort")]
        found = self.client.post_form(f"{self.collection}/select", [
            *params, ("fq", groups.members_filter(wanted)), ("sort", groups.EARLIEST),
            ("rows", str(sum(counts[key] for key in wanted)))])
        earliest: dict[str, dict] = {}
        for doc in found["response"]["docs"]:
            earliest.setdefault(doc[groups.FIELD], doc)
        for rank, best in enumerate(docs):
            if best.get(groups.FIELD) in earliest:
                docs[rank] = {**earliest[best[groups.FIELD]], "score": best.get("score")}
        answer.setdefault("highlighting", {}).update(found.get("highlighting", {}))

    def _with_duplicates(self, results: list[dict], docs: list[dict]) -> None:
        """Each result's ``duplicates``: the other members of its group, earliest first."""
        keys = {doc["id"]: doc.get(groups.FIELD) for doc in docs}
        found = groups.members(self, keys.values(), ",".join(solr_docs.RECORD_FIELDS))
        for result in results:
            result["duplicates"] = [solr_docs.record(member)
                                    for member in found.get(keys[result["id"]], ())
                                    if member["id"] != result["id"]]

    def _answer(self, request: SearchRequest, translated, answer: dict, started: float,
                folded: dict[str, int]) -> dict:
        """The answer's shape from Solr's; ``folded``: the near-duplicate groups with several
        matching members (each -> how many), one entry each."""
        response = answer["response"]
        total = response["numFound"]
        counts = answer.get("facet_counts", {})
        queries = counts.get("facet_queries", {})
        highlights = answer.get("highlighting", {})
        facet_lists, facet_sizes = facet_answer(counts.get("facet_fields", {}), request)
        relevance = translated is not None and request.sort == "relevance"
        results = [hit_record(doc, highlights.get(doc["id"], {}), translated is not None,
                              doc.get("score") if relevance else None)
                   for doc in response["docs"]]
        # (a distributed facet query counting nothing is left out of the answer)
        all_words = queries.get("all_words", 0) if translated and translated.all_words else None
        return {
            **answer_head(request, total, all_words, queries.get("undated", 0)),
            "entries": groups.entries(total, folded),
            "show_duplicates": request.show_duplicates,
            "results": results,
            "facets": facet_lists,
            "facet_sizes": facet_sizes,
            "suggestion": None,
            "unmatched": [],
            "build_id": self.collection,
            "took_ms": round((time.perf_counter() - started) * 1000, 1),
        }

    def _snippet_pages(self, results: list[dict], answer: dict) -> None:
        """The page of each multi-page result's snippet: where its first marked passage's
        first match stands in the body (read for those results only; most have one page)."""
        marked = answer.get("highlighting", {})
        paged = {doc["id"]: doc["page_starts"] for doc in answer["response"]["docs"]
                 if len(doc.get("page_starts") or ()) > 1
                 and "<mark>" in ((marked.get(doc["id"], {}).get("body") or [""])[0])}
        if not paged:
            return
        bodies = self.client.post_form(f"{self.collection}/select", [
            ("q", "id:(" + " OR ".join(quote(doc_id) for doc_id in paged) + ")"),
            ("defType", "lucene"), ("fl", "id,body"), ("rows", str(len(paged)))])
        for doc in bodies["response"]["docs"]:
            passage = marked[doc["id"]]["body"][0]
            before, _, _ = passage.partition("<mark>")
            plain = html.unescape(passage.replace("<mark>", "").replace("</mark>", ""))
            where = doc.get("body", "").find(plain)
            if where < 0:
                continue
            start = where + len(html.unescape(before.replace("</mark>", "")))
            for result in results:
                if result["id"] == doc["id"]:
                    result["page"] = pages.page_of(paged[doc["id"]], start)

    def stream(self, request: SearchRequest, chunk: int = MAX_PER_PAGE) -> ResultStream:
        """Every result of ``request`` in its order (its page ignored), as the Whoosh engine's
        stream for exports: records with their snippets, scores and entities, read ``chunk``
        at a time with Solr's cursorMark (deep pages cost no more than the first). The total
        comes with the first chunk; ``build_id`` names the collection."""
        names = self.facet_names()
        try:
            translated = translate(request.q, names, self.words_matching, self.present_terms)
        except QuerySyntaxError as error:
            raise SearchError("bad_query", str(error)) from None
        multi = [facet.name for facet in FACETS if facet.multi]
        params = [pair for pair in search_params(request, translated, names, facets=False)
                  if pair[0] not in ("start", "rows", "fl")]
        params.append(("fl", ",".join([*solr_docs.RECORD_FIELDS, *multi, "score"])))
        relevance = translated is not None and request.sort == "relevance"

        def page(cursor: str) -> dict:
            return self.client.post_form(f"{self.collection}/select",
                                         [*params, ("rows", str(chunk)), ("cursorMark", cursor)])

        first = page("*")

        def rows() -> Iterator[dict]:
            answer, cursor = first, "*"
            while True:
                marked = answer.get("highlighting", {})
                for doc in answer["response"]["docs"]:
                    hit = hit_record(doc, marked.get(doc["id"], {}), translated is not None,
                               doc.get("score") if relevance else None)
                    hit["entities"] = {name: list(doc.get(name, [])) for name in multi}
                    yield hit
                following = answer.get("nextCursorMark")
                if not following or following == cursor:
                    return
                answer, cursor = page(following), following

        return ResultStream(total=first["response"]["numFound"], build_id=self.collection,
                            rows=rows())

    def document(self, doc_id: str, q: str = "") -> dict | None:
        """One document: its record, text, entities and near-duplicates, with the query's
        matches marked in its title and paragraphs (as text segments); None for an
        unknown id."""
        params = [("q", f"id:{quote(doc_id)}"), ("rows", "1"), ("fl", "*")]
        translated = None
        if q.strip():
            try:
                translated = translate(q, self.facet_names(), self.words_matching,
                                       self.present_terms)
            except QuerySyntaxError:
                translated = None
        if translated is not None:
            # The id as a filter: in the query, it left the highlighter with nothing to mark.
            params = [("q", translated.q), ("fq", f"id:{quote(doc_id)}"), ("rows", "1"),
                      ("fl", "*"), ("defType", "lucene"),
                      *_highlight_params(translated, whole=True)]
        answer = self.client.post_form(f"{self.collection}/select", params)
        docs = answer["response"]["docs"]
        if not docs and translated is not None:  # the query does not match it: unmarked
            return self.document(doc_id)
        if not docs:
            return None
        stored = docs[0]
        marked = answer.get("highlighting", {}).get(doc_id, {})
        result = solr_docs.record(stored)
        result["body"] = stored.get("body", "")
        for facet in FACETS:
            if facet.multi:
                result[facet.name] = list(stored.get(facet.name, []))
        title, body = ((marked.get(name) or [""])[0] for name in ("title", "body"))
        with_text(result, stored, _segments(title) if title else None,
                  _segments(body) if body else None)
        result["container"] = stored.get("container")
        self._with_duplicates([result], [stored])
        return result


def _highlight_params(translated=None, whole: bool = False) -> list[tuple[str, str]]:
    """The unified highlighter over the stored offsets: escaped text, ``<mark>``, the title
    whole, the body in SNIPPET_PASSAGES passages (its opening when nothing in it matched), or whole;
    marking what ``translated`` searched in the text."""
    marked = translated.highlight if translated is not None else None
    params = [("hl.q", marked or "id:\"\""), ("hl.qparser", "lucene"),
        ("hl", "true"), ("hl.method", "unified"), ("hl.fl", "title,body"),
        ("hl.encoder", "html"), ("hl.tag.pre", "<mark>"), ("hl.tag.post", "</mark>"),
        ("hl.maxAnalyzedChars", str(MAX_ANALYZED_CHARS)), ("hl.offsetSource", "POSTINGS"),
        ("hl.requireFieldMatch", "false"),
        ("f.title.hl.bs.type", "WHOLE"),
    ]
    if whole:
        return [*params, ("f.body.hl.bs.type", "WHOLE")]
    return [*params, ("f.body.hl.snippets", str(SNIPPET_PASSAGES)),
            # Passages cut at words around the matches, about SNIPPET_CHARS long, as Whoosh's:
            # cut at sentences, a search of ten speeches took 39 ms in Solr, at words 10 ms.
            ("f.body.hl.bs.type", "WORD"),
            ("f.body.hl.fragsize", str(SNIPPET_CHARS)), ("f.body.hl.fragsizeIsMinimum", "false"),
            ("f.body.hl.defaultSummary", "true")]


def _filter(facet: str, values: tuple[str, ...], names: dict[str, dict[str, str]]) -> str:
    """A tagged filter for one facet's selected values (OR-ed), matched whatever their case."""
    lookup = names.get(facet, {})
    wanted = [lookup.get(value.lower(), value) for value in values]
    if any(f.kind == YEAR and f.name == facet for f in FACETS):
        wanted = [value for value in wanted if value.isdigit()] or ["-1"]
        clause = " OR ".join(wanted)
    else:
        clause = " OR ".join(quote(value) for value in wanted)
    return f"{{!tag=f_{facet}}}{facet}:({clause})"


def search_params(request: SearchRequest, translated, names: dict[str, dict[str, str]],
                  facets: bool = True, highlight: bool = True) -> list[tuple[str, str]]:
    """The /select parameters answering ``request`` (``translated``: its query, None for every
    document)."""
    params: list[tuple[str, str]] = [
        ("defType", "lucene"), ("q.op", "OR"),
        ("q", translated.q if translated else "*:*"),
        ("start", str((request.page - 1) * request.per_page)), ("rows", str(request.per_page)),
        ("fl", ",".join([*solr_docs.RECORD_FIELDS, groups.FIELD, "score"])),
    ]
    for facet, values in request.filters.items():
        if values:
            params.append(("fq", _filter(facet, values, names)))
    if request.date_from or request.date_to:
        low = solr_date(request.date_from) if request.date_from else "*"
        high = (solr_date(request.date_to).replace("T00:00:00Z", "T23:59:59Z")
                if request.date_to else "*")
        params.append(("fq", f"date:[{low} TO {high}]"))
    params.append(("sort", sort_clause(request.sort, translated)))
    if translated is not None and translated.all_words:
        params.append(("aw", translated.all_words))
    if facets:
        params += [("facet", "true"), ("facet.limit", "-1"), ("facet.mincount", "1"),
                   ("facet.query", "{!key=undated}(*:* -date:[* TO *])")]
        params += [("facet.field", f"{{!ex=f_{facet.name}}}{facet.name}") for facet in FACETS]
        if translated is not None and translated.all_words:
            params.append(("facet.query", "{!lucene key=all_words v=$aw}"))
    if highlight:  # with no query: each body's opening (defaultSummary), as Whoosh's lead
        params += _highlight_params(translated)
    return params


def sort_clause(sort: str, translated) -> str:
    """indexer.engines.whoosh.ranking's order: every tie broken, so pages cut from it never
    overlap."""
    if translated is None or sort != "relevance":
        direction = "asc" if sort == "oldest" else "desc"
        return f"date {direction},id asc"  # undated last: sortMissingLast on the date type
    tier = "if(exists(query($aw)),1,0) desc," if translated.all_words else ""
    return f"{tier}score desc,date desc,id asc"


def facet_answer(fields: dict[str, list], request: SearchRequest
                 ) -> tuple[dict[str, list[dict]], dict[str, int]]:
    """Each facet's values as indexer.facets.count lists them: by count then name, at most
    ``facet_size`` (0: all), selected values flagged and always listed, even at zero; and how
    many values each facet has in all."""
    lists: dict[str, list[dict]] = {}
    sizes: dict[str, int] = {}
    for facet in FACETS:
        flat = fields.get(facet.name, [])
        rows = [(str(value), count) for value, count in zip(flat[::2], flat[1::2], strict=True)
                if count]
        selected = request.filters.get(facet.name, ())
        present = {value.lower(): value for value, _ in rows}
        wanted = {present.get(value.lower(), value) for value in selected}
        for value in wanted - {value for value, _ in rows}:
            rows.append((value, 0))
        rows.sort(key=lambda row: (-row[1], row[0].lower()))
        sizes[facet.name] = len(rows)
        size = request.facet_size
        listed = rows if size <= 0 else rows[:size]
        listed += [row for row in rows[len(listed):] if row[0] in wanted]
        lists[facet.name] = [
            {"value": value, "label": facet_labels.label(facet.name, value), "count": count,
             "selected": value in wanted}
            for value, count in listed
        ]
    return lists, sizes


def hit_record(doc: dict, marked: dict, highlighted: bool, score: float | None) -> dict:
    result = solr_docs.record(doc)
    result["page"] = None  # a multi-page document's: set by SolrEngine._snippet_pages
    title = (marked.get("title") or [""])[0] if highlighted else ""
    result["title_segments"] = _segments(title) if title else unmarked(result["title"])
    result["snippet"] = [tidy(_segments(part)) for part in marked.get("body") or []
                         if part.strip()]
    result["score"] = round(score, 4) if score is not None else None
    result["duplicates"] = []  # a search's results: the other members (SolrEngine.search)
    return result


def _segments(tagged: str) -> list[Segment]:
    """The highlighter's HTML-escaped text, its matches between ``<mark>`` tags, as marked
    segments of plain text (the encoder escapes every ``<`` of the text itself)."""
    segments, marked = [], False
    for part in MARK_TAGS.split(tagged):
        if part in ("<mark>", "</mark>"):
            marked = part == "<mark>"
        elif part:
            segments.append((html.unescape(part), marked))
    return segments


__all__ = ["SolrEngine", "SolrError", "search_params", "sort_clause", "facet_answer"]
