"""Security headers on every response.

The pages load only their own style sheet and script (no inline script or style, no CDN), so the
policy can be strict. A view that sets its own Content-Security-Policy keeps it: the ``/embed``
page, made to be framed by partner sites, widens ``frame-ancestors`` for itself alone.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    # Sites linked from a document learn that a visitor came from this server, not what was
    # searched for (the query is in the URL).
    "Referrer-Policy": "strict-origin-when-cross-origin",
    # For browsers that predate frame-ancestors.
    "X-Frame-Options": "SAMEORIGIN",
}


def init_app(app) -> None:
    @app.after_request
    def secure(response):
        own_policy = "Content-Security-Policy" in response.headers
        for name, value in HEADERS.items():
            if name == "X-Frame-Options" and own_policy:
                continue  # the view's own frame-ancestors decides
            response.headers.setdefault(name, value)
        return response
