"""A title for a text that has no headline: its first real sentence, cut cleanly.

Speeches and letters open with a salutation ("Dear Mr. President,", "Excellencies, ladies and
gentlemen,"), which names nothing; the first sentence after it says what the text is about. A
long sentence is cut at a word, never after a word that leaves the phrase dangling ("the",
"of", "and"), and marked with an ellipsis.
"""

from __future__ import annotations

import re

TITLE_WORDS = 12  # a title cut from a sentence keeps at most this many words
_SALUTATION = re.compile(
    r"(?:(?:my\s+)?dear|(?:your\s+)?excellenc(?:y|ies)|(?:mr|mrs|ms|madam|madame|mister)\.?"
    r"|distinguished|honou?rable|ladies|gentlemen|colleagues|friends|sir|good\s+(?:morning"
    r"|afternoon|evening)|hello|greetings|respected|esteemed|monsieur|señor"
    r"|your\s+(?:majesty|highness|holiness))\b",
    re.IGNORECASE,
)
# Where a sentence ends: a stop, then a capital; not after a title ("Mr.") or an initial.
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\b[A-Z])[.!?…]"
    r"[\"'”’»)]*\s+(?=[\"“«(]?[A-ZА-ЯЁ0-9])"
)
# Words a cut title must not end on: it would leave the phrase hanging.
DANGLING = frozenset("""
a an the and or but nor of to in on at by for with from into onto upon as than that which who
whom whose this these those my our your his her its their is are was were be been being has have
had will would shall should can could may might must do does did not no very so such also
I we you he she it they me us him them over under about after before between through during
without within among against while when where if because since although though whether
""".lower().split())
SHORT_SENTENCE = 6  # a first sentence shorter than this ("At the outset.") runs on to the next


_PUNCTUATION = "\"'“”‘’«»()[],;:.!?"
# A greeting opening a sentence: "Mr. President, ...", "Madam President, Excellencies, ...".
_LEADING_SALUTATION = re.compile(
    rf"^(?:{_SALUTATION.pattern})\.?[^,.!?]{{0,60}}?,\s*", re.IGNORECASE)


def is_salutation(line: str) -> bool:
    """A greeting line: "Dear Mr. President,", "Excellencies,", "Ladies and gentlemen,"."""
    line = line.strip()
    words = line.split()
    if not words or len(words) > 12:
        return False
    if not _SALUTATION.match(line):
        return False
    return line.endswith((",", ":", "!")) or len(words) <= 4 and not line.endswith((".", "?"))


def first_sentence(text: str) -> str:
    """The text up to its first full stop; a very short one runs on to the next."""
    for match in _SENTENCE_END.finditer(text):
        sentence = text[:match.start() + 1].strip()
        if len(sentence.split()) >= SHORT_SENTENCE:
            return sentence
    return text.strip()


def sentence_title(lines: list[str]) -> str:
    """The title a text without a headline gets: its first sentence after any salutation,
    cut at a word to :data:`TITLE_WORDS` words, never ending on a dangling word. ``lines`` are
    the text's lines; a sentence may run over several (blank lines part paragraphs)."""
    for line in _paragraphs(lines):
        line = " ".join(line.split())
        if not line or is_salutation(line):
            continue
        while (stripped := _LEADING_SALUTATION.sub("", line, count=1)) != line and stripped:
            line = stripped[0].upper() + stripped[1:]
        sentence = first_sentence(line)
        words = sentence.split()
        if len(words) <= TITLE_WORDS:
            return sentence.rstrip(" ,;:-–—")
        cut = words[:TITLE_WORDS]
        for opening, closing in (("“", "”"), ("(", ")"), ("«", "»")):
            text = " ".join(cut)
            if text.count(opening) > text.count(closing):  # an unclosed quote or bracket
                at = max(i for i, word in enumerate(cut) if opening in word)
                cut = cut[:at] if at >= 3 else cut
        while len(cut) > 3 and cut[-1].lower().strip(_PUNCTUATION) in DANGLING:
            cut.pop()
        return " ".join(cut).rstrip(" ,;:-–—") + " …"
    return ""


def _paragraphs(lines: list[str]) -> list[str]:
    """Consecutive lines joined, a salutation line always on its own."""
    joined: list[str] = []
    current: list[str] = []
    lines = [line.strip() for line in lines]
    for at, line in enumerate([*lines, ""]):
        if not line and current and at < len(lines) and _inside_sentence(current[-1],
                                                                          lines[at + 1:]):
            continue  # a blank line inside a sentence (text extracted from a PDF's pages)
        if not line or is_salutation(line):
            if current:
                joined.append(" ".join(current))
                current = []
            if line:
                joined.append(line)
        else:
            current.append(line)
    return joined


def _inside_sentence(before: str, after: list[str]) -> bool:
    """Whether a blank line between ``before`` and the lines ``after`` it cuts a sentence: the
    line before ends on a hanging word ("... conveying our") or the next goes on in lower case."""
    following = next((line for line in after if line), "")
    last = before.split()[-1].lower().strip(_PUNCTUATION) if before.split() else ""
    return bool(following) and (last in DANGLING or following[0].islower())
