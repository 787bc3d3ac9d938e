"""Sift's web front end: HTML pages, the JSON API and the embeddable search box, all over the
same search service (:mod:`indexer.service`), whichever engine holds the index: the app is given
an archive, or opens the Whoosh index of its settings."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, current_app
from flask.json.provider import DefaultJSONProvider

from indexer.config import settings
from indexer.service import Archive, open_archive


class OrderedJSONProvider(DefaultJSONProvider):
    """Keep keys in the order the search core built them, and non-ASCII text as it is."""

    sort_keys = False
    ensure_ascii = False


def archive() -> Archive:
    """The app's archive: one per app, shared by its threads."""
    return current_app.extensions["sift"]


def create_app(test_config: dict | None = None, archive: Archive | None = None) -> Flask:
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
    app.extensions["sift"] = (archive if archive is not None
                              else open_archive(Path(app.config["SIFT_INDEX"])))

    from webui import api, embed, headers, health, marks, pages, research

    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(research.bp)
    app.register_blueprint(research.api_bp)
    headers.init_app(app)
    marks.init_app(app)
    embed.init_app(app)
    return app
