"""Whoosh's schema, built from what a document is made of (:mod:`indexer.document_fields`,
whose declarations are also importable from here).
"""

from __future__ import annotations

import re

from whoosh import fields, formats

from indexer.analysis import WORD_PATTERN, text_analyzer
from indexer.document_fields import (  # noqa: F401  (declarations read through this module too)
    ENTITY,
    FACETS,
    FACETS_BY_NAME,
    KEYWORD,
    KINDS,
    LANGUAGE,
    SCHEMA_VERSION,
    TEXT_FIELDS,
    TITLE_BOOST,
    YEAR,
    YEAR_FACET,
    Facet,
)

_WORD = re.compile(WORD_PATTERN)


class Words(fields.FieldType):
    """The distinct words of a text as written (lower-cased, not stemmed), for "did you mean",
    suggestions and wildcards: ``spell_title`` and ``spell_body``.

    Whoosh's own spelling fields (``spelling=True``) post every word to document 0 and with it
    the byte string of the last term's positions, left over from its indexing loop: on 1,000 UN
    speeches 13 MB of postings (29% of the index) and 14 s of a 34 s build. Here a word is
    posted once per document that has it, with nothing more (the Existence format), so its
    document frequency is what suggestions rank by, and a deleted document's words go with it.
    """

    def __init__(self):
        self.format = formats.Existence()
        self.analyzer = None
        self.scorable = self.stored = self.unique = False
        self.vector = None

    def index(self, value, **kwargs):
        words = sorted({word.lower() for word in _WORD.findall(value)})
        return [(word.encode("utf-8"), 1, 1.0, b"") for word in words]


def spelling_field(field: str) -> str:
    """The field holding the written words of the text field ``field``."""
    return f"spell_{field}"


def whoosh_document(record: dict) -> dict:
    """The fields Whoosh is given for a document record: the record, and the written words of
    its text fields."""
    words = {spelling_field(name): record[name] for name in TEXT_FIELDS if record.get(name)}
    return {**record, **words}


def _text_field(boost: float = 1.0) -> fields.TEXT:
    # Positions, not character offsets: a snippet finds a match's characters by counting words
    # in the stored text (indexer.engines.whoosh.snippets), which costs less than storing two
    # offsets per occurrence (37% of the postings).
    return fields.TEXT(analyzer=text_analyzer(), stored=True, phrase=True, field_boost=boost)


def _facet_field(facet: Facet):
    if facet.kind == YEAR:
        # One term per year (shift_step=0), not Whoosh's tiers of prefixes: its tiered ranges
        # over unsigned numbers matched every year for year:[1 TO 2015]; a range over a few
        # hundred years reads a few hundred terms.
        return fields.NUMERIC(int, bits=32, stored=True, sortable=True, signed=False,
                              shift_step=0)
    if facet.multi:
        return fields.KEYWORD(stored=True, commas=True, scorable=False, lowercase=False)
    return fields.ID(stored=True, sortable=True)


def build_schema() -> fields.Schema:
    schema = fields.Schema(
        # sortable: the id breaks ties in the one order of results (indexer.engines.whoosh.ranking).
        id=fields.ID(stored=True, unique=True, sortable=True),
        path=fields.ID(stored=True, unique=True),
        content_hash=fields.STORED(),
        source_url=fields.STORED(),
        title=_text_field(TITLE_BOOST),
        body=_text_field(),
        date=fields.DATETIME(stored=True, sortable=True),
        # How much of the date is known: "year", "month" or "day" (absent: day).
        date_precision=fields.STORED(),
        page_starts=fields.STORED(),  # where each page begins in the body (multi-page formats)
        ocr_pages=fields.STORED(),  # how many pages were read by OCR (scans)
        # The corpus file an attachment came in (an e-mail); absent for a file's own document.
        container=fields.ID(stored=True),
        textless_pages=fields.STORED(),  # pages without a text layer, not read (OCR off)
        # When the file was first indexed: a feed's date for a document without one.
        indexed=fields.DATETIME(stored=True, sortable=True),
        # The body's MinHash signature, for near-duplicates (indexer.duplicates).
        minhash=fields.COLUMN(),
    )
    for name in TEXT_FIELDS:
        schema.add(spelling_field(name), Words())
    for facet in FACETS:
        schema.add(facet.name, _facet_field(facet))
    return schema
