"""Word (``.docx``) and OpenDocument text (``.odt``): zip files holding the text as XML.

Both are read with the standard library (``zipfile`` and ElementTree), so a hostile file is
bounded where it is opened: a file that is no zip, a document part missing, or a part that
would decompress to more than ``MAX_XML_BYTES`` (a zip bomb) is refused with that reason. Each
paragraph becomes a line; the text then goes through the plain-text extractor for its headline
and date, with the file's own title and creator (``docProps/core.xml``, ``meta.xml``) as
fallbacks.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

from indexer.formats import BadDocument, Extracted, extract_text

MAX_XML_BYTES = 50 * 1024 * 1024  # one document part, decompressed

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def extract_docx(data: bytes) -> Extracted:
    """The paragraphs of a Word document, its core title and creator as fallbacks."""
    with _zip(data, "Word document") as archive:
        body = _xml(archive, "word/document.xml")
        core = _xml(archive, "docProps/core.xml", required=False)
    lines = []
    for paragraph in body.iter(f"{W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{W}tab":
                parts.append("\t")
            elif node.tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
        lines.append("".join(parts).strip())
    return _finish(lines, core)


def extract_odt(data: bytes) -> Extracted:
    """The headings and paragraphs of an OpenDocument text, its meta title and creator."""
    with _zip(data, "OpenDocument file") as archive:
        content = _xml(archive, "content.xml")
        meta = _xml(archive, "meta.xml", required=False)
    lines = []
    for node in content.iter():
        if node.tag in (f"{TEXT}p", f"{TEXT}h"):
            lines.append("".join(_odf_text(node)).strip())
    return _finish(lines, meta)


def _odf_text(node) -> list[str]:
    """A paragraph's text: spans, spaces (``text:s``), tabs and line breaks, nested paragraphs
    (in notes) left to their own turn."""
    parts = [node.text or ""]
    for child in node:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        elif child.tag not in (f"{TEXT}p", f"{TEXT}h", f"{TEXT}note"):
            parts.extend(_odf_text(child))
        parts.append(child.tail or "")
    return parts


def _finish(lines: list[str], meta) -> Extracted:
    text = "\n\n".join(line for line in lines if line)
    if not text:
        raise BadDocument("no text in the document")
    extracted = extract_text(".txt", text)
    if meta is not None:
        title = (meta.findtext(f".//{DC}title") or "").strip()
        creator = (meta.findtext(f".//{DC}creator") or "").strip()
        if title and not extracted.title:
            extracted.title = title
        if creator and not extracted.source:
            extracted.source = creator
    return extracted


def _zip(data: bytes, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise BadDocument(f"not a {kind} (not a zip file)") from None


def _xml(archive: zipfile.ZipFile, name: str, required: bool = True):
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise BadDocument(f"corrupt: {name} is missing") from None
        return None
    if info.file_size > MAX_XML_BYTES:
        raise BadDocument(f"{name} would unpack to {info.file_size:,} bytes, over the limit "
                          f"of {MAX_XML_BYTES:,} (a zip bomb?)")
    try:
        with archive.open(info) as part:
            raw = part.read(MAX_XML_BYTES + 1)  # the declared size may lie
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise BadDocument(f"corrupt: {name} cannot be unpacked ({error})") from None
    if len(raw) > MAX_XML_BYTES:
        raise BadDocument(f"{name} unpacks to over {MAX_XML_BYTES:,} bytes (a zip bomb?)")
    try:
        return ElementTree.fromstring(raw)
    except ElementTree.ParseError as error:
        raise BadDocument(f"corrupt: {name} is not XML ({error})") from None
