"""Collections on a SolrCloud: created from Sift's configset when missing, deleted.

The configset (indexer/engines/solr/configset/conf, installed with the package; generated in part by
indexer.engines.solr.schema) is uploaded under a name made from its content (``sift-`` and a
digest of its files), so a cluster set up by an older Sift keeps the configset its collections
were made with, and :func:`configset_of` tells a collection made with another one: its fields and
analysis are not the ones this Sift writes, and it has to be rebuilt (indexer.engines.solr.ingest).
Collections are created with ``shards`` x ``replicas``; Solr places the cores and routes
documents, Sift only names them.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from pathlib import Path

from indexer.engines.solr.client import SolrClient, SolrError
from indexer.engines.solr.schema import CONF


@functools.cache
def configset_name(conf: Path = CONF) -> str:
    """``sift-`` and a digest of what the configset's files say: another schema, solrconfig or
    word list is another name; a comment, or line endings, is not (every cluster would be
    rebuilt for it, and two checkouts sharing a cluster would rebuild against each other)."""
    digest = hashlib.sha256()
    for path in sorted(conf.iterdir()):
        if path.is_file():
            text = path.read_bytes()
            if path.suffix == ".xml":
                text = re.sub(rb"<!--.*?-->", b"", text, flags=re.S)
            lines = [line.strip() for line in text.splitlines()]
            kept = [line for line in lines
                    if line and not (path.suffix == ".txt" and line.startswith(b"#"))]
            digest.update(path.name.encode() + b"\0" + b"\n".join(kept) + b"\0")
    return f"sift-{digest.hexdigest()[:12]}"


def collections(client: SolrClient) -> list[str]:
    return client.get("admin/collections", [("action", "LIST")]).get("collections", [])


def configsets(client: SolrClient) -> list[str]:
    return client.get("admin/configs", [("action", "LIST")]).get("configSets", [])


def upload_configset(client: SolrClient, name: str, conf: Path = CONF) -> None:
    """Upload the configset folder ``conf`` as ``name`` (a zip of its files, as Solr wants)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(conf.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    client.request("admin/configs", [("action", "UPLOAD"), ("name", name)],
                   buffer.getvalue(), "application/octet-stream")


def ensure_configset(client: SolrClient) -> str:
    """This Sift's configset on the cluster (uploaded unless there); its name."""
    name = configset_name()
    if name not in configsets(client):
        upload_configset(client, name)
    return name


def ensure_collection(client: SolrClient, name: str, shards: int = 2, replicas: int = 2,
                      configset: str | None = None) -> bool:
    """Create ``name`` with ``configset`` (by default this Sift's, uploaded if the cluster
    lacks it) unless it exists; True when it was created."""
    if name in collections(client):
        return False
    configset = configset or ensure_configset(client)
    client.get("admin/collections", [
        ("action", "CREATE"), ("name", name), ("numShards", str(shards)),
        ("replicationFactor", str(replicas)), ("collection.configName", configset),
        ("waitForFinalState", "true"),
    ])
    return True


def configset_of(client: SolrClient, collection: str) -> str | None:
    """The configset ``collection`` was made with; None when there is no such collection (an
    alias may still name one deleted by hand)."""
    try:
        status = client.get("admin/collections", [("action", "CLUSTERSTATUS"),
                                                  ("collection", collection)])
    except SolrError as error:
        if error.status == 400:  # "Collection: ... not found"
            return None
        raise
    return status["cluster"]["collections"].get(collection, {}).get("configName")


def use_configset(client: SolrClient, collection: str, configset: str) -> None:
    """Switch ``collection`` to ``configset`` and reload it, so its cores take the new schema.
    If the reload fails, the collection is given its old configset back: it must never be
    recorded as made with one its cores do not run."""
    before = configset_of(client, collection)
    client.get("admin/collections", [("action", "MODIFYCOLLECTION"), ("collection", collection),
                                     ("collection.configName", configset)])
    try:
        client.get("admin/collections", [("action", "RELOAD"), ("name", collection)])
    except SolrError:
        if before:
            client.get("admin/collections", [("action", "MODIFYCOLLECTION"),
                                             ("collection", collection),
                                             ("collection.configName", before)])
        raise


def drop_unused_configsets(client: SolrClient) -> list[str]:
    """Delete the configsets older Sifts uploaded (``sift-...``) that no collection uses any
    more; their names."""
    status = client.get("admin/collections", [("action", "CLUSTERSTATUS")])
    used = {state.get("configName") for state in status["cluster"]["collections"].values()}
    unused = [name for name in configsets(client) if name.startswith("sift-")
              and name not in used and name != configset_name()]
    for name in unused:
        client.get("admin/configs", [("action", "DELETE"), ("name", name)])
    return unused


def delete_collection(client: SolrClient, name: str) -> None:
    try:
        client.get("admin/collections", [("action", "DELETE"), ("name", name)])
    except SolrError as error:
        if error.status != 400:  # 400: no such collection
            raise


def aliases(client: SolrClient) -> dict[str, str]:
    """Alias -> the collection(s) it points to (comma-separated)."""
    return client.get("admin/collections", [("action", "LISTALIASES")]).get("aliases", {})


def point_alias(client: SolrClient, alias: str, collection: str) -> None:
    """Point ``alias`` at ``collection`` in one step: searches through the alias see the old
    collection until then and the new one after, never neither."""
    client.get("admin/collections", [("action", "CREATEALIAS"), ("name", alias),
                                     ("collections", collection)])


def generation_name(alias: str, stamp: str) -> str:
    """The collection a full rebuild of ``alias`` writes (``sift_20261204T061500``)."""
    return f"{alias}_{stamp}"
