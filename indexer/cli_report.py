"""What ``sift index`` shows while it runs and after: a progress bar and a summary, on stderr
(click's bar writes to stdout unless told otherwise), for either engine."""

from __future__ import annotations

import sys
import time

import click

from indexer.formats import SUFFIXES
from indexer.sync import WRITING, Summary

# How the summary names the OCR state of a run (``Summary.ocr``).
OCR_STATES = {"on": "OCR on (scanned pages and images are read)",
              "off": "OCR off (--no-ocr)",
              "unavailable": "OCR unavailable (install tesseract-ocr to read scanned pages)"}


class ProgressBar:
    """A progress callback ``(done, total, path)`` drawing a bar on stderr (click's bar writes
    to stdout unless told otherwise), opened at the first file, when the total is known; then,
    once every file is read, a line while the index is written (``WRITING``)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None
        self.writing_since: float | None = None

    def __call__(self, done: int, total: int, path: str) -> None:
        if path == WRITING:
            self._close_bar()
            self.writing_since = time.monotonic()
            click.echo("Writing the index ...", err=True)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr,
                                         item_show_func=lambda item: item)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, path)

    def _close_bar(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def close(self) -> None:
        self._close_bar()
        if self.writing_since is not None:
            click.echo(f"Index written in {time.monotonic() - self.writing_since:.1f} s", err=True)
            self.writing_since = None


def progress_bar(label: str, quiet: bool) -> ProgressBar | None:
    """A bar on a terminal; None when quiet or when stderr is not a terminal."""
    return None if quiet or not sys.stderr.isatty() else ProgressBar(label)



def describe(summary: Summary, collection: str = "") -> str:
    """The summary ``sift index`` prints on stderr, for either engine (``collection``: the Solr
    collection or alias written)."""
    kind = "full rebuild" if summary.full else "incremental"
    into, holder = (f" into Solr collection {collection}", "collection") if collection \
        else ("", "index")
    lines = [
        f"Indexed ({kind}){into} in {summary.seconds:.2f} s: {summary.added} added, "
        f"{summary.updated} updated, {summary.removed} removed, {summary.unchanged} unchanged, "
        f"{len(summary.skipped)} skipped; {summary.documents} documents in the {holder}."
    ]
    if summary.ocr:
        lines.append(f"  reads {' '.join(SUFFIXES)}; {OCR_STATES[summary.ocr]}")
    lines += [f"  note: {note}" for note in summary.notes]
    if summary.ocr_pages:
        lines.append(f"  note: {summary.ocr_pages} scanned page"
                     f"{'s' * (summary.ocr_pages != 1)} read by OCR")
    if summary.textless_note():
        lines.append(f"  note: {summary.textless_note()}")
    lines += [f"  skipped {item.path}: {item.reason}" for item in summary.skipped]
    return "\n".join(lines)
