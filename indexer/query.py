"""From what a person types to a Whoosh query that is safe to run.

The syntax: words (all of them wanted, but documents with most of them still found), "exact
phrases", AND / OR / NOT and -word, parentheses, field:value for title: and every facet, prefix*,
word~ (fuzzy), and ranges such as year:[2017 TO 2019] or date:[2017-01 TO 2018-06].

Whoosh's parser accepts anything and silently guesses; a researcher deserves to be told when a
quote or a parenthesis is not closed, so the syntax is checked first. Wildcards, fuzzy terms and
text ranges expand to many terms and a leading wildcard scans the whole vocabulary: expansions
are capped before the query runs (Whoosh's time-limit collector does not work off the main
thread, so bounding the query is the only safe way to bound the time).
"""

from __future__ import annotations

import fnmatch
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from itertools import islice

from whoosh import qparser
from whoosh import query as wq
from whoosh.util.times import TimeError as WhooshTimeError

from indexer import query_syntax
from indexer.analysis import ACRONYM_MARK, STOP_WORDS, index_term
from indexer.query_syntax import (
    EXPANSION_SECONDS,
    MAX_CLAUSES,
    MAX_EXPANSIONS,
    MIN_EXPANSIONS,
    MIN_SCANNED,
    SEARCHABLE_FIELDS,
    QuerySyntaxError,
)
from indexer.schema import TEXT_FIELDS, YEAR_FACET, build_schema

_NOT = r"((^|(?<=[\s(]))NOT(?=\s))|((^|(?<=[\s(]))-(?=[^\s\-]))"
_VALUE_FIELD = re.compile(rf"(?<![\w:])({YEAR_FACET}|date):(\[[^\]]*\]?|\{{[^}}]*\}}?|[^\s()]+)")
# What Whoosh's parser raises on input it cannot make sense of (it never says why).
_PARSER_ERRORS = (IndexError, ValueError, TypeError, RecursionError, WhooshTimeError)
# A range's open end written as "*" (Lucene's way, year:[* TO 2015]) becomes Whoosh's (no end).
_OPEN_START = re.compile(r"([\[{])\s*\*\s+TO\b")
_OPEN_END = re.compile(r"\bTO\s+\*\s*([\]}])")


def _open_ends(text: str) -> str:
    return _OPEN_END.sub(r"TO\1", _OPEN_START.sub(r"\1TO", text))


def _parser(group) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(TEXT_FIELDS), build_schema(), group=group)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.remove_plugin_class(qparser.OperatorsPlugin)
    # "-word" means "without word", as in every web search engine (not so in Whoosh's default).
    parser.add_plugin(qparser.OperatorsPlugin(Not=_NOT))
    return parser


STRICT = _parser(qparser.AndGroup)
LOOSE = _parser(qparser.OrGroup)


def check_syntax(text: str) -> None:
    """:func:`indexer.query_syntax.check_syntax`, and the values of year and date conditions
    (read by Whoosh's parser)."""
    query_syntax.check_syntax(text)
    for match in _VALUE_FIELD.finditer(_open_ends(text)):
        try:
            value = STRICT.parse(match.group(0))
        except Exception:  # noqa: BLE001 - Whoosh's date parsing raises a bare Exception
            value = wq.NullQuery
        if isinstance(value, wq.NullQuery.__class__):
            field, value = match.groups()
            example = "2017" if field == YEAR_FACET else "2019-11-15"
            raise QuerySyntaxError(
                f"{field}:{value} is not a valid {field}; write e.g. {field}:{example} "
                f"or {field}:[2017 TO 2019]"
            )


def parse(text: str) -> wq.Query | None:
    """The query for ``text``, or None for an empty query (meaning: every document).

    When words are combined implicitly, documents containing all of them come first and those
    containing only some still follow, so a long natural-language question never ends on an
    empty page because one of its words is missing. Negations, facet and range conditions stay
    required.
    """
    check_syntax(text)
    if not text.strip():
        return None
    text = _open_ends(text)
    try:
        strict, loose = STRICT.parse(text), LOOSE.parse(text)
    except _PARSER_ERRORS:
        raise QuerySyntaxError(
            "the query could not be understood: check that every AND, OR and NOT has a word "
            "after it") from None
    _check_fields(strict)
    # A word is searched in every text field: count it once.
    clauses = sum(1 for node in strict.leaves()
                  if getattr(node, "fieldname", None) not in TEXT_FIELDS[1:])
    if clauses > MAX_CLAUSES:
        raise QuerySyntaxError(
            f"the query has {clauses} words and conditions; at most {MAX_CLAUSES} are searched "
            "at once")
    strict = _with_typed_words(strict, text)
    if strict == _with_typed_words(loose, text):
        return strict  # no implicit grouping: the query says exactly what it wants
    return _relax(strict, text)


