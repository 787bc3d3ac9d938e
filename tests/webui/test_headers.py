"""Security headers: a strict policy on every page, which a view with its own policy keeps."""

from __future__ import annotations

import pytest


def directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


@pytest.mark.parametrize("url", ["/", "/?q=trafficking", "/help", "/doc/nope", "/api/search",
                                 "/static/sift.css"])
def test_every_response_has_the_security_headers(client, url):
    response = client.get(url)
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no other origin
    assert "'unsafe-inline'" not in sum(policy.values(), [])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    from bs4 import BeautifulSoup

    for url in ("/", "/?q=trafficking&country=Belarus", "/help"):
        soup = BeautifulSoup(client.get(url).data, "lxml")
        assert all(script.get("src") for script in soup.find_all("script"))
        assert not soup.find_all("style")
        assert not soup.find_all(attrs={"style": True})
        assert not [tag for tag in soup.find_all(True)
                    if any(name.startswith("on") for name in tag.attrs)]


def test_a_view_with_its_own_policy_keeps_it(app):
    @app.get("/own-policy")
    def own_policy():
        return "framed", 200, {"Content-Security-Policy": "frame-ancestors https://ngo.example"}

    response = app.test_client().get("/own-policy")
    assert response.headers["Content-Security-Policy"] == "frame-ancestors https://ngo.example"
    assert "X-Frame-Options" not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"
