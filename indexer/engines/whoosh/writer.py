"""Whoosh's index writer, with its posting pool's disk runs written in chunks.

Whoosh's writer keeps the postings of the documents it is given in a pool; past ``limitmb``
it sorts them into a run on disk, and at commit merges the runs. It writes a run with one
``pickle.dump`` per posting and reads it back with one ``pickle.load`` each: on 1,000 UN
speeches (1.8 million postings) 15 of a 63 s profiled build. Pickling lists of a few thousand
postings at a time does the same work in a fifth of that (the measured build: 30 s → 21 s of
CPU), and the files it writes are Whoosh's own.

For many documents the writer is Whoosh's two-process kind, whose sub-writers Whoosh creates in
its own processes; each task replaces Whoosh's writer class with this one in its own process
only (forked for it), so nothing changes for any other writer.
"""

from __future__ import annotations

import pickle
from itertools import islice

from whoosh import multiproc
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.writing import PostingPool, SegmentWriter

from indexer.engines.whoosh.codec import WriterCodec

# Above this many documents to write, Whoosh's two-process writer pays for its start-up.
PARALLEL_THRESHOLD = 500
RUN_CHUNK = 4096  # postings pickled together in a run


class ChunkedPool(PostingPool):
    """Whoosh's posting pool, its sorted runs pickled a chunk of postings at a time."""

    def _write_run(self, f, items):
        items = iter(items)
        while chunk := list(islice(items, RUN_CHUNK)):
            pickle.dump(chunk, f, pickle.HIGHEST_PROTOCOL)
        f.close()

    def _read_run(self, path):
        f = self._open_run(path)
        try:
            while True:
                try:
                    chunk = pickle.load(f)
                except EOFError:
                    return
                yield from chunk
        finally:
            f.close()
            self._remove_run(path)


class ChunkedWriter(SegmentWriter):
    """Whoosh's segment writer with a :class:`ChunkedPool`."""

    def __init__(self, ix, limitmb: int = 128, **kwargs):
        super().__init__(ix, limitmb=limitmb, **kwargs)
        self.pool = ChunkedPool(self._tempstorage, self.newsegment, limitmb=limitmb)


class _ChunkedTask(SubWriterTask):
    def run(self):
        multiproc.SegmentWriter = ChunkedWriter  # in this task's own process only
        super().run()


class _ChunkedMpWriter(MpWriter):
    """Whoosh's two-process writer whose sub-writers are :class:`ChunkedWriter`\\ s."""

    def _new_task(self):
        task = _ChunkedTask(self.storage, self.indexname, self.jobqueue, self.resultqueue,
                            self.subargs, self.multisegment)
        self.tasks.append(task)
        task.start()
        return task


def open_writer(ix, documents: int):
    """A writer for ``documents`` new documents; for many, Whoosh's two-process kind (measured
    faster), each process writing a segment of its own."""
    codec = WriterCodec()
    if documents >= PARALLEL_THRESHOLD:
        return _ChunkedMpWriter(ix, procs=2, multisegment=True, codec=codec)
    return ChunkedWriter(ix, codec=codec)
