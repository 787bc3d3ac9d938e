"""Sift's query language read into Sift's own query tree, free of any engine.

What a person types is parsed once, here; each engine translates the tree
(``indexer.engines.whoosh.query`` into Whoosh's query objects, ``indexer.engines.solr.translate``
into Solr's syntax), so ``"forced labour" country:Qatar -belarus year:[2017 TO 2019] traffick*``
means the same on both.

The syntax: words (all of them wanted, but documents with most of them still found: see
:func:`relax`), "exact phrases" (``"..."~N`` lets the words stand up to N apart), AND / OR / NOT
and ``-word``, parentheses, ``field:value`` for title: and every facet (``field:(a OR b)`` too),
``prefix*`` and ``wild?ard``, ``word~`` / ``word~2`` (fuzzy), ``word^2`` (boost), ``*`` (every
document), and ranges such as ``year:[2017 TO 2019]`` or ``date:[2017-01 TO 2018-06]`` (``*`` or
nothing for an open end). NOT binds tightest, then AND, then OR; words side by side are grouped
last, so ``trafficking "forced labour" OR slavery`` wants trafficking and either of the others.

A leaf keeps the text as typed and where it was typed: the engines analyze it with their own
analysis chain (which is Sift's on both), and the typed case tells an acronym (WHO) or a stop
word typed in capitals from the word.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from indexer.analysis import STOP_WORDS, index_term
from indexer.document_fields import DATE_FIELD, FACETS_BY_NAME, TEXT_FIELDS, YEAR
from indexer.query_syntax import MAX_CLAUSES, SEARCHABLE_FIELDS, QuerySyntaxError, check_syntax

# -- the tree --------------------------------------------------------------------------------
# A leaf's ``field`` is None for the text fields (title and body, the title boosted).


@dataclass(frozen=True)
class Word:
    field: str | None
    text: str  # as typed
    boost: float = 1.0


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str  # the words between the quotes, as typed
    slop: int = 1  # how far apart the words may stand: 1 is side by side
    boost: float = 1.0


@dataclass(frozen=True)
class Pattern:
    """``prefix*`` or ``wild?ard``: the words matching it (``*`` any characters, ``?`` one)."""

    field: str | None
    text: str  # lower-cased
    boost: float = 1.0


@dataclass(frozen=True)
class Fuzzy:
    """``word~N``: the words within N edits of ``text``, sharing its first ``prefix`` letters."""

    field: str | None
    text: str  # as typed
    distance: int = 1
    prefix: int = 0
    boost: float = 1.0


@dataclass(frozen=True)
class Range:
    """A range of a year facet's numbers or of a field's terms; None is an open end."""

    field: str | None
    low: str | None
    high: str | None
    include_low: bool = True
    include_high: bool = True


@dataclass(frozen=True)
class DateSpan:
    """The moments from ``start`` to ``end``, both included; None is an open end."""

    field: str
    start: dt.datetime | None
    end: dt.datetime | None


@dataclass(frozen=True)
class Every:
    """Every document (``*``)."""


@dataclass(frozen=True)
class And:
    children: tuple
    implicit: bool = False  # words side by side, not joined by the word AND (see relax)


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class AllWords:
    """The words of a relaxed query, all of them (see :func:`relax`): its documents come first."""

    children: tuple


Node = Word | Phrase | Pattern | Fuzzy | Range | DateSpan | Every | And | Or | Not | AllWords
LEAVES = (Word, Phrase, Pattern, Fuzzy, Range, DateSpan, Every)
GROUPS = (And, Or, AllWords)

# -- reading the text ------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>"(?P<words>[^"]*)"(?:~(?P<slop>\d+))?(?:\^(?P<boost>\d+(?:\.\d+)?))?)
  | (?P<range>[\[{](?P<low>[^\]}]*?)\s*\bTO\b\s*(?P<high>[^\]}]*?)[\]}])
  | (?P<word>[^\s()"]+)
""", re.VERBOSE)
_FIELD = re.compile(r"(\w+|\*):(?=\S)")
_BOOST = re.compile(r"\^(\d+(?:\.\d+)?)$")
_FUZZY = re.compile(r"~(\d)?(?:/(\d+))?$")
_OPERATORS = {"AND", "OR", "NOT"}
_DANGLING = ("the query could not be understood: check that every AND, OR and NOT has a word "
             "after it")
