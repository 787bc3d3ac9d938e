"""The curator's sidecar file: facts about documents that the text supports but does not state
in a form the extractor can find (the publisher of a page, the kind of document).

``corpus/metadata.toml`` has one table per document, named by its path in the corpus::

    ["2017-09-28-statement-trade-in-minors-digital-age.txt"]
    kind = "statement"
    source = "Ministry of Foreign Affairs of Belarus"

``date`` is a TOML date (2017-09-28), or a string for a month ("2017-09") or a year ("2017").

A value given here wins over what the extractor found, and over a path pattern's.

``[[patterns]]`` tables state facts for a whole folder from its files' paths (the year, the
speaker, the kind, a title template): see :mod:`indexer.path_patterns`.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

from indexer.path_patterns import PathPattern, parse_patterns

FIELDS = {"title": str, "date": dt.date, "source": str, "source_url": str, "kind": str,
          "speaker": str}
# A date known only to the year or the month: date = "2019" or "2019-03" (a TOML date is a day).
_PARTIAL_DATE = re.compile(r"([12]\d{3})(?:-(\d{1,2}))?")


def _partial_date(value: str) -> tuple[dt.date, str] | None:
    match = _PARTIAL_DATE.fullmatch(value.strip())
    if not match:
        return None
    year, month = match.groups()
    try:
        return dt.date(int(year), int(month or 1), 1), "month" if month else "year"
    except ValueError:
        return None


def _tables(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"{path.name}: {error}") from None


def load_patterns(path: Path) -> list[PathPattern]:
    """The file's ``[[patterns]]``, in order; ``[]`` when there is no file or none."""
    tables = _tables(path)
    return parse_patterns(tables["patterns"], path.name) if "patterns" in tables else []


def load_metadata(path: Path) -> dict[str, dict]:
    """Per-document overrides keyed by corpus-relative path; ``{}`` when there is no file."""
    tables = _tables(path)
    metadata: dict[str, dict] = {}
    for doc_path, values in tables.items():
        if doc_path == "patterns" and isinstance(values, list):
            continue
        if not isinstance(values, dict):
            raise ValueError(f"{path.name}: [{doc_path!r}] must be a table of fields")
        values = dict(values)
        if isinstance(values.get("date"), str):
            partial = _partial_date(values["date"])
            if partial is None:
                raise ValueError(f"{path.name}: date of {doc_path!r} must be a date (2019-03-12), "
                                 "a month (\"2019-03\") or a year (\"2019\")")
            values["date"], precision = partial
        else:
            precision = "day"
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
        if "date" in values:
            values["date_precision"] = precision
        metadata[doc_path] = values
    return metadata
