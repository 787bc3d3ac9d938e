"""What a document is made of: its text fields and its facets, declared once, free of any
engine (ingestion reads it without loading Whoosh; ``indexer.engines.whoosh.schema`` builds Whoosh's
schema from it, ``indexer.engines.solr.schema`` Solr's).

Every facet is declared once in :data:`FACETS`; the schema, the indexer, the search core, the
JSON API and the web UI all read that list, so adding a facet is a one-line change here.
"""

from __future__ import annotations

from dataclasses import dataclass

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
DATE_FIELD = "date"  # the documents' dates: sorted on, and searched with date:[2017 TO 2019]
TITLE_BOOST = 2.5
