"""Plain text, typically a web page saved as text with the site's chrome still in it.

Such a page is: navigation lines, a headline (not always the first line, sometimes repeated),
the article's paragraphs, then more navigation. The rules are structural, so that a page from
another site comes out clean too:

- everything above the headline is chrome (menus, rubrics, the site's "today" date);
- after the last real paragraph, a block of short lines that are not sentences is chrome;
- a short line ending with ":" that introduces no text is a label ("Font size:", "Follow us on:");
- a date on a line of its own is metadata, not text;
- a few generic patterns are chrome wherever they are (print, share, follow, font size,
  language switchers, "go to", copyright, "press Ctrl+Enter").

Lines that are kept are kept verbatim (only their outer whitespace is stripped).
"""

from __future__ import annotations

import re

from indexer.dates import first_date, lead_date, parse_date
from indexer.formats import Extracted
from indexer.titles import DANGLING, sentence_title

TITLE_MAX_CHARS = 200
HEAD_LINES = 20  # the headline is looked for among the first non-blank lines only
HEADLINE_WORDS = range(4, 41)
SHORT_LINE_WORDS = 10  # a line this short can be a menu item; a longer one is text
PARAGRAPH_WORDS = 8  # a sentence this long is the start of the article's text
RUN_ON_WORDS = 15  # a line this long running straight into a longer one is a wrapped sentence

_SOCIAL = (
    r"(?:x|twitter|facebook|telegram|vk|vkontakte|instagram|youtube|linkedin|whatsapp|viber"
    r"|odnoklassniki|tiktok|rss|e-?mail)"
)
_CHROME = re.compile(
    rf"""
      (?:font|text)\s*size\b.*
    | print(?:able)?(?:\s+(?:version|this(?:\s+page|\s+article)?|page|article))?:?
    | share(?:\s+(?:this|on|via)\b.*)?:? | (?:follow|find|join)\s+us\b.* | subscribe\b.*
    | go\s+to(?:\s+\w+)?:? | (?:back\s+)?to\s+top | skip\s+to\b.* | read\s+more\b.*
    | (?:all|more|recent|latest|related|top)\s+news\b.* | see\s+also:?
    | (?:©|\(c\)\s|copyright\b).* | .*\ball\s+rights\s+reserved\b.*
    | .*\bctrl\s*\+\s*enter\b.*
    | (?:[^\W\d_]+\s+(?:версия|версія|version)\s*)+
    | {_SOCIAL}(?:[\s,|/•·]+{_SOCIAL})*
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"\S*[^\W\d_]\S*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_LIST_ITEM = re.compile(r"(?:[-*•–]|\d+[.)])\s")
# "MINSK, 30 July (BelTA) - ...", "LONDON (Reuters) — ...": a place in capitals, maybe a date,
# then the agency's short capitalised name in brackets and a dash.
_DATELINE_SOURCE = re.compile(
    r"[A-ZА-ЯЁ][\w.'’-]*(?:\s[A-ZА-ЯЁ][\w.'’-]*){0,2}(?:,[^()\n]{1,40}?)?\s*"
    r"\((?P<source>[A-ZА-ЯЁ][^()\n]{0,38}?)\)\s*[-–—]"
)


def extract(text: str) -> Extracted:
    lines = [line.strip() for line in text.split("\n")]
    title, above, after = split_title(lines)
    # A headline's date is the document's ("... (September 28, 2017)"); without a headline the
    # title is the opening line, whose date counts only if the text opens with it.
    has_headline = len(after) < len(lines)
    kept = _strip_chrome(after)  # date lines still in: the lead's date may be on one
    body = paragraphs(["" if parse_date(line) else line for line in kept])
    return Extracted(
        title=title,
        body="\n\n".join(body),
        date=(first_date([title]) if has_headline else None)
        or _date_above(above)
        or lead_date(paragraphs(kept)),
        source=dateline_source(body[0]) if body else "",
    )


def split_title(lines: list[str]) -> tuple[str, list[str], list[str]]:
    """The title, the lines above the headline and the lines after it (stripped ``lines``).

    Without a headline the title is the first sentence of the first line that is not chrome,
    a date or a salutation, cut cleanly (:func:`indexer.titles.sentence_title`), and every line
    stays in the text. With one, its repeats are left out of the
    lines after it.
    """
    at = _find_headline(lines)
    if at is None:
        opening = ["" if _is_chrome(line) or parse_date(line) else line
                   for line in lines[:HEAD_LINES * 3]]
        return sentence_title(opening), [], lines
    title = lines[at]
    return title, lines[:at], [line for line in lines[at + 1:] if line != title]


def paragraphs(lines: list[str]) -> list[str]:
    """Blocks of consecutive non-blank lines, each joined by newlines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(block) for block in blocks if block]


