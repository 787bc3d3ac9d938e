"""Which language a document is written in, for the language facet and the `lang` of its page.

py3langid ships its model inside the package (nothing is downloaded) and is deterministic. Only a
bounded sample is classified (the first 2,000 characters of words), so a 100 KB speech
costs the same as a page.

On a short snippet the model often ranks a close neighbour first ("Итоги года" as Macedonian,
"Москва, 15 октября." as Bulgarian). The archive is mostly English and Russian, so when one of
those two scores within a small margin of the winner it is taken instead; on real paragraphs the
margins are tens of units and the model's answer stands (Belarusian stays Belarusian).
"""

from __future__ import annotations

import re

import py3langid

SAMPLE_CHARS = 2000  # ~300 words: as accurate as 5,000 here, 2.5x faster
MIN_LETTERS = 8  # fewer letters than this ("OK", "2019", "—"): no language at all
MAIN_LANGUAGES = ("en", "ru")
NEAR_TIE = 5.0  # log-probability units, as py3langid.rank reports them
_NOT_WORDS = re.compile(r"[\d\W_]+")


def detect_language(text: str) -> str:
    """The ISO 639-1 code of ``text``'s language, or "" when there is too little text to tell."""
    sample = _NOT_WORDS.sub(" ", text[: SAMPLE_CHARS * 2])[:SAMPLE_CHARS].strip()
    if len(sample.replace(" ", "")) < MIN_LETTERS:  # only letters are left in the sample
        return ""
    ranking = py3langid.rank(sample)
    best, best_score = ranking[0]
    for language, score in ranking:
        if language in MAIN_LANGUAGES and best_score - score <= NEAR_TIE:
            return language
    return best
