"""Helpers the safety and fuzzing tests share."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pypdf import PdfWriter


class RecordingLog:
    """A stand-in for a sensor's ``context.log`` that keeps every line."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def info(self, message: str) -> None:
        self.lines.append(message)

    warning = error = info


def blank_pdf(path: Path, pages: int) -> Path:
    """A PDF of ``pages`` blank A4 pages, older than the inbox's settle time."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        writer.write(handle)
    settled = time.time() - 120
    os.utime(path, (settled, settled))
    return path
