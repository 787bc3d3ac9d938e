"""The text analyzer shared by the title and body fields, and by queries against them.

An archive mixes English and Russian (and Belarusian) documents, often within one page. Whoosh
gives a field a single analyzer, so instead of one field per language we stem each word by its
script: Cyrillic words with the Russian Snowball stemmer, the rest with the English one. The same
analyzer runs on queries, so "trafficking" finds "traffickers" and "торговля" finds "торговлей",
whatever the language of the document.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
from whoosh.analysis import CompositeAnalyzer, Filter, LowercaseFilter, RegexTokenizer, Token
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

_english_stem = stemmer_for_language("en")
_russian_stem = stemmer_for_language("ru")

# Every word is indexed, stop words too: "WHO", "IT" and "will" are words people search for.
# A query drops these only where other words remain (indexer.engines.whoosh.query).
STOP_WORDS = frozenset(stoplists["en"]) | frozenset(stoplists["ru"])


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Stem one lower-case word with the stemmer of its script."""
    if not word or word.isdigit():
        return word
    if "\u0400" <= word[0] <= "\u04ff":
        return _russian_stem(word)
    return _english_stem(word)


class ScriptStemFilter(Filter):
    """Whoosh filter applying :func:`stem` to every token."""

    # Marks the filter as changing word forms: Whoosh then keeps the unstemmed words in a
    # separate spelling field ("spell_body"), which "did you mean" and suggestions read.
    is_morph = True

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            if not token.stopped:
                token.text = stem(token.text)
            yield token


ACRONYM_MARK = "_"  # "WHO" is also indexed as "who_": the organisation, not the pronoun


class AcronymFilter(Filter):
    """A stop word written in capitals ("WHO", "IT", "US") is an acronym: indexed both as the
    word and as ``who_``, and searched, when typed in capitals, as ``who_`` only, so that
    ``WHO`` finds the World Health Organization rather than every "who"."""

    # Not a word form for "did you mean" and suggestions: kept out of the spelling fields.
    is_morph = True

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            text = token.text
            if len(text) < 2 or not text.isupper() or text.lower() not in STOP_WORDS:
                yield token
                continue
            if token.mode != "query":
                yield token  # the word as well, for a search in lower case
            token.text = text.lower() + ACRONYM_MARK
            yield token


# British spellings whose American form is another word: "tyre" is not "tire" (to weary), a
# "tonne" is not a "ton", a "draught" of air is no "draft" resolution, a "gauge" is no "gage",
# a "groyne" no "groin", a "philtre" no "filter", a "bevvy" no "bevy"; the list's "tranquilly"
# -> "tranquility" is an error. These keep their own spelling.
_NOT_VARIANTS = ("tyre", "tonne", "draught", "gauge", "groyne", "philtre", "bevv", "tranquilly")

# British spelling -> American, from the breame package's list (1,730 word forms: -our/-or,
# -ise/-ize, -isation/-ization, -re/-er, -ce/-se, -ogue/-og, ae/oe/e, -ll-/-l-...).
SPELLING_VARIANTS = {
    british: american for british, american in BRITISH_ENGLISH_SPELLINGS.items()
    if not british.startswith(_NOT_VARIANTS)
}


class SpellingVariantFilter(Filter):
    """British spellings written the American way, in documents and queries alike and before
    stemming, so that "forced labour" finds "forced labor", "organisation" "organization" and
    "programme" "program" (and back). One word stays one word, so phrases still match."""

    # Not a word form for "did you mean": the spelling fields keep each word as written.
    is_morph = True

    def __eq__(self, other):
        return other.__class__ is self.__class__

    def __call__(self, tokens):
        for token in tokens:
            token.text = SPELLING_VARIANTS.get(token.text, token.text)
            yield token


def index_term(word: str) -> str:
    """The term a lower-case word is indexed as (its spelling made American, then stemmed):
    for code that turns words of the spelling fields into terms, as wildcards do."""
    return stem(SPELLING_VARIANTS.get(word, word))


