"""Which language a document is written in, for the language facet and the `lang` of its page.

py3langid ships its model inside the package (nothing is downloaded) and classifies a few
thousand characters in well under a millisecond; a bounded sample keeps 100 KB speeches cheap.
"""

from __future__ import annotations

import re

import py3langid

SAMPLE_CHARS = 5000
MIN_LETTERS = 12
_NOT_WORDS = re.compile(r"[\d\W_]+")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" when there is too little text to tell."""
    sample = _NOT_WORDS.sub(" ", text[:SAMPLE_CHARS]).strip()
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ""
    return py3langid.classify(sample)[0]