def _check_fields(q: wq.Query) -> None:
    """Only the searchable fields: an internal one (content_hash) has no index to search."""
    for node in q.leaves():
        field = getattr(node, "fieldname", None)
        if field is not None and field not in SEARCHABLE_FIELDS:
            raise QuerySyntaxError(f"there is no field {field!r} to search; the fields are "
                                   f"{', '.join(SEARCHABLE_FIELDS)}")


def _with_typed_words(q: wq.Query, text: str) -> wq.Query:
    """Fuzzy terms as typed: the parser stems them ("dapkunas~" → "dapkuna"), which moves
    them away from the word meant; :func:`rewrite` matches them against unstemmed words."""
    for node in q.leaves():
        if isinstance(node, wq.FuzzyTerm) and getattr(node, "startchar", None) is not None:
            typed = text[node.startchar : node.endchar].lower()
            if typed.isalnum():
                node.text = typed
    return q


def _is_words(node: wq.Query) -> bool:
    """True for words and phrases searched in the text fields, without negation."""
    if isinstance(node, wq.Not):
        return False
    if node.is_leaf():
        return getattr(node, "fieldname", None) in TEXT_FIELDS
    return all(_is_words(child) for child in node.children())


def _is_stop_word(node: wq.Query, text: str) -> bool:
    """True for a word typed in lower case that is a stop word ("of", "the", "will"): it is
    dropped when other words remain. Typed in capitals ("WHO", "IT") it is an acronym and kept."""
    leaves = list(node.leaves())
    if not leaves or not all(isinstance(leaf, wq.Term) for leaf in leaves):
        return False
    start, end = getattr(leaves[0], "startchar", None), getattr(leaves[0], "endchar", None)
    if start is None or end is None:
        return False
    typed = text[start:end]
    return typed.lower() in STOP_WORDS and not (len(typed) > 1 and typed.isupper())


class AllWords(wq.And):
    """The words of an implicit multi-word query, all required: the documents it matches rank
    ahead of those with only some of the words (see :func:`all_words`)."""


