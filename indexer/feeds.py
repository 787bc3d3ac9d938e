"""Atom feeds (RFC 4287) of a search: its newest documents, for a reader that follows a query.

Made here from the search core's records as XML (ElementTree escapes every text), so that the
web address ``/feed.atom`` and ``sift feed`` give the same feed. Ids depend only on a document's
id or on the search, never on the host or the time, so a reindex or another address never makes
a feed reader show an entry twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlencode
from xml.etree import ElementTree

from indexer.highlights import snippet_text

ATOM = "http://www.w3.org/2005/Atom"
NAMESPACE = uuid.UUID("5d0c8f43-7a53-4a0c-9b3e-2f6b1f0e9a11")  # Sift's, for ids
# Parameters of a search that do not change which documents a feed lists.
NOT_THE_SEARCH = ("sort", "per_page", "page")

ElementTree.register_namespace("", ATOM)


def atom_id(kind: str, key: str) -> str:
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}").urn


def atom_time(iso: str | None) -> str:
    return (iso or "1970-01-01T00:00:00") + "Z"  # the index's times are UTC


def title(query: str, filters: Iterable[tuple[str, str]]) -> str:
    """"Sift: forced labour · country: Qatar", or the whole archive when nothing is asked."""
    described = [query.strip()] + [f"{name}: {value}" for name, value in filters]
    return "Sift: " + (" · ".join(part for part in described if part) or "the whole archive")


def search_key(params: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The parameters that say which documents a feed holds, in a stable order (for its id)."""
    return sorted((name, value) for name, value in params if name not in NOT_THE_SEARCH)


def feed_key(searched: list[tuple[str, str]]) -> str:
    """The search as a query string: the key of the feed's id, from the web or the shell."""
    return "?" + urlencode(searched) if searched else "?"


def render(records: list[dict], *, feed_title: str, feed_key: str, self_url: str,
           search_url: str, page_url: Callable[[str], str]) -> str:
    """The feed as an XML document. ``records`` are :meth:`Archive.latest`'s, newest first."""

    def add(parent, tag: str, text: str | None = None, **attributes: str):
        element = ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    feed = ElementTree.Element(f"{{{ATOM}}}feed")
    add(feed, "id", atom_id("search", feed_key))
    add(feed, "title", feed_title)
    add(feed, "subtitle", "The newest documents of this search in the Sift archive")
    add(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    add(feed, "link", rel="alternate", type="text/html", href=search_url)
    times = [atom_time(record["updated"]) for record in records]
    add(feed, "updated", max(times, default=atom_time(None)))
    add(add(feed, "author"), "name", "Sift")
    add(feed, "generator", "Sift")
    for record, updated in zip(records, times, strict=True):
        entry = add(feed, "entry")
        add(entry, "id", atom_id("document", record["id"]))
        add(entry, "title", record["title"])
        add(entry, "link", rel="alternate", type="text/html", href=page_url(record["id"]))
        add(entry, "updated", updated)
        if record.get("source"):
            add(add(entry, "author"), "name", record["source"])
        add(entry, "summary", snippet_text(record), type="text")
    ElementTree.indent(feed)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
