"""A report's files are written together; a failed render keeps the last good report."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import duckdb
import pdfplumber
import pytest

from neurareport_resources.analysis import account_views, accounts_to_render, build_analysis
from neurareport_resources.rendering import (
    RenderError,
    WorkbookData,
    build_report_context,
    ledger_contract_inputs,
    write_report_bundle,
)
from neurareport_resources.validation_rules import run_validation


def _bundle(conn, ledger, statements, template_dir, folder, account=None):
    analysis = build_analysis(conn, ledger, statements)
    scalars, rows, totals = ledger_contract_inputs(conn, ledger, analysis)
    outcome = run_validation(conn, ledger, statements)
    context = build_report_context(
        scalars,
        rows,
        totals,
        analysis,
        {"tenant": "acme", "period": "2025-03", "exceptions": outcome.exceptions()},
    )
    workbook = WorkbookData(
        title="Monthly account report",
        analysis=analysis,
        transactions=rows,
        validation=outcome.validation_rows(),
        meta={"tenant": "acme", "period": "2025-03", "account": account or "all accounts"},
    )
    return write_report_bundle(
        folder,
        basename=f"acme_2025-03_{account or 'combined'}",
        template_dir=template_dir,
        context=context,
        workbook=workbook,
        ledger_rows=rows,
    )


def test_bundle_writes_all_four_files(conn, template_dir: Path, tmp_path: Path) -> None:
    bundle = _bundle(conn, "ledger", "statements", template_dir, tmp_path / "out")
    assert sorted(f.kind for f in bundle.files) == ["csv", "html", "pdf", "xlsx"]
    assert bundle.pages >= 5
    assert bundle.file("csv").rows == 90 and bundle.file("xlsx").rows == 90
    html = bundle.file("html").path.read_text(encoding="utf-8")
    # the HTML stands alone: its stylesheet is inlined, nothing is linked
    assert "<style>" in html and 'rel="stylesheet"' not in html
    assert all(len(f.sha256) == 64 for f in bundle.files)


def test_failed_render_keeps_the_last_good_report(conn, template_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = _bundle(conn, "ledger", "statements", template_dir, out)
    before = {f.path.name: f.sha256 for f in good.files}
    broken = tmp_path / "broken"
    shutil.copytree(template_dir, broken)
    (broken / "report.html").write_text("{{ no_such_token.deeper }}", encoding="utf-8")
    with pytest.raises(RenderError):
        _bundle(conn, "ledger", "statements", broken, out)
    after = {p.name: p for p in out.iterdir()}
    assert set(after) == set(before)
    from neurareport_resources.delivery import file_sha256

    assert {name: file_sha256(path) for name, path in after.items()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_bursting_renders_each_account_and_a_combined_report(
    loader, two_accounts, template_dir: Path, tmp_path: Path
) -> None:
    conn = duckdb.connect()
    loader(conn, two_accounts)
    pages = {}
    for account in accounts_to_render(conn, "ledger"):
        ledger, statements = account_views(conn, "ledger", "statements", account)
        bundle = _bundle(
            conn, ledger, statements, template_dir, tmp_path / (account or "combined"), account
        )
        with pdfplumber.open(io.BytesIO(bundle.file("pdf").path.read_bytes())) as pdf:
            cover = pdf.pages[0].extract_text()
        pages[account] = cover
    assert set(pages) == {"11112222", "33334444", None}
    assert "11112222" in pages["11112222"] and "33334444" not in pages["11112222"]
    # the combined report names both accounts on its cover
    assert "11112222, 33334444" in pages[None]


def test_an_empty_period_still_renders(loader, month, template_dir: Path, tmp_path: Path) -> None:
    _, header = month
    conn = duckdb.connect()
    loader(conn, [([], dict(header, closing_balance=header["opening_balance"]))])
    bundle = _bundle(conn, "ledger", "statements", template_dir, tmp_path / "empty")
    with pdfplumber.open(io.BytesIO(bundle.file("pdf").path.read_bytes())) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "No money went out in this period." in text
    assert "0 transactions" in text
    assert bundle.file("csv").rows == 0 and bundle.file("xlsx").rows == 0


def test_the_same_data_renders_to_the_same_pdf_bytes_a_second_later(template_dir: Path) -> None:
    """Embedded fonts carry a timestamp when fontTools subsets them (WeasyPrint's fallback
    without libharfbuzz-subset); it is the data's time, so delivery re-sends nothing."""
    import time
    from datetime import UTC, datetime

    from neurareport_resources.rendering import render_pdf

    html = "<html><body><h1>Statement</h1><p>Opening balance 1,204.50</p></body></html>"
    at = datetime(2025, 3, 31, 18, 0, tzinfo=UTC)
    first = render_pdf(html, template_dir=template_dir, timestamp=at)
    time.sleep(1.1)
    assert render_pdf(html, template_dir=template_dir, timestamp=at) == first
