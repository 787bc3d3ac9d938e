"""Research pages over the search core: entity pages (``/entity/<facet>/<value>``, the
``/entities`` index and their JSON under ``/api/entities``), exports of a whole result set
(``/export.csv``, ``/export.json``, ``/export.ris``) and a search's Atom feed (``/feed.atom``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from flask import (
    Blueprint,
    Response,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from werkzeug.exceptions import NotFound

from indexer import entities_view, export, feeds
from indexer.document_fields import YEAR_FACET
from indexer.entities import load_aliases
from indexer.service import IndexUnavailable, SearchError, SearchRequest, request_from_params
from webui import api, archive, links, views
from webui.embed import document_page_url

bp = Blueprint("research", __name__)
api_bp = Blueprint("research_api", __name__, url_prefix="/api")
api_bp.after_request(api.cacheable)
api_bp.register_error_handler(SearchError, api.search_error)
api_bp.register_error_handler(IndexUnavailable, api.no_index)


def aliases() -> dict[str, dict[str, list[str]]]:
    """The curator's aliases, read again only when ``entities.toml`` changes. A file that
    cannot be read gives none here: ``sift index`` is where its mistakes are reported."""
    path = Path(current_app.config["SIFT_CORPUS"]) / "entities.toml"
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = None
    cached = current_app.extensions.get("sift_aliases")
    if cached is None or cached[0] != stamp:
        try:
            loaded = load_aliases(path)
        except ValueError:
            loaded = {}
        cached = (stamp, loaded)
        current_app.extensions["sift_aliases"] = cached
    return cached[1]


def entity_url(facet: str, value: str, external: bool = False) -> str:
    return url_for("research.entity", facet=facet, value=value, _external=external)


def together_url(facet: str, value: str, other_facet: str, other_value: str) -> str:
    """The search for documents naming both. Two values of one facet are OR-ed as filters, so
    the pair is asked as a query (``country:"Qatar" country:"Nigeria"``) instead."""
    if facet != other_facet:
        return url_for("pages.search", **{facet: value}, **{other_facet: other_value})
    quoted = " ".join(f'{facet}:"{v}"' for v in (value, other_value))
    return url_for("pages.search", q=quoted)


def _entity(facet: str, value: str) -> dict | None:
    found = entities_view.entity(archive(), facet, value, aliases())
    if found is not None:
        found["page_url"] = entity_url(facet, found["value"], external=True)
        found["search_url"] = url_for("pages.search", **{facet: found["value"]}, sort="newest",
                                      _external=True)
        for row in found["related"]:
            row["url"] = entity_url(row["facet"], row["value"])
            row["together_url"] = together_url(facet, found["value"], row["facet"], row["value"])
        found["documents"] = [api.with_urls(doc) for doc in found["documents"]]
    return found


# A global, not a context variable: the imported macros (facet values) see globals only.
bp.add_app_template_global(entity_url, "entity_url")
bp.add_app_template_global(views.published_later, "published_later")


@bp.get("/entities")
def entities():
    return render_template("entities.html", listing=entities_view.all_entities(archive()))


@bp.get("/entity/<facet>/<path:value>")
def entity(facet: str, value: str):
    found = _entity(facet, value)
    if found is None:
        raise NotFound(f"Nothing in this archive is filed under {facet} “{value}”.")
    rows = [{"value": row["year"], "count": row["count"], "selected": False}
            for row in found["years"]]
    bars = [(bar, url_for("pages.search", **{found["facet"]: found["value"], YEAR_FACET: bar.year}))
            for bar in views.year_bars(rows)]
    return render_template("entity.html", entity=found, bars=bars)


@api_bp.get("/entities")
def entities_json():
    listing = entities_view.all_entities(archive())
    for facet in listing:
        for row in facet["values"]:
            row["url"] = entity_url(facet["facet"], row["value"])
            row["api_url"] = url_for("research_api.entity_json", facet=facet["facet"],
                                     value=row["value"])
    return {"ok": True, "facets": listing}


@api_bp.get("/entities/<facet>/<path:value>")
def entity_json(facet: str, value: str):
    found = _entity(facet, value)
    if found is None:
        return api.error(404, "not_found", f"no entity {value!r} in facet {facet!r}")
    return {"ok": True, **found}


# -- exports ---------------------------------------------------------------------------------

EXPORTS = {"csv": "csv", "json": "jsonl", "ris": "ris"}  # address suffix -> format


def search_request() -> SearchRequest:
    """The search page's request for these parameters (an empty query: newest first)."""
    wanted = request_from_params(request.args.to_dict(flat=False))
    if not wanted.q.strip() and "sort" not in request.args:
        wanted = replace(wanted, sort="newest")
    return wanted


def export_links() -> list[tuple[str, str]]:
    """(label, address) of each export of the current search, for the Export menu."""
    query = links.href(links.clean(request.args.items(multi=True)))
    return [(label, url_for("research.export_results", suffix=suffix) + query)
            for label, suffix in (("CSV (spreadsheet)", "csv"), ("JSON Lines", "json"),
                                  ("RIS (Zotero, EndNote)", "ris"))]


bp.add_app_template_global(export_links, "export_links")


@bp.get("/export.<suffix>")
def export_results(suffix: str):
    fmt = EXPORTS.get(suffix)
    if fmt is None:
        raise NotFound(f"There is no “{suffix}” export: use .csv, .json or .ris.")
    try:
        wanted = search_request()
        stream = archive().stream(wanted)
    except SearchError as exc:
        if fmt == "jsonl":  # read by programs: the API's error object
            return api.search_error(exc)
        return render_template("error.html", title="This export cannot be made",
                               message=exc.message), 400
    now = dt.datetime.now(dt.UTC)
    chunks = export.export(fmt, wanted, stream, document_page_url, now)
    response = Response(stream_with_context(chunks), mimetype=export.MIMETYPES[fmt])
    if fmt == "csv":
        response.mimetype_params["charset"] = "utf-8"
    name = f"sift-export-{now.strftime('%Y%m%dT%H%M%SZ')}.{suffix}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["X-Sift-Index-Build"] = stream.build_id
    response.headers["X-Sift-Total"] = str(stream.total)
    return response


# -- feeds -----------------------------------------------------------------------------------

def feed_link() -> str | None:
    """The feed of the search page being shown, for its ``<link rel="alternate">``."""
    if request.endpoint != "pages.search":
        return None
    return url_for("research.feed") + links.href(links.clean(request.args.items(multi=True)))


bp.add_app_template_global(feed_link, "feed_link")


@bp.get("/feed.atom")
def feed():
    params = links.clean(request.args.items(multi=True))
    try:
        wanted = search_request()
        entries = archive().latest(wanted)
    except SearchError as exc:
        return render_template("error.html", title="This feed cannot be made",
                               message=exc.message), 400
    searched = feeds.search_key(params)
    body = feeds.render(
        entries,
        feed_title=feeds.title(wanted.q, [(k, v) for k, v in searched if k != "q"]),
        feed_key=feeds.feed_key(searched),
        self_url=url_for("research.feed", _external=True) + links.href(params),
        search_url=url_for("pages.search", _external=True) + links.href(params, sort="newest"),
        page_url=document_page_url,
    )
    return current_app.response_class(body, mimetype="application/atom+xml")
