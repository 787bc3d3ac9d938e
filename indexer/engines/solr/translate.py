"""Sift's query tree (:func:`indexer.query_tree.parse`) as a query in Solr's standard (lucene)
syntax that means the same.

The query language has one parser: its syntax checks, bounds, stop-word dropping and "all words
first" relaxation happen once, in :mod:`indexer.query_tree`, and the Whoosh engine translates the
same tree (:mod:`indexer.engines.whoosh.query`). What each node becomes here:

- a word or phrase in ``title``/``body``: the words *as typed*, so Solr's analysis chain, which
  is Sift's (see :mod:`indexer.engines.solr.schema`), makes the same terms of them; a word whose
  typed text is not one term (``don't``) is sent as the terms Sift makes of it. Title matches
  are boosted by ``TITLE_BOOST``, as Whoosh's field boost does;
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

from indexer import query_tree as tree
from indexer.analysis import ACRONYM_MARK, text_analyzer
from indexer.document_fields import TEXT_FIELDS, TITLE_BOOST
from indexer.query_syntax import MAX_EXPANSIONS, MIN_EXPANSIONS

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
Expand = Callable[[tree.Pattern | tree.Fuzzy, int], list[str]]
# The terms of the collection's title or body among those given (to check acronyms against).
Present = Callable[[list[str]], set[str]]
_EXPANDABLE = (tree.Pattern, tree.Fuzzy)


class Translator:
    """Translates one query: ``facet_names`` maps each facet's lower-cased values and labels to
    its stored values, ``expand`` finds the words a pattern stands for (see the module's
    docstring) and ``unwritten`` holds the acronyms no document writes in capitals."""

    def __init__(self, facet_names: Mapping[str, Mapping[str, str]],
                 expand: Expand | None = None, share: int = MAX_EXPANSIONS,
                 unwritten: frozenset[str] = frozenset()):
        self.facet_names = facet_names
        self.expand = expand
        self.share = share
        self.unwritten = unwritten
        self._expanded: dict[tuple, list[str]] = {}  # a relaxed query holds each pattern twice

    def translate(self, node: tree.Node) -> str:
        method = getattr(self, f"_{type(node).__name__}", None)
        if method is None:
            raise Untranslatable(f"no Solr translation for {type(node).__name__}: {node!r}")
        return method(node)

    # -- compound nodes ------------------------------------------------------------------------

    def _Or(self, node: tree.Or) -> str:
        return _either([self.translate(child) for child in node.children])

    def _And(self, node: tree.And) -> str:
        required, excluded = [], []
        for child in node.children:
            if isinstance(child, tree.Not):
                excluded.append(self.translate(child.child))
            else:
                required.append(self.translate(child))
        if not required:
            required = [EVERYTHING]  # only exclusions: from every document
        clauses = [f"+{part}" for part in dict.fromkeys(required)]
        clauses += [f"-{part}" for part in dict.fromkeys(excluded)]
        return "(" + " ".join(clauses) + ")"

    _AllWords = _And

    def _Not(self, node: tree.Not) -> str:
        return f"(+{EVERYTHING} -{self.translate(node.child)})"

    def _Every(self, node) -> str:
        return EVERYTHING

    # -- leaves ------------------------------------------------------------------------------

    def _each_field(self, node, clause: Callable[[str], str]) -> str:
        """The leaf searched in its field, or in each text field for an unfielded one."""
        return _either([clause(field) for field in ((node.field,) if node.field else
                                                     TEXT_FIELDS)])

    @staticmethod
    def _boost(field: str, clause: str, boost: float = 1.0) -> str:
        if field == "title":
            boost *= TITLE_BOOST
        return clause if boost == 1 else f"{clause}^{boost:g}"

    def _value(self, field: str, value: str) -> str:
        """A facet's value, stored as it is whatever the case typed."""
        value = self.facet_names.get(field, {}).get(value.lower(), value)
        return f"{field}:{quote(value)}"

    def _Word(self, node: tree.Word) -> str:
        typed_terms = _query_terms(node.text)
        terms = [term[: -len(ACRONYM_MARK)] if term in self.unwritten else term
                 for term in typed_terms]

        def clause(field: str) -> str:
            if field not in TEXT_FIELDS:
                return self._value(field, node.text)
            if not terms:
                return NOTHING
            if len(terms) == 1:
                # The word as typed when Sift makes exactly this term of it; else the term.
                word = node.text if terms == typed_terms else terms[0]
                return self._boost(field, f"{field}:{escape_term(word)}", node.boost)
            each = [self._boost(field, f"{field}:{escape_term(term)}", node.boost)
                    for term in terms]
            return "(" + " ".join(f"+{clause}" for clause in each) + ")"
        return self._each_field(node, clause)

    def _Phrase(self, node: tree.Phrase) -> str:
        slop = f"~{node.slop - 1}" if node.slop > 1 else ""  # Whoosh's 1 is Lucene's 0

        def clause(field: str) -> str:
            if field not in TEXT_FIELDS:
                return self._value(field, node.text)
            return self._boost(field, f"{field}:{quote(node.text)}{slop}", node.boost)
        return self._each_field(node, clause)

    def _facet_pattern(self, field: str, pattern: str) -> str:
        names = self.facet_names.get(field, {})
        values = sorted({names[name] for name in fnmatch.filter(names, pattern.lower())})
        values = values[:MAX_EXPANSIONS]
        if not values:
            return NOTHING
        return "(" + " OR ".join(f"{field}:{quote(value)}" for value in values) + ")"

    def _words(self, node, field: str) -> str:
        """A text-field pattern as the words it expands to, searched in ``field``."""
        key = (type(node), node.text, getattr(node, "distance", None))
        if key not in self._expanded:
            self._expanded[key] = self.expand(node, self.share)[: self.share]
        words = self._expanded[key]
        if not words:
            return NOTHING
        return "(" + " OR ".join(self._boost(field, f"{field}:{escape_term(word)}", node.boost)
                                 for word in words) + ")"

    def _Pattern(self, node: tree.Pattern) -> str:
        if node.field not in (None, *TEXT_FIELDS):
            return self._facet_pattern(node.field, node.text)
        if self.expand is None:
            # Not boosted: the title's and the body's pattern are one clause over both.
            pattern = tree.vocabulary_pattern(node)
            pieces = re.split(r"([*?])", pattern)
            return f"{SPELL_FIELD}:" + "".join(p if p in "*?" else escape_term(p)
                                               for p in pieces)
        return self._each_field(node, lambda field: self._words(node, field))

    def _Fuzzy(self, node: tree.Fuzzy) -> str:
        if node.field not in (None, *TEXT_FIELDS):
            return self._value(node.field, node.text)
        if self.expand is None:
            return f"{SPELL_FIELD}:{escape_term(node.text.lower())}~{node.distance}"
        return self._each_field(node, lambda field: self._words(node, field))

    def _Range(self, node: tree.Range) -> str:
        opening = "[" if node.include_low else "{"
        closing = "]" if node.include_high else "}"
        if tree.is_year(node.field):
            if node.low == node.high and node.include_low and node.include_high:
                return f"{node.field}:{int(node.low)}"
            low = "*" if node.low is None else str(int(node.low))
            high = "*" if node.high is None else str(int(node.high))
            return f"{node.field}:{opening}{low} TO {high}{closing}"
        # Words over the unstemmed words, lower-cased; a facet's stored values as written.
        text = tree.is_text(node)
        field = SPELL_FIELD if text else node.field
        low, high = ("*" if end is None else escape_term(end.lower() if text else end)
                     for end in (node.low, node.high))
        return f"{field}:{opening}{low} TO {high}{closing}"

    def _DateSpan(self, node: tree.DateSpan) -> str:
        low = solr_date(node.start) if node.start else "*"
        high = solr_date(node.end) if node.end else "*"
        return f"{node.field}:[{low} TO {high}]"


