"""Recognising the countries, organisations, people and topics a document names.

A gazetteer, not a model: the curator's ``entities.toml`` lists organisations, people and topics
with their aliases, pycountry lists the countries, and each kind is found with one compiled
regular expression, built once. Whole words only ("women" is not Oman, "Nigeria" is not Niger,
"Belarusian" is not Belarus, but "Belarus-sponsored" is), the longest name wins where names
overlap ("Papua New Guinea" is not Guinea), and each kind is scanned on its own, so
"Permanent Mission of Belarus" names both an organisation and a country. Names of countries,
organisations and people match with their capitals as written, so "turkey", "chad" and "un"
name nothing and acronyms must be in capitals.

Topics are themes, not names: each is looked for on its own (one phrase may speak of two
themes), in any case, and a topic word ending in ``*`` matches any ending. Topic words are not
looked for inside organisations' names: the International Organization for Migration does not
make a document about migration.

Known risk: a person called Jordan or Chad, or the US state of Georgia, is taken for the
country. Georgia is a country in this archive; a curator sees the rare miss in the facets.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from indexer.countries import country_names

KINDS = ("country", "organization", "person", "topic")
NAMED = KINDS[:3]  # the kinds found by name, case-sensitively
FIELDS = {kind: {"name", "aliases"} for kind in NAMED} | {"topic": {"name", "words", "aliases"}}
# Bump when matching changes, so that every document is faceted again.
VERSION = "2"

_APOSTROPHES = "’‘´`ʼ′"
_DASHES = "‐‑‒–—―−"
_INVISIBLE = "\u00ad\u200b"  # soft hyphen, zero-width space: they may sit inside a word
_ODD = re.compile(f"[{_APOSTROPHES}{_DASHES}{_INVISIBLE}]")
_WORD = re.compile(r"\w")


def _plain(match: re.Match) -> str:
    char = match.group()
    return "'" if char in _APOSTROPHES else "-" if char in _DASHES else ""


def normalise(text: str) -> str:
    """Apostrophes, dashes and whitespace in one form, so that a name matches however typed.
    (A regex substitution: ``str.translate`` with a table is several times slower.)"""
    return " ".join(_ODD.sub(_plain, text).split())


def _alternative(name: str, prefixes: bool) -> str:
    words = normalise(name).split(" ")
    return " ".join(
        re.escape(word[:-1]) + r"\w*" if prefixes and len(word) > 1 and word.endswith("*")
        else re.escape(word)
        for word in words
    )


def compile_names(names, prefixes: bool = False) -> re.Pattern | None:
    """One alternation of every name, longest first (the regex engine takes the first
    alternative that fits, so the longest name wins). The word boundary before a name is
    checked by ``whole_words``: a look-behind here would make the scan several times slower."""
    alternatives = sorted({_alternative(name, prefixes) for name in names if name.strip()},
                          key=lambda alternative: (-len(alternative), alternative))
    if not alternatives:
        return None
    return re.compile(r"(?:" + "|".join(alternatives) + r")(?!\w)")


def whole_words(pattern: re.Pattern | None, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern`` that start a word."""
    position = 0
    while pattern is not None and (match := pattern.search(text, position)):
        start = match.start()
        if start and _WORD.match(text, start - 1):
            position = start + 1  # inside a word ("women"): look again from the next letter
            continue
        yield match
        position = match.end()


@dataclass(frozen=True)
class Gazetteer:
    """Compiled names of every kind; ``find`` is what the indexer calls per document."""

    names: Mapping[str, Mapping[str, str]]  # named kind -> name as written -> display ("": none)
    patterns: Mapping[str, re.Pattern | None]  # one per named kind
    topics: Mapping[str, re.Pattern]  # one per topic, in lower case
    fingerprint: str  # changes whenever find's answers may change

    def find(self, text: str) -> dict[str, list[str]]:
        """Each kind's display values named in ``text``, sorted, without repeats."""
        text = normalise(text)
        found: dict[str, list[str]] = {}
        organisations: list[re.Match] = []
        for kind in NAMED:
            matches = list(whole_words(self.patterns[kind], text))
            found[kind] = sorted({self.names[kind][match.group()] for match in matches} - {""})
            if kind == "organization":
                organisations = matches
        # Lower case rather than re.IGNORECASE: a case-blind pattern is scanned far slower.
        text = _without(text, organisations).lower()
        found["topic"] = sorted(topic for topic, pattern in self.topics.items()
                                if next(whole_words(pattern, text), None))
        return found


def _without(text: str, matches: list[re.Match]) -> str:
    """``text`` with the matched names cut out (a bar stands in, so no phrase spans the cut)."""
    pieces, position = [], 0
    for match in matches:
        pieces.append(text[position:match.start()])
        position = match.end()
    return " | ".join([*pieces, text[position:]])


