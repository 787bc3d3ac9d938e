"""The options every ``sift`` command that reads an index shares: where the corpus and the
index are, and which engine holds the index. Declared here, apart from what the commands run,
so that ``sift serve`` (``webui.cli``) can declare them without loading an engine."""

from __future__ import annotations

import click

corpus_option = click.option(
    "--corpus", metavar="DIR", help="Folder of documents [default: $SIFT_CORPUS or ./corpus]."
)
index_option = click.option(
    "--index", "index_dir", metavar="DIR", help="Index folder [default: $SIFT_INDEX or ./index]."
)

ENGINES = ("whoosh", "solr")
DEFAULT_COLLECTION = "sift"


def engine_options(command):
    """The options selecting the engine, added to a command."""
    command = click.option(
        "--collection", envvar="SIFT_SOLR_COLLECTION", default=DEFAULT_COLLECTION,
        show_default=True, metavar="NAME",
        help="The Solr collection (or alias) [or $SIFT_SOLR_COLLECTION].")(command)
    command = click.option(
        "--solr-url", envvar="SIFT_SOLR_URL", metavar="URL",
        help="A SolrCloud node's base URL, e.g. http://solr1:8983/solr (several: separated by "
             "commas) [or $SIFT_SOLR_URL]; credentials from $SIFT_SOLR_USER and "
             "$SIFT_SOLR_PASSWORD.")(command)
    return click.option(
        "--engine", type=click.Choice(ENGINES), envvar="SIFT_ENGINE", default="whoosh",
        show_default=True, help="The search engine [or $SIFT_ENGINE].")(command)
