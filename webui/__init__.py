"""Sift's web front end: HTML pages and the JSON API over the same search core."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from indexer.config import settings
from indexer.search import Archive


class OrderedJSONProvider(DefaultJSONProvider):
    """Keep keys in the order the search core built them, and non-ASCII text as it is."""

    sort_keys = False
    ensure_ascii = False


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__)
    app.json = OrderedJSONProvider(app)
    config = settings()
    app.config.from_mapping(
        SIFT_INDEX=str(config.index_dir),
        SIFT_CORPUS=str(config.corpus_dir),
        SIFT_EMBED_ORIGINS=os.environ.get("SIFT_EMBED_ORIGINS", "*"),
    )
    if test_config:
        app.config.update(test_config)
    app.extensions["sift"] = Archive(Path(app.config["SIFT_INDEX"]))

    from webui import api

    app.register_blueprint(api.bp)
    return app
