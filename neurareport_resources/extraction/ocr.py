"""OCR of scanned pages with Debian's ``tesseract`` (called as a subprocess, TSV output).

Ruling lines are erased from the page image first: tesseract reads a grid's
strokes as characters ('|', '[', 'S'…) and glues cells together through them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from typing import Any

import numpy as np

from neurareport_resources.extraction.dates import fold_month, looks_like_date
from neurareport_resources.extraction.words import Word

DEFAULT_DPI = 300


class OcrUnavailable(RuntimeError):
    """tesseract is not installed or failed on the page."""


def tesseract_available() -> bool:
    """True when the ``tesseract`` binary is on PATH."""
    return shutil.which("tesseract") is not None


def _runs(mask: np.ndarray, length: int, axis: int) -> np.ndarray:
    """Pixels that belong to a straight run of at least ``length`` set pixels along ``axis``.

    An erosion then a dilation with a 1 x ``length`` bar, done with running sums.
    """
    m = mask if axis == 1 else mask.T
    rows, n = m.shape
    if n < length:
        return np.zeros(mask.shape, bool)
    csum = np.zeros((rows, n + 1), np.int32)
    np.cumsum(m, axis=1, out=csum[:, 1:])
    full = (csum[:, length:] - csum[:, :-length]) == length  # run of `length` starts at j
    fsum = np.zeros((rows, full.shape[1] + length), np.int32)
    np.cumsum(full, axis=1, out=fsum[:, 1 : full.shape[1] + 1])
    fsum[:, full.shape[1] + 1 :] = fsum[:, full.shape[1] : full.shape[1] + 1]
    # pixel j is covered when a run starts anywhere in [j - length + 1, j]
    upper = fsum[:, 1 : n + 1]
    lower = np.zeros((rows, n), np.int32)
    lower[:, length:] = fsum[:, 1 : n + 1 - length]
    covered = (upper - lower) > 0
    return covered if axis == 1 else covered.T


def _box_sum(mask: np.ndarray, radius: int) -> np.ndarray:
    """Count of set pixels in the (2r+1)-square around every pixel (an integral image)."""
    padded = np.pad(mask.astype(np.int32), radius + 1)
    integral = padded.cumsum(0).cumsum(1)
    size = 2 * radius + 1
    return (
        integral[size:, size:]
        - integral[:-size, size:]
        - integral[size:, :-size]
        + integral[:-size, :-size]
    )[: mask.shape[0], : mask.shape[1]]


def _thicken(mask: np.ndarray, axis: int) -> np.ndarray:
    """A mask OR'ed with its neighbours across ``axis``: a ruling that a levelled scan left
    one pixel wavy still runs straight in it."""
    out = mask.copy()
    out[1:] |= mask[:-1] if axis == 0 else out[1:]
    if axis == 0:
        out[:-1] |= mask[1:]
    else:
        out[:, 1:] |= mask[:, :-1]
        out[:, :-1] |= mask[:, 1:]
    return out


def clean_page_image(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Binarise a grey page, erase table rulings (long straight strokes) and specks (ink
    with almost no ink around it: dust, toner, scanner noise; a decimal point has more)."""
    ink = gray < 160  # fixed threshold: statements are dark text on white or light grey
    length = max(20, dpi // 5)  # a 1/5-inch stroke is taller than any body-text glyph
    lines = _runs(_thicken(ink, axis=0), length, axis=1) | _runs(
        _thicken(ink, axis=1), length, axis=0
    )
    ink &= ~_thicken(_thicken(lines, axis=0), axis=1)
    near = _box_sum(ink, 2)
    # a speck alone in white space goes whatever its size (scanner dust as big as a decimal
    # point); a dot with text around it stays — a decimal point has digits beside it
    around = _box_sum(ink, max(6, dpi // 12))
    ink &= (near > 4) & ((near > 16) | (around - near > 8))
    out = np.full(gray.shape, 255, np.uint8)
    out[ink] = 0
    return out


def estimate_skew(ink: np.ndarray, limit: float = 3.0) -> float:
    """The angle (degrees, counter-clockwise) that levels the page's text lines.

    Text lines are dark rows with light gaps between them: rotated by the right angle,
    the ink's row profile is the most peaked. Measured on a sample of ink pixels.
    """
    ys, xs = np.nonzero(ink)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 60_000:
        pick = np.random.default_rng(0).choice(len(ys), 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64) - xs.mean()

    def peakedness(angle: float) -> float:
        rows = ys + xs * np.tan(np.radians(angle))
        counts = np.bincount((rows - rows.min()).astype(np.int64))
        return float(np.dot(counts, counts))

    coarse = max(np.arange(-limit, limit + 0.01, 0.25), key=peakedness)
    fine = max(np.arange(coarse - 0.25, coarse + 0.26, 0.05), key=peakedness)
    return float(fine)


def level_scan(gray: np.ndarray, dpi: int) -> np.ndarray:
    """A page scanned at a slant turned back level (the skew is measured on a small copy)."""
    from PIL import Image

    image = Image.fromarray(gray)
    small = np.asarray(image.reduce(max(1, dpi // 100)))
    angle = estimate_skew(small < 160)
    if abs(angle) < 0.1:
        return gray
    # rows fall by tan(angle) per pixel to the right: turn the page back by that much
    image = image.rotate(-angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=255)
    return np.asarray(image)


def render_for_ocr(pdf_page: Any, dpi: int = DEFAULT_DPI) -> bytes:
    """A cleaned PNG of the page at ``dpi`` (render with pdfium in the calling thread)."""
    from PIL import Image

    bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
    gray = bitmap.to_numpy()
    if gray.ndim == 3:
        gray = gray[..., 0]
    gray = level_scan(np.ascontiguousarray(gray), dpi)
    buffer = io.BytesIO()
    Image.fromarray(clean_page_image(gray, dpi)).save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def run_tesseract(png: bytes, *, dpi: int = DEFAULT_DPI, timeout: float = 60) -> list[Word]:
    """tesseract's words for a page image, in PDF points (safe to call from a thread)."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr)")
    scale = dpi / 72
    # one thread per page: pages run side by side instead, and the cores are shared
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # --psm 4 (a column of lines of varying size): each row is read as one line, so a long
    # amount stays whole ("1.161.683,31"); sparse-text mode (11) broke them apart on scans
    command = [binary, "stdin", "stdout", "--psm", "4", "--dpi", str(dpi)]
    command += ["-c", "tessedit_do_invert=0", "tsv"]
    try:
        done = subprocess.run(
            command, input=png, capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise OcrUnavailable(f"tesseract took longer than {timeout:.0f}s on the page") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"tesseract failed: {message[-1] if message else done.returncode}")
    words: list[Word] = []
    reader = csv.reader(
        io.StringIO(done.stdout.decode("utf-8", "replace")),
        delimiter="\t",
        quoting=csv.QUOTE_NONE,
    )
    next(reader, None)
    for record in reader:
        if len(record) < 12 or record[0] != "5":
            continue
        # leftovers of ruling lines read as bars or brackets at a word's ends
        text = record[11].strip().strip("|[]{}")
        if not text or float(record[10]) < 0:
            continue
        text = _ocr_date_marks(text)
        left, top, width, height = (int(v) for v in record[6:10])
        words.append(
            Word(text, left / scale, top / scale, (left + width) / scale, (top + height) / scale)
        )
    return words


_MIXED_DATE = re.compile(r"^(\d{1,2})[.,](\d{1,2})[.,](\d{2,4})(\.?)$")


def _ocr_date_marks(text: str) -> str:
    """A date whose dots OCR read partly as commas ("09,12.2022") with its dots back; a
    money cell never has two marks before two digits… unless it is "1.234,56", which keeps
    three digits in its middle group and is left alone."""
    if "~" in text and re.fullmatch(r"\d{1,2}[-~./]\d{1,2}[-~./]\d{2,4}", text):
        text = text.replace("~", "-" if "-" in text else ".")  # "15-01~2025"
    match = _MIXED_DATE.match(text)
    if match and "," in text and "." in text and len(match.group(2)) <= 2:
        return f"{match.group(1)}.{match.group(2)}.{match.group(3)}{match.group(4)}"
    return _ocr_day_letters(text)


# a day read with letters for digits before a month name: "O7-oct-22", "ll-oct-22", "O08-oct"
_LETTER_DAY = re.compile(r"^([0-9OolI|]{1,3})([-./ ])([A-Za-z]{3,9}\.?)((?:\2\d{2,4})?)$")


def _ocr_day_letters(text: str) -> str:
    """A day whose digits OCR read as letters (O for 0, l or I for 1) before a month name,
    with its digits back — only when what comes out reads as a date."""
    match = _LETTER_DAY.match(text)
    if not match or match.group(1).isdigit() or fold_month(match.group(3)) is None:
        return text
    day = match.group(1).translate(str.maketrans("OolI|", "00111"))
    if len(day) == 3 and day[0] == "0":
        day = day[1:]  # a speck read as a leading O
    mended = f"{day}{match.group(2)}{match.group(3)}{match.group(4)}"
    return mended if len(day) <= 2 and looks_like_date(mended) else text


def ocr_words(pdf_page: Any, *, dpi: int = DEFAULT_DPI, timeout: float = 60) -> list[Word]:
    """Render, clean and OCR one pypdfium2 page; words in PDF points."""
    return run_tesseract(render_for_ocr(pdf_page, dpi), dpi=dpi, timeout=timeout)
