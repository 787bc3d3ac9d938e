"""The text analyzer shared by the title and body fields, and by queries against them.

An archive mixes English and Russian (and Belarusian) documents, often within one page. Whoosh
gives a field a single analyzer, so instead of one field per language we stem each word by its
script: Cyrillic words with the Russian Snowball stemmer, the rest with the English one. The same
analyzer runs on queries, so "trafficking" finds "traffickers" and "торговля" finds "торговлей",
whatever the language of the document.
"""

from __future__ import annotations

from functools import lru_cache

from breame.data.spelling_constants import BRITISH_ENGLISH_SPELLINGS
from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer
from whoosh.lang import stemmer_for_language
from whoosh.lang.stopwords import stoplists

_english_stem = stemmer_for_language("en")
_russian_stem = stemmer_for_language("ru")

# Every word is indexed, stop words too: "WHO", "IT" and "will" are words people search for.
# A query drops these only where other words remain (indexer.query).
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


def text_analyzer():
    """Words (letters and digits), acronyms marked, lower-cased, British spellings made
    American, stemmed by script; no word is dropped."""
    return (RegexTokenizer(r"\w+") | AcronymFilter() | LowercaseFilter()
            | SpellingVariantFilter() | ScriptStemFilter())