def searched_leaves(q: wq.Query) -> Iterator[wq.Query]:
    """The leaves of ``q`` a matching document can have (its words, phrases, expansions), not
    those it excludes (under a NOT, or the second part of an AndNot): what is scored and what
    is marked in snippets."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from searched_leaves(q.a)
    elif q.is_leaf():
        yield q
    else:
        for child in q.children():
            yield from searched_leaves(child)


def all_words(q: wq.Query | None) -> AllWords | None:
    """The all-words part of a relaxed query, None when the query is not one."""
    if q is None:
        return None
    if isinstance(q, AllWords):
        return q
    for node in q.children():
        if (found := all_words(node)) is not None:
            return found
    return None


def _relax(strict: wq.Query, text: str) -> wq.Query:
    if not isinstance(strict, wq.And):
        return strict
    words = [child for child in strict.subqueries if _is_words(child)]
    required = [child for child in strict.subqueries if not _is_words(child)]
    content = [word for word in words if not _is_stop_word(word, text)]
    if content and len(content) < len(words):  # stop words count only when alone
        words = content
        if len(words) == 1:
            return wq.And([*required, *words]) if required else words[0]
    if len(words) < 2:
        return strict
    # Whoosh only matches with it; indexer.ranking puts the all-words documents first.
    some_words = wq.Or([AllWords(words), wq.Or(words)])
    return wq.And([*required, some_words]) if required else some_words


def _text(term: bytes | str) -> str:
    return term.decode("utf-8") if isinstance(term, bytes) else term


def _matching_words(reader, field: str, pattern: str, deadline: float) -> Iterator[str]:
    """Vocabulary words matching a ``*``/``?`` pattern, scanning no longer than ``deadline``.

    The literal start of the pattern narrows the scan; a leading wildcard scans the whole
    vocabulary, which the deadline bounds.
    """
    prefix = re.split(r"[*?]", pattern, maxsplit=1)[0]
    regex = re.compile(fnmatch.translate(pattern))
    words = reader.expand_prefix(field, prefix) if prefix else reader.lexicon(field)
    for count, word in enumerate(words):
        if count >= MIN_SCANNED and count % MIN_SCANNED == 0 and time.monotonic() > deadline:
            return
        word = _text(word)
        if regex.match(word):
            yield word


def _until(terms: Iterable, deadline: float, limit: int) -> list:
    """At most ``limit`` of ``terms``, as many as come before ``deadline`` (MIN_EXPANSIONS at
    least)."""
    taken = []
    for term in islice(terms, limit):
        taken.append(term)
        if len(taken) >= MIN_EXPANSIONS and time.monotonic() > deadline:
            break
    return taken


def rewrite(q: wq.Query, reader, facet_names: Mapping[str, Mapping[str, str]]) -> wq.Query:
    """Make ``q`` safe and exact to run against ``reader``.

    - wildcards, prefixes, fuzzy terms and text ranges expand to at most MAX_EXPANSIONS terms
      in all, shared between them, found within EXPANSION_SECONDS; in the text fields they
      expand over the unstemmed words (so ``trafficking*`` and ``hairdresers~`` work although
      the index holds stems), then stem what they found;
    - ``*`` alone means every document;
    - facet values are matched whatever their case (country:qatar finds Qatar, country:q*
      finds Qatar): ``facet_names[field]`` maps lower-cased names to stored values.
    """
    indexed = set(reader.indexed_field_names())
    deadline = time.monotonic() + EXPANSION_SECONDS
    expandable = (wq.Prefix, wq.Wildcard, wq.FuzzyTerm, wq.TermRange, wq.Regex)
    patterns = {repr(node) for node in q.leaves() if isinstance(node, expandable)}
    share = max(MIN_EXPANSIONS, MAX_EXPANSIONS // max(1, len(patterns)))
    expanded: dict[str, wq.Query] = {}  # the relaxed query holds each pattern twice

    def words_of(node: wq.Query, field: str) -> list[str]:
        text = node.text.lower()
        if isinstance(node, wq.FuzzyTerm):
            # Keeping the first letter cuts the vocabulary scan by an order of magnitude
            # (0.5 s → 0.04 s for "palestine~" over 1,746 speeches).
            fuzzy = wq.FuzzyTerm(field, text, maxdist=node.maxdist,
                                 prefixlength=max(node.prefixlength, 1))
            words = _until(fuzzy.expanded_terms(reader), deadline, share)
            return [_text(word) for _, word in words]
        pattern = text + "*" if isinstance(node, wq.Prefix) else text
        if field in facet_names:
            names = facet_names[field]
            return sorted({names[name] for name in fnmatch.filter(names, pattern)})[:share]
        return _until(_matching_words(reader, field, pattern, deadline), deadline, share)

    def expand(node: wq.Query) -> wq.Query:
        field = node.fieldname
        words_field = f"spell_{field}"
        patterned = isinstance(node, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm))
        if patterned and field in TEXT_FIELDS and words_field in indexed:
            terms = sorted({index_term(word) for word in words_of(node, words_field)})
        elif patterned and field in indexed:
            terms = words_of(node, field)
        else:
            terms = [_text(t) for _, t in _until(node.expanded_terms(reader), deadline, share)]
        if not terms:
            return wq.NullQuery
        return wq.Or([wq.Term(field, term, boost=node.boost) for term in terms])

    def fix(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.Every):
            return wq.Every()
        if (isinstance(node, wq.Term) and node.fieldname in TEXT_FIELDS
                and node.text.endswith(ACRONYM_MARK)
                and not any((name, node.text) in reader for name in TEXT_FIELDS)):
            # An acronym no document writes in capitals ("WHO IS" typed with caps lock on)
            # is the word.
            return wq.Term(node.fieldname, node.text[:-len(ACRONYM_MARK)], boost=node.boost)
        if isinstance(node, wq.Term) and node.fieldname in facet_names:
            value = facet_names[node.fieldname].get(node.text.lower(), node.text)
            return wq.Term(node.fieldname, value, boost=node.boost)
        if isinstance(node, expandable):
            key = repr(node)
            if key not in expanded:
                expanded[key] = expand(node)
            return expanded[key]
        if node.is_leaf():
            return node
        return node.apply(fix)

    return fix(q)
