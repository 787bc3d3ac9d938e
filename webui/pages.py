"""The HTML pages: search, document, help (to be written)."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