def dateline_source(paragraph: str) -> str:
    """The agency named by a wire dateline: "MINSK, 30 July (BelTA) - ..." gives "BelTA"."""
    match = _DATELINE_SOURCE.match(paragraph)
    if not match or len(match.group("source").split()) > 4:
        return ""
    return match.group("source").strip()


def _words(line: str) -> int:
    """Words with letters in them: "30 July 2025, 14:53" has one."""
    return len(_WORD.findall(line))


def _is_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def _is_paragraph(line: str) -> bool:
    """Running text: a sentence of some length, or any very long line."""
    return _words(line) > HEADLINE_WORDS[-1] or (
        _words(line) >= PARAGRAPH_WORDS and _is_sentence(line)
    )


def _is_chrome(line: str) -> bool:
    return _words(line) <= SHORT_LINE_WORDS and bool(_CHROME.fullmatch(line))


def _find_headline(lines: list[str]) -> int | None:
    """The index of the headline in ``lines``, or None when the text has none.

    It is looked for above the first paragraph: a line repeated there (rubric, headline, byline,
    headline) is the headline; otherwise the first line long enough to be one that does not end
    like a sentence or a salutation.
    """
    head: list[int] = []
    seen = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        seen += 1
        if _is_paragraph(line) or seen > HEAD_LINES:
            break
        if not _is_chrome(line) and parse_date(line) is None:
            head.append(i)
    candidates = [i for i in head if _words(lines[i]) in HEADLINE_WORDS]
    texts = [lines[i] for i in candidates]
    for i in candidates:
        if texts.count(lines[i]) > 1:
            return i
    for i in candidates:
        if not lines[i].endswith((".", ",", ";", ":")) and not _runs_on(lines, i):
            return i
    return None


def _runs_on(lines: list[str], i: int) -> bool:
    """A sentence wrapped over lines, so no headline: it ends on a word that leaves it hanging
    ("... of the"), the next line goes on in lower case ("... on his" / "election as ...") or
    after a comma ("... of the United" / "Nations, I am ..."), or
    a long line runs straight into the next ("... Prime Minister of Saint" / "Kitts and ...")."""
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    before = lines[i - 1] if i > 0 else ""
    last = line.split()[-1].lower().strip("\"'“”‘’«»()[]")
    if before and not before.endswith((".", "!", "?", ":", "\"", "”", "»")):
        return True  # the end of a hard-wrapped sentence ("It is with great respect that" / ...)
    if following and not following[0].isupper() and not following[0].isdigit():
        return True
    if following and _words(following) > 3 and not (
            _is_paragraph(following) or _is_sentence(following) or _is_chrome(following)
            or parse_date(following)):
        return True  # a wrapped line runs into another wrapped line ("Mr. Sam" / "Kutesa of")
    return last in DANGLING or bool(following) and (
        following[0].islower() or re.match(r"\S+[,;] ", following) is not None
        or _words(line) >= RUN_ON_WORDS and _words(following) > _words(line))


def _strip_chrome(lines: list[str]) -> list[str]:
    """``lines`` without chrome; dropped lines leave blank lines so paragraphs stay apart."""
    kept = []
    following = ""  # the next non-blank line, walking backwards
    for line in reversed(lines):
        if line and (_is_chrome(line) or _is_label(line, following)):
            kept.append("")
        else:
            kept.append(line)
        following = line or following
    return _strip_trailing_block(kept[::-1])


def _is_label(line: str, following: str) -> bool:
    """A short line ending with ":" that introduces no text ("Tags:", "Follow us on:")."""
    return line.endswith(":") and _words(line) <= 3 and not _is_paragraph(following)


def _strip_trailing_block(lines: list[str]) -> list[str]:
    """Drop the short non-sentence lines after the last line of text (footer menus).

    A line of text ends like a sentence, a salutation or a clause ("," ";"), or is a list item.
    When no such line exists (a list of names, a poem) nothing is dropped.
    """
    for end in range(len(lines), 0, -1):
        line = lines[end - 1]
        if line and (
            _words(line) > SHORT_LINE_WORDS
            or _is_sentence(line)
            or line.endswith((",", ";"))
            or _LIST_ITEM.match(line)
        ):
            return lines[:end]
    return lines


def _date_above(above: list[str]):
    """The date line nearest above the headline: further up is the site's own "today" date."""
    for line in reversed(above):
        date = parse_date(line) if line else None
        if date is not None:
            return date
    return None


def _shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """``text`` cut on a word boundary to about ``limit`` characters."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:-–—") + " …"
