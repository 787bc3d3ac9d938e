"""Facts an archive's folder layout already states: path patterns from ``metadata.toml``.

An archive laid out as ``Session 74 - 2019/QAT_74_2019.txt`` says the year and the speaking
country of every file. The curator declares that once for the whole folder::

    [[patterns]]
    path = "Session {session} - {year}/{country:iso3}_{session}_{year}.txt"
    kind = "speech"
    speaker = "{country}"
    title = "{country} at the General Debate, {year}"

``{name}`` captures one path segment's text (never a ``/``), ``{year}`` four digits, ``{month}``
and ``{day}`` one or two; a name used twice must be the same text both times. ``{name:iso3}``
(or ``iso2``) reads an ISO 3166 country code and gives the name the country facet shows. The
pattern matches the whole corpus-relative path. ``year``, ``month`` and ``day`` date the
document (to the year, the month or the day); the other keys are templates over the captured
names. The first pattern that matches a path applies.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass

import pycountry

from indexer.countries import display_name

TEMPLATE_FIELDS = ("title", "kind", "source", "source_url", "speaker")
_CAPTURES = {"year": r"[12]\d{3}", "month": r"\d{1,2}", "day": r"\d{1,2}"}
_CONVERTERS = {"iso3": r"[A-Za-z]{3}", "iso2": r"[A-Za-z]{2}"}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class PathPattern:
    path: str  # as the curator wrote it, for messages
    regex: re.Pattern
    converters: dict[str, str]  # name -> converter
    templates: dict[str, str]  # field -> template

    def facts(self, relpath: str) -> dict | None:
        """The fields this pattern gives ``relpath`` (``date`` and ``date_precision`` included),
        or None when it does not match or a value cannot be read (an unknown country code)."""
        match = self.regex.fullmatch(relpath)
        if not match:
            return None
        values = {name: text for name, text in match.groupdict().items()}
        for name, converter in self.converters.items():
            country = _country(values[name], converter)
            if country is None:
                return None
            values[name] = country
        fields = {key: template.format_map(values) for key, template in self.templates.items()}
        date, precision = _date(values)
        if date is not None:
            fields["date"] = date
            fields["date_precision"] = precision
        return fields


def parse_patterns(raw, file_name: str) -> list[PathPattern]:
    """The ``[[patterns]]`` tables of a metadata file; ValueError with a clear message if bad."""
    if not isinstance(raw, list) or not all(isinstance(table, dict) for table in raw):
        raise ValueError(f"{file_name}: 'patterns' must be [[patterns]] tables")
    return [_compile(table, number, file_name) for number, table in enumerate(raw, 1)]


def facts_for(patterns: list[PathPattern], relpath: str) -> dict:
    """The fields of the first pattern matching ``relpath``; ``{}`` when none does."""
    for pattern in patterns:
        found = pattern.facts(relpath)
        if found is not None:
            return found
    return {}


def _compile(table: dict, number: int, file_name: str) -> PathPattern:
    where = f"{file_name}: pattern {number}"
    unknown = set(table) - {"path", *TEMPLATE_FIELDS}
    if unknown:
        raise ValueError(f"{where}: unknown key {sorted(unknown)[0]!r} "
                         f"(known: path, {', '.join(TEMPLATE_FIELDS)})")
    path = table.get("path")
    if not isinstance(path, str) or not path.strip():
        raise ValueError(f"{where}: 'path' must be a pattern such as "
                         "\"Session {session} - {year}/{country:iso3}_{session}_{year}.txt\"")
    regex, converters = _regex(path, where)
    names = set(regex.groupindex)
    templates = {}
    for key in TEMPLATE_FIELDS:
        if key not in table:
            continue
        template = table[key]
        if not isinstance(template, str):
            raise ValueError(f"{where}: {key} must be a string")
        for name in _template_names(template, f"{where}, {key}"):
            if name not in names:
                raise ValueError(f"{where}: {key} uses {{{name}}}, which the path does not "
                                 f"capture (it captures: {', '.join(sorted(names)) or 'nothing'})")
        templates[key] = template
    return PathPattern(path, regex, converters, templates)


def _regex(path: str, where: str) -> tuple[re.Pattern, dict[str, str]]:
    parts = []
    seen: set[str] = set()
    converters: dict[str, str] = {}
    try:
        pieces = list(string.Formatter().parse(path))
    except ValueError as error:
        raise ValueError(f"{where}: path {path!r}: {error}") from None
    for literal, name, spec, _ in pieces:
        parts.append(re.escape(literal))
        if name is None:
            continue
        if not _NAME.fullmatch(name):
            raise ValueError(f"{where}: {{{name}}} in the path is not a name (letters, digits, _)")
        if spec and spec not in _CONVERTERS:
            raise ValueError(f"{where}: unknown conversion {{{name}:{spec}}} "
                             f"(known: {', '.join(_CONVERTERS)})")
        if name in seen:
            parts.append(f"(?P={name})")
            continue
        seen.add(name)
        if spec:
            converters[name] = spec
        parts.append(f"(?P<{name}>{_CONVERTERS.get(spec) or _CAPTURES.get(name, '[^/]+?')})")
    if not seen:
        raise ValueError(f"{where}: path {path!r} captures nothing ({{year}}, {{country:iso3}}…)")
    return re.compile("".join(parts)), converters


def _template_names(template: str, where: str) -> list[str]:
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"{where}: {template!r}: {error}") from None
    for _, name, spec, conversion in pieces:
        if name is not None and (spec or conversion or not _NAME.fullmatch(name)):
            raise ValueError(f"{where}: {template!r}: write a plain {{name}} "
                             "(conversions such as :iso3 belong in the path)")
    return [name for _, name, _, _ in pieces if name is not None]


def _country(code: str, converter: str) -> str | None:
    country = (pycountry.countries.get(alpha_3=code.upper()) if converter == "iso3"
               else pycountry.countries.get(alpha_2=code.upper()))
    return display_name(country) if country else None


def _date(values: dict[str, str]) -> tuple[dt.date | None, str]:
    """The date the captured ``year``/``month``/``day`` give, and to what precision."""
    if "year" not in values:
        return None, ""
    try:
        year = int(values["year"])
        if "month" not in values:
            return dt.date(year, 1, 1), "year"
        month = int(values["month"])
        if "day" not in values:
            return dt.date(year, month, 1), "month"
        return dt.date(year, month, int(values["day"])), "day"
    except ValueError:
        return None, ""
