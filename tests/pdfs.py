"""Small PDFs written by hand for the tests: pages of text lines in Helvetica, an Info dictionary,
and the cross-reference table PDF readers need (no PDF library writes them here)."""

from __future__ import annotations


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], info: dict[str, str] | None = None) -> bytes:
    """A PDF with one page per list of lines (latin-1 text), and ``info`` as its metadata."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * n for n in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{n} 0 R" for n in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                   b"/Encoding /WinAnsiEncoding >>")
    for lines, page_id in zip(pages, page_ids, strict=True):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {page_id + 1} 0 R >>".encode())
        ops = ["BT /F1 11 Tf 14 TL 72 740 Td"]
        ops += [f"({_escape(line)}) Tj T*" for line in lines]
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    trailer_info = ""
    if info:
        entries = " ".join(f"/{key} ({_escape(value)})" for key, value in info.items())
        objects.append(f"<< {entries} >>".encode("latin-1"))
        trailer_info = f" /Info {len(objects)} 0 R"
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{trailer_info} >>\n"
            f"startxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def encrypt(pdf: bytes) -> bytes:
    """``pdf`` claiming to be encrypted with a user password (which no reader can guess)."""
    return pdf.replace(b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 1 /R 2 "
                       b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >> "
                       b"/ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]")


def make_unicode_pdf(pages: list[list[str]], font_path: str) -> bytes:
    """A PDF whose text layer is in any script (Russian ...): lines set by PDFium in the
    TrueType font at ``font_path``, which is embedded."""
    import ctypes
    import io

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with open(font_path, "rb") as file:
        font_bytes = file.read()
    document = pdfium.PdfDocument.new()
    buffer = (ctypes.c_uint8 * len(font_bytes)).from_buffer_copy(font_bytes)
    font = raw.FPDFText_LoadFont(document, buffer, len(font_bytes), raw.FPDF_FONT_TRUETYPE, 1)
    for lines in pages:
        page = document.new_page(595, 842)
        for number, line in enumerate(lines):
            text_object = raw.FPDFPageObj_CreateTextObj(document, font, 12)
            text = (line + "\0").encode("utf-16-le")
            raw.FPDFText_SetText(text_object, ctypes.cast(ctypes.c_char_p(text),
                                                          ctypes.POINTER(raw.FPDF_WCHAR)))
            raw.FPDFPageObj_Transform(text_object, 1, 0, 0, 1, 72, 770 - 16 * number)
            raw.FPDFPage_InsertObject(page, text_object)
        raw.FPDFPage_GenerateContent(page)
        page.close()
    out = io.BytesIO()
    document.save(out)
    document.close()
    return out.getvalue()
