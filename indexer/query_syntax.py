"""The query language's bounds and the checks of what a person typed that need no engine:
balanced quotes, parentheses and range brackets, known field names, word lengths.

They run before any index is opened (``indexer.service.request_from_params``), in the web
front end and the CLI alike. Reading the query into Sift's query tree, with the checks that
need the whole grammar (a valid date in ``date:[2019-01 TO 2019-06]``), is
``indexer.query_tree``'s.
"""

from __future__ import annotations

import re

from indexer.document_fields import DATE_FIELD, FACETS, TEXT_FIELDS

# The bounds on what one query may ask for, checked before anything runs: a query within them
# answers in well under a second on the full UN corpus (benchmarks/bench_hostile.py).
MAX_QUERY_LENGTH = 1000   # characters
MAX_WORD_LENGTH = 64      # characters of one word (the longest English words have ~30)
MAX_CLAUSES = 32          # words, phrases and field conditions in one query
MAX_DEPTH = 8             # parentheses inside parentheses
MAX_EXPANSIONS = 64       # terms a wildcard, fuzzy term or range may expand to, in all
EXPANSION_SECONDS = 0.15
# Terms (and vocabulary words scanned) an expansion gets whatever the time: a thread kept waiting
# for the processor past the deadline must not find nothing where a lone caller finds something.
MIN_EXPANSIONS = 4
MIN_SCANNED = 512

# The fields a query may name; the others (content_hash, source_url, ...) are internal.
SEARCHABLE_FIELDS = tuple(dict.fromkeys(
    (*TEXT_FIELDS, *(facet.name for facet in FACETS), DATE_FIELD)))

_QUOTED = re.compile(r'"[^"]*"')
_FIELD_NAME = re.compile(r"(?<![\w:.])([A-Za-z_][\w-]*):(?=[^\s/:])")
_WORD = re.compile(r"[^\s()\[\]{}\"^~*?:]+")


class QuerySyntaxError(ValueError):
    """The query cannot be understood; the message says why, in words for the person typing."""


def check_syntax(text: str) -> None:
    """Raise QuerySyntaxError for a query too long, unbalanced quotes, parentheses or range
    brackets, an unknown field or an overlong word."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    depth = 0
    bracket = None
    in_quote = False
    for char in text:
        if in_quote:
            in_quote = char != '"'
        elif char == '"':
            in_quote = True
        elif bracket:
            if char == bracket:
                bracket = None
        elif char in "[{":
            bracket = "]" if char == "[" else "}"
        elif char == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise QuerySyntaxError(
                    f"parentheses are nested more than {MAX_DEPTH} deep")
        elif char == ")":
            if depth == 0:
                raise QuerySyntaxError("a ')' has no matching '('")
            depth -= 1
    if in_quote:
        raise QuerySyntaxError('a quotation mark is not closed: add the closing "')
    if bracket:
        raise QuerySyntaxError(f"a range is not closed: add the closing {bracket}")
    if depth:
        raise QuerySyntaxError("a '(' is not closed: add the closing ')'")
    unquoted = _QUOTED.sub(" ", text)
    for match in _FIELD_NAME.finditer(unquoted):
        if match.group(1) not in SEARCHABLE_FIELDS:
            raise QuerySyntaxError(
                f"there is no field {match.group(1)!r} to search; the fields are "
                f"{', '.join(SEARCHABLE_FIELDS)}"
            )
    longest = max(_WORD.findall(text), key=len, default="")
    if len(longest) > MAX_WORD_LENGTH:
        raise QuerySyntaxError(f"a word is longer than {MAX_WORD_LENGTH} characters: "
                               f"{longest[:20]}…")