_NOT_SIGN = re.compile(r"-(?=[^\s\-])")


@dataclass
class _Token:
    kind: str  # space, open, close, phrase, range, word, field, and, or, not
    text: str
    match: re.Match | None = None


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        before = text[position - 1] if position else " "
        after_space = before.isspace() or before == "("
        field = _FIELD.match(text, position)
        if field and (field.group(1) in SEARCHABLE_FIELDS or field.group(1) == "*") and (
                not tokens or tokens[-1].kind in ("space", "open", "not")):
            tokens.append(_Token("field", field.group(1)))
            position = field.end()
            continue
        if text[position] == "-" and after_space and _NOT_SIGN.match(text, position):
            tokens.append(_Token("not", "-"))
            position += 1
            continue
        match = _TOKEN.match(text, position)
        kind = match.lastgroup if match.lastgroup in ("space", "open", "close") else next(
            name for name in ("phrase", "range", "word") if match.group(name) is not None)
        token = _Token(kind, match.group(0), match)
        word = token.text
        if kind == "word" and word in _OPERATORS and (
                after_space if word == "NOT" else position and before.isspace()):
            following = text[position + len(word): position + len(word) + 1]
            if following.isspace():
                token.kind = word.lower()
        tokens.append(token)
        position += len(token.text)
    return [token for token in tokens if token.kind != "space"]


class _Parser:
    """Recursive descent over the tokens: query := or*; or := and (OR and)*;
    and := unary (AND unary)*; unary := NOT unary | primary; primary := [field:] atom [^boost]."""

    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.position = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def group(self, field: str | None, closing: bool) -> Node | None:
        items = []
        while (token := self.peek()) is not None and not (closing and token.kind == "close"):
            if token.kind == "close":  # check_syntax reports a ')' without its '('
                self.take()
                continue
            item = self.disjunction(field)
            if item is not None:
                items.append(item)
        if closing and self.peek() is not None:
            self.take()
        if not items:
            return None
        return items[0] if len(items) == 1 else And(tuple(items), implicit=True)

    def disjunction(self, field: str | None) -> Node | None:
        return self.joined(Or, "or", self.conjunction, field)

    def conjunction(self, field: str | None) -> Node | None:
        return self.joined(And, "and", self.unary, field)

    def joined(self, kind, operator: str, operand, field: str | None) -> Node | None:
        """``operand (operator operand)*`` as one ``kind`` node."""
        items = [operand(field)]
        while (token := self.peek()) is not None and token.kind == operator:
            self.take()
            items.append(operand(field))
        items = [item for item in items if item is not None]
        if not items:
            return None
        return items[0] if len(items) == 1 else kind(tuple(items))

    def unary(self, field: str | None) -> Node | None:
        token = self.peek()
        if token is not None and token.kind == "not":
            self.take()
            following = self.peek()
            if following is not None and following.kind == "not":  # NOT NOT: a slip
                following = None
            if following is None or following.kind in ("and", "or", "close"):
                raise QuerySyntaxError(_DANGLING)
            child = self.unary(field)
            return Not(child) if child is not None else None
        if token is None or token.kind in ("and", "or", "close"):
            raise QuerySyntaxError(_DANGLING)
        return self.primary(field)

    def primary(self, field: str | None) -> Node | None:
        token = self.take()
        if token.kind == "field":
            named = None if token.text == "*" else token.text
            if self.peek() is None or self.peek().kind == "close":  # "(title:)": nothing
                return None
            if token.text == "*" and self.peek().kind == "word" and self.peek().text == "*":
                self.take()
                return Every()
            return self.primary(named)
        if token.kind == "open":
            return self.group(field, closing=True)
        if token.kind == "phrase":
            words = token.match.group("words")
            slop = int(token.match.group("slop") or 1)
            boost = float(token.match.group("boost") or 1)
            return Phrase(field, words, slop, boost) if words.strip() else None
        if token.kind == "range":
            return _range(field, token.match.group("low").strip(),
                          token.match.group("high").strip(), token.text[0] == "[",
                          token.text[-1] == "]")
        if token.kind in ("and", "or", "not"):  # an operator where a word was wanted
            raise QuerySyntaxError(_DANGLING)
        return _word(field, token.text)


