"""The index schema and the facets: the one place that says what a document is made of.

Every facet is declared once in :data:`FACETS`; the schema, the indexer, the search core, the
JSON API and the web UI all read that list, so adding a facet is a one-line change here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from whoosh import fields, formats

from indexer.analysis import WORD_PATTERN, text_analyzer

_WORD = re.compile(WORD_PATTERN)

# Bump when the schema or the extraction changes in a way that needs every document rebuilt.
SCHEMA_VERSION = "14"  # 2: publication dates only from headlines, datelines and leads
# 3: ids as a column (ties in the ranking), stop words indexed
# 4: when each document was first indexed (feeds)
# 5: MinHash signatures of bodies (near-duplicates)
# 6: stop words in capitals also indexed as acronyms (WHO -> who_)
# 7: British spellings indexed the American way (labour -> labor)
# 8: speaker facet, date precision (year / month / day), titles from path patterns
# 9: PDF files, with where each page begins (page_starts)
# 10: MinHash shingles hashed with CRC-32 and numpy (signatures differ from 9's)
# 11: years indexed as one term each (ranges from a low start matched every year)
# 12: scanned pages read by OCR (ocr_pages), unread ones counted (textless_pages); RTF, images
# 13: an e-mail's attachments indexed as documents of their own (container: the message file)
# 14: no character offsets (snippets map positions to characters); spelling fields of their own


# What a facet holds, which decides how it is indexed, counted, shown and queried:
ENTITY = "entity"      # the names a document mentions: several values a document
KEYWORD = "keyword"    # one value a document
YEAR = "year"          # the year of the document's date: a number, drawn as a chart, ranges
LANGUAGE = "language"  # one language code a document, shown by the language's name
KINDS = (ENTITY, KEYWORD, YEAR, LANGUAGE)


@dataclass(frozen=True)
class Facet:
    name: str  # the field name, the query prefix (country:Qatar) and the URL parameter
    label: str  # shown to people
    kind: str  # one of KINDS

    @property
    def multi(self) -> bool:
        """A document may have several values."""
        return self.kind == ENTITY


FACETS: tuple[Facet, ...] = (
    Facet("country", "Country", ENTITY),
    Facet("organization", "Organization", ENTITY),
    Facet("person", "Person", ENTITY),
    Facet("topic", "Topic", ENTITY),
    # Who speaks (a path pattern's speaker), as against the countries a text mentions.
    Facet("speaker", "Speaker", KEYWORD),
    Facet("kind", "Kind of document", KEYWORD),
    Facet("source", "Source", KEYWORD),
    Facet("year", "Year", YEAR),
    Facet("language", "Language", LANGUAGE),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
# The one facet of the documents' years (the chart, "undated", year:[2017 TO 2019]).
(YEAR_FACET,) = (facet.name for facet in FACETS if facet.kind == YEAR)

TEXT_FIELDS = ("title", "body")
TITLE_BOOST = 2.5


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
    # in the stored text (indexer.snippets), which costs less than storing two offsets per
    # occurrence (37% of the postings).
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
        # sortable: the id breaks ties in the one order of results (indexer.ranking).
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
