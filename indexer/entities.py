"""Recognising the countries, organisations, people and topics a document names.

A gazetteer, not a model: the curator's ``entities.toml`` lists organisations, people and topics
with their aliases, pycountry lists the countries, and each kind is found with one compiled
regular expression. Whole words only ("women" is not Oman, "Nigeria" is not Niger), the longest
name wins where names overlap ("Papua New Guinea" is not Guinea), and each kind is scanned on
its own, so "Permanent Mission of Belarus" names both an organisation and a country. Names of
countries, organisations and people match case-sensitively (so "turkey" and "chad" do not).
Topics are themes, not names: each is looked for on its own (one phrase may speak of two
themes), in any case, and a topic word ending in ``*`` matches as a prefix.

Known risk: a person called Jordan or Chad is taken for the country; a curator can see it in
the facets.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer.countries import country_names

KINDS = ("country", "organization", "person", "topic")
VERSION = "1"  # bump when matching changes, so that every document is re-faceted

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'", "–": "-",
                              "—": "-", "‑": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """Apostrophes, dashes and spaces in one form, so that names match however typed."""
    return " ".join(text.translate(_APOSTROPHES).split())


def _pattern(names: dict[str, str], ignore_case: bool) -> re.Pattern | None:
    if not names:
        return None
    alternatives = []
    for name in sorted(names, key=len, reverse=True):
        prefix = name.endswith("*")
        body = re.escape(normalise(name.rstrip("*"))).replace(r"\ ", r"\s+")
        alternatives.append(body + (r"\w*" if prefix else ""))
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", flags)


@dataclass(frozen=True)
class Gazetteer:
    """Compiled names of every kind; ``find`` is the only thing the indexer calls."""

    names: dict[str, dict[str, str]]  # kind -> normalised name -> display value (not topics)
    patterns: dict[str, re.Pattern | None]  # one per kind of name
    topics: dict[str, re.Pattern]  # one per topic
    fingerprint: str

    def find(self, text: str) -> dict[str, list[str]]:
        """Each kind's display values named in ``text``, sorted, without repeats."""
        text = normalise(text)
        found: dict[str, list[str]] = {}
        for kind, pattern in self.patterns.items():
            names = self.names[kind]
            matches = pattern.finditer(text) if pattern is not None else ()
            found[kind] = sorted({names[match.group(1)] for match in matches})
        found["topic"] = sorted(topic for topic, pattern in self.topics.items()
                                if pattern.search(text))
        return found


def _entries(tables: dict, kind: str, path: Path) -> dict[str, str]:
    """Normalised name → display name for one kind. A topic's own name is one of its words
    only when it lists none (the topic "migration" must not match in "Organization for
    Migration")."""
    names: dict[str, str] = {}
    entries = tables.get(kind, [])
    if not isinstance(entries, list):
        raise ValueError(f"{path.name}: [[{kind}]] entries must be an array of tables")
    for number, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{path.name}: {kind} entry {number} has no name")
        aliases = entry.get("aliases", []) + entry.get("words", [])
        if not all(isinstance(alias, str) for alias in aliases):
            raise ValueError(f"{path.name}: the aliases of {kind} {name!r} must be strings")
        for alias in aliases if kind == "topic" and aliases else [name, *aliases]:
            if alias.strip():
                names[normalise(alias)] = name.strip()
    return names


def load_gazetteer(path: Path | None) -> Gazetteer:
    """The gazetteer of ``path`` (an entities TOML file); countries alone if there is none."""
    raw = b""
    tables: dict = {}
    if path is not None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raw = b""
        if raw:
            try:
                tables = tomllib.loads(raw.decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
                raise ValueError(f"{path.name}: {error}") from None
            unknown = set(tables) - set(KINDS)
            if unknown:
                raise ValueError(
                    f"{path.name}: unknown section {sorted(unknown)[0]!r} "
                    f"(use [[country]], [[organization]], [[person]] or [[topic]])"
                )
    names = {kind: _entries(tables, kind, path) if tables else {} for kind in KINDS}
    names["country"] = {
        **{normalise(name): display for name, display in country_names().items()},
        **names["country"],
    }
    words_by_topic: dict[str, dict[str, str]] = {}
    for word, topic in names.pop("topic").items():
        words_by_topic.setdefault(topic, {})[word] = topic
    patterns = {kind: _pattern(kind_names, ignore_case=False) for kind, kind_names in names.items()}
    topics = {topic: _pattern(words, ignore_case=True) for topic, words in words_by_topic.items()}
    fingerprint = hashlib.sha256(VERSION.encode() + b"\0" + raw).hexdigest()[:16]
    return Gazetteer(names, patterns, topics, fingerprint)
