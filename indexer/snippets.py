"""Highlighted passages: the matched words wrapped in <mark>, everything else HTML-escaped.

Character offsets stored in the index (``chars=True``) let Whoosh find the matches without
re-analysing the text, so a 100 KB speech costs no more than a short news item; the fragmenter's
default 32 K character limit is lifted so that matches late in a long document are found too.

A quoted phrase is one match: its words are marked together, in one <mark>, where they stand
in order, and not where one of them stands alone (Whoosh marks every occurrence of every word
it matched, so ``"forced labour"`` marked "child labour" too, and a document page counted each
word as a match). Unquoted neighbouring words found side by side are one match too.
"""

from __future__ import annotations

from html import escape
from itertools import groupby

from whoosh import highlight
from whoosh.analysis import Token

from indexer import query as query_lang
from indexer import scoring

SNIPPET_CHARS = 250
PASSAGES = 3


class MarkFormatter(highlight.Formatter):
    """Formats fragments as escaped text with <mark> around matches, "…" between passages."""

    between = " … "

    def _text(self, text):
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<mark>" + escape(highlight.get_text(text, token, replace), quote=False) + "</mark>"


class PhraseHighlighter(highlight.Highlighter):
    """Marks a query's single words wherever they occur, and its quoted phrases only whole."""

    def highlight_hit(self, hitobj, fieldname, text=None, top=3, minscore=1, strict_phrase=False):
        return self.highlight_with_start(hitobj, fieldname, text, top, minscore)[0]

    def highlight_with_start(self, hitobj, fieldname, text=None, top=3,
                             minscore=1) -> tuple[str, int | None]:
        """The marked passages, and where the best of them starts in the text (None when
        Whoosh's own highlighting had to be used)."""
        results = hitobj.results
        field = results.searcher.schema[fieldname]
        if not results.has_matched_terms() or not field.format.supports("characters"):
            return super().highlight_hit(hitobj, fieldname, text, top, minscore), None
        if text is None:
            text = hitobj[fieldname]
        matched = frozenset(field.from_bytes(term) for name, term in results.matched_terms()
                            if name == fieldname)
        if fieldname not in results._char_cache:
            self._load_chars(results, fieldname, matched, field.to_bytes)
        chars = results._char_cache[fieldname][hitobj.docnum]
        every = query_lang.all_words(results.q)
        terms = scoring.terms_of(results.q, every.subqueries if every else ())
        tokens = _match_tokens(terms, fieldname, chars)
        if isinstance(self.fragmenter, highlight.WholeFragmenter):
            fragments = [highlight.Fragment(text, tokens)]
        else:
            fragments = self.fragmenter.fragment_matches(text, tokens)
        fragments = highlight.top_fragments(fragments, top, self.scorer, self.order,
                                            minscore=minscore)
        best = max(fragments, key=self.scorer, default=None)
        start = best.matches[0].startchar if best is not None and best.matches else None
        return self.formatter.format(fragments), start


def _match_tokens(terms: scoring.Terms, fieldname: str, chars) -> list[Token]:
    """One token per match in the field: each occurrence of a single word, each occurrence of
    a quoted phrase (from its first word's start to its last word's end), and neighbouring
    words of the query found side by side in order (``forced labour`` unquoted) as one."""
    tokens = []
    for word, (fields, _) in terms.words.items():
        if fieldname in fields:
            tokens += [Token(text=word, pos=pos, startchar=start, endchar=end)
                       for pos, start, end in chars.get(word, ())]
    phrases = [*terms.phrases.items(), *((pair, {fieldname}) for pair in terms.pairs)]
    for words, fields in phrases:
        if fieldname not in fields or not all(word in chars for word in words):
            continue
        at = [{pos: (start, end) for pos, start, end in chars[word]} for word in words]
        for pos, (start, _) in sorted(at[0].items()):
            if all(pos + i in at[i] for i in range(1, len(words))):
                end = at[-1][pos + len(words) - 1][1]
                tokens.append(Token(text=" ".join(words), pos=pos, startchar=start, endchar=end))
    # Overlapping matches (a word also inside a phrase) become the longest one.
    tokens.sort(key=lambda token: (token.startchar, -token.endchar))
    merged: list[Token] = []
    for _, group in groupby(tokens, key=lambda token: token.startchar):
        token = next(group)
        if merged and token.startchar < merged[-1].endchar:
            continue
        merged.append(token)
    return merged


PASSAGES_HIGHLIGHTER = PhraseHighlighter(
    fragmenter=highlight.PinpointFragmenter(
        maxchars=SNIPPET_CHARS // 2, surround=45, autotrim=True, charlimit=None
    ),
    formatter=MarkFormatter(),
)
WHOLE_HIGHLIGHTER = PhraseHighlighter(
    fragmenter=highlight.WholeFragmenter(charlimit=None), formatter=MarkFormatter()
)


def lead(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The opening of ``text`` cut on a word boundary, escaped: the snippet when nothing matched."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return escape(text, quote=False)


def passages(hit, field: str = "body", limit: int = SNIPPET_CHARS) -> str:
    """The best passages of ``field`` around the matches (``""`` when nothing in it matched)."""
    return passages_with_start(hit, field, limit)[0]


def passages_with_start(hit, field: str = "body",
                        limit: int = SNIPPET_CHARS) -> tuple[str, int | None]:
    """:func:`passages`, and where in the text the best passage's first match stands (for the
    page it is on), None when unknown."""
    if hit.get(field) is None:
        return "", None  # a document with a title and no body
    fragments, start = PASSAGES_HIGHLIGHTER.highlight_with_start(hit, field, top=PASSAGES)
    return " ".join(fragments.split()), start


def whole(hit, field: str) -> str:
    """All of ``field`` with every match marked (``""`` when nothing in it matched)."""
    if hit.get(field) is None:
        return ""
    return WHOLE_HIGHLIGHTER.highlight_hit(hit, field, top=1)
