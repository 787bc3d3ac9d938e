"""Sift's parsed query (the Whoosh query tree :func:`indexer.query.parse` returns) as a query in
Solr's standard (lucene) syntax that means the same.

The tree is walked rather than the text re-parsed, so the query language keeps one parser: its
syntax checks, bounds, stop-word dropping and "all words first" relaxation happen once, in
:mod:`indexer.query`. What each node becomes:

- a word or phrase in ``title``/``body``: the words *as typed* (their place in the query text),
  so Solr's analysis chain, which is Sift's (see :mod:`indexer.solr_configset`), makes the same
  terms of them; a word whose typed text is not one term (``don't``) is sent as the term Sift
  made of it. Title matches are boosted by ``TITLE_BOOST``, as Whoosh's field boost does;
- ``prefix*``, ``wild?ard`` and ``fuzzy~`` in the text fields: expanded, as Sift expands them,
  into at most a share of MAX_EXPANSIONS unstemmed words of the collection (``expand``, which
  the engine answers from Solr's terms of ``spell``), each then searched as a word: the terms
  Sift would search, scored as words (Solr scores a bare pattern query as a constant). Without
  ``expand``, a pattern query over ``spell``;
- ``field:value`` for a facet: the stored value whatever the case typed (``country:qatar``
  finds Qatar; ``language:English`` finds ``en``), patterns expanded over the stored values;
- ``year``/``date`` ranges: Solr ranges, open ends as ``*``;
- AND/OR/NOT, ``-word``, and Sift's relaxed groups (documents with some of the words match; the
  all-words part is returned on its own so the engine can rank it first).
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.util.times import long_to_datetime

from indexer import query as query_lang
from indexer.analysis import ACRONYM_MARK, text_analyzer
from indexer.schema import FACETS_BY_NAME, TEXT_FIELDS, TITLE_BOOST, YEAR, build_schema

SPELL_FIELD = "spell"  # the configset's copy of title and body, lower-cased, not stemmed
NOTHING = "(+*:* -*:*)"
EVERYTHING = "*:*"
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/\s])')
_OPERATORS = {"AND", "OR", "NOT", "TO"}


class Untranslatable(ValueError):
    """A node of the query tree that has no Solr counterpart here (a bug to report)."""


@dataclass(frozen=True)
class Translated:
    q: str  # the query in Solr's lucene syntax
    all_words: str | None  # the all-words part of a relaxed query (ranked first), or None
    # What the highlighter marks: the words, phrases and patterns searched in the text, any of
    # them (the whole query, with its facet conditions, matched no single field: nothing marked)
    highlight: str | None = None


def escape_term(text: str) -> str:
    """One term for Lucene's standard parser: its special characters escaped, an operator word
    quoted."""
    if text in _OPERATORS:
        return f'"{text}"'
    return _SPECIAL.sub(r"\\\1", text)


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def solr_date(moment: dt.datetime | dt.date) -> str:
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _query_terms(text: str) -> list[str]:
    return [token.text for token in text_analyzer()(text, mode="query")]


# (the pattern node, the most words wanted) -> the collection's unstemmed words matching it
Expand = Callable[[wq.Query, int], list[str]]
_EXPANDABLE = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange, wq.Regex)


class Translator:
    """Translates one query: ``text`` is what was typed (the words are read back from it),
    ``facet_names`` maps each facet's lower-cased values and labels to its stored values, and
    ``expand`` finds the words a pattern stands for (see the module's docstring)."""

    def __init__(self, text: str, facet_names: Mapping[str, Mapping[str, str]],
                 expand: Expand | None = None, share: int = query_lang.MAX_EXPANSIONS):
        self.text = query_lang._open_ends(text)  # the text the tree's offsets point into
        self.facet_names = facet_names
        self.expand = expand
        self.share = share
        self._expanded: dict[str, list[str]] = {}  # a relaxed query holds each pattern twice
        # A quoted phrase's terms -> the words typed, for phrases (the parser keeps no offsets).
        self.phrases = {}
        for match in re.finditer(r'"([^"]*)"', self.text):
            self.phrases.setdefault(tuple(_query_terms(match.group(1))), match.group(1))

    def translate(self, node: wq.Query) -> str:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise Untranslatable(f"no Solr translation for {type(node).__name__}: {node!r}")
        return method(node)

    # -- compound nodes ------------------------------------------------------------------------

    def _Or(self, node: wq.Or) -> str:
        parts = list(dict.fromkeys(self.translate(child) for child in node.subqueries))
        if not parts:
            return NOTHING
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _And(self, node: wq.And) -> str:
        required, excluded = [], []
        for child in node.subqueries:
            if isinstance(child, wq.Not):
                excluded.append(self.translate(child.query))
            else:
                required.append(self.translate(child))
        if not required:
            required = [EVERYTHING]  # only exclusions: from every document
        clauses = [f"+{part}" for part in dict.fromkeys(required)]
        clauses += [f"-{part}" for part in dict.fromkeys(excluded)]
        return "(" + " ".join(clauses) + ")"

    _AllWords = _And

    def _Not(self, node: wq.Not) -> str:
        return f"(+{EVERYTHING} -{self.translate(node.query)})"

    def _AndNot(self, node: wq.AndNot) -> str:
        return f"(+{self.translate(node.a)} -{self.translate(node.b)})"

    def _AndMaybe(self, node: wq.AndMaybe) -> str:
        return f"(+{self.translate(node.a)} {self.translate(node.b)})"

    def _Every(self, node) -> str:
        return EVERYTHING

    def _NullQuery(self, node) -> str:
        return NOTHING

    # -- leaves ------------------------------------------------------------------------------

    @staticmethod
    def _boost(field: str, clause: str) -> str:
        return f"{clause}^{TITLE_BOOST}" if field == "title" else clause

    def _typed(self, node) -> str | None:
        start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
        if start is None or end is None:
            return None
        return self.text[start:end]

    def _Term(self, node: wq.Term) -> str:
        field = node.fieldname
        if field in TEXT_FIELDS:
            typed = self._typed(node)
            # The word as typed when Sift makes exactly this term of it; else the term itself.
            word = typed if typed and _query_terms(typed) == [node.text] else node.text
            return self._boost(field, f"{field}:{escape_term(word)}")
        facet = FACETS_BY_NAME.get(field)
        if facet is not None and facet.kind == YEAR:
            return f"{field}:{_year(node.text)}"
        if facet is not None:
            value = self.facet_names.get(field, {}).get(str(node.text).lower(), node.text)
            return f"{field}:{quote(value)}"
        return f"{field}:{quote(str(node.text))}"

    def _Phrase(self, node: wq.Phrase) -> str:
        field = node.fieldname
        typed = self.phrases.get(tuple(node.words), " ".join(node.words))
        slop = f"~{node.slop - 1}" if node.slop > 1 else ""  # Whoosh's 1 is Lucene's 0
        return self._boost(field, f"{field}:{quote(typed)}{slop}")

    def _pattern(self, node, pattern: str) -> str:
        field = node.fieldname
        if field in TEXT_FIELDS:
            if self.expand is not None:
                return self._words(node)
            # Not boosted: the title's and the body's pattern are one clause over both.
            return f"{SPELL_FIELD}:{pattern}"
        names = self.facet_names.get(field, {})
        wanted = node.text.lower() + ("*" if isinstance(node, wq.Prefix) else "")
        values = sorted({names[name] for name in fnmatch.filter(names, wanted)})
        values = values[: query_lang.MAX_EXPANSIONS]
        if not values:
            return NOTHING
        return "(" + " OR ".join(f"{field}:{quote(value)}" for value in values) + ")"

    def _words(self, node) -> str:
        """A text-field pattern as the words it expands to, searched in its field."""
        key = repr(node)
        if key not in self._expanded:
            self._expanded[key] = self.expand(node, self.share)[: self.share]
        words = self._expanded[key]
        if not words:
            return NOTHING
        field = node.fieldname
        clauses = [self._boost(field, f"{field}:{escape_term(word)}") for word in words]
        return "(" + " OR ".join(clauses) + ")"

    def _Prefix(self, node: wq.Prefix) -> str:
        return self._pattern(node, escape_term(node.text.lower()) + "*")

    def _Wildcard(self, node: wq.Wildcard) -> str:
        pieces = re.split(r"([*?])", node.text.lower())
        return self._pattern(node, "".join(p if p in "*?" else escape_term(p) for p in pieces))

    def _FuzzyTerm(self, node: wq.FuzzyTerm) -> str:
        if node.fieldname not in TEXT_FIELDS:
            return self._Term(wq.Term(node.fieldname, node.text))
        if self.expand is not None:
            return self._words(node)
        return f"{SPELL_FIELD}:{escape_term(node.text.lower())}~{node.maxdist}"

    def _NumericRange(self, node: wq.NumericRange) -> str:
        if node.fieldname == "date":
            low = solr_date(long_to_datetime(node.start)) if node.start is not None else "*"
            high = solr_date(long_to_datetime(node.end)) if node.end is not None else "*"
        else:
            low = "*" if node.start is None else str(node.start)
            high = "*" if node.end is None else str(node.end)
        opening = "{" if node.startexcl else "["
        closing = "}" if node.endexcl else "]"
        return f"{node.fieldname}:{opening}{low} TO {high}{closing}"

    def _DateRange(self, node: wq.DateRange) -> str:
        low = solr_date(node.startdate) if node.startdate else "*"
        high = solr_date(node.enddate) if node.enddate else "*"
        return f"{node.fieldname}:[{low} TO {high}]"

    def _TermRange(self, node: wq.TermRange) -> str:
        low = "*" if node.start is None else escape_term(node.start)
        high = "*" if node.end is None else escape_term(node.end)
        opening = "{" if node.startexcl else "["
        closing = "}" if node.endexcl else "]"
        field = SPELL_FIELD if node.fieldname in TEXT_FIELDS else node.fieldname
        return f"{field}:{opening}{low} TO {high}{closing}"


_YEAR_FIELD = None


def _year(value) -> int:
    """A year as the parser leaves it in a Term (Whoosh's sortable bytes) or as a number."""
    global _YEAR_FIELD
    if isinstance(value, bytes):
        if _YEAR_FIELD is None:
            schema = build_schema()
            (_YEAR_FIELD,) = (schema[name] for name, facet in FACETS_BY_NAME.items()
                              if facet.kind == YEAR)
        return int(_YEAR_FIELD.from_bytes(value))
    return int(value)


def share_of(parsed: wq.Query) -> int:
    """The words each pattern may expand to: MAX_EXPANSIONS shared between the distinct
    patterns of the query (the title's and the body's counted apart), as indexer.query.rewrite
    shares them."""
    patterns = {repr(node) for node in parsed.leaves() if isinstance(node, _EXPANDABLE)}
    return max(query_lang.MIN_EXPANSIONS, query_lang.MAX_EXPANSIONS // max(1, len(patterns)))


# The terms of the collection's title or body among those given (to check acronyms against).
Present = Callable[[list[str]], set[str]]


def _unwritten_acronyms(parsed: wq.Query, present: Present) -> None:
    """An acronym no document writes in capitals ("WHO IS" typed with caps lock on) is
    searched as the word, as indexer.query.rewrite does: its node gets the word, and not being
    its typed text's term any more, is sent as that word."""
    acronyms = [leaf for leaf in parsed.leaves()
                if isinstance(leaf, wq.Term) and leaf.fieldname in TEXT_FIELDS
                and leaf.text.endswith(ACRONYM_MARK)]
    if not acronyms:
        return
    found = present(sorted({leaf.text for leaf in acronyms}))
    for leaf in {id(leaf): leaf for leaf in acronyms}.values():  # a relaxed query shares them
        if leaf.text not in found:
            leaf.text = leaf.text[: -len(ACRONYM_MARK)]


def translate(text: str, facet_names: Mapping[str, Mapping[str, str]],
              expand: Expand | None = None, present: Present | None = None
              ) -> Translated | None:
    """``text`` in Sift's query language as a Solr query, None for an empty query (every
    document). Raises :class:`indexer.query.QuerySyntaxError` as :func:`indexer.query.parse`."""
    parsed = query_lang.parse(text)
    if parsed is None:
        return None
    if present is not None:
        _unwritten_acronyms(parsed, present)
    translator = Translator(text, facet_names, expand, share_of(parsed))
    every = query_lang.all_words(parsed)
    searched = [leaf for leaf in query_lang.searched_leaves(parsed)
                if getattr(leaf, "fieldname", None) in TEXT_FIELDS]
    return Translated(translator.translate(parsed),
                      translator.translate(every) if every is not None else None,
                      translator.translate(wq.Or(searched)) if searched else None)
