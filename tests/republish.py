"""Near-duplicates made for the tests (loaded by tests/conftest.py as the ``republish``
fixture): real texts republished as a news site would, so that both engines' grouping is tried
on the kind of copy it is for."""

from __future__ import annotations

import random
import re
from pathlib import Path

BRIEFING = "2018-07-30-briefing-world-day-against-trafficking.txt"  # in the shipped corpus
MENU = ["BelTA", "Home | Politics | Economy | Society | Regions | World | Sports",
        "Subscribe to our Telegram channel"]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def republished(text: str, other: str, rng: random.Random, headline: str) -> str:
    """``text`` as a news site would republish it: its menu, a new headline, three sentences
    replaced by others, one dropped, and a footer."""
    body = sentences(text)
    replacements = sentences(other)
    for _ in range(3):
        body[rng.randrange(len(body))] = rng.choice(replacements)
    del body[rng.randrange(len(body))]
    footer = "Reprinting of this material is allowed with a hyperlink to the agency."
    return "\n".join([*MENU, "", headline, "", *body, "", footer]) + "\n"


def plant(corpus: Path, copies: int, seed: int = 7) -> set[frozenset[str]]:
    """``copies`` of the corpus's texts republished under ``republished/`` (undated); returns
    the planted pairs of paths."""
    speeches = sorted(path.relative_to(corpus).as_posix() for path in corpus.rglob("*.txt"))
    rng = random.Random(seed)
    pairs = set()
    for number, original in enumerate(rng.sample(speeches, copies)):
        text = (corpus / original).read_text(encoding="utf-8", errors="replace")
        other = (corpus / rng.choice(speeches)).read_text(encoding="utf-8", errors="replace")
        copy = f"republished/copy-{number:02d}.txt"
        (corpus / copy).parent.mkdir(exist_ok=True)
        headline = f"Statement number {number} to the General Assembly, as delivered"
        (corpus / copy).write_text(republished(text, other, rng, headline), encoding="utf-8")
        pairs.add(frozenset((original, copy)))
    return pairs


def belta_copy(corpus: Path) -> Path:
    """The shipped corpus's Belarus briefing republished by BelTA two days later."""
    text = (corpus / BRIEFING).read_text()
    copy = corpus / "belta-briefing.txt"
    copy.write_text("\n".join([*MENU, "", "Belarus marks World Day against Trafficking",
                               "", *sentences(text)[2:]]) + "\n")
    with open(corpus / "metadata.toml", "a") as metadata:
        metadata.write('\n["belta-briefing.txt"]\nsource = "BelTA"\ndate = 2018-08-01\n')
    return copy