WORD_PATTERN = r"\w+"


@lru_cache(maxsize=1)
def _word_characters() -> np.ndarray:
    """By code point: whether it is a character of WORD_PATTERN's words (what ``\\w`` matches:
    ``str.isalnum()`` or the underscore). 1.1 MB, built once in 0.15 s."""
    table = np.fromiter((chr(code).isalnum() for code in range(0x110000)), dtype=bool,
                        count=0x110000)
    table[ord("_")] = True
    return table


def word_spans(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Where each word of ``text`` starts and ends, as the analyzer counts them: word N (its
    position) is the Nth match of WORD_PATTERN. The same as ``[m.span() for m in
    re.finditer(WORD_PATTERN, text)]``, six times faster (snippets map a page's matched
    positions to characters with it, the index keeping no character offsets)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    edges = np.diff(_word_characters()[codes].view(np.int8), prepend=np.int8(0),
                    append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


class TextAnalyzer(CompositeAnalyzer):
    """The chain below, run as one loop for the usual calls (every word of a text, or a query).

    The chain of five generators cost about 9 µs a word, most of an indexing run's time; here each
    distinct spelling of a word ("Labour", "labour", "WHO") is turned into its terms once and
    remembered, so a word costs one dictionary look-up. The output is the chain's, token for
    token (same texts, positions and character offsets); other calls run the chain itself."""

    CACHE_LIMIT = 200_000  # distinct spellings remembered (about 30 MB), then forgotten

    def __init__(self):
        super().__init__(RegexTokenizer(WORD_PATTERN), AcronymFilter(), LowercaseFilter(),
                         SpellingVariantFilter(), ScriptStemFilter())
        self._terms: dict[tuple[str, bool], tuple[str, ...]] = {}

    def __getstate__(self):  # the schema is pickled into the index: not the cache
        return {"items": self.items}

    def __setstate__(self, state):
        self.items = state["items"]
        self._terms = {}

    def __call__(self, value, no_morph=False, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        if not tokenize or keeporiginal:
            return super().__call__(value, no_morph=no_morph, positions=positions, chars=chars,
                                    keeporiginal=keeporiginal, removestops=removestops,
                                    start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, **kwargs)
        return self._tokens(value, no_morph, positions, chars, removestops, start_pos,
                            start_char, mode, kwargs)

    def _tokens(self, value, no_morph, positions, chars, removestops, start_pos, start_char,
                mode, kwargs):
        assert isinstance(value, str), f"{value!r} is not unicode"
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        terms = self._terms
        key_mode = "lower" if no_morph else ("query" if mode == "query" else "index")
        if len(terms) > self.CACHE_LIMIT:
            terms.clear()
        for pos, match in enumerate(self.items[0].expression.finditer(value)):
            raw = match.group(0)
            found = terms.get((raw, key_mode))
            if found is None:
                found = terms[(raw, key_mode)] = _terms_of(raw, key_mode)
            for text in found:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar = start_char + match.start()
                    token.endchar = start_char + match.end()
                yield token


def _terms_of(raw: str, mode: str) -> tuple[str, ...]:
    """The terms the chain makes of one word: ``mode`` "index", "query" or "lower" (the
    spelling fields' words: lower case only)."""
    lower = raw.lower()
    if mode == "lower":
        return (lower,)
    acronym = len(raw) >= 2 and raw.isupper() and lower in STOP_WORDS
    term = stem(SPELLING_VARIANTS.get(lower, lower))
    if not acronym:
        return (term,)
    marked = lower + ACRONYM_MARK
    marked = stem(SPELLING_VARIANTS.get(marked, marked))
    return (marked,) if mode == "query" else (term, marked)


def text_analyzer():
    """Words (letters and digits), acronyms marked, lower-cased, British spellings made
    American, stemmed by script; no word is dropped."""
    return TextAnalyzer()
