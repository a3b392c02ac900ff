"""The bench's generic table converter reads the sign and number styles real banks print."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from table_rows import parse_money, tables_to_rows


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234.56", Decimal("1234.56")),
        ("1.234,56-", Decimal("-1234.56")),
        ("(12.50)", Decimal("-12.50")),
        ("12.50 DR", Decimal("-12.50")),
        ("12.50 CR", Decimal("12.50")),
        ("1 234,56 S", Decimal("-1234.56")),
        ("1'234.56 H", Decimal("1234.56")),
        ("-£45.00", Decimal("-45.00")),
        ("45,00 €", Decimal("45.00")),
        ("EUR 1.000.000,00", Decimal("1000000.00")),
        ("+7.10", Decimal("7.10")),
        ("328,26 OD", Decimal("-328.26")),
    ],
)
def test_money_styles(text: str, value: Decimal) -> None:
    parsed = parse_money(text)
    assert parsed is not None and parsed[0] == value


@pytest.mark.parametrize("text", ["2025", "05.03.", "Page 1 of 2", "IBAN DE89", "--"])
def test_not_money(text: str) -> None:
    assert parse_money(text) is None


def test_header_named_debit_credit_columns_and_continuation_lines() -> None:
    table = [
        ["Datum", "Buchungstext", "Soll", "Haben", "Saldo"],
        ["30.12.", "Miete", "500,00", "", "1.000,00"],
        ["", "Verwendungszweck Dezember", "", "", ""],
        ["02.01.", "Gehalt ACME", "", "2.500,00", "3.500,00"],
        ["", "Statement 2024", "", "", ""],
    ]
    rows = tables_to_rows([table])
    assert [(r["date"], r["amount"], r["balance"]) for r in rows] == [
        ("2024-12-30", "-500.00", "1000.00"),
        ("2025-01-02", "2500.00", "3500.00"),  # crossed New Year
    ]
    assert rows[0]["description"] == "Miete Verwendungszweck Dezember"


def test_no_header_takes_the_rightmost_money_column_as_balance() -> None:
    table = [
        ["03/05/2025", "CARD PAYMENT", "-12.50", "987.50"],
        ["03/06/2025", "SALARY", "+1,000.00", "1,987.50"],
        ["03/13/2025", "ATM", "20.00", "DR", "1,967.50"],
    ]
    rows = tables_to_rows([table])
    assert [(r["date"], r["amount"], r["balance"]) for r in rows] == [
        ("2025-03-05", "-12.50", "987.50"),
        ("2025-03-06", "1000.00", "1987.50"),
        ("2025-03-13", "-20.00", "1967.50"),
    ]


def test_bench_runs_end_to_end_on_a_tiny_corpus(tmp_path: Path) -> None:
    """The bench generates, reads (in a child process), scores and prints every table."""
    import subprocess

    bench = Path(__file__).resolve().parents[2] / "bench" / "extraction_bench.py"
    done = subprocess.run(
        [sys.executable, str(bench), "--size", "3", "--seed", "5", "--engines", "pdfplumber",
         "--big-pages", "0", "--workers", "1", "--corpus-dir", str(tmp_path), "--json", str(tmp_path / "f.json")],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert "randomized corpus seed 5: 3 statements" in done.stdout
    assert "kind = " in done.stdout and "pages/s" in done.stdout
    figures = __import__("json").loads((tmp_path / "f.json").read_text())
    assert 0.0 <= figures["engines"]["pdfplumber"]["f1"] <= 1.0
    assert len(list(tmp_path.glob("randomized-v*-seed5/*.pdf"))) == 3
