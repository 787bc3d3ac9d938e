"""``--engine solr`` for ``sift index`` and ``sift search``: the options and what they run.

Whoosh stays the default. The Solr engine is chosen with ``--engine solr`` (or
``SIFT_ENGINE=solr``), pointed at a SolrCloud with ``--solr-url`` (``SIFT_SOLR_URL``: one node,
a load balancer, or several URLs separated by commas) and ``--collection``
(``SIFT_SOLR_COLLECTION``). Basic-auth credentials come from ``SIFT_SOLR_USER`` and
``SIFT_SOLR_PASSWORD`` only, never from the command line, where other users of the machine
would read them.
"""

from __future__ import annotations

import sys

import click

from indexer.cli_report import progress_bar
from indexer.engines.solr.client import SolrClient, SolrError


def solr_engine(solr_url: str | None, collection: str):
    """The SolrEngine for the options given; exits with a message when no URL is."""
    from indexer.engines.solr.engine import SolrEngine

    if not solr_url:
        click.echo("Error: --engine solr needs --solr-url (or $SIFT_SOLR_URL)", err=True)
        sys.exit(1)
    return SolrEngine(SolrClient.from_url(solr_url), collection)


def solr_archive(solr_url: str | None, collection: str):
    """The archive ``sift search`` and ``sift serve`` ask, on the collection the options name."""
    from indexer.engines.solr.archive import SolrArchive

    return SolrArchive(solr_engine(solr_url, collection))


def run_solr_index(config, solr_url: str | None, collection: str, full: bool, quiet: bool,
                   shards: int, replicas: int):
    """Index the corpus into the collection or alias (indexer.engines.solr.ingest.reindex): in
    place, or, for a full run, the first one, or a collection made with another configset, into
    a new collection with the alias ``collection`` moved onto it (a plain collection is rebuilt
    in place, and only with ``full``). Returns the SolrSummary; exits with a message on
    failure."""
    from indexer.engines.solr.ingest import reindex

    engine = solr_engine(solr_url, collection)
    progress = progress_bar("Indexing into Solr", quiet)
    try:
        summary = reindex(config, engine.client, collection, full, shards, replicas, progress)
    except (SolrError, FileNotFoundError, ValueError) as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)
    finally:
        if progress is not None:
            progress.close()
    if summary.collection and not quiet:
        click.echo(f"wrote collection {summary.collection} ({shards} shards x {replicas} "
                   f"replicas); alias {collection} now points to it", err=True)
    return summary
