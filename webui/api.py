"""The JSON API: ``/api/search`` and ``/api/documents/<id>``, one error shape for every failure."""

from __future__ import annotations

from flask import Blueprint, current_app, request, url_for
from werkzeug.exceptions import HTTPException

from indexer.search import Archive, SearchError, request_from_params
from indexer.store import IndexUnavailable

bp = Blueprint("api", __name__, url_prefix="/api")


def archive() -> Archive:
    return current_app.extensions["sift"]


def error(status: int, code: str, message: str):
    return {"ok": False, "error": {"code": code, "message": message}}, status


@bp.errorhandler(SearchError)
def search_error(exc: SearchError):
    return error(400, exc.code, exc.message)


@bp.errorhandler(IndexUnavailable)
def no_index(exc: IndexUnavailable):
    return error(503, "no_index", str(exc))


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    return error(exc.code or 500, exc.name.lower().replace(" ", "_"), exc.description or exc.name)


def with_urls(record: dict) -> dict:
    return {"url": url_for("api.document", doc_id=record["id"]), **record}


@bp.get("/search")
def search():
    answer = archive().search(request_from_params(request.args.to_dict(flat=False)))
    answer["results"] = [with_urls(hit) for hit in answer["results"]]
    return answer


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    record = archive().document(doc_id, q=request.args.get("q", ""))
    if record is None:
        return error(404, "not_found", f"no document with id {doc_id!r}")
    record["similar"] = [with_urls(item) for item in record["similar"]]
    return {"ok": True, **with_urls(record)}