def _word(field: str | None, typed: str) -> Node | None:
    boost = 1.0
    if (match := _BOOST.search(typed)) and match.start() > 0:
        boost, typed = float(match.group(1)), typed[: match.start()]
    if typed == "*":
        return Every()
    if not re.search(r"[\w*?]", typed):  # "-", "&": nothing to search
        return None
    if _BOOST.fullmatch(typed):  # the boost of a group, "(a b)^2": not kept
        return None
    if field == DATE_FIELD or is_year(field):
        return _range(field, typed, typed, True, True)
    if (match := _FUZZY.search(typed)) and match.start() > 0:
        return Fuzzy(field, typed[: match.start()], int(match.group(1) or 1),
                     int(match.group(2) or 0), boost)
    if "*" in typed or "?" in typed:
        return Pattern(field, typed.lower(), boost)
    return Word(field, typed, boost)


def is_year(field: str | None) -> bool:
    """``field`` is the facet of the documents' years (numbers, searched as ranges)."""
    facet = FACETS_BY_NAME.get(field)
    return facet is not None and facet.kind == YEAR


def _range(field: str | None, low: str, high: str, include_low: bool,
           include_high: bool) -> Node:
    low_value = None if low in ("", "*") else low
    high_value = None if high in ("", "*") else high
    if field == DATE_FIELD:
        # An end left out ({2015 TO 2017}) leaves out its whole year, month or day.
        start = end = None
        if low_value is not None:
            first, last = _date_span(field, low_value)
            start = first if include_low else last + _INSTANT
        if high_value is not None:
            first, last = _date_span(field, high_value)
            end = last if include_high else first - _INSTANT
        return DateSpan(field, start, end)
    if is_year(field):
        for value in (low_value, high_value):
            if value is not None and not value.lstrip("-").isdigit():
                example = f"{field}:2017"
                shown = low if low == high else f"[{low} TO {high}]"
                raise QuerySyntaxError(f"{field}:{shown} is not a valid {field}; write e.g. "
                                       f"{example} or {field}:[2017 TO 2019]")
    return Range(field, low_value, high_value, include_low, include_high)


_DATE = re.compile(r"(\d{4})(?:[-.]?(\d{2}))?(?:[-.]?(\d{2}))?$")
_INSTANT = dt.timedelta(microseconds=1)  # the finest step of a datetime


def _date_span(field: str, value: str) -> tuple[dt.datetime, dt.datetime]:
    """The first and last moment of a year, month or day: 2019, 2019-11, 2019-11-15 (or
    201911, 20191115)."""
    match = _DATE.match(value)
    try:
        if match is None:
            raise ValueError(value)
        year, month, day = (int(part) if part else None for part in match.groups())
        first = dt.datetime(year, month or 1, day or 1)
        last_day = day or calendar.monthrange(year, month or 12)[1]
        last = dt.datetime(year, month or 12, last_day, 23, 59, 59, 999_999)
    except ValueError:
        raise QuerySyntaxError(f"{field}:{value} is not a valid date; write e.g. "
                               f"{field}:2019-11-15 or {field}:[2017 TO 2019]") from None
    return first, last


# -- what the engines ask of a tree ---------------------------------------------------------


def children(node: Node) -> tuple:
    if isinstance(node, GROUPS):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    return ()