def _entries(tables: dict, kind: str, where: str) -> Iterator[tuple[str, list[str]]]:
    """(display name, its other names) for each entry of one kind, checked for a curator's
    slips: a misspelt field or a bare string instead of a list would otherwise go unnoticed."""
    entries = tables.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ValueError(f"{where}: write each {kind} as a [[{kind}]] table")
    for number, entry in enumerate(entries, 1):
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"{where}: {kind} entry {number} has no name")
        unknown = sorted(set(entry) - FIELDS[kind])
        if unknown:
            allowed = " and ".join(sorted(FIELDS[kind]))
            raise ValueError(f"{where}: {kind} {name!r} has an unknown field {unknown[0]!r} "
                             f"(a {kind} has {allowed})")
        others: list[str] = []
        for field in sorted(FIELDS[kind] - {"name"}):
            value = entry.get(field, [])
            if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
                raise ValueError(f"{where}: the {field} of {kind} {name!r} must be a list of "
                                 f'strings, like {field} = ["first", "second"]')
            others += [item for item in value if item.strip()]
        yield " ".join(name.split()), others


def _names(tables: dict, kind: str, where: str) -> dict[str, str]:
    """Name as it appears in normalised text → display name, for one named kind."""
    names: dict[str, str] = {}
    for display, aliases in _entries(tables, kind, where):
        for alias in (display, *aliases):
            if re.search(r"\w\*(\s|$)", alias):
                raise ValueError(f"{where}: {alias!r}: only topic words may end with *")
            key = normalise(alias)
            if names.get(key, display) != display:
                raise ValueError(f"{where}: {alias!r} is a name of both {names[key]!r} "
                                 f"and {display!r}")
            names[key] = display
    return names


def _topics(tables: dict, where: str) -> dict[str, re.Pattern]:
    """One pattern per topic. A topic's own name is one of its words only when it lists none."""
    words: dict[str, list[str]] = {}
    for topic, others in _entries(tables, "topic", where):
        words.setdefault(topic, []).extend(others or [topic])
    return {topic: compile_names([word.lower() for word in topic_words], prefixes=True)
            for topic, topic_words in words.items()}


def _read(path: Path | None) -> tuple[bytes, dict]:
    """The file's bytes and tables; none for a missing file, ValueError for a bad one."""
    if path is None:
        return b"", {}
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return b"", {}
    except OSError as error:
        raise ValueError(f"{path}: cannot be read ({error.strerror or error})") from None
    try:
        tables = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path}: not valid TOML: {error}") from None
    unknown = sorted(set(tables) - set(KINDS))
    if unknown:
        raise ValueError(f"{path}: unknown section {unknown[0]!r} "
                         f"(use [[country]], [[organization]], [[person]] or [[topic]])")
    return raw, tables


def load_gazetteer(path: Path | None) -> Gazetteer:
    """The gazetteer of ``path`` (an entities TOML file); countries alone if there is none.
    Raises ValueError, naming the file and the problem, for a file that cannot be used."""
    raw, tables = _read(path)
    where = str(path)
    names = {kind: _names(tables, kind, where) for kind in NAMED}
    # A curator's [[country]] entry may rename or add to pycountry's names.
    names["country"] = {
        **{normalise(name): display for name, display in country_names().items()},
        **names["country"],
    }
    patterns = {kind: compile_names(kind_names) for kind, kind_names in names.items()}
    # The country table is hashed too: a new pycountry or a changed alias moves the facets.
    digest = hashlib.sha256(f"{VERSION}\0{sorted(country_names().items())}\0".encode())
    digest.update(raw)
    return Gazetteer(names, patterns, _topics(tables, where), digest.hexdigest()[:16])


def load_aliases(path: Path | None) -> dict[str, dict[str, list[str]]]:
    """Each named kind's display names → the other names it goes by (the curator's aliases,
    and for countries also pycountry's), for entity pages. Topics list their words. Raises
    ValueError, like :func:`load_gazetteer`, for a file that cannot be used."""
    _, tables = _read(path)
    where = str(path)
    aliases: dict[str, dict[str, list[str]]] = {kind: {} for kind in KINDS}
    names = {kind: _names(tables, kind, where) for kind in NAMED}
    names["country"] = {**country_names(), **names["country"]}
    for kind, kind_names in names.items():
        for name, display in kind_names.items():
            if display and name != display:
                aliases[kind].setdefault(display, []).append(name)
    for topic, words in _entries(tables, "topic", where):
        aliases["topic"].setdefault(topic, []).extend(w for w in words if w != topic)
    return {kind: {display: sorted(set(others)) for display, others in by_display.items()}
            for kind, by_display in aliases.items()}
