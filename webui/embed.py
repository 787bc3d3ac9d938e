"""Sift on other sites: the ``<sift-search>`` script, the ``/embed`` iframe page, OpenSearch.

A partner site adds ``<script src="https://SIFT-HOST/embed.js" defer></script>`` and a
``<sift-search>`` element; the script calls ``/api/search`` across origins, so the API answers
CORS for the origins in ``SIFT_EMBED_ORIGINS`` (default ``*``: the API is public and read-only,
and no request carries credentials). Sites that cannot run a third-party script frame ``/embed``
instead; that one page may be framed by the same origins, every other page keeps
``frame-ancestors 'self'`` (set in :mod:`webui.headers`, which leaves a view's own policy alone).
"""

from __future__ import annotations

import base64
import hashlib
import re

from flask import (
    Blueprint,
    current_app,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from flask_cors import CORS
from werkzeug.datastructures import MultiDict

from indexer.document_fields import FACETS
from indexer.service import IndexUnavailable, SearchError, request_from_params
from webui import archive

bp = Blueprint("embed", __name__)

# The HTML pages the widget and the iframe link to (the pages blueprint).
DOCUMENT_ENDPOINT = "pages.document"
RESULTS_ENDPOINT = "pages.search"
# embed.js is revalidated by its ETag after five minutes, so a fix reaches partner sites quickly.
SCRIPT_MAX_AGE = 300
OPENSEARCH_MAX_AGE = 3600
FRAME_MAX_AGE = 60  # like the API's answers
# How many results the iframe page shows: the widget's ``results`` attribute, bounded.
DEFAULT_RESULTS = 5
MAX_RESULTS = 20
# The iframe page's own parameters, besides q and the facets, with their defaults; those that
# differ from the default are kept from search to search.
FRAME_DEFAULTS = {"results": DEFAULT_RESULTS, "theme": "auto", "lang": "en", "accent": "",
                  "target": "_blank", "placeholder": ""}
# Parameters that the full results page understands, besides the facets.
RESULTS_PARAMS = ("q", "sort", "date_from", "date_to")

# An origin as a browser sends it (scheme://host[:port]), or one with a subdomain wildcard;
# nothing that could end a CSP directive (";", ",", quotes, spaces) can get through.
_ORIGIN = re.compile(r"https?://(\*\.)?[a-z0-9.-]+(:\d{1,5})?|https?://\[[0-9a-f:.]+\](:\d{1,5})?",
                     re.IGNORECASE)

STRINGS = {
    "en": {
        "label": "Search the archive",
        "button": "Search",
        "none": "No results for “{q}”.",
        "count": "{shown} of {total} results",
        "every": "{total} results",
        "all": "See all {total} results",
        "down": "Search is unavailable right now. Please try again later.",
        "suggest": "Did you mean",
    },
    "ru": {
        "label": "Поиск по архиву",
        "button": "Найти",
        "none": "По запросу «{q}» ничего не найдено.",
        "count": "{shown} из {total}",
        "every": "Найдено: {total}",
        "all": "Все результаты: {total}",
        "down": "Поиск сейчас недоступен. Попробуйте позже.",
        "suggest": "Возможно, вы имели в виду",
    },
}


def parse_origins(value: str) -> list[str]:
    """``SIFT_EMBED_ORIGINS`` as a list: ``["*"]`` or origins like ``https://ngo.example``.

    Raises ValueError for anything else, so a typo stops the server at start-up instead of
    silently breaking every partner's box (or, worse, widening a CSP directive).
    """
    origins = [token.rstrip("/") for token in re.split(r"[\s,]+", value or "") if token]
    for origin in origins:
        if origin != "*" and not _ORIGIN.fullmatch(origin):
            raise ValueError(
                f"SIFT_EMBED_ORIGINS: {origin!r} is not an origin like https://example.org"
            )
    return ["*"] if not origins or "*" in origins else origins


def _cors_pattern(origin: str) -> str | re.Pattern:
    """flask-cors takes plain strings literally; a ``*.`` subdomain wildcard becomes a regex."""
    if "*." not in origin:
        return origin
    scheme, host = origin.split("://*.", 1)
    return re.compile(rf"{re.escape(scheme)}://[a-z0-9.-]+\.{re.escape(host)}$", re.IGNORECASE)


def init_app(app) -> None:
    """CORS on the API (and on embed.js, so a host may load it with ``crossorigin``/SRI)."""
    origins = parse_origins(app.config.get("SIFT_EMBED_ORIGINS", "*"))
    app.extensions["sift_embed_origins"] = origins
    public = origins == ["*"]
    CORS(
        app,
        resources={
            r"/api/*": {"origins": "*" if public else [_cors_pattern(o) for o in origins]},
            "/embed.js": {"origins": "*"},
        },
        methods=["GET", "HEAD", "OPTIONS"],
        supports_credentials=False,
        # With "*" every answer says "*", so one cached copy serves every site; with a list,
        # only a listed Origin is echoed (and answers vary on it: see api.cacheable).
        send_wildcard=public,
        always_send=public,
        max_age=86400,
    )


def frame_ancestors() -> str:
    origins = current_app.extensions["sift_embed_origins"]
    return "frame-ancestors " + ("*" if origins == ["*"] else " ".join(["'self'", *origins]))


# -- addresses of the HTML pages ---------------------------------------------------------------


def document_page_url(doc_id: str) -> str:
    """The absolute address of a document's HTML page (links from other sites need the host)."""
    return url_for(DOCUMENT_ENDPOINT, doc_id=doc_id, _external=True)


def results_page_url(args) -> str:
    """The full results page for the query and filters in ``args`` (a MultiDict)."""
    params = {name: args.getlist(name) for name in RESULTS_PARAMS if args.get(name)}
    for facet in FACETS:
        if values := [value for value in args.getlist(facet.name) if value.strip()]:
            params[facet.name] = values
    return url_for(RESULTS_ENDPOINT, _external=True, **params)


# -- routes ------------------------------------------------------------------------------------


@bp.get("/embed.js")
def script():
    """The widget, revalidated by ETag (send_file answers If-None-Match with a 304)."""
    response = send_from_directory(current_app.static_folder, "embed.js", max_age=SCRIPT_MAX_AGE)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/opensearch.xml")
def opensearch():
    body = render_template(
        "opensearch.xml",
        results_url=results_page_url(MultiDict()),
        suggest_url=url_for("api.suggest", _external=True),
        self_url=url_for("embed.opensearch", _external=True),
    )
    response = current_app.response_class(
        body, mimetype="application/opensearchdescription+xml"
    )
    response.cache_control.public = True
    response.cache_control.max_age = OPENSEARCH_MAX_AGE
    return response


def _bounded(raw: str | None, default: int, low: int, high: int) -> int:
    """A count from the URL within [low, high]; a very long number (never parsed: Python refuses
    huge ones) asks for the most, anything but digits gets the default."""
    if not raw or not raw.isdecimal() or not raw.isascii():
        return default
    return high if len(raw) > 6 else min(max(int(raw), low), high)


@bp.get("/embed")
def frame():
    """The compact results page for an ``<iframe>``: a form, a few results, a link to them all.

    Plain HTML with no script; facet parameters in its URL (``?country=Belarus``) are fixed
    filters, kept by the form. Links open outside the frame (the document pages refuse framing).
    """
    args = request.args
    lang = "ru" if args.get("lang", "").lower().startswith("ru") else "en"
    text = STRINGS[lang]
    q = args.get("q", "").strip()
    # CSS variables cannot reach into a frame: its accent colour comes in the URL.
    accent = args.get("accent", "")
    filters = [(facet.name, value) for facet in FACETS for value in args.getlist(facet.name)
               if value.strip()]
    context = {
        "lang": lang,
        "text": text,
        "q": q,
        "results": _bounded(args.get("results"), DEFAULT_RESULTS, 1, MAX_RESULTS),
        "theme": args.get("theme") if args.get("theme") in ("light", "dark") else "auto",
        "accent": accent if re.fullmatch(r"#[0-9a-fA-F]{3,8}", accent) else "",
        "target": "_top" if args.get("target") == "_top" else "_blank",
        "placeholder": args.get("placeholder", "")[:100],
        "answer": None,
        "message": "",
    }
    # What the form carries from one search to the next: fixed filters, and the presentation
    # as understood (never a raw parameter) where it is not the default anyway.
    context["hidden"] = filters + [
        (name, str(context[name])) for name, default in FRAME_DEFAULTS.items()
        if context[name] != default
    ]
    status = 200
    if q:
        params: dict[str, list[str]] = {}
        for name, value in filters:
            params.setdefault(name, []).append(value)
        params.update(q=[q], per_page=[str(context["results"])], facet_size=["1"])
        try:
            answer = archive().search(request_from_params(params))
        except SearchError as exc:
            context["message"] = exc.message
        except IndexUnavailable:
            context["message"] = text["down"]
            status = 503
        else:
            for hit in answer["results"]:
                hit["page_url"] = document_page_url(hit["id"])
            answer["page_url"] = results_page_url(args)
            if answer["suggestion"]:
                # The same frame (filters, presentation) for the corrected query.
                answer["suggestion_url"] = url_for(
                    "embed.frame", **{**args.to_dict(flat=False), "q": answer["suggestion"]})
            context["answer"] = answer
            if not answer["total"]:
                context["message"] = text["none"].format(q=q)
    # The page's one style sheet is allowed by its hash (not a nonce), so the page may be cached.
    css = render_template("embed_style.html", accent=context["accent"])
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    response = current_app.make_response(
        (render_template("embed.html", css=css, **context), status)
    )
    response.headers["Content-Security-Policy"] = "; ".join([
        "default-src 'none'",
        f"style-src 'sha256-{digest}'",
        "img-src 'self' data:",
        "form-action 'self'",
        "base-uri 'none'",
        frame_ancestors(),
    ])
    if status == 200:
        response.cache_control.public = True
        response.cache_control.max_age = FRAME_MAX_AGE
    else:
        response.cache_control.no_store = True
    return response
