"""``sift entities`` and ``sift feed``: the research pages' data from the shell.

The same plain data as ``/entities``, ``/entity/<facet>/<value>`` (and their JSON under
``/api/entities``) and ``/feed.atom``, so a researcher can script what the web UI shows. The
exports are ``sift search --format``; near-duplicates are listed under ``sift search``'s results.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from indexer import entities_view, feeds
from indexer.cli import (
    EXIT_ERROR,
    base_url_option,
    echo_err,
    filters_option,
    index_option,
    parse_filters,
    sift,
)
from indexer.config import settings
from indexer.entities import load_aliases
from indexer.service import IndexUnavailable, SearchError, open_archive, request_from_params

EXIT_NOT_FOUND = 2  # no such entity


def _aliases(corpus: str | None, index: str | None) -> dict:
    """The curator's aliases; a file that cannot be read gives none (``sift index`` reports it)."""
    path = Path(settings(corpus, index).corpus_dir) / "entities.toml"
    try:
        return load_aliases(path)
    except (OSError, ValueError):
        return {}


@sift.command("entities")
@click.argument("facet", required=False)
@click.argument("value", required=False)
@click.option("--corpus", metavar="DIR", help="Folder of documents, for entities.toml's aliases.")
@index_option
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True,
              help="Values listed per facet.")
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON object.")
def entities_command(facet, value, corpus, index_dir, limit, as_json):
    """Who and what the archive is about.

    \b
    sift entities                       each facet's commonest values, with counts
    sift entities country               every country, commonest first
    sift entities organization UNODC    one entity: aliases, years, names met with it, newest
                                        documents

    Exit status: 0, 1 for a missing index, 2 for an entity or facet the archive does not have.
    """
    archive = open_archive(settings(corpus, index_dir).index_dir)
    try:
        if value is None:
            _list(entities_view.all_entities(archive), facet, limit, as_json)
        else:
            found = entities_view.entity(archive, facet, value, _aliases(corpus, index_dir))
            if found is None:
                echo_err(f"Error: nothing in this archive is filed under {facet} “{value}”")
                sys.exit(EXIT_NOT_FOUND)
            _show(found, limit, as_json)
    except IndexUnavailable as error:
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)


def _list(listing: list[dict], facet: str | None, limit: int, as_json: bool) -> None:
    if facet is not None:
        listing = [row for row in listing if row["facet"] == facet]
        if not listing:
            echo_err(f"Error: no facet {facet!r}; try `sift entities` for the list")
            sys.exit(EXIT_NOT_FOUND)
    if as_json:
        click.echo(json.dumps({"ok": True, "facets": listing}, ensure_ascii=False))
        return
    for row in listing:
        click.echo(f"{row['facet_label']} ({len(row['values'])} values)")
        for item in row["values"][:limit if facet is None else None]:
            click.echo(f"  {item['count']:>7,}  {item['label']}")


def _show(found: dict, limit: int, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps({"ok": True, **found}, ensure_ascii=False))
        return
    click.echo(f"{found['label']} ({found['facet_label']}): {found['count']:,} documents")
    if found["aliases"]:
        click.echo(f"Also called: {', '.join(found['aliases'])}")
    if found["years"]:
        years = ", ".join(f"{row['year']}: {row['count']}" for row in found["years"])
        click.echo(f"By year: {years}" + (f"; undated: {found['undated']}"
                                           if found["undated"] else ""))
    if found["related"]:
        click.echo("Named with it:")
        for row in found["related"][:limit]:
            click.echo(f"  {row['count']:>7,}  {row['label']} ({row['facet']})")
    click.echo("Newest documents:")
    for doc in found["documents"][:limit]:
        meta = " · ".join(str(v) for v in (doc["date"], doc["source"]) if v)
        click.echo(f"  {doc['title']}" + (f" ({meta})" if meta else ""))


@sift.command("feed")
@click.argument("query", required=False, default="")
@index_option
@filters_option
@base_url_option
def feed_command(query, index_dir, filters, base_url):
    """Print the Atom feed of a search: its 50 newest documents, as /feed.atom serves it.

    \b
    sift feed '"forced labour"' --filter country=Qatar > qatar.atom

    Exit status: 0, 1 for a query that cannot be parsed or a missing index.
    """
    params = parse_filters(filters)
    params["q"] = [query]
    searched = feeds.search_key((name, value) for name, values in params.items()
                                for value in values if value)
    base = base_url.rstrip("/")
    try:
        records = open_archive(settings(None, index_dir).index_dir).latest(
            request_from_params(params))
    except SearchError as error:
        echo_err(f"Error: {error.message}")
        sys.exit(EXIT_ERROR)
    except IndexUnavailable as error:
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)
    address = feeds.feed_key(searched)
    click.echo(feeds.render(
        records,
        feed_title=feeds.title(query, [(k, v) for k, v in searched if k != "q"]),
        feed_key=address,
        self_url=f"{base}/feed.atom{address}".rstrip("?"),
        search_url=f"{base}/{address}".rstrip("?"),
        page_url=lambda doc_id: f"{base}/doc/{doc_id}",
    ), nl=False)
