"""Reading text from images with Tesseract (Debian's ``tesseract-ocr``), run as a program.

Used for a PDF page without a text layer (a scan) and for image files in the corpus. The
program is looked up once; without it, or with ``sift index --no-ocr``, such pages are counted
and reported instead of read (see :mod:`indexer.engines.whoosh.build`). Images are bounded before
anything decodes them: Pillow reads the dimensions from the header, and an image over
:data:`MAX_PIXELS` is refused. Each call has a time limit of its own, inside the indexer's limit per
file. Tesseract runs single-threaded (``OMP_THREAD_LIMIT=1``): the indexer's workers already use
every core, and its own threads made a page take 16 s instead of 3 s here.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

from indexer import lifetime
from indexer.formats import BadDocument

MAX_PIXELS = 60_000_000  # about an A3 page at 600 dpi; a 30,000 x 30,000 image is refused
MAX_IMAGE_PAGES = 50  # pages (frames) of one TIFF; each is read by OCR in the file's time limit
RENDER_DPI = 300  # Tesseract reads printed text best at 300 dpi
PAGE_TIMEOUT = 120  # seconds for one page
# Seconds of OCR for one PDF; its scanned pages after that are left unread, and counted. With
# a page's own limit it stays within the indexer's time limit per file (300 s by default), so a
# long scanned report is indexed by its first pages (about 45 at 3.3 s a page) instead of being
# skipped whole.
OCR_SECONDS = 150
EXIF_ORIENTATION = 0x0112  # the EXIF tag of how a photo is turned for showing
LANGUAGES = ("eng", "rus")  # read with each that is installed


@functools.cache
def program() -> str | None:
    """Tesseract's path, None when it is not installed."""
    return shutil.which("tesseract")


@functools.cache
def languages() -> str:
    """The ``-l`` argument: those of LANGUAGES Tesseract has data for (``eng+rus``)."""
    try:
        listed = subprocess.run([program(), "--list-langs"], capture_output=True, text=True,
                                timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        listed = []
    return "+".join(name for name in LANGUAGES if name in listed) or "eng"


def available() -> bool:
    return program() is not None


def read_image(data: bytes, pages: int = 1) -> str:
    """The text Tesseract reads in an image (PNG, JPEG, TIFF, PNM) of ``pages`` pages (the
    frames of a multi-page TIFF, which Tesseract reads one after another), as lines."""
    timeout = PAGE_TIMEOUT * pages
    try:
        done = subprocess.run([program(), "stdin", "stdout", "-l", languages(), "--psm", "3"],
                              input=data, capture_output=True, timeout=timeout,
                              env={**os.environ, "OMP_THREAD_LIMIT": "1"},
                              # A worker killed at the time limit per file takes its
                              # Tesseract with it, instead of leaving it reading alone.
                              preexec_fn=lifetime.die_with_parent)
    except subprocess.TimeoutExpired:
        raise BadDocument(f"OCR took longer than {timeout} s on "
                          f"{'one page' if pages == 1 else f'{pages} pages'}") from None
    except OSError as error:
        raise BadDocument(f"OCR could not run ({error})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BadDocument(f"OCR failed ({message[-1] if message else done.returncode})")
    return done.stdout.decode("utf-8", "replace")


def check_size(data: bytes) -> int:
    """The number of pages of an image (the frames of a TIFF, 1 for others), each frame's size
    read from its header; BadDocument if it is no image Pillow knows, a frame is too large to
    read, or there are too many. Every frame counts: Tesseract decodes each page of a TIFF, so
    a small first page must not let a huge second one through."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = None  # the bound is ours, checked before decoding
    frames = 0
    try:
        with Image.open(io.BytesIO(data)) as image:
            while True:
                width, height = image.size
                if width * height > MAX_PIXELS:
                    where = f" (page {frames + 1})" if frames else ""
                    raise BadDocument(f"image of {width:,} x {height:,} pixels{where}, over the "
                                      f"limit of {MAX_PIXELS:,} pixels")
                frames += 1
                if image.format != "TIFF":
                    break
                try:
                    image.seek(frames)  # reads the next page's header, not its pixels
                except EOFError:
                    break
                if frames >= MAX_IMAGE_PAGES:
                    raise BadDocument(f"an image of more than {MAX_IMAGE_PAGES} pages")
    except BadDocument:
        raise
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise BadDocument(f"not an image that can be read ({error})") from None
    return frames


def upright(data: bytes) -> bytes:
    """A photo stored on its side, with an EXIF Orientation saying how to show it (as phones
    store them), turned the way it is read, as PNG; any other image as it is. Tesseract ignores
    the tag and reads a sideways page as noise. Called after :func:`check_size`: the size the
    decoding allocates is known to be within bounds."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        if image.getexif().get(EXIF_ORIENTATION, 1) in (1, None):
            return data
        turned = ImageOps.exif_transpose(image)
    buffer = io.BytesIO()
    turned.save(buffer, format="PNG")
    return buffer.getvalue()


def render_page(page) -> bytes:
    """A pypdfium2 page as a grey PNM image at RENDER_DPI, bounded by MAX_PIXELS."""
    width, height = page.get_size()  # in points, 72 to the inch
    scale = RENDER_DPI / 72
    if width * height * scale * scale > MAX_PIXELS:
        # PDFium rounds each side up to whole pixels: a hair under, so the product stays under
        scale = (MAX_PIXELS / (width * height)) ** 0.5 * 0.999
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PPM")
        return buffer.getvalue()
    finally:
        bitmap.close()
