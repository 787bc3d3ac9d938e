"""The house's import rules, held by a test: ingestion (a corpus file to a document record)
and the web front end load no search engine (the front end speaks to an archive through
``indexer.service``), and ``sift index`` / ``sift search`` load no web framework. Each check
runs in a fresh interpreter, so what another test imported cannot hide or fake a module."""

from __future__ import annotations

import configparser
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def modules_after(code: str) -> set[str]:
    """The modules loaded once ``code`` has run in a new Python process of this checkout."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def sift_entry_point() -> tuple[str, str]:
    """The module and the object the installed ``sift`` command runs (setup.cfg)."""
    parser = configparser.ConfigParser()
    parser.read(REPO / "setup.cfg")
    scripts = dict(line.split("=", 1) for line in
                   parser["options.entry_points"]["console_scripts"].strip().splitlines())
    module, _, name = scripts["sift "].strip().partition(":")
    return module, name


def engines(modules: set[str]) -> set[str]:
    return {name for name in modules
            if name.split(".")[0] == "whoosh" or name.startswith("indexer.engines.solr")}


@pytest.mark.parametrize("module", ["indexer.walker", "indexer.documents", "indexer.extraction",
                                    "indexer.formats", "indexer.document_fields"])
def test_ingestion_loads_no_engine(module):
    assert engines(modules_after(f"import {module}")) == set()


WEBUI_MODULES = sorted(f"webui.{path.stem}" for path in (REPO / "webui").glob("*.py")
                       if path.stem != "__init__")


@pytest.mark.parametrize("module", ["webui", *WEBUI_MODULES, "indexer.service"])
def test_the_web_front_end_loads_no_engine(module):
    assert engines(modules_after(f"import {module}")) == set()


def test_no_web_front_end_code_names_an_engine():
    """Not even inside a function, where importing the module would not show it: the front end
    reaches an engine through indexer.service (and ``sift serve`` a Solr archive through the
    CLI's options), never by naming one."""
    import ast

    for path in sorted((REPO / "webui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names = [node.value]  # importlib.import_module("indexer.engines...") too
            for name in names:
                assert not name.startswith(("indexer.engines", "whoosh", "indexer.schema",
                                            "indexer.codec")), f"{path.name} names {name}"


def test_the_web_app_opens_the_default_engine_when_it_starts(tmp_path):
    """The web front end's modules load no engine, and yet the app searches with one."""
    loaded = modules_after(f"from webui import create_app; create_app({{'SIFT_INDEX': "
                           f"{str(tmp_path)!r}, 'SIFT_CORPUS': {str(CORPUS)!r}}})")
    assert "whoosh" in loaded and "indexer.engines.whoosh.search" in loaded


def test_the_engine_is_loaded_where_it_is_used():
    """The check above can fail: the Whoosh schema module does load Whoosh."""
    assert "whoosh" in modules_after("import indexer.engines.whoosh.schema")


def test_sift_index_and_search_run_without_flask(tmp_path):
    module, name = sift_entry_point()
    code = f"""
from click.testing import CliRunner
from {module} import {name} as sift
runner = CliRunner()
for args in (["index", "--quiet"], ["search", "trafficking", "--json"]):
    result = runner.invoke(sift, [*args, "--corpus", {str(CORPUS)!r}, "--index", {str(tmp_path)!r}])
    assert result.exit_code == 0, result.output
"""
    loaded = modules_after(code)
    assert "indexer.engines.whoosh.search" in loaded  # it did search
    assert not {name for name in loaded if name.split(".")[0] in ("flask", "webui", "waitress")}


def test_serve_is_a_sift_command_all_the_same():
    module, name = sift_entry_point()
    code = f"""
from click.testing import CliRunner
from {module} import {name} as sift
listed = CliRunner().invoke(sift, ["--help"]).output
assert "serve" in listed, listed
result = CliRunner().invoke(sift, ["serve", "--help"])
assert result.exit_code == 0 and "--threads" in result.output, result.output
"""
    assert "webui.cli" in modules_after(code)


# What the Whoosh engine is made of, as against Sift's analysis chain (built from Whoosh's
# tokenizer and stemmers, and shared by both engines: Solr's configset runs the same chain).
WHOOSH_ENGINE = ("whoosh.query", "whoosh.index", "whoosh.searching", "whoosh.qparser",
                 "indexer.engines.whoosh")


@pytest.mark.parametrize("module", ["indexer.query_tree", "indexer.engines.solr.engine",
                                    "indexer.engines.solr.archive",
                                    "indexer.engines.solr.translate"])
def test_the_query_tree_and_the_solr_engine_load_no_whoosh_engine(module):
    """The query is parsed once, into Sift's own tree; the Solr engine translates the tree, not
    Whoosh's query objects."""
    loaded = modules_after(f"import {module}")
    assert {name for name in loaded
            if name == "indexer.engines.whoosh" or name.startswith(WHOOSH_ENGINE)} == set()