def _either(parts: list[str]) -> str:
    parts = list(dict.fromkeys(parts))
    if not parts:
        return NOTHING
    return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def share_of(parsed: tree.Node) -> int:
    """The words each pattern may expand to: MAX_EXPANSIONS shared between the distinct
    patterns of the query (the title's and the body's counted apart), as
    indexer.engines.whoosh.query.rewrite shares them."""
    patterns = {(type(leaf), leaf.text, field)
                for leaf in tree.leaves(parsed) if isinstance(leaf, _EXPANDABLE)
                for field in ((leaf.field,) if leaf.field else TEXT_FIELDS)}
    return max(MIN_EXPANSIONS, MAX_EXPANSIONS // max(1, len(patterns)))


def _unwritten_acronyms(parsed: tree.Node, present: Present | None) -> frozenset[str]:
    """The acronyms of the query no document writes in capitals ("WHO IS" typed with caps lock
    on): searched as the word, as indexer.engines.whoosh.query.rewrite does."""
    if present is None:
        return frozenset()
    acronyms = {term for leaf in tree.leaves(parsed) if isinstance(leaf, tree.Word)
                and tree.is_text(leaf) for term in _query_terms(leaf.text)
                if term.endswith(ACRONYM_MARK)}
    if not acronyms:
        return frozenset()
    return frozenset(acronyms - present(sorted(acronyms)))


def translate(text: str, facet_names: Mapping[str, Mapping[str, str]],
              expand: Expand | None = None, present: Present | None = None
              ) -> Translated | None:
    """``text`` in Sift's query language as a Solr query, None for an empty query (every
    document). Raises :class:`indexer.query_syntax.QuerySyntaxError` as
    :func:`indexer.query_tree.parse`."""
    parsed = tree.parse(text)
    if parsed is None:
        return None
    translator = Translator(facet_names, expand, share_of(parsed),
                            _unwritten_acronyms(parsed, present))
    every = tree.all_words(parsed)
    searched = tuple(leaf for leaf in tree.searched_leaves(parsed)
                     if tree.is_text(leaf) and not isinstance(leaf, tree.Every))
    return Translated(translator.translate(parsed),
                      translator.translate(every) if every is not None else None,
                      translator.translate(tree.Or(searched)) if searched else None)
