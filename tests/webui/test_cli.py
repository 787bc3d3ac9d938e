"""``sift serve``: a misconfiguration is a clear message and exit 1, before any indexing."""

from __future__ import annotations

from click.testing import CliRunner

from indexer.cli import sift


def test_serve_refuses_a_bad_embed_origin(tmp_path, monkeypatch):
    monkeypatch.setenv("SIFT_EMBED_ORIGINS", "ngo.example; script-src *")
    index_dir = tmp_path / "index"
    result = CliRunner().invoke(sift, ["serve", "--corpus", str(tmp_path), "--index",
                                       str(index_dir)])
    assert result.exit_code == 1
    assert "SIFT_EMBED_ORIGINS" in result.output and "is not an origin" in result.output
    assert "Traceback" not in result.output
    assert not index_dir.exists()  # nothing indexed
