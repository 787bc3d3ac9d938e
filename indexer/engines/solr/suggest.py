"""Completions for the search box on the Solr engine, by the rules of
``indexer.engines.whoosh.search.Archive.suggest``: the typed words with the last one completed, most
useful first, then a few titles having all the words.

- One word typed: the collection's words starting with it (a scan of SUGGEST_SCAN of them, from
  Solr's terms of ``spell``), the commonest SUGGEST_RANKED, ranked by the documents the query
  would find (every form of the word), then by this form's own.
- Several: the words starting with the last one that follow the word before it in a sample of
  SUGGEST_SAMPLE documents having every earlier word, then those in most of the sample.

Differences: the vocabulary is title and body together (Sift ranks by the body's), and the
sample is the first documents by id (Sift's, by document number), so a completion's rank can
differ between the engines; the rules are the same.
"""

from __future__ import annotations

import re

from indexer import completions as completions_rule
from indexer.completions import SUGGEST_RANKED, SUGGEST_SAMPLE, SUGGEST_SCAN, SUGGEST_TITLES
from indexer.engines.solr.spelling import document_frequencies
from indexer.engines.solr.translate import SPELL_FIELD, escape_term


def _words(engine, last: str) -> list[tuple[str, int]]:
    """The collection's words starting with ``last`` and how many documents have each."""
    answer = engine.client.get(f"{engine.collection}/terms", [
        ("terms.fl", SPELL_FIELD), ("terms.prefix", last), ("terms.sort", "index"),
        ("terms.limit", str(SUGGEST_SCAN))])
    flat = answer.get("terms", {}).get(SPELL_FIELD, [])
    return list(zip(flat[::2], flat[1::2], strict=True))


def _every_word(head: str) -> str:
    words = re.findall(r"\w+", head)
    return " ".join(f"+(title:{escape_term(word)} OR body:{escape_term(word)})"
                    for word in words)


def suggest(engine, prefix: str, limit: int = 8) -> list[str]:
    prefix = " ".join(prefix.split())[:100]
    head, _, last = prefix.rpartition(" ")
    last = last.lower()
    if len(prefix) < 2 or limit < 1 or not re.fullmatch(r"\w+", last):
        return []
    candidates = _words(engine, last)
    if not candidates:
        return []
    select = f"{engine.collection}/select"
    head_matches = True  # some document has every earlier word (or there is none)
    if not re.findall(r"\w+", head):
        spelled = dict(candidates)
        ranked = sorted(spelled, key=lambda word: (-spelled[word], word))[:SUGGEST_RANKED]
        found = document_frequencies(engine, ranked)
        ordered = sorted((word for word in ranked if found[word]),
                         key=lambda word: (-found[word], -spelled[word], word))
        completions = [f"{head} {word}".strip() for word in ordered]
    else:
        answer = engine.client.post_form(select, [
            ("q", _every_word(head)), ("defType", "lucene"), ("sort", "id asc"),
            ("rows", str(SUGGEST_SAMPLE)), ("fl", "title,body")])
        head_matches = answer["response"]["numFound"] > 0
        texts = (f"{doc.get('title', '')}\n{doc.get('body', '')}"
                 for doc in answer["response"]["docs"])
        completions = [f"{head} {word}"
                       for word in completions_rule.following(head, last, texts)]
    titles: list[str] = []
    if head_matches:
        last_word = " OR ".join(f"title:{escape_term(word)}" for word, _ in candidates[:64])
        heads = " ".join(f"+title:{escape_term(word)}" for word in re.findall(r"\w+", head))
        answer = engine.client.post_form(select, [
            ("q", f"{heads} +({last_word})".strip()), ("defType", "lucene"),
            ("rows", str(SUGGEST_TITLES * 3)), ("fl", "title")])
        titles = list(dict.fromkeys(doc["title"] for doc in answer["response"]["docs"]
                                    if doc.get("title")))[:min(SUGGEST_TITLES, limit)]
    return list(dict.fromkeys(completions[:limit - len(titles)] + titles))
