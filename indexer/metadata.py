"""The curator's sidecar file: facts about documents that the text supports but does not state
in a form the extractor can find (the publisher of a page, the kind of document).

``corpus/metadata.toml`` has one table per document, named by its path in the corpus::

    ["2017-09-28-statement-trade-in-minors-digital-age.txt"]
    kind = "statement"
    source = "Ministry of Foreign Affairs of Belarus"

A value given here wins over what the extractor found.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

FIELDS = {"title": str, "date": dt.date, "source": str, "source_url": str, "kind": str}


def load_metadata(path: Path) -> dict[str, dict]:
    """Per-document overrides keyed by corpus-relative path; ``{}`` when there is no file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        tables = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name}: {error}") from None
    metadata: dict[str, dict] = {}
    for doc_path, values in tables.items():
        if not isinstance(values, dict):
            raise ValueError(f"{path.name}: [{doc_path!r}] must be a table of fields")
        for key, value in values.items():
            expected = FIELDS.get(key)
            if expected is None:
                raise ValueError(
                    f"{path.name}: unknown field {key!r} for {doc_path!r} "
                    f"(known: {', '.join(FIELDS)})"
                )
            if not isinstance(value, expected):
                kind = expected.__name__
                raise ValueError(f"{path.name}: {key} of {doc_path!r} must be a {kind}")
        metadata[doc_path] = dict(values)
    return metadata
