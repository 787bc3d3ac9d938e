"""The HTML pages: search (with facets), a document and its original file, the query syntax,
and the error pages.

Server-rendered from the same search core answers as the JSON API, so every page works without
JavaScript; ``static/sift.js`` only adds conveniences.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from werkzeug.exceptions import NotFound

from indexer import originals, query_syntax
from indexer.document_fields import FACETS, FACETS_BY_NAME, YEAR_FACET
from indexer.facets import language_label
from indexer.highlights import marks
from indexer.service import IndexUnavailable, SearchError, SearchRequest, request_from_params
from webui import archive, links, views

bp = Blueprint("pages", __name__)

# Facet values listed before "more": the rest load into a scrollable list (sift.js, from the
# JSON API) or, without JavaScript, on the facet's own page.
FACET_SHOWN = 10
EXAMPLES = 6


@bp.app_context_processor
def helpers() -> dict:
    return {"links": links, "facets_declared": FACETS, "year_facet": YEAR_FACET,
            "max_query_length": query_syntax.MAX_QUERY_LENGTH}


bp.add_app_template_filter(views.long_date, "long_date")
bp.add_app_template_filter(views.byline, "byline")


@bp.app_template_filter("language_name")
def language_name(code: str | None) -> str:
    return language_label(code) if code else ""


@bp.get("/")
def search():
    params = links.clean(request.args.items(multi=True))
    context = {
        "params": params,
        "q": request.args.get("q", ""),
        "answer": None,
        "message": None,
        "chart": None,
        "examples": [],
        "applied": links.applied(params),
    }
    status = 200
    try:
        # Every facet value is counted (facet_size 0): the sidebar shows the first few and
        # keeps the rest one click away, and the histogram needs every year.
        search_request = request_from_params({**request.args.to_dict(flat=False),
                                              "facet_size": ["0"]})
        if not search_request.q.strip() and "sort" not in request.args:
            search_request = _newest_first(search_request)
        answer = archive().search(search_request)
    except SearchError as exc:
        context["message"] = exc.message
        status = 400
    else:
        context["answer"] = answer
        context["chart"] = views.year_chart(answer, YEAR_FACET)
        # Pages list entries: near-duplicates share their group's entry.
        context["facet_rows"] = {
            name: views.facet_rows(rows)[:FACET_SHOWN] for name, rows in answer["facets"].items()
        }
        context["pages"] = links.page_links(answer["page"], answer["per_page"], answer["entries"])
        context["last_page"] = links.last_page(answer["per_page"], answer["entries"])
        if not answer["total"]:
            context["examples"] = _archive_examples()
    return render_template("search.html", **context), status


def _newest_first(search_request: SearchRequest) -> SearchRequest:
    """With no query, the page is the archive's table of contents: newest first."""
    return replace(search_request, sort="newest")


def _archive_examples() -> list[views.Example]:
    """Examples that find something here (each costs a search of a few milliseconds)."""
    everything = archive().search(SearchRequest(per_page=1, facet_size=0))
    return [
        example for example in views.query_examples(everything["facets"])
        if archive().search(SearchRequest(q=example.query, per_page=1, facet_size=1))["total"]
    ][:EXAMPLES]


@bp.get("/facet/<name>")
def facet_page(name: str):
    """Every value of one facet for the current search, A–Z or by count, narrowed to those
    containing ``contains``: the long list without JavaScript, a form applying the ticked ones."""
    facet = FACETS_BY_NAME.get(name)
    if facet is None:
        raise NotFound(f"There is no facet “{name}” in this archive.")
    params = links.clean(request.args.items(multi=True))
    order = "az" if request.args.get("order") == "az" else "count"
    contains = request.args.get("contains", "").strip()[:200]
    message, rows = None, []
    try:
        search_request = request_from_params({**request.args.to_dict(flat=False),
                                              "facet_size": ["0"], "per_page": ["1"]})
        rows = archive().search(search_request)["facets"].get(name, [])
    except SearchError as exc:
        message = exc.message
    listed = views.facet_rows(rows, order, contains)
    return render_template(
        "facet.html", facet=facet, rows=listed, total=len(rows), order=order,
        contains=contains, params=params, message=message, q=request.args.get("q", ""),
    ), 400 if message else 200


@bp.get("/help")
def help_page():
    return render_template("help.html", examples=_archive_examples())


@bp.get("/doc/<doc_id>")
def document(doc_id: str):
    q = request.args.get("q", "")[:query_syntax.MAX_QUERY_LENGTH]
    record = archive().document(doc_id, q=q)
    if record is None:
        raise NotFound(f"There is no document with the id “{doc_id}” in this archive.")
    page_url = url_for("pages.document", doc_id=doc_id, _external=True)
    results = request.args.get("results")
    entities = [(facet, record.get(facet.name) or []) for facet in FACETS if facet.multi]
    return render_template(
        "document.html",
        doc=record,
        q=q,
        entities=[(facet, values) for facet, values in entities if values],
        citation=views.citation(record, page_url),
        back=(url_for("pages.search") + links.back_to_results(results) if results is not None
              else url_for("pages.search", q=q) if q.strip() else None),
        first_match=next(
            (i for i, paragraph in enumerate(record["paragraphs"]) if marks(paragraph)),
            None,
        ),
    )


@bp.get("/doc/<doc_id>/original")
def original(doc_id: str):
    """The document's original file, found by the index's id, never by a path from the URL,
    and served only from inside the corpus folder. A PDF opens in the browser, sandboxed (no
    script of its own runs with this site's rights); anything else is a download."""
    found = archive().path_of(doc_id)
    if found is None:
        raise NotFound(f"There is no document with the id “{doc_id}” in this archive.")
    try:
        taken = originals.find(Path(current_app.config["SIFT_CORPUS"]), *found)
    except originals.Gone as error:
        raise NotFound(str(error)) from None
    body = taken.content if isinstance(taken.content, Path) else io.BytesIO(taken.content)
    inline = taken.kind == "application/pdf"
    response = send_file(body, mimetype=taken.kind, as_attachment=not inline,
                         download_name=taken.name, conditional=True)
    if inline:
        response.headers["Content-Security-Policy"] = "sandbox"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response


@bp.app_errorhandler(404)
def not_found(exc: NotFound):
    """The API's paths answer JSON, every other path a page with the search box."""
    if request.path.startswith("/api/"):
        from webui.api import error

        return error(404, "not_found", f"no such API address: {request.path}")
    return render_template("error.html", title="Not found", message=exc.description), 404


@bp.app_errorhandler(IndexUnavailable)
def no_index(exc: IndexUnavailable):
    message = ("The archive's index is not built yet, or cannot be opened. Run `sift index`, "
               "then reload this page.")
    return render_template("error.html", title="No index yet", message=message), 503
