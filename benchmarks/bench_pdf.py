"""PDF extraction speed: pages per second for text PDFs against ``pdftotext`` (poppler-utils) on the
same files, and for scanned pages (OCR) against the ``tesseract`` program alone on the same images,
each baseline measured in the same run.

    python benchmarks/bench_pdf.py [--files 150] [--scans 10] [--work /tmp/sift-bench/pdf]

The text PDFs are UN speeches (sessions 70-78 from ../shared) laid out 45 lines to a page by the
tests' hand-written PDF maker; the scans are pages of those speeches drawn with Pillow. Sift's
figure is its whole PDF reader (pypdfium2, reading order, hyphens, running headers, metadata,
headline and date), in one process; pdftotext is run once per file, as a command.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from common import REPO, extract_ungdc

from indexer.formats import ocr, pdf

LINES_PER_PAGE = 45


def _pdf_maker():
    spec = importlib.util.spec_from_file_location("pdfs", REPO / "tests" / "pdfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_pdf


def speech_pages(text: str) -> list[list[str]]:
    lines = []
    for paragraph in text.split("\n"):
        lines += textwrap.wrap(paragraph, 90) or [""]
    lines = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
    return [lines[i:i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)] or [[""]]


def make_text_pdfs(speeches: Path, target: Path, count: int) -> list[tuple[Path, int]]:
    make_pdf = _pdf_maker()
    target.mkdir(parents=True, exist_ok=True)
    made = []
    for path in sorted(speeches.glob("*.txt"))[:count]:
        pages = speech_pages(path.read_text(encoding="utf-8", errors="replace"))
        out = target / f"{path.stem}.pdf"
        if not out.exists():
            out.write_bytes(make_pdf(pages, {"Title": path.stem}))
        made.append((out, len(pages)))
    return made


def make_scans(speeches: Path, count: int) -> list[bytes]:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 28)
    scans = []
    for path in sorted(speeches.glob("*.txt"))[:count]:
        lines = speech_pages(path.read_text(encoding="utf-8", errors="replace"))[0][:40]
        page = Image.new("L", (2480, 3508), 255)  # A4 at 300 dpi
        draw = ImageDraw.Draw(page)
        for number, line in enumerate(lines):
            draw.text((200, 200 + 75 * number), line, font=font, fill=0)
        buffer = io.BytesIO()
        page.save(buffer, format="PDF", resolution=300.0)
        scans.append(buffer.getvalue())
    return scans


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=150, help="text PDFs (one speech each)")
    parser.add_argument("--scans", type=int, default=10, help="scanned pages for OCR")
    parser.add_argument("--work", type=Path, default=Path("/tmp/sift-bench/pdf"))
    args = parser.parse_args()
    speeches = args.work / "speeches"
    extract_ungdc(speeches, range(70, 79))

    files = make_text_pdfs(speeches, args.work / "text", args.files)
    pages = sum(count for _, count in files)
    datas = [path.read_bytes() for path, _ in files]
    if shutil.which("pdftotext") is None:
        sys.exit("pdftotext is missing: apt-get install poppler-utils")
    baseline = timed(lambda: [subprocess.run(["pdftotext", "-layout", str(path), "-"],
                                             capture_output=True, check=True)
                              for path, _ in files])
    sift = timed(lambda: [pdf.extract(data) for data in datas])
    print(f"text PDFs: {len(files)} files, {pages} pages")
    print(f"  pdftotext  {baseline:6.2f} s  {pages / baseline:7.0f} pages/s")
    print(f"  Sift       {sift:6.2f} s  {pages / sift:7.0f} pages/s   "
          f"{sift / baseline:.2f}x pdftotext's time (target: at most 1.5x)")

    if args.scans and ocr.available():
        scans = make_scans(speeches, args.scans)
        images = []
        for data in scans:  # the baseline reads the very image Sift renders from the scan
            import pypdfium2 as pdfium

            document = pdfium.PdfDocument(data)
            images.append(ocr.render_page(document[0]))
            document.close()
        alone = timed(lambda: [ocr.read_image(image) for image in images])
        read = timed(lambda: [pdf.extract(data, use_ocr=True) for data in scans])
        print(f"scanned pages (OCR, {ocr.languages()}): {len(scans)} pages")
        print(f"  tesseract alone  {alone:6.2f} s  {len(scans) / alone:5.2f} pages/s")
        print(f"  Sift             {read:6.2f} s  {len(scans) / read:5.2f} pages/s   "
              f"{read / alone:.2f}x tesseract's time")
    elif args.scans:
        print("scanned pages: tesseract is not installed, OCR not measured")


if __name__ == "__main__":
    main()
