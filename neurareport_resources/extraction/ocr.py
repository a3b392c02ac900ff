"""OCR of scanned pages with Debian's ``tesseract`` (called as a subprocess, TSV output).

Ruling lines are erased from the page image first: tesseract reads a grid's
strokes as characters ('|', '[', 'S'…) and glues cells together through them.
"""

from __future__ import annotations

import csv
import io
import itertools
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


def clean_page_image(gray: np.ndarray, dpi: int) -> np.ndarray:
    """Binarise a grey page, erase table rulings (long straight strokes) and specks (ink
    with almost no ink around it: dust, toner, scanner noise; a decimal point has more).

    OpenCV's morphology and box filters: the same pixels the pure-numpy version erased,
    in a sixth of its time (scans are read at two seconds a page or less).
    """
    import cv2

    ink = (gray < 160).astype(np.uint8)  # fixed threshold: dark text on white or light grey
    length = max(20, dpi // 5)  # a 1/5-inch stroke is taller than any body-text glyph
    blank = cv2.BORDER_CONSTANT  # outside the page is white paper, not ink

    def grow(mask: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        return np.asarray(cv2.dilate(mask, kernel, borderType=blank, borderValue=0))

    def opened(mask: np.ndarray, kernel: np.ndarray) -> np.ndarray:
        return np.asarray(
            cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel, borderType=blank, borderValue=0)
        )

    # a ruling that a levelled scan left one pixel wavy still runs straight when each pixel
    # is OR'ed with its neighbours across the ruling; opening keeps runs of `length`
    across, along = np.ones((3, 1), np.uint8), np.ones((1, length), np.uint8)
    lines = opened(grow(ink, across), along) | opened(grow(ink, across.T), along.T)
    ink &= 1 - grow(lines, np.ones((3, 3), np.uint8))

    def box_sum(size: int) -> np.ndarray:
        return np.asarray(
            cv2.boxFilter(ink, cv2.CV_32F, (size, size), normalize=False, borderType=blank)
        )

    near = box_sum(5)
    # a speck alone in white space goes whatever its size (scanner dust as big as a decimal
    # point); a dot with text around it stays — a decimal point has digits beside it
    around = box_sum(2 * max(6, dpi // 12) + 1)
    keep = (ink > 0) & (near > 4) & ((near > 16) | (around - near > 8))
    out = np.full(gray.shape, 255, np.uint8)
    out[keep] = 0
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
    import cv2

    step = max(1, dpi // 100)
    small = cv2.resize(gray, None, fx=1 / step, fy=1 / step, interpolation=cv2.INTER_AREA)
    angle = estimate_skew(small < 160)
    if abs(angle) < 0.1:
        return gray
    # rows fall by tan(angle) per pixel to the right: turn the page back by that much
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D(((width - 1) / 2, (height - 1) / 2), -angle, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=255)  # fmt: skip


def render_for_ocr(pdf_page: Any, dpi: int = DEFAULT_DPI) -> bytes:
    """A cleaned page image at ``dpi`` for tesseract, as PGM bytes (render with pdfium in
    the calling thread; PGM costs nothing to write or to read, unlike PNG)."""
    bitmap = pdf_page.render(scale=dpi / 72, grayscale=True)
    gray = bitmap.to_numpy()
    if gray.ndim == 3:
        gray = gray[..., 0]
    gray = level_scan(np.ascontiguousarray(gray), dpi)
    return as_pgm(clean_page_image(gray, dpi))


def as_pgm(gray: np.ndarray) -> bytes:
    """A grey image as binary PGM (P5) bytes."""
    height, width = gray.shape
    return b"P5\n%d %d\n255\n" % (width, height) + np.ascontiguousarray(gray, np.uint8).tobytes()


def run_tesseract(
    image: bytes, *, dpi: int = DEFAULT_DPI, timeout: float = 60, bands: int = 1
) -> list[Word]:
    """tesseract's words for a page image (PGM or PNG), in PDF points (safe to call from a
    thread). ``bands`` > 1 (a PGM page) cuts the page at white rows into that many bands
    read side by side: a page read alone then keeps both cores busy."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr)")
    pieces = [(image, 0)] if bands <= 1 else split_bands(image, bands)
    if len(pieces) == 1:
        return _read_band(binary, pieces[0][0], pieces[0][1], dpi, timeout)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=len(pieces), thread_name_prefix="ocr-band") as pool:
        done = [pool.submit(_read_band, binary, piece, offset, dpi, timeout)
                for piece, offset in pieces]  # fmt: skip
        return [word for future in done for word in future.result()]


def split_bands(pgm: bytes, bands: int) -> list[tuple[bytes, int]]:
    """A PGM page cut into ``bands`` horizontal bands at the emptiest row near each even
    cut (a white row between two text lines): (band as PGM, its first row)."""
    header = pgm.split(b"\n", 3)
    if len(header) < 4 or header[0] != b"P5":
        return [(pgm, 0)]
    width, height = (int(v) for v in header[1].split())
    gray = np.frombuffer(header[3], np.uint8, count=width * height).reshape(height, width)
    ink = (gray < 128).sum(axis=1)
    cuts = [0]
    for k in range(1, bands):
        middle = height * k // bands
        low, high = max(cuts[-1] + 1, middle - height // 10), middle + height // 10
        window = ink[low:high]
        if len(window) == 0:
            continue
        # the least ink, then the row nearest the even cut
        rows = np.flatnonzero(window == window.min()) + low
        cuts.append(int(rows[np.argmin(np.abs(rows - middle))]))
    cuts.append(height)
    return [(as_pgm(gray[a:b]), a) for a, b in itertools.pairwise(cuts) if b > a]


def _read_band(binary: str, image: bytes, offset: int, dpi: int, timeout: float) -> list[Word]:
    scale = dpi / 72
    # one thread per band: pages and bands run side by side instead, and the cores are shared
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    # --psm 4 (a column of lines of varying size): each row is read as one line, so a long
    # amount stays whole ("1.161.683,31"); sparse-text mode (11) broke them apart on scans
    command = [binary, "stdin", "stdout", "--psm", "4", "--dpi", str(dpi)]
    command += ["-c", "tessedit_do_invert=0", "tsv"]
    try:
        done = subprocess.run(
            command, input=image, capture_output=True, timeout=timeout, env=env, check=False
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
        text = ocr_word(text)
        left, top, width, height = (int(v) for v in record[6:10])
        top += offset
        words.append(
            Word(text, left / scale, top / scale, (left + width) / scale, (top + height) / scale)
        )
    return words


# "§22.914,23": a 5 read as a section sign, which no amount or date prints before a digit
_SECTION_FOR_FIVE = re.compile(r"§(?=\d)")


def ocr_word(text: str) -> str:
    """One word as tesseract read it, with the slips OCR makes in numbers and dates put
    back (only where what comes out reads as a number or a date)."""
    return _ocr_date_marks(_SECTION_FOR_FIVE.sub("5", text))


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
    # a speck read after a date ("28.01.-", "12/21,", "01/01\"", "12/24:")
    bare = text.rstrip("-~'’\",:;_")
    if bare != text and bare[:1].isdigit() and looks_like_date(bare) and not looks_like_date(text):
        return bare
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
