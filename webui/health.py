"""``/healthz``: whether an index can be served, for load balancers and monitoring.

200 with the generation, its commit number, the number of documents and the last commit's time;
503 while no index can be opened (never built, or damaged and not yet rebuilt). Never cached.
"""

from __future__ import annotations

from flask import Blueprint

from indexer.service import IndexUnavailable
from webui import archive

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    try:
        answer = {"ok": True, **archive().health()}
        status = 200
    except IndexUnavailable as error:
        answer = {"ok": False, "error": {"code": "no_index", "message": str(error)}}
        status = 503
    return answer, status, {"Cache-Control": "no-store"}
