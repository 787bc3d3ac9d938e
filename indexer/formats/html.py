"""HTML pages: the article's text and the page's own metadata, never its scripts or chrome.

beautifulsoup4 with the lxml parser: fast, and it builds 8,000 nested divs without recursing.
The text is read in one pass over the tree with an explicit stack (no recursion, no get_text per
element, which is quadratic on deep pages): script, style, navigation, header, footer, aside,
forms and the like are never entered, comments are never read, block elements end paragraphs
or lines, and whitespace inside a line is collapsed. The parser has already decoded entities.
"""

from __future__ import annotations

from urllib.parse import urlparse

from bs4 import BeautifulSoup, CData, NavigableString, Tag

from indexer.dates import first_date, lead_date, parse_date
from indexer.formats import Extracted, plaintext

SKIPPED = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "iframe", "svg", "math", "button", "select", "textarea", "object", "embed", "canvas",
    "head", "title", "meta", "link",
})
PARAGRAPH_TAGS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
    "main", "ul", "ol", "dl", "table", "figure", "figcaption", "address", "hr", "details",
    "summary", "caption", "center", "fieldset", "body",
})
LINE_TAGS = frozenset({"br", "li", "tr", "dt", "dd"})
CELL_TAGS = frozenset({"td", "th"})
DATE_META = ("article:published_time", "date", "dc.date", "dc.date.issued", "dcterms.issued",
             "datepublished", "pubdate")
CANDIDATES = 20
TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ")

# Markers in the token stream; identity-compared, so no text can forge them.
PARAGRAPH, LINE, PRE_END = object(), object(), object()


def extract(markup: str) -> Extracted:
    soup = parse(markup)
    metas = _metas(soup)
    site = metas.get("og:site_name", "")
    root = _first_outside_chrome(soup, "article") or _first_outside_chrome(soup, "main") \
        or soup.body or soup
    heading = text_line(_first_outside_chrome(root, "h1") or _first_outside_chrome(soup, "h1"))
    title = metas.get("og:title") or heading or _page_title(soup, site)
    title, body = titled_body(title, heading, text_of(root))
    return Extracted(
        title=title,
        body="\n\n".join(body),
        date=_declared_date(root, metas) or first_date([title]) or lead_date(body),
        source=site,
        source_url=absolute_url(_canonical(soup)) or absolute_url(metas.get("og:url", "")),
    )


def parse(markup: str) -> BeautifulSoup:
    return BeautifulSoup(markup, "lxml")


def text_of(root: Tag) -> list[str]:
    """The paragraphs of the text under ``root``; lines inside a paragraph joined by newlines."""
    tokens: list = []
    stack: list = [root]
    in_pre = 0
    while stack:
        node = stack.pop()
        if node is PARAGRAPH or node is LINE:
            tokens.append(node)
        elif node is PRE_END:
            in_pre -= 1
        elif isinstance(node, Tag):
            if node.name in SKIPPED:
                continue
            if node.name in CELL_TAGS:
                tokens.append(" ")
            boundary = PARAGRAPH if node.name in PARAGRAPH_TAGS else (
                LINE if node.name in LINE_TAGS else None
            )
            if boundary is not None:  # before the element, and again after its last child
                tokens.append(boundary)
                stack.append(boundary)
            if node.name == "pre":
                in_pre += 1
                stack.append(PRE_END)
            stack.extend(reversed(node.contents))
        elif type(node) in (NavigableString, CData):  # not comments, doctypes, script strings
            if in_pre:
                for i, piece in enumerate(node.split("\n")):
                    tokens.extend((LINE, piece) if i else (piece,))
            else:
                tokens.append(node)
    return _assemble(tokens)


def text_line(tag: Tag | None) -> str:
    """The text of an element (a heading) on one line; "" for no element."""
    return _clean(" ".join(text_of(tag))) if tag is not None else ""


def titled_body(title: str, heading: str, paragraphs: list[str]) -> tuple[str, list[str]]:
    """The title and the body paragraphs, the title not repeated as the first paragraph.

    A page that names no title gets one the way plain text does (its headline, else its first
    line); ``heading`` is the page's <h1>, which often repeats the title in other words.
    """
    if not title:
        lines = [line for paragraph in paragraphs for line in (*paragraph.split("\n"), "")]
        title, _, after = plaintext.split_title(lines)
        return title, plaintext.paragraphs(after)
    if paragraphs and _clean(paragraphs[0]).casefold() in {title.casefold(), heading.casefold()}:
        paragraphs = paragraphs[1:]
    return title, paragraphs


def _assemble(tokens: list) -> list[str]:
    paragraphs: list[str] = []
    lines: list[str] = []
    words: list[str] = []
    for token in [*tokens, PARAGRAPH]:
        if token is PARAGRAPH or token is LINE:
            line = _clean("".join(words))
            words = []
            if line:
                lines.append(line)
            if token is PARAGRAPH and lines:
                paragraphs.append("\n".join(lines))
                lines = []
        else:
            words.append(token)
    return paragraphs


def _clean(text: str) -> str:
    return " ".join(text.split())


def _first_outside_chrome(root: Tag, name: str) -> Tag | None:
    """The first ``name`` element under ``root`` that no skipped element (nav, aside...) holds.

    Only the first few are tried: each costs a walk up its parents, and a hostile page can nest
    thousands of <article>s inside an <aside>.
    """
    for tag in root.find_all(name, limit=CANDIDATES):
        if not any(parent.name in SKIPPED for parent in tag.parents):
            return tag
    return None


def _metas(soup: BeautifulSoup) -> dict[str, str]:
    """<meta> contents by lower-cased property, name or itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for meta in soup.find_all("meta"):
        content = _clean(meta.get("content") or "")
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _page_title(soup: BeautifulSoup, site: str) -> str:
    """<title>, without a trailing " | Site" when that is obviously the site's name."""
    tag = soup.find("title")
    title = _clean(tag.get_text()) if tag else ""
    for separator in TITLE_SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head and _is_site_name(tail, site, pipe=separator == " | "):
            return head
    return title


def _is_site_name(tail: str, site: str, pipe: bool) -> bool:
    """The og:site_name, or a few capitalised words (after a pipe, any few words)."""
    if site and tail.casefold() == site.casefold():
        return True
    words = tail.split()
    return 0 < len(words) <= 4 and (pipe or all(word[0].isupper() for word in words))


def _declared_date(root: Tag, metas: dict[str, str]):
    """The date the page declares: <time datetime> in the article, else a date <meta>."""
    time = _first_outside_chrome(root, "time")
    candidates = [time.get("datetime") or time.get_text()] if time else []
    candidates += [metas.get(key, "") for key in DATE_META]
    for candidate in candidates:
        date = parse_date(candidate) if candidate else None
        if date is not None:
            return date
    return None


def _canonical(soup: BeautifulSoup) -> str:
    for link in soup.find_all("link", href=True):
        if "canonical" in [rel.lower() for rel in link.get_attribute_list("rel") or []]:
            return link["href"].strip()
    return ""


def absolute_url(url: str) -> str:
    """``url`` when it is an absolute http(s) address; anything else ("/news/1") is dropped."""
    parts = urlparse(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else ""

