"""``sift serve``: the web UI and the JSON API. The ``sift`` group (``indexer.cli``) loads it
when it is asked for, so the other commands run without Flask."""

from __future__ import annotations

import click

from indexer.cli_options import corpus_option, engine_options, index_option
from indexer.config import settings
from indexer.service import embedded_index_problem


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, show_default=True, type=click.IntRange(0, 65535))
@corpus_option
@index_option
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
@engine_options
def serve_command(host, port, corpus, index_dir, threads, engine, solr_url, collection):
    """Serve the web UI and the JSON API with waitress, indexing the corpus first if there is
    no index yet, or if the index will not open (it is then rebuilt, never served half-broken).

    SIFT_EMBED_ORIGINS (default *) lists the sites, like https://ngo.example, that may call
    the API from their pages and frame /embed.
    """
    import waitress

    from webui import create_app

    config = settings(corpus, index_dir)
    archive = None
    if engine == "solr":  # every answer from the cluster: nothing to index or repair here
        from indexer.cli_solr import solr_archive

        archive = solr_archive(solr_url, collection)
    try:  # a misconfiguration stops here, before a long first indexing
        app = create_app({"SIFT_INDEX": str(config.index_dir),
                          "SIFT_CORPUS": str(config.corpus_dir)}, archive=archive)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    problem = embedded_index_problem(config.index_dir) if archive is None else None
    if problem:
        from indexer.cli import run_reindex
        from indexer.cli_report import describe

        click.echo(f"{problem}: indexing {config.corpus_dir}", err=True)
        summary = run_reindex(corpus, index_dir, full=True, quiet=False)
        click.echo(describe(summary), err=True)
    click.echo(f"Serving Sift on http://{host}:{port}/ (Ctrl+C to stop)", err=True)
    waitress.serve(app, host=host, port=port, threads=threads, ident="sift")


if __name__ == "__main__":  # python -m webui.cli (tests run the code of their checkout)
    from indexer.cli import sift

    sift()
