"""Country names: pycountry's ISO 3166 list, plus the short names people actually write.

Each country has one display name (the facet value) and the names that refer to it. pycountry
gives the official and common names ("Russian Federation", "Lao People's Democratic Republic");
the tables below add the everyday ones ("Russia", "Laos", "the U.S.") and pick readable display
names. Anything else a curator needs goes into ``[[country]]`` entries of ``entities.toml``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Display names where pycountry's name is not what a reader expects.
DISPLAY = {
    "BOL": "Bolivia", "COD": "Democratic Republic of the Congo", "COG": "Republic of the Congo",
    "FSM": "Micronesia", "GBR": "United Kingdom", "IRN": "Iran", "KOR": "South Korea",
    "LAO": "Laos", "MDA": "Moldova", "PRK": "North Korea", "PSE": "Palestine", "RUS": "Russia",
    "SYR": "Syria", "TWN": "Taiwan", "TZA": "Tanzania", "USA": "United States",
    "VAT": "Holy See", "VEN": "Venezuela", "VNM": "Vietnam", "TUR": "Turkey",
    "CZE": "Czechia", "CIV": "Côte d'Ivoire", "BRN": "Brunei", "CPV": "Cabo Verde",
    "MKD": "North Macedonia", "SWZ": "Eswatini", "FLK": "Falkland Islands",
    "CCK": "Cocos Islands", "VGB": "British Virgin Islands", "VIR": "US Virgin Islands",
    "MAF": "Saint Martin", "SXM": "Sint Maarten",
}
# Other names in common use. A leading "the" is dropped: "the Philippines" names Philippines.
ALIASES = {
    "USA": ["United States of America", "USA", "U.S.A.", "U.S."],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain", "Northern Ireland"],
    "RUS": ["Russian Federation"],
    "LAO": ["Lao PDR", "Lao People's Democratic Republic"],
    "KOR": ["Republic of Korea"],
    "PRK": ["Democratic People's Republic of Korea", "DPRK"],
    "CZE": ["Czech Republic"],
    "TUR": ["Türkiye", "Turkiye"],
    "ARE": ["UAE"],
    "NLD": ["Holland", "the Netherlands"],
    "COD": ["DR Congo", "DRC"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "CPV": ["Cape Verde"],
    "TLS": ["East Timor"],
    "BIH": ["Bosnia"],
    "MAC": ["Macau"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "VAT": ["Vatican", "Vatican City"],
    "BLR": ["Republic of Belarus", "Belorussia", "Byelorussia"],
    "PHL": ["the Philippines"],
    "PSE": ["State of Palestine"],
    "SGS": ["South Georgia"],  # the island, so that it is not taken for Georgia
}
# Places whose names contain a country's name but are not that country. They are matched (the
# longest name wins) and then dropped, so that "New Guinea" does not name Guinea.
NOT_COUNTRIES = ("New Guinea", "Gulf of Guinea", "Niger Delta", "New Mexico", "New Jersey")


def _plain(name: str) -> str:
    """pycountry's "Korea, Republic of" style is not how text names a country."""
    name = re.sub(r"^the ", "", name or "", flags=re.IGNORECASE).strip()
    return "" if "," in name else name


def display_name(country) -> str:
    """The facet value for a pycountry country."""
    return DISPLAY.get(country.alpha_3) or getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every name → its display name; the places of ``NOT_COUNTRIES`` → "" (not a country)."""
    names: dict[str, str] = dict.fromkeys(NOT_COUNTRIES, "")
    for country in pycountry.countries:
        code = country.alpha_3
        display = display_name(country)
        candidates = [
            display, country.name, getattr(country, "official_name", ""),
            getattr(country, "common_name", ""), *ALIASES.get(code, []),
        ]
        for name in map(_plain, candidates):
            if name:
                names.setdefault(name, display)
    return names
