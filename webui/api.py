"""The JSON API: ``/api/search``, ``/api/documents/<id>`` and ``/api/suggest``, one error shape
for every failure."""

from __future__ import annotations

from flask import Blueprint, current_app, json, request, url_for
from werkzeug.exceptions import HTTPException

from indexer.service import IndexUnavailable, SearchError, bounded_query, request_from_params
from webui import archive
from webui.embed import document_page_url, results_page_url
from webui.marks import with_html

bp = Blueprint("api", __name__, url_prefix="/api")

# Answers may be a minute stale: the index changes rarely, and a search box asks on every key.
MAX_AGE = 60
SUGGESTIONS = 8


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


@bp.after_request
def cacheable(response):
    """Let browsers and proxies keep an answer briefly. The URL is the whole query, so it is the
    cache key; ``Vary: Origin`` keeps an answer made for one site's CORS request (or for none)
    from being served to another when ``SIFT_EMBED_ORIGINS`` lists origins."""
    if request.method == "OPTIONS":  # a preflight: Access-Control-Max-Age says how long
        return response
    if response.status_code in (200, 400, 404):
        response.cache_control.public = True
        response.cache_control.max_age = MAX_AGE
    else:
        response.cache_control.no_store = True
    response.vary.add("Origin")
    return response


def with_urls(record: dict) -> dict:
    """Adds ``url`` (the document's page in this app), ``page_url`` (the same, absolute, for
    links from other sites) and ``api_url`` (this API's JSON for it)."""
    return {
        "url": url_for("pages.document", doc_id=record["id"]),
        **record,
        "page_url": document_page_url(record["id"]),
        "api_url": url_for("api.document", doc_id=record["id"]),
    }


@bp.get("/search")
def search():
    answer = archive().search(request_from_params(request.args.to_dict(flat=False)))
    answer["results"] = [with_urls(with_html(hit)) for hit in answer["results"]]
    for hit in answer["results"]:
        hit["duplicates"] = [with_urls(other) for other in hit["duplicates"]]
    answer["page_url"] = results_page_url(request.args)  # the full results page, absolute
    return answer


@bp.get("/documents/<doc_id>")
def document(doc_id: str):
    record = archive().document(doc_id, q=request.args.get("q", ""))
    if record is None:
        return error(404, "not_found", f"no document with id {doc_id!r}")
    record["similar"] = [with_urls(item) for item in record["similar"]]
    record["attachments"] = [with_urls(item) for item in record["attachments"]]
    if record["attached_to"]:
        record["attached_to"] = with_urls(record["attached_to"])
    record["duplicates"] = [with_urls(item) for item in record["duplicates"]]
    return {"ok": True, **with_urls(with_html(record))}


@bp.get("/suggest")
def suggest():
    """Completions in the OpenSearch suggestions format: ``["q", ["completion", ...]]``."""
    q = bounded_query(request.args.get("q", ""))
    completions = archive().suggest(q, limit=SUGGESTIONS)
    return current_app.response_class(
        json.dumps([q, completions], ensure_ascii=False),
        mimetype="application/x-suggestions+json",
    )
