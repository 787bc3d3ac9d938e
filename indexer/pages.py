"""Page numbers of a multi-page document (a PDF), from where each page begins in its text.

The index stores, for a document of several pages, the offset in the body where each page
begins (``page_starts``; the pages are joined by a blank line). A passage's page is the last
page beginning at or before it; a document without ``page_starts`` is one page.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence


def page_count(starts: Sequence[int] | None) -> int:
    return len(starts) if starts else 1


def page_of(starts: Sequence[int] | None, offset: int | None) -> int | None:
    """The 1-based page holding character ``offset`` of the body; None for a one-page
    document (nothing worth saying) or an unknown offset."""
    if not starts or len(starts) < 2 or offset is None:
        return None
    return max(1, bisect_right(starts, offset))


def paragraph_pages(body: str, starts: Sequence[int] | None) -> list[int]:
    """The page of each non-blank paragraph of ``body`` (paragraphs are separated by a blank
    line, as the document page shows them), in order."""
    pages, offset = [], 0
    for paragraph in body.split("\n\n"):
        if paragraph.strip():
            lead = len(paragraph) - len(paragraph.lstrip())
            pages.append(page_of(starts, offset + lead) or 1)
        offset += len(paragraph) + 2
    return pages
