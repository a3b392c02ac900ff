"""Hostile files fail alone, in the child process, with a clear reason."""

from __future__ import annotations

import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from neurareport_resources.extraction import (
    ExtractionLimits,
    LimitExceededError,
    extract_statement,
)


def _write_pdf(path: Path, content: bytes) -> None:
    """A one-page PDF whose content stream is ``content`` (already Flate-compressed)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
        + content
        + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.write_bytes(bytes(out))


def test_decompression_bomb_fails_alone(tmp_path: Path, make_statement) -> None:
    # ~1.5 MB on disk, 256 MB of drawing operators once inflated
    compressor = zlib.compressobj(1)
    block = b"0 0 m\n" * ((1 << 20) // 6)
    content = b"".join(compressor.compress(block) for _ in range(256)) + compressor.flush()
    bomb = tmp_path / "bomb.pdf"
    _write_pdf(bomb, content)
    assert bomb.stat().st_size < 5 * 1024 * 1024
    with pytest.raises(LimitExceededError) as caught:
        extract_statement(bomb, limits=ExtractionLimits(memory_mb=400, timeout_seconds=60))
    assert "bomb.pdf" in str(caught.value) and "memory" in str(caught.value)
    # the next file in the same process is read normally
    good, truth = make_statement("ruled_basic", seed=3)
    assert len(extract_statement(good).transactions) == len(truth.transactions)


def test_five_thousand_pages_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    document = pdfium.PdfDocument.new()
    for _ in range(5000):
        document.new_page(595, 842)
    document.save(str(path))
    document.close()
    with pytest.raises(LimitExceededError, match="5000 pages, over the 2000-page limit"):
        extract_statement(path)


def test_time_limit(make_statement) -> None:
    path, _ = make_statement("ruled_basic", seed=3)
    with pytest.raises(LimitExceededError, match="time limit"):
        extract_statement(path, limits=ExtractionLimits(timeout_seconds=0.01))


def test_file_size_limit(tmp_path: Path, make_statement) -> None:
    source, _ = make_statement("ruled_basic", seed=3)
    path = tmp_path / "padded.pdf"
    path.write_bytes(source.read_bytes() + b"\n%" + b"x" * (2 * 1024 * 1024))
    with pytest.raises(LimitExceededError, match="MB limit"):
        extract_statement(path, limits=ExtractionLimits(max_file_mb=1), isolate=False)
