"""A document's original file as the corpus holds it now: the file itself, or, for an e-mail's
attachment, its bytes taken out of the message. Found from the path the index stores, never from
a URL, and only inside the corpus folder (a file since replaced by a link pointing out of it is
gone, not followed)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from indexer.formats import attachment_number, eml


class Gone(LookupError):
    """The original is no longer where the index says; the message says so to a reader."""


@dataclass(frozen=True)
class Original:
    name: str  # the file name to offer
    kind: str  # its MIME type
    content: Path | bytes  # the file, or an attachment's bytes


def find(corpus: Path, path: str, container: str | None) -> Original:
    """The original of the document stored at ``path`` (``container``: the file an attachment
    came in, else None). Raises Gone."""
    corpus = corpus.resolve()
    file = (corpus / (container or path)).resolve()
    if not file.is_relative_to(corpus) or not file.is_file():
        raise Gone(f"The original of “{path}” is no longer in the archive's folder.")
    if container is None:
        return Original(file.name, _kind(file.name), file)
    number = attachment_number(container, path)
    taken = eml.attachment(file.read_bytes(), number) if number else None
    if taken is None:
        raise Gone(f"“{path}” is no longer attached to {container}.")
    name, content = taken
    return Original(name, _kind(name), content)


def _kind(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
