"""Indexes written before the engines moved into ``indexer.engines`` keep opening: Whoosh
pickled their schema's field class and their segments' codec by module name."""

from __future__ import annotations

import pickle

from indexer.engines.whoosh.codec import WriterCodec
from indexer.engines.whoosh.schema import Words


def test_the_names_old_indexes_pickled_still_resolve():
    # The GLOBAL opcodes found in the _MAIN_*.toc of an index built before the move.
    assert pickle.loads(b"cindexer.schema\nWords\n.") is Words
    assert pickle.loads(b"cindexer.codec\nWriterCodec\n.") is WriterCodec
