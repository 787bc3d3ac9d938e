"""``sift index`` and ``sift search``: the indexer and the search core from the command line.

Progress and messages go to stderr, results and ``--json`` output to stdout, so that
``sift index --json | jq`` and ``sift search --json ... | jq`` get clean JSON.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import replace

import click

from indexer import export
from indexer.cli_options import corpus_option, engine_options, index_option
from indexer.cli_report import describe, progress_bar
from indexer.cli_solr import run_solr_index, solr_archive
from indexer.config import settings
from indexer.document_fields import FACETS_BY_NAME
from indexer.engines.whoosh import build, store
from indexer.highlights import BETWEEN_PASSAGES
from indexer.service import (
    MAX_PER_PAGE,
    Archive,
    IndexUnavailable,
    SearchError,
    open_archive,
    request_from_params,
)

filters_option = click.option(
    "--filter", "filters", multiple=True, metavar="FIELD=VALUE",
    help="Keep documents with this facet value (repeatable), e.g. country=Qatar.",
)
base_url_option = click.option(
    "--base-url", metavar="URL", envvar="SIFT_BASE_URL", default="http://127.0.0.1:5000",
    show_default=True, help="Where Sift is served, for document links [or $SIFT_BASE_URL].",
)

EXIT_ERROR = 1  # the corpus is missing, a curator file is malformed, the index cannot be written
EXIT_BUSY = 3  # another reindex is running


def echo_err(message: str) -> None:
    click.echo(message, err=True)


def run_reindex(corpus: str | None, index: str | None, full: bool, quiet: bool,
                wait: float = store.LOCK_WAIT, ocr: bool = True) -> build.Summary:
    """Reindex with a progress bar on a terminal; exits with a clear message on failure."""
    config = replace(settings(corpus, index), ocr=ocr)
    progress = progress_bar("Indexing", quiet)
    try:
        return build.reindex(config, full=full, progress=progress, wait=wait)
    except build.CorpusMissing as error:
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)
    except store.ReindexRunning as error:
        echo_err(f"Error: {error}; try again when it has finished")
        sys.exit(EXIT_BUSY)
    except ValueError as error:  # a malformed entities or metadata file
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)
    except OSError as error:
        echo_err(f"Error: the index cannot be written in {config.index_dir}: {error}")
        sys.exit(EXIT_ERROR)
    finally:
        if progress is not None:
            progress.close()


class _Commands(click.Group):
    """The ``sift`` group. ``serve`` lives in the web UI (``webui.cli``) and is imported only
    when it is run, or listed: ``sift index`` and ``sift search`` never load Flask."""

    LAZY = {"serve": "webui.cli:serve_command"}

    def list_commands(self, ctx) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx, name: str):
        if name in self.LAZY:
            module, _, attribute = self.LAZY[name].partition(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, help="Sift: full-text search for document archives.")
@click.version_option(package_name="sift")
def sift() -> None:
    pass


@sift.command("index")
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (errors only).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--wait", type=click.FloatRange(0), default=store.LOCK_WAIT, show_default=True,
              metavar="SECONDS", help="How long to wait for another reindex to finish.")
@click.option("--no-ocr", "no_ocr", is_flag=True,
              help="Do not read scanned pages and images with Tesseract (they are counted).")
@engine_options
@click.option("--shards", type=click.IntRange(1), default=2, show_default=True,
              help="Solr: shards of a collection created by this run.")
@click.option("--replicas", type=click.IntRange(1), default=2, show_default=True,
              help="Solr: replicas of each shard of a collection created by this run.")
def index_command(corpus, index_dir, full, quiet, as_json, wait, no_ocr, engine, solr_url,
                  collection, shards, replicas):
    """Index the corpus: only added, changed and removed files unless --full.

    The index being served stays searchable throughout, and a run that is killed leaves it as it
    was. Files that cannot be read are skipped with a reason; the rest are indexed. Reads .txt,
    .md, .html, .pdf, .docx, .odt, .rtf, .eml, and scanned pages and images (.png, .jpg, .tif)
    by OCR when Tesseract is installed.

    Exit status: 0 when the index was written (skipped files are warnings), 1 when the corpus is
    missing, a curator file is malformed or the index cannot be written, 3 when another reindex
    is still running after --wait seconds (its pid is named).
    """
    if engine == "solr":
        config = replace(settings(corpus, index_dir), ocr=not no_ocr)
        summary = run_solr_index(config, solr_url, collection, full, quiet, shards, replicas)
    else:
        summary, collection = run_reindex(corpus, index_dir, full, quiet, wait,
                                          ocr=not no_ocr), ""
    if as_json:
        click.echo(json.dumps(summary.as_dict(), ensure_ascii=False))
    elif not quiet:
        echo_err(describe(summary, collection))


def parse_filters(values: tuple[str, ...]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for item in values:
        name, sep, value = item.partition("=")
        if not sep or name not in FACETS_BY_NAME:
            raise click.BadParameter(
                f"{item!r}: write FIELD=VALUE with FIELD one of {', '.join(FACETS_BY_NAME)}",
                param_hint="--filter",
            )
        params.setdefault(name, []).append(value)
    return params


def _terminal(segments) -> str:
    """Highlighted text for the terminal, the matches in bold."""
    return "".join(click.style(text, bold=True, fg="yellow") if marked else text
                   for text, marked in segments)


def _export(archive: Archive, params: dict, fmt: str, base_url: str) -> None:
    """``sift search --format``: every result, streamed to stdout."""
    try:
        request = request_from_params(params)
        stream = archive.stream(request)
    except SearchError as error:
        echo_err(f"Error: {error.message}")
        sys.exit(EXIT_ERROR)
    except IndexUnavailable as error:
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)
    base = base_url.rstrip("/")
    for chunk in export.export(fmt, request, stream, lambda doc_id: f"{base}/doc/{doc_id}"):
        click.echo(chunk, nl=False)


def repair(corpus: str | None, index_dir: str | None) -> None:
    """Before searching: an index that exists but will not open (a damaged table of contents, a
    missing segment file, a garbled pointer) is reported and rebuilt from the corpus, never
    searched half-broken. An index never built stays an error (a mistyped --index must not
    index ./corpus somewhere new)."""
    config = settings(corpus, index_dir)
    if not (config.index_dir / store.POINTER).exists():
        return
    problem = store.problem(config.index_dir)
    if problem:
        echo_err(f"{problem}: rebuilding it from {config.corpus_dir}")
        echo_err(describe(run_reindex(corpus, index_dir, full=True, quiet=True)))


@sift.command("search")
@click.argument("query", required=False, default="")
@index_option
@corpus_option
@filters_option
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance",
              show_default=True)
@click.option("--page", type=click.IntRange(1), default=1, show_default=True)
@click.option("--per-page", type=click.IntRange(1, MAX_PER_PAGE), default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the API's JSON object.")
@click.option("--format", "export_format", type=click.Choice(export.FORMATS),
              help="Export every matching document (not one page) as CSV, JSON Lines or RIS.")
@click.option("--show-duplicates", is_flag=True,
              help="List near-duplicates as results of their own, not under the first one.")
@base_url_option
@engine_options
def search_command(query, index_dir, corpus, filters, sort, page, per_page, as_json,
                   export_format, show_duplicates, base_url, engine, solr_url, collection):
    """Search the index. Without QUERY, list every document, newest first.

    QUERY uses the search syntax: words, "exact phrases", AND/OR/NOT, -word, (groups),
    field:value (title:, country:Qatar, year:2019), prefix*, fuzzy~ and year:[2017 TO 2019].

    An index that exists but will not open is reported and rebuilt from the corpus first.

    Exit status: 0 on success (even with no results), 1 for a query that cannot be parsed or a
    missing index.
    """
    params = parse_filters(filters)
    params.update(q=[query], sort=[sort], page=[str(page)], per_page=[str(per_page)])
    if show_duplicates:
        params["show_duplicates"] = ["1"]
    if engine == "solr":
        archive = solr_archive(solr_url, collection)
    else:
        repair(corpus, index_dir)
        archive = open_archive(settings(None, index_dir).index_dir)
    if export_format:
        _export(archive, params, export_format, base_url)
        return
    try:
        answer = archive.search(request_from_params(params))
    except SearchError as error:
        if as_json:
            failure = {"ok": False, "error": {"code": error.code, "message": error.message}}
            click.echo(json.dumps(failure))
        echo_err(f"Error: {error.message}")
        sys.exit(EXIT_ERROR)
    except IndexUnavailable as error:
        echo_err(f"Error: {error}")
        sys.exit(EXIT_ERROR)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False))
        return
    shown = len(answer["results"])
    first = (page - 1) * per_page + 1
    shown_range = f", {first}–{first + shown - 1} shown" if shown else ""
    click.echo(f"{answer['total']} documents{shown_range} ({answer['took_ms']} ms)")
    if answer["suggestion"]:
        click.echo(f"Did you mean: {answer['suggestion']}")
    if answer["unmatched"] and answer["total"]:
        click.echo(f"No document contains: {', '.join(answer['unmatched'])}")
    for number, hit in enumerate(answer["results"], first):
        meta = " · ".join(str(v) for v in (hit["date"], hit["source"], hit["kind"]) if v)
        click.echo(f"\n{number}. {_terminal(hit['title_segments'])}")
        if meta:
            click.echo(f"   {meta}")
        passages = [_terminal(passage) for passage in hit["snippet"]]
        click.echo(f"   {BETWEEN_PASSAGES.join(passages)}")
        click.echo(f"   {hit['path']}")
        for other in hit.get("duplicates", []):
            when = " · ".join(str(v) for v in (other["date"], other["source"]) if v)
            click.echo(f"   also published: {other['title']}" + (f" ({when})" if when else ""))


# The research commands (entities, feed) register themselves on the group defined above.
from indexer import cli_research  # noqa: E402, F401

if __name__ == "__main__":  # python -m indexer.cli (benchmarks run the code of their checkout)
    from indexer.cli import sift as group  # the module the research commands registered on

    group()
