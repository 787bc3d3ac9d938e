"""Country names: pycountry's ISO 3166 list, plus the short names people actually write.

Each country has one display name (the facet value) and the names that refer to it. pycountry
gives the official and common names ("Russian Federation", "Lao People's Democratic Republic");
the table below adds the everyday ones ("Russia", "Laos", "the US") and picks readable display
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
}
# Other names in common use.
ALIASES = {
    "USA": ["United States of America", "USA", "U.S.A.", "U.S."],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
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
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "MKD": ["Macedonia"],
    "VAT": ["Vatican"],
    "BLR": ["Republic of Belarus"],
    "PHL": ["the Philippines"],
    "PSE": ["State of Palestine"],
}


def _plain(name: str) -> str:
    """pycountry's "Korea, Republic of" style is not how text names a country."""
    return "" if "," in name else name


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every name → its display name."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        display = DISPLAY.get(code) or getattr(country, "common_name", None) or country.name
        candidates = [
            display, country.name, getattr(country, "official_name", ""),
            getattr(country, "common_name", ""), *ALIASES.get(code, []),
        ]
        for name in candidates:
            name = _plain(re.sub(r"^the ", "", name or "", flags=re.IGNORECASE))
            if name:
                names.setdefault(name, display)
    return names
