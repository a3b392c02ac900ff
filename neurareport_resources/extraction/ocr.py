"""OCR of scanned pages with Debian's ``tesseract`` (called as a subprocess, TSV output)."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from typing import Any

from neurareport_resources.extraction.words import Word


class OcrUnavailable(RuntimeError):
    """tesseract is not installed or failed on the page."""


def tesseract_available() -> bool:
    """True when the ``tesseract`` binary is on PATH."""
    return shutil.which("tesseract") is not None


def ocr_words(pdf_page: Any, *, dpi: int = 300, timeout: float = 60) -> list[Word]:
    """Render a pypdfium2 page at ``dpi`` and return tesseract's words in PDF points."""
    binary = shutil.which("tesseract")
    if binary is None:
        raise OcrUnavailable("tesseract is not installed (apt-get install tesseract-ocr)")
    scale = dpi / 72
    image = pdf_page.render(scale=scale, grayscale=True).to_pil()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    # one thread per page: the machine's cores are shared by several workers
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(
            [binary, "stdin", "stdout", "--psm", "6", "--dpi", str(dpi), "tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise OcrUnavailable(f"tesseract took longer than {timeout:.0f}s on the page") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrUnavailable(f"tesseract failed: {message[-1] if message else done.returncode}")
    words: list[Word] = []
    reader = csv.reader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t",
                        quoting=csv.QUOTE_NONE)  # fmt: skip
    next(reader, None)
    for record in reader:
        if len(record) < 12 or record[0] != "5":
            continue
        text = record[11].strip()
        if not text or float(record[10]) < 0:
            continue
        left, top, width, height = (int(v) for v in record[6:10])
        words.append(
            Word(text, left / scale, top / scale, (left + width) / scale, (top + height) / scale)
        )
    return words
