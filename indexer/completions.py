"""Completions of a word being typed after other words, read from the text of a sample of the
documents having those words: the same rule for every engine (pure: texts in, words out).

A word counts when it stands right after the last earlier word ("forced" -> "labour"); the
words seen there most often come first. Only when no word of the sample follows them are the
words starting with the prefix offered, those in most texts first: a word merely present in the
sample padded "forced lab" with "forced laboratories".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable


def following(head: str, last: str, texts: Iterable[str]) -> list[str]:
    """The lower-case words starting with ``last`` that may complete ``head last``, best first.
    Each text is scanned once (the earlier word is an optional group of one expression)."""
    follows: Counter[str] = Counter()
    present: Counter[str] = Counter()
    found = re.compile(rf"\b(?:({re.escape(head.split()[-1])})\s+)?({re.escape(last)}\w*)",
                       re.IGNORECASE)
    for text in texts:
        matches = [(match.group(1), match.group(2).lower()) for match in found.finditer(text)]
        follows.update(word for after, word in matches if after)
        present.update({word for _, word in matches})
    if follows:
        return sorted(follows, key=lambda word: (-follows[word], -present[word], word))
    return sorted(present, key=lambda word: (-present[word], word))
