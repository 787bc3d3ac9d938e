"""A small Solr HTTP client (stdlib only): JSON in and out, basic auth, several node URLs.

Sift talks to SolrCloud through any of its nodes: every node answers for the whole collection,
so when one is down the next URL is tried (a load balancer in front of the cluster does the same
job with one URL). Credentials come from the environment only (``SIFT_SOLR_USER`` and
``SIFT_SOLR_PASSWORD``), never from the command line, where other users of the machine would
see them.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

TIMEOUT = 60.0  # seconds for one request


class SolrError(RuntimeError):
    """Solr answered with an error, or no node could be reached."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


@dataclass
class SolrClient:
    """Requests to ``urls`` (node base URLs, ``http://host:8983/solr``), tried in turn while
    unreachable; an answer with an HTTP error is an answer and is not retried elsewhere."""

    urls: Sequence[str]
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = TIMEOUT

    @classmethod
    def from_url(cls, url: str, timeout: float = TIMEOUT) -> SolrClient:
        """A client for ``url`` (several separated by commas), with credentials from
        ``SIFT_SOLR_USER``/``SIFT_SOLR_PASSWORD`` when set."""
        urls = [part.strip().rstrip("/") for part in url.split(",") if part.strip()]
        if not urls:
            raise ValueError("no Solr URL given")
        return cls(urls, os.environ.get("SIFT_SOLR_USER") or None,
                   os.environ.get("SIFT_SOLR_PASSWORD") or None, timeout)

    def _headers(self, content_type: str | None) -> dict[str, str]:
        headers = {"Accept": "application/json"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.user is not None:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        return headers

    def request(self, path: str, params: Iterable[tuple[str, str]] = (),
                body: bytes | None = None, content_type: str | None = None) -> dict:
        """The JSON answer of ``path`` (below a node's base URL) with ``params``; a body makes
        it a POST. Raises SolrError."""
        query = urllib.parse.urlencode([*params, ("wt", "json")])
        unreachable = []
        for base in self.urls:
            request = urllib.request.Request(f"{base}/{path.lstrip('/')}?{query}", data=body,
                                             headers=self._headers(content_type))
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.load(response)
            except urllib.error.HTTPError as error:
                raise SolrError(_message(error), error.code) from None
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                unreachable.append(f"{base}: {getattr(error, 'reason', error)}")
        raise SolrError("no Solr node answered: " + "; ".join(unreachable))

    def get(self, path: str, params: Iterable[tuple[str, str]] = ()) -> dict:
        return self.request(path, list(params))

    def post_json(self, path: str, payload, params: Iterable[tuple[str, str]] = ()) -> dict:
        return self.request(path, list(params), json.dumps(payload).encode("utf-8"),
                            "application/json")

    def post_form(self, path: str, params: Iterable[tuple[str, str]]) -> dict:
        """A request whose parameters go in the body: a long query does not fit in a URL."""
        body = urllib.parse.urlencode([*params, ("wt", "json")]).encode("utf-8")
        return self.request(path, (), body, "application/x-www-form-urlencoded")


def _message(error: urllib.error.HTTPError) -> str:
    """Solr's own error message when it sent one, else the HTTP status."""
    try:
        answer = json.load(error)
        return f"Solr {error.code}: {answer['error']['msg']}"
    except Exception:  # noqa: BLE001 - not Solr's JSON: say what we know
        return f"Solr {error.code}: {error.reason}"
