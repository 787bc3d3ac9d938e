"""From one file's bytes to the fields of one index document.

read bytes → decode → extract text and metadata (by format) → curator's overrides → language →
entities → the record the schema expects. Pure apart from the inputs it is given, so the whole
chain is tested without an index.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from indexer.config import Settings
from indexer.document_fields import FACETS, SCHEMA_VERSION, YEAR_FACET
from indexer.entities import Gazetteer, load_gazetteer
from indexer.formats import attachment_path, extract, ocr, page_starts
from indexer.language import detect_language
from indexer.metadata import load_metadata, load_patterns
from indexer.path_patterns import PathPattern, facts_for

# A title that starts with (or is mostly about) one of these words says what kind of document it is.
KIND_WORDS = (
    ("statement", r"statement|speech|remarks|address by"),
    ("briefing", r"briefing"),
    ("resolution", r"resolution"),
    ("declaration", r"declaration"),
    ("report", r"report"),
    ("interview", r"interview"),
)


@dataclass(frozen=True)
class Context:
    """What every document of one indexing run is read with."""

    gazetteer: Gazetteer
    metadata: dict[str, dict]
    fingerprint: str  # changes when the schema, entities, metadata or OCR state change
    patterns: tuple[PathPattern, ...] = ()  # metadata.toml's [[patterns]]
    ocr: bool = False  # scanned pages and images are read by OCR


def load_context(settings: Settings) -> Context:
    gazetteer = load_gazetteer(settings.entities_file)
    metadata = load_metadata(settings.metadata_file)
    try:
        metadata_bytes = settings.metadata_file.read_bytes()
    except FileNotFoundError:
        metadata_bytes = b""
    # With OCR turned on or off, scanned pages read differently: the whole index is rebuilt.
    use_ocr = settings.ocr and ocr.available()
    digest = hashlib.sha256()
    for part in (SCHEMA_VERSION.encode(), gazetteer.fingerprint.encode(), metadata_bytes,
                 b"ocr" if use_ocr else b""):
        digest.update(part)
        digest.update(b"\0")
    patterns = tuple(load_patterns(settings.metadata_file))
    return Context(gazetteer, metadata, digest.hexdigest()[:16], patterns, use_ocr)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_id(relpath: str) -> str:
    """A short readable id for URLs, stable for a path: its name as a slug and a hash suffix."""
    stem = PurePosixPath(relpath).stem.lower()
    slug = re.sub(r"[^\w]+", "-", stem).strip("-_")[:60].strip("-") or "doc"
    return f"{slug}-{hashlib.sha1(relpath.encode()).hexdigest()[:6]}"


def guess_kind(title: str) -> str:
    lowered = title.lower()
    for kind, words in KIND_WORDS:
        if re.search(rf"\b(?:{words})\b", lowered):
            return kind
    return ""


# A year in a path ("Session 74 - 2019/QAT_74_2019.txt", "2019/03/note.txt").
_PATH_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# A date read in the text further than this from the year its path states is something the
# text talks about ("On 26 July 1946, in San Francisco ..."), not when it was written.
MAX_YEARS_FROM_PATH = 1


def path_years(relpath: str) -> set[int]:
    return {int(year) for year in _PATH_YEAR.findall(relpath)}


def choose_date(text_date: dt.date | None, stated: dt.date | None, precision: str,
                years: set[int]) -> tuple[dt.date | None, str]:
    """The document's date and its precision (``day``, ``month`` or ``year``).

    ``stated`` is the date a path pattern gives (to ``precision``); a date read in the text
    refines it when it falls within it (the same year, or month), and is not used when it is
    far from the years the path names."""
    if text_date is not None and years and min(abs(text_date.year - y) for y in years) > \
            MAX_YEARS_FROM_PATH:
        text_date = None
    if stated is None:
        return (text_date, "day") if text_date else (None, "")
    if text_date is not None and text_date.year == stated.year and (
            precision == "year" or text_date.month == stated.month):
        return text_date, "day"
    return stated, precision


def make_documents(relpath: str, data: bytes, context: Context) -> list[dict]:
    """The records of one file: its own, then one per attachment it carries that Sift can read
    (an e-mail's PDF, Word file, forwarded message ...), each named ``file/NNN-name`` and
    linked to the file by ``container``. An attachment that cannot be read is only named in the
    message's text. Raises ``NotText`` when the file itself cannot be read."""
    extracted = extract(PurePosixPath(relpath).suffix, data, use_ocr=context.ocr)
    records = [_record(relpath, data, extracted, context)]
    for number, (name, payload) in enumerate(extracted.attachments, 1):
        inner = attachment_path(relpath, number, name)
        try:
            attached = extract(PurePosixPath(name).suffix, payload, use_ocr=context.ocr)
        except Exception:  # noqa: BLE001 - unreadable or an extractor's bug: only named
            continue
        attached.attachments = []  # one level: an attached message's attachments are named
        records.append({**_record(inner, payload, attached, context), "container": relpath})
    return records


def make_document(relpath: str, data: bytes, context: Context) -> dict:
    """The index fields for one file. Raises ``NotText`` for data that is not text."""
    return _record(relpath, data,
                   extract(PurePosixPath(relpath).suffix, data, use_ocr=context.ocr), context)


def _record(relpath: str, data: bytes, extracted, context: Context) -> dict:
    fields = {
        "title": extracted.title,
        "date": extracted.date,
        "source": extracted.source,
        "source_url": extracted.source_url,
        "kind": extracted.kind,
    }
    from_path = facts_for(list(context.patterns), relpath)
    curator = context.metadata.get(relpath, {})
    date, precision = choose_date(extracted.date, from_path.pop("date", None),
                                  from_path.pop("date_precision", ""), path_years(relpath))
    fields.update(from_path)
    fields.update(curator)
    if "date" in curator:
        date, precision = curator["date"], curator.get("date_precision", "day")
    title = fields["title"] or PurePosixPath(relpath).stem
    body = extracted.body
    kind = fields["kind"] or guess_kind(title)
    entities = context.gazetteer.find(f"{title}\n\n{body}")

    record = {
        "id": document_id(relpath),
        "path": relpath,
        "content_hash": content_hash(data),
        "source_url": fields["source_url"],
        "title": title,
        "body": body,
        "kind": kind,
        "source": fields["source"],
        "speaker": fields.get("speaker", ""),
        "language": detect_language(body or title),
    }
    if len(extracted.pages) > 1:
        record["page_starts"] = page_starts(extracted.pages)
    record["ocr_pages"] = extracted.ocr_pages or None
    record["textless_pages"] = extracted.textless_pages or None
    if isinstance(date, dt.date):
        record["date"] = dt.datetime(date.year, date.month, date.day)
        record[YEAR_FACET] = date.year
        record["date_precision"] = precision
    for facet in FACETS:
        if facet.multi:
            # Values are comma-separated in the index, so a comma inside one would split it.
            values = (value.replace(",", "") for value in entities.get(facet.name, []))
            record[facet.name] = ",".join(values)
    # Whoosh indexes an empty ID or keyword as a value: leave empty facets out entirely.
    return {key: value for key, value in record.items() if value not in ("", None)}
