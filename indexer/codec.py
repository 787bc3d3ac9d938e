"""Where indexes written before the engines moved to ``indexer.engines`` find their codec:
Whoosh pickles each segment's codec by module and name, so a segment written by an earlier
Sift names ``indexer.codec.WriterCodec`` (see ``indexer.schema`` for the schema's part)."""

from indexer.engines.whoosh.codec import WriterCodec  # noqa: F401
