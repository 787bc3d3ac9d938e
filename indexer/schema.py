"""Where indexes written before the engines moved to ``indexer.engines`` find their spelling
fields' type: Whoosh pickles a field's class by module and name into the index, so an index
built by an earlier Sift names ``indexer.schema.Words`` (and ``indexer.codec``)."""

from indexer.engines.whoosh.schema import Words  # noqa: F401
