""""Did you mean": which words of a query need a correction, by the same rules on either engine
(each engine reads the vocabulary and the document counts its own way:
``indexer.engines.whoosh.search`` from Whoosh's reader, ``indexer.engines.solr.spelling`` from
Solr's terms component).

The work is bounded before it starts, whatever the query: at most MAX_CORRECTED_WORDS distinct
words are looked up in the vocabulary (a scan of the words sharing the first letter), and no
word longer than MAX_CORRECTED_LENGTH (no word of the vocabulary is that near).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

MAX_CORRECTED_WORDS = 3
MAX_CORRECTED_LENGTH = 24
# A known word is corrected too when it is in at most RARE_SHARE of the documents (and at most
# RARE_DOCS of them, whichever is more) and a word one edit away is in RARER times as many.
RARE_DOCS = 2
RARE_SHARE = 1 / 1000
RARER = 20
# Bare words of a query: not field names, operators, quoted phrases or patterns.
_NOT_BARE = re.compile(
    r'("[^"]*"|\S+:[\[{][^\]}]*[\]}]?|\S+:\S+|\b(?:AND|OR|NOT)\b|\S*[*?~]\S*)')


def bare_words(q: str) -> list[str]:
    """The words of ``q`` a correction may replace, each once, in the order typed."""
    pieces = _NOT_BARE.split(q)
    return list(dict.fromkeys(word for piece in pieces[::2] for word in re.findall(r"\w+", piece)))


def needing_correction(frequency: Mapping[str, int], documents: int,
                       count_of: Callable[[str], int]) -> list[str]:
    """The words to look up, of ``frequency`` (a bare word -> the documents that have it):
    those no document has, and the rare ones. A rare acronym ("WHO" in 2 speeches) is no
    misspelling of a word near its lower case ("why"): it counts as often as its commoner
    form (``count_of`` a word)."""
    rare = max(RARE_DOCS, int(documents * RARE_SHARE))
    needing = [word for word, count in frequency.items()
               if count <= rare and 3 <= len(word) <= MAX_CORRECTED_LENGTH
               and not word.isdigit()
               and (word.islower() or count_of(word.lower()) <= rare)]
    return needing[:MAX_CORRECTED_WORDS]


def corrected(q: str, fixes: Mapping[str, str | None]) -> str | None:
    """``q`` with its bare words replaced by their corrections (``fixes``: a word -> its
    correction, or None), None when nothing changed."""

    def fix(match: re.Match) -> str:
        return fixes.get(match.group(0)) or match.group(0)

    pieces = _NOT_BARE.split(q)
    text = "".join(piece if i % 2 else re.sub(r"\w+", fix, piece)
                   for i, piece in enumerate(pieces))
    return text if text != q else None


def edits_allowed(count: int) -> int:
    """How far a correction may be from a word in ``count`` documents: two edits from an
    unknown word, one from a known one."""
    return 1 if count else 2


def best_correction(near: Mapping[str, int], frequency: Mapping[str, int],
                    count: int) -> str | None:
    """Of the words ``near`` a word (each -> its distance), the nearest, the commonest among
    equally near ones, if it is in more documents than the word (RARER times more for a known
    word); ``frequency``: each near word's documents."""
    if not near:
        return None
    best = min(near, key=lambda found: (near[found], -frequency[found], found))
    wanted = count * RARER if count else 0
    return best if frequency[best] > wanted else None


def cased_like(word: str, found: str | None) -> str | None:
    """A correction found in lower case, capitalised as the word was typed."""
    if found and word[:1].isupper():
        return found[:1].upper() + found[1:]
    return found
