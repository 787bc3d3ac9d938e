"""Sift's web front end: HTML pages, the JSON API and the embeddable search box, all over the
same search core (:mod:`indexer.search`)."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app
from flask.json.provider import DefaultJSONProvider

from indexer.config import settings
from indexer.search import Archive


class OrderedJSONProvider(DefaultJSONProvider):
    """Keep keys in the order the search core built them, and non-ASCII text as it is."""

    sort_keys = False
    ensure_ascii = False


def archive() -> Archive:
    """The app's index: one Archive per app, which keeps a searcher per thread."""
    return current_app.extensions["sift"]


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.json = OrderedJSONProvider(app)
    config = settings()
    app.config.from_mapping(
        SIFT_INDEX=str(config.index_dir),
        SIFT_CORPUS=str(config.corpus_dir),
        # Origins allowed to call the API and frame /embed; "*" since the API is public.
        SIFT_EMBED_ORIGINS=os.environ.get("SIFT_EMBED_ORIGINS", "*"),
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["sift"] = Archive(Path(app.config["SIFT_INDEX"]))

    from webui import api, embed, headers, health, pages, research

    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(research.bp)
    app.register_blueprint(research.api_bp)
    headers.init_app(app)
    embed.init_app(app)
    return app
