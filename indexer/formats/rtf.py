"""Rich Text Format (``.rtf``), with ``striprtf``: the text without its control words, then the
plain-text extractor for the headline and date, with the file's ``\\info`` title and author as
fallbacks. RTF is 7-bit text with escapes; ``\\ansicpgN`` names the code page of the ``\\'xx``
escapes (1251 for Russian), which striprtf follows.
"""

from __future__ import annotations

import re

from striprtf.striprtf import rtf_to_text

from indexer.formats import BadDocument, Extracted, extract_text

_INFO = {name: re.compile(r"\{\\" + name + r"\s+((?:[^{}\\]|\\[^{}])*)\}")
         for name in ("title", "author")}


def extract(data: bytes) -> Extracted:
    """The text of an RTF document, its info title and author as fallbacks."""
    if not data.lstrip()[:5].startswith(b"{\\rtf"):
        raise BadDocument("not an RTF document (no {\\rtf header)")
    source = data.decode("latin-1")  # 7-bit in practice; latin-1 maps any byte
    try:
        text = rtf_to_text(source, errors="replace")
    except (ValueError, LookupError, IndexError) as error:
        raise BadDocument(f"corrupt RTF ({error})") from None
    text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
    if not text:
        raise BadDocument("no text in the document")
    extracted = extract_text(".txt", text)
    info = {name: _info(source, pattern) for name, pattern in _INFO.items()}
    if info["title"] and not extracted.title:
        extracted.title = info["title"]
    if info["author"] and not extracted.source:
        extracted.source = info["author"]
    return extracted


def _info(source: str, pattern: re.Pattern) -> str:
    found = pattern.search(source)
    if not found:
        return ""
    return rtf_to_text("{\\rtf1 " + found.group(1) + "}", errors="replace").strip()
