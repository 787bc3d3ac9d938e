"""E-mail (``.eml``), with the standard library's ``email`` package: the Subject is the title,
the sender the source, the Date header the date, and the text body (else the HTML body, cleaned
as a web page) the text. The message's attachments are named at the end of its text, and those
of a kind Sift reads (a PDF, a Word file, a forwarded message ...) are handed back to be indexed
as documents of their own, at most MAX_ATTACHMENTS of them; an attached message's own
attachments are named, not read (one level, so a message cannot nest without end)."""

from __future__ import annotations

import email
import email.policy
from email.utils import parseaddr, parsedate_to_datetime
from pathlib import PurePosixPath

from indexer.formats import BadDocument, Extracted, extract_text

MAX_PARTS = 1000  # parts of one message looked at (a message with 500 attachments is fine)
MAX_ATTACHMENTS = 50  # attachments read as documents; the others are only named


def extract(data: bytes, with_attachments: bool = True) -> Extracted:
    """The subject, sender, date and body of an e-mail message, and its attachments of a
    readable kind (``attachments``: file name and bytes) unless ``with_attachments`` is off."""
    from indexer.formats import SUFFIXES

    message = email.message_from_bytes(data, policy=email.policy.default)
    if not any(message.get(name) for name in ("From", "Subject", "Date", "To")):
        raise BadDocument("not an e-mail message (no From, To, Subject or Date header)")
    plain = html = ""
    attachments: list[str] = []
    readable: list[tuple[str, bytes]] = []
    for number, part in enumerate(message.walk()):
        if number >= MAX_PARTS:
            break
        if part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment" or part.get_filename():
            name = part.get_filename() or "(unnamed)"
            attachments.append(name)
            if (with_attachments and len(readable) < MAX_ATTACHMENTS
                    and PurePosixPath(name.lower()).suffix in SUFFIXES):
                readable.append((_safe_name(name), part.get_payload(decode=True) or b""))
            continue
        kind = part.get_content_type()
        if kind == "text/plain" and not plain:
            plain = _text(part)
        elif kind == "text/html" and not html:
            html = _text(part)
    body = extract_text(".txt", plain).body if plain.strip() else (
        extract_text(".html", html).body if html.strip() else "")
    if attachments:
        body = f"{body}\n\nAttachments: {', '.join(attachments)}".strip()
    name, address = parseaddr(str(message.get("From", "")))
    return Extracted(title=str(message.get("Subject", "")).strip(), body=body,
                     date=_date(str(message.get("Date", ""))), source=name or address,
                     kind="e-mail", attachments=readable)


def attachment(data: bytes, number: int) -> tuple[str, bytes] | None:
    """The ``number``-th (1-based) attachment of a message that :func:`extract` hands back to be
    indexed (file name and bytes), for downloading it; None when there is no such one."""
    found = extract(data).attachments
    return found[number - 1] if 1 <= number <= len(found) else None


def _safe_name(name: str) -> str:
    """An attachment's file name as one path segment: no folders, no leading dots."""
    return PurePosixPath(name.replace("\\", "/")).name.lstrip(".") or "attachment"


def _text(part) -> str:
    try:
        return part.get_content()
    except (LookupError, ValueError):  # an unknown charset: the bytes as latin-1 at worst
        return (part.get_payload(decode=True) or b"").decode("latin-1")


def _date(value: str):
    try:
        return parsedate_to_datetime(value).date() if value else None
    except (TypeError, ValueError):
        return None
