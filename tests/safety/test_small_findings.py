"""Finding 10, the smaller items: a looping page tree is a damaged PDF (not "over a limit"),
a ZIP that lies about its sizes or has clashing names is refused with a clear error, and
``neurareport extract`` takes a password without showing it in ``ps``.

(The read-only DuckDB connection, the fourth item, is ``test_duckdb_read_only.py``.)
"""

from __future__ import annotations

import io
import struct
import zipfile
from datetime import date
from pathlib import Path

import pytest

from neurareport_assets.cli import main
from neurareport_resources.extraction import (
    CorruptPdfError,
    LimitExceededError,
    extract_statement,
    probe_pdf,
)
from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.templating import TemplateError, import_template


def pdf_with_objects(objects: list[bytes]) -> bytes:
    """A minimal PDF with a correct cross-reference table around ``objects`` (1 is the root)."""
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return out


LOOPING_PAGE_TREE = pdf_with_objects(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        # the page tree lists itself among its kids
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
)


@pytest.mark.parametrize("isolate", [True, False])
def test_a_looping_page_tree_is_reported_as_a_damaged_pdf(tmp_path, isolate):
    path = tmp_path / "loop.pdf"
    path.write_bytes(LOOPING_PAGE_TREE)
    with pytest.raises(CorruptPdfError) as caught:
        extract_statement(path, isolate=isolate)
    assert not isinstance(caught.value, LimitExceededError)
    assert "damaged page tree" in str(caught.value)
    assert "download the statement again" in str(caught.value)
    with pytest.raises(CorruptPdfError):
        probe_pdf(path, isolate=isolate)


# -- ZIP templates --------------------------------------------------------------------------
def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite ``name``'s uncompressed size in both headers: the ZIP now lies about it."""
    patched = bytearray(data)
    encoded = name.encode()
    for signature, name_length_at, size_at, name_at in (
        (b"PK\x03\x04", 26, 22, 30),  # local file header
        (b"PK\x01\x02", 28, 24, 46),  # central directory
    ):
        at = patched.find(signature)
        while at != -1:
            length = struct.unpack("<H", patched[at + name_length_at : at + name_length_at + 2])[0]
            if patched[at + name_at : at + name_at + length] == encoded:
                patched[at + size_at : at + size_at + 4] = struct.pack("<I", size)
            at = patched.find(signature, at + 4)
    return bytes(patched)


TEMPLATE_HTML = b"<html><body><h1>{{ title }}</h1><p>{{ holder }}</p></body></html>"


@pytest.mark.parametrize(
    ("members", "lie", "expected"),
    [
        ({"report.html": TEMPLATE_HTML, "big.css": b"x" * (4 << 20)}, ("big.css", 10), "damaged"),
        ({"report.html": TEMPLATE_HTML, "a": b"file", "a/b.css": b"body {}"}, None, "both a file"),
        ({"report.html": TEMPLATE_HTML, "A.css": b"x", "a.css": b"y"}, None, "two members"),
    ],
    ids=["sizes-lie", "file-and-folder", "same-name"],
)
def test_a_bad_zip_template_is_refused_with_a_clear_error(tmp_path, members, lie, expected):
    data = _zip(members)
    if lie:
        data = _declare_size(data, *lie)
    source = tmp_path / "template.zip"
    source.write_bytes(data)
    with pytest.raises(TemplateError, match=expected) as caught:
        import_template(source, tmp_path / "templates", "imported")
    assert "template.zip" in str(caught.value)
    assert not (tmp_path / "templates" / "imported").exists()


def test_the_template_import_cli_reports_a_bad_zip_in_one_line(tmp_path, capsys):
    source = tmp_path / "template.zip"
    source.write_bytes(_zip({"report.html": TEMPLATE_HTML, "a": b"f", "a/b.css": b"x"}))
    code = main(["contract", "import", str(source), "--name", "x", "--dest", str(tmp_path)])
    err = capsys.readouterr().err
    assert code != 0 and "both a file and a folder" in err and "Traceback" not in err


# -- extract without the password in ps --------------------------------------------------------
@pytest.fixture
def locked_statement(tmp_path) -> tuple[Path, str]:
    spec = random_statement_spec("ruled_basic", seed=5, period_start=date(2025, 1, 1))
    spec.password = "open-sesame-42"
    path = tmp_path / "locked.pdf"
    generate_statement(spec, path)
    return path, spec.password


def test_extract_reads_the_password_from_an_environment_variable(
    locked_statement, monkeypatch, capsys
):
    path, password = locked_statement
    monkeypatch.setenv("STATEMENT_PASSWORD", password)
    assert main(["extract", str(path), "--password-env", "STATEMENT_PASSWORD"]) == 0
    assert '"transactions"' in capsys.readouterr().out
    monkeypatch.delenv("STATEMENT_PASSWORD")
    assert main(["extract", str(path), "--password-env", "STATEMENT_PASSWORD"]) == 2
    assert "STATEMENT_PASSWORD" in capsys.readouterr().err


def test_extract_asks_for_the_password_on_the_terminal(locked_statement, monkeypatch, capsys):
    path, password = locked_statement
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or password)
    assert main(["extract", str(path), "--password-prompt"]) == 0
    assert asked == ["password for locked.pdf: "]
    assert '"transactions"' in capsys.readouterr().out
