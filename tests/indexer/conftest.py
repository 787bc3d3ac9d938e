"""Helpers shared by the indexer's tests, as fixtures."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _within(seconds: float, function, *args):
    """``function(*args)``, failing the test if it takes longer than ``seconds`` (a hang)."""
    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # handed to the test below
            outcome["error"] = error

    worker = threading.Thread(target=run, daemon=True)  # a stuck daemon cannot stall pytest
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        pytest.fail(f"{getattr(function, '__name__', function)} still running after {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def within():
    """Runs a call that might hang (a FIFO, /dev/zero) with a time limit."""
    return _within


def _shipped(phrase: str) -> str:
    """The one shipped document containing ``phrase`` (file names may change, texts don't)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    found = [text for text in texts if phrase in text]
    assert len(found) == 1, phrase
    return found[0]


@pytest.fixture
def shipped_text():
    """The text of the shipped document containing a phrase."""
    return _shipped
