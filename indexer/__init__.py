"""Sift's indexer: reads the corpus, extracts text, metadata and entities, writes the Whoosh index.

Everything that touches Whoosh lives in this package, behind the schema and the search core, so
that another engine could later stand in without the web UI noticing.
"""
