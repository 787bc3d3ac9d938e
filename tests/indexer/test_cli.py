"""The ``sift index`` and ``sift search`` commands: output streams, JSON and exit codes."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from indexer.cli import sift
from indexer.engines.whoosh import build, store


def run(*args: str):
    return CliRunner().invoke(sift, list(args), catch_exceptions=False)


def index_args(settings):
    return ["index", "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


def test_index_json_summary_is_clean_json_on_stdout(corpus_copy):
    result = run(*index_args(corpus_copy), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("added", "updated", "removed", "unchanged")} == {
        "added": 5, "updated": 0, "removed": 0, "unchanged": 0}
    assert summary["skipped"] == [] and isinstance(summary["seconds"], float)


def test_index_summary_goes_to_stderr(corpus_copy):
    result = run(*index_args(corpus_copy))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "5 added" in result.stderr


def test_index_summary_names_the_formats_and_the_ocr_state(corpus_copy):
    text = run(*index_args(corpus_copy), "--no-ocr").stderr
    [line] = [line for line in text.splitlines() if line.startswith("  reads ")]
    assert all(suffix in line.split() for suffix in (".txt", ".pdf", ".docx", ".rtf", ".png"))
    assert line.endswith("; OCR off (--no-ocr)")
    answer = json.loads(run(*index_args(corpus_copy), "--no-ocr", "--json").stdout)
    assert answer["ocr"] == "off" and ".rtf" in answer["formats"]


def test_index_reports_skipped_files_but_succeeds(corpus_copy):
    (corpus_copy.corpus_dir / "blank.txt").write_text("   \n")
    result = run(*index_args(corpus_copy), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["skipped"] == [{"path": "blank.txt", "reason": "empty file"}]


def test_missing_corpus_exits_1_with_a_message(tmp_path):
    result = run("index", "--corpus", str(tmp_path / "nope"), "--index", str(tmp_path / "ix"))
    assert result.exit_code == 1
    assert "corpus folder not found" in result.stderr


def test_unwritable_index_exits_1(corpus_copy, tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("")
    result = run("index", "--corpus", str(corpus_copy.corpus_dir), "--index", str(blocker / "ix"))
    assert result.exit_code == 1
    assert "cannot be written" in result.stderr


def test_busy_index_exits_3_naming_the_running_reindex(corpus_copy):
    with store.reindex_lock(corpus_copy.index_dir):
        result = run(*index_args(corpus_copy), "--wait", "0")
    assert result.exit_code == 3
    assert f"another reindex is running (pid {os.getpid()})" in result.stderr


def test_search_json_has_the_api_shape(corpus_copy):
    run(*index_args(corpus_copy))
    result = run("search", "organization:UNODC", "--index", str(corpus_copy.index_dir), "--json")
    assert result.exit_code == 0
    answer = json.loads(result.stdout)
    assert list(answer)[:5] == ["ok", "query", "total", "page", "per_page"]
    assert answer["total"] == 2
    hit = answer["results"][0]
    for key in ("id", "path", "title", "title_segments", "date", "year", "source", "kind",
                "language", "snippet", "score"):
        assert key in hit
    assert {"country", "organization", "person", "topic", "year"} <= set(answer["facets"])


def test_search_filters_and_readable_output(corpus_copy):
    run(*index_args(corpus_copy))
    result = run("search", "--index", str(corpus_copy.index_dir), "--filter", "kind=statement")
    assert result.exit_code == 0
    assert result.stdout.startswith("1 documents")
    assert "Statement by the Deputy Minister" in result.stdout


def test_search_names_a_misspelt_word_and_its_correction(corpus_copy):
    run(*index_args(corpus_copy))
    result = run("search", "--index", str(corpus_copy.index_dir), "traffiking children")
    assert result.exit_code == 0
    assert "Did you mean: trafficking children" in result.stdout
    assert "No document contains: traffiking" in result.stdout


def test_search_bad_query_exits_1(corpus_copy):
    run(*index_args(corpus_copy))
    result = run("search", '"unclosed', "--index", str(corpus_copy.index_dir))
    assert result.exit_code == 1
    assert "quotation mark is not closed" in result.stderr


def test_search_bad_filter_is_a_usage_error(corpus_copy):
    result = run("search", "--index", str(corpus_copy.index_dir), "--filter", "colour=red")
    assert result.exit_code == 2


def test_search_without_index_exits_1(tmp_path):
    result = run("search", "x", "--index", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert "sift index" in result.stderr


def test_search_format_exports_every_result(corpus_copy):
    run(*index_args(corpus_copy))
    index = ["--index", str(corpus_copy.index_dir)]
    result = run("search", "trafficking", *index, "--format", "jsonl", "--per-page", "1",
                 "--base-url", "https://sift.example/")
    assert result.exit_code == 0
    header, *rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert header["export"]["total"] == len(rows) > 1
    assert rows[0]["url"] == f"https://sift.example/doc/{rows[0]['id']}"
    csv_out = run("search", "trafficking", *index, "--format", "csv").stdout
    assert csv_out.startswith("\ufeff# Sift export:")
    ris = run("search", "trafficking", *index, "--format", "ris").stdout
    assert ris.count("ER  - ") == len(rows)
    bad = run("search", '"unclosed', *index, "--format", "csv")
    assert bad.exit_code == 1 and "quotation mark" in bad.stderr


def test_the_progress_bar_says_when_the_index_is_being_written(capsys):
    from indexer.cli_report import ProgressBar

    bar = ProgressBar("Indexing")
    for done, path in ((3, "a.txt"), (4, "b.txt"), (4, build.WRITING)):
        bar(done, 4, path)
    bar.close()
    err = capsys.readouterr().err
    assert "Writing the index" in err and "Index written in" in err
    assert err.index("Writing the index") > err.index("Indexing")