def leaves(node: Node, excluded: bool = True):
    """Every leaf of ``node``; without those under a NOT when not ``excluded``."""
    if isinstance(node, Not) and not excluded:
        return
    if isinstance(node, LEAVES):
        yield node
    for child in children(node):
        yield from leaves(child, excluded)


def searched_leaves(node: Node):
    """The leaves a matching document can have (not those under a NOT): what is scored and
    what is marked in snippets."""
    return leaves(node, excluded=False)


def all_words(node: Node | None) -> AllWords | None:
    """The all-words part of a relaxed query, None when the query is not one."""
    if node is None or isinstance(node, AllWords):
        return node
    for child in children(node):
        if (found := all_words(child)) is not None:
            return found
    return None


def is_text(leaf) -> bool:
    """A leaf searched in the text fields (title and body)."""
    return getattr(leaf, "field", None) in (None, *TEXT_FIELDS)


def is_prefix(pattern: str) -> bool:
    """``word*``: one ``*``, at the end."""
    return pattern.endswith("*") and "*" not in pattern[:-1] and "?" not in pattern


def vocabulary_pattern(node: Pattern) -> str:
    """What a pattern in the text fields is matched against, over the unstemmed words: a
    prefix as the term its word is indexed as (``labour*`` → ``labor*``, so a British spelling
    finds the American text, as the word does; ``trafficking*`` → ``traffick*``), a wildcard
    as typed."""
    if is_prefix(node.text) and node.text[:-1].isalnum():
        return index_term(node.text[:-1]) + "*"
    return node.text


def parse(text: str) -> Node | None:
    """The tree of ``text``, None for an empty query (meaning: every document). Raises
    QuerySyntaxError, in words for the person typing, for what cannot be read or is too much.

    Words side by side are relaxed (:func:`relax`)."""
    check_syntax(text)
    tree = _Parser(text).group(None, closing=False)
    if tree is None:
        return None
    clauses = sum(_clauses(leaf) for leaf in set(leaves(tree)))  # a word repeated counts once
    if clauses > MAX_CLAUSES:
        raise QuerySyntaxError(
            f"the query has {clauses} words and conditions; at most {MAX_CLAUSES} are searched "
            "at once")
    return relax(tree)


def _clauses(leaf) -> int:
    """What a leaf counts for in MAX_CLAUSES: a word written with inner punctuation
    ("Belarus-sponsored") is searched as each of its words."""
    if isinstance(leaf, Word):
        return max(1, len(re.findall(r"\w+", leaf.text)))
    return 1


def _is_words(node: Node) -> bool:
    """True for words and phrases searched in the text fields, without negation."""
    if isinstance(node, Not):
        return False
    if isinstance(node, LEAVES):
        return not isinstance(node, Every) and is_text(node)
    return all(_is_words(child) for child in children(node))


def _is_stop_word(node: Node) -> bool:
    """True for a word typed in lower case that is a stop word ("of", "the", "will"): it is
    dropped when other words remain. Typed in capitals ("WHO", "IT") it is an acronym and kept."""
    if not isinstance(node, Word):
        return False
    return node.text.lower() in STOP_WORDS and not (len(node.text) > 1 and node.text.isupper())


def relax(tree: Node) -> Node:
    """Words side by side (not joined by AND or OR): documents containing all of them come
    first and those containing only some still follow, so a long natural-language question
    never ends on an empty page because one of its words is missing. Stop words count only
    when alone. Negations, facet and range conditions stay required."""
    if not isinstance(tree, And) or not tree.implicit:
        return tree
    words = [child for child in tree.children if _is_words(child)]
    required = [child for child in tree.children if not _is_words(child)]
    content = [word for word in words if not _is_stop_word(word)]
    if content and len(content) < len(words):
        words = content
        if len(words) == 1:
            return And((*required, *words)) if required else words[0]
    if len(words) < 2:
        return tree
    some_words = Or((AllWords(tuple(words)), Or(tuple(words))))
    return And((*required, some_words)) if required else some_words
