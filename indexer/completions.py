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

# Suggestions: words read from the vocabulary per prefix, of which the commonest are ranked by
# the documents they share with the earlier words; titles offered after the words.
SUGGEST_SCAN = 500
SUGGEST_RANKED = 40
SUGGEST_TITLES = 3
# Documents in which completions are checked to follow the earlier words: each costs a scan of
# its text (0.6 ms for a UN speech), 100 of them made suggestions 60-150 ms.
SUGGEST_SAMPLE = 40
_SPACE = 40  # characters of white space looked at between the earlier word and the prefix


def following(head: str, last: str, texts: Iterable[str]) -> list[str]:
    """The lower-case words starting with ``last`` that may complete ``head last``, best first.

    Each text is lower-cased once and searched for the prefix as a plain string (a regular
    expression beginning with a literal is searched for fast); a match starting inside a word
    is passed over, and the few characters before a match tell whether the earlier word stands
    there. One expression with the earlier word as an optional group took 2-5 times longer."""
    prefix = re.compile(re.escape(last.lower()) + r"\w*")
    before = head.split()[-1].lower()
    standing_before = re.compile(r"(?:^|\W)" + re.escape(before) + r"\s+$")
    reach = len(before) + _SPACE
    follows: Counter[str] = Counter()
    present: Counter[str] = Counter()
    for text in texts:
        lower = text.lower()
        seen = set()
        for match in prefix.finditer(lower):
            start = match.start()
            if start and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                continue  # inside a word
            word = match.group(0)
            seen.add(word)
            if standing_before.search(lower, max(0, start - reach), start):
                follows[word] += 1
        present.update(seen)
    if follows:
        return sorted(follows, key=lambda word: (-follows[word], -present[word], word))
    return sorted(present, key=lambda word: (-present[word], word))
