"""Collections on a SolrCloud: created from Sift's configset when missing, deleted.

The configset (indexer/engines/solr/configset/conf, installed with the package; generated in part by
indexer.engines.solr.schema) is uploaded under CONFIGSET unless the cluster already has it; the
collection is then created with ``shards`` x ``replicas``. Solr places the cores and routes
documents; Sift only names them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from indexer.engines.solr.client import SolrClient, SolrError
from indexer.engines.solr.schema import CONF

CONFIGSET = "sift"


def collections(client: SolrClient) -> list[str]:
    return client.get("admin/collections", [("action", "LIST")]).get("collections", [])


def configsets(client: SolrClient) -> list[str]:
    return client.get("admin/configs", [("action", "LIST")]).get("configSets", [])


def upload_configset(client: SolrClient, name: str = CONFIGSET, conf: Path = CONF) -> None:
    """Upload the configset folder ``conf`` as ``name`` (a zip of its files, as Solr wants)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(conf.iterdir()):
            if path.is_file():
                archive.write(path, path.name)
    client.request("admin/configs", [("action", "UPLOAD"), ("name", name)],
                   buffer.getvalue(), "application/octet-stream")


def ensure_collection(client: SolrClient, name: str, shards: int = 2, replicas: int = 2,
                      configset: str = CONFIGSET) -> bool:
    """Create ``name`` (uploading the configset first if the cluster lacks it) unless it
    exists; True when it was created."""
    if name in collections(client):
        return False
    if configset not in configsets(client):
        upload_configset(client, configset)
    client.get("admin/collections", [
        ("action", "CREATE"), ("name", name), ("numShards", str(shards)),
        ("replicationFactor", str(replicas)), ("collection.configName", configset),
        ("waitForFinalState", "true"),
    ])
    return True


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
