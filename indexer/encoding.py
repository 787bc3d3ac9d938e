"""Bytes to text, for files whose encoding nobody wrote down.

The archive holds UTF-8 (with or without a BOM), UTF-16 with a BOM, and legacy single-byte files:
Russian in cp1251 and Western European in latin-1. charset-normalizer is the general detector,
but on short samples it misjudges exactly these two (a Russian word comes out as Big5, French as
Baltic cp1257), so they are checked directly by what the decoded letters look like.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

# Longest first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Non-letters that real text in either legacy encoding uses (quotes, dashes, nbsp, signs).
LEGACY_PUNCTUATION = set("\xa0«»‹›“”„‘’‚–—…•·°§©®™€£¥¢¿¡´№")
CONTROL_SHARE = 0.02  # more control characters than this: not text
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_CYRILLIC_WORD = re.compile(r"[а-яёА-ЯЁ]+")
_CASE_FLIP = re.compile(r"[а-яё][А-ЯЁ]")


class NotText(ValueError):
    """The data is not text (binary, or no encoding reads it); the message says why, briefly."""


def decode(data: bytes) -> str:
    """The text in ``data`` with a BOM stripped and newlines normalised to ``\\n``."""
    text = _decode(data)
    if _control_share(text) > CONTROL_SHARE:
        raise NotText("binary file")
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes) -> str:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                raise NotText(f"invalid {codec.upper()}") from None
    if b"\0" in data:  # no text encoding but UTF-16/32 (handled above) has NUL bytes
        raise NotText("binary file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _legacy(data)


def _legacy(data: bytes) -> str:
    """Pick the single-byte (or other legacy) reading of ``data`` that looks like real text."""
    best = from_bytes(data).best()
    guessed = str(best) if best is not None else None
    # A Cyrillic encoding charset-normalizer is sure of (KOI8-R, mac-cyrillic...) is kept.
    if guessed is not None and _mostly_cyrillic(guessed):
        return guessed
    russian = data.decode("cp1251", errors="replace")
    if _mostly_cyrillic(russian):
        return russian
    western = _western(data)
    if _looks_western(western):
        return western
    if guessed is None:
        raise NotText("not text in any known encoding")
    return guessed


def _western(data: bytes) -> str:
    """latin-1, read as cp1252 where it can be: Windows files put curly quotes in 0x80-0x9F."""
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _mostly_cyrillic(text: str) -> bool:
    """Most letters Cyrillic, words cased like words, and nothing but letters and punctuation.

    Western text read as cp1251 fails this: its few accented letters become Cyrillic letters
    inside Latin words ("café" reads "cafй"), a minority of its letters. Greek read as cp1251
    comes out Cyrillic but with capitals inside words ("КблзмЭсб"), as Russian never is.
    """
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum("CYRILLIC" in unicodedata.name(c, "") for c in letters)
    words = len(_CYRILLIC_WORD.findall(text))
    return (
        cyrillic * 2 > len(letters)
        and len(_CASE_FLIP.findall(text)) * 10 <= words
        and _only_letters_and_punctuation(text)
    )


def _looks_western(text: str) -> bool:
    """Latin letters with a minority of accented ones, as in French or German.

    Russian read as latin-1 fails this: every one of its letters comes out accented ("Òîðãîâëÿ"),
    where German ("Grüße") has at most half.
    """
    letters = [c for c in text if c.isalpha()]
    accented = sum(not c.isascii() for c in letters)
    return (
        bool(letters)
        and accented * 2 <= len(letters)
        and all(c.isascii() or "LATIN" in unicodedata.name(c, "") for c in letters)
        and _only_letters_and_punctuation(text)
    )


def _only_letters_and_punctuation(text: str) -> bool:
    return all(c.isascii() or c.isalpha() or c in LEGACY_PUNCTUATION for c in text)


def _control_share(text: str) -> float:
    """The share of control characters other than tabs and line breaks (text has next to none)."""
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0
