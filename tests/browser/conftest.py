"""Real-browser fixtures: Debian's Chromium driven by Playwright against live Sift servers.

The browser tests skip with a clear reason when Chromium or Playwright is missing on a
developer's machine, and fail in CI (CI=true), where `.ci/run` installs both.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("SIFT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Chromium's background connections are refused on a closed network: keep it quiet.
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("SIFT_TEST_OUTPUT", REPO / "test-output"))


def _unavailable(reason: str):
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(reason)


@dataclass
class LiveServer:
    url: str
    port: int


def serve(app) -> Iterator[LiveServer]:
    """Serve ``app`` on a free loopback port in a thread until the generator is closed."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LiveServer(f"http://127.0.0.1:{server.port}", server.port)
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="session")
def live_server(sample) -> Iterator[LiveServer]:
    """Sift over the sample index, on a free port."""
    from webui import create_app

    app = create_app({"SIFT_INDEX": str(sample.index_dir), "SIFT_CORPUS": str(sample.corpus_dir)})
    yield from serve(app)


@pytest.fixture(scope="session")
def paged_server(paged) -> Iterator[LiveServer]:
    """Sift over the shipped corpus and a three-page PDF (see tests/conftest.py), on a free port."""
    from webui import create_app

    app = create_app({"SIFT_INDEX": str(paged.index_dir), "SIFT_CORPUS": str(paged.corpus_dir)})
    yield from serve(app)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        _unavailable(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page; console errors and page errors are collected in ``page.errors``."""
    context = browser.new_context()
    page = context.new_page()
    page.errors = []
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    """Where screenshots go (``test-output/``, git-ignored, or $SIFT_TEST_OUTPUT)."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT
