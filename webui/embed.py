"""The embeddable search box: embed.js, /embed, OpenSearch, suggestions, CORS (to be written)."""

from flask import Blueprint

bp = Blueprint("embed", __name__)


def init_app(app) -> None:
    pass
