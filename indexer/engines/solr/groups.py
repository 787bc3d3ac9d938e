"""Near-duplicate groups on the Solr engine: the same groups as on Whoosh (indexer.duplicates),
kept in the collection itself, so that every stateless ``sift serve`` worker reads them from the
cluster.

Each document stores its body's MinHash signature (``minhash``) and a group key
(``duplicate_group``): its own id, or ``dup:`` and the smallest member id of its group when it
has near-duplicates. Every document has a key, because Solr's result grouping puts documents
without one into a single group. After every run into a collection, full or incremental, the
signatures are read back, grouped by indexer.duplicates (the grouping Whoosh does), and the
documents whose key changed are given the new one by atomic updates (every field of the schema
is stored, which atomic updates need); a full rebuild does this before the alias moves.

Groups are only known once the documents are in, so their members are on any shard, and
Solr's ``{!collapse}`` (a group on one shard) cannot fold them. Searches use result grouping
instead, which orders groups by their best member correctly across shards, but whose second
phase asks only the shards that ranked a group among their own top groups: the member it shows
may not be the earliest. So for the groups of a page with several matching members (counted by
a facet over the keys, exact across shards, which also gives ``entries``) the earliest matching
member is read in one more search (see indexer.engines.solr.engine).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from indexer import duplicates
from indexer.engines.solr.translate import quote

FIELD = "duplicate_group"
PREFIX = "dup:"  # the key of a group of two or more (a document alone: its own id)
SIGNATURE = duplicates.FIELD  # the MinHash signature's field, as on Whoosh
EARLIEST = "date asc,id asc"  # earliest dated first, undated last (sortMissingLast), ties by id


def encoded(signature: bytes) -> str:
    """A signature as Solr's binary field takes it (base64)."""
    return base64.b64encode(signature).decode("ascii")


def keys(groups: Iterable[list[str]]) -> dict[str, str]:
    """The key of each grouped id (every member of a group of indexer.duplicates.group, sorted:
    its first member names it); ids in no group are their own key."""
    return {member: PREFIX + members[0] for members in groups for member in members}


def write(engine) -> int:
    """Group the committed collection's documents and give those whose group changed their new
    key (visible after the next commit); returns how many were updated."""
    signatures: dict[str, bytes] = {}
    stored: dict[str, str | None] = {}
    for doc in engine.each([("q", "*:*")], f"id,{SIGNATURE},{FIELD}"):
        stored[doc["id"]] = doc.get(FIELD)
        if doc.get(SIGNATURE):
            signatures[doc["id"]] = base64.b64decode(doc[SIGNATURE])
    grouped = keys(duplicates.group(signatures))
    changes = [{"id": doc_id, FIELD: {"set": grouped.get(doc_id, doc_id)}}
               for doc_id, key in stored.items() if key != grouped.get(doc_id, doc_id)]
    return engine.add(changes)


def collapsing() -> list[tuple[str, str]]:
    """Parameters that fold a search's results to one per group, in the search's order (the
    rank of each group's best member), with the keys of groups having two matching members or
    more counted (``entries``, :func:`entries`). Needs the search's ``facet=true``."""
    return [("group", "true"), ("group.field", FIELD), ("group.main", "true"),
            ("facet.field", FIELD), (f"f.{FIELD}.facet.prefix", PREFIX),
            (f"f.{FIELD}.facet.mincount", "2"), (f"f.{FIELD}.facet.limit", "-1")]


def matching(answer: dict) -> dict[str, int]:
    """Of a collapsed search's answer, each group's number of matching members (two or more)."""
    flat = answer.get("facet_counts", {}).get("facet_fields", {}).get(FIELD, [])
    return dict(zip(flat[::2], flat[1::2], strict=True))


def entries(total: int, counts: dict[str, int]) -> int:
    """The entries a collapsed result list has: each group of n matching members is one."""
    return total - sum(count - 1 for count in counts.values())


def members_filter(group_keys: Iterable[str]) -> str:
    return f"{FIELD}:(" + " OR ".join(quote(key) for key in sorted(set(group_keys))) + ")"


def members(engine, group_keys: Iterable[str], fields: str) -> dict[str, list[dict]]:
    """Every member of the groups ``group_keys`` (stored fields ``fields``), earliest first."""
    wanted = {key for key in group_keys if key and key.startswith(PREFIX)}
    found: dict[str, list[dict]] = {key: [] for key in wanted}
    if wanted:
        for doc in engine.each([("q", members_filter(wanted))], f"{fields},{FIELD}", EARLIEST):
            found[doc[FIELD]].append(doc)
    return found
