"""Importing analyst HTML/ZIP templates, and the ``contract`` CLI."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from neurareport_resources.contracts.cli import main
from neurareport_resources.templating import (
    TemplateError,
    TokenKind,
    import_template,
    load_template,
)

GOLD = Path(__file__).parent / "gold"

ANALYST_HTML = """<html><head><style>td { padding: 2px } .x{y}</style></head><body>
<p>Account holder: {account_holder}</p><p>IBAN: {{iban}}</p>
<table><tr><th>Date</th><th>Description</th><th>Amount</th></tr>
<tr><td>{txn_date}</td><td>{description}</td><td>{amount}</td></tr>
<tr><td>Total</td><td></td><td>{total_amount}</td></tr></table>
<img src="logo.png"></body></html>"""


def test_import_html_discovers_and_classifies(tmp_path: Path) -> None:
    source = tmp_path / "statement.html"
    source.write_text(ANALYST_HTML)
    folder = import_template(source, tmp_path / "templates", "imported")
    spec = load_template(folder)
    kinds = {t.name: t.kind for t in spec.tokens}
    assert kinds == {
        "account_holder": TokenKind.SCALAR,
        "iban": TokenKind.SCALAR,
        "row.txn_date": TokenKind.ROW,
        "row.description": TokenKind.ROW,
        "row.amount": TokenKind.ROW,
        "total_amount": TokenKind.TOTAL,
    }
    assert spec.token("row.amount").label == "Amount"
    html = (folder / "report.html").read_text()
    assert "td { padding: 2px } .x{y}" in html  # CSS untouched


def test_import_zip_with_assets_and_refusals(tmp_path: Path) -> None:
    archive = tmp_path / "t.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("report/index.html", ANALYST_HTML)
        z.writestr("report/logo.png", b"\x89PNG")
        z.writestr("report/css/site.css", "p{}")
    folder = import_template(archive, tmp_path / "templates", "zipped")
    assert (folder / "logo.png").read_bytes() == b"\x89PNG"
    assert (folder / "css" / "site.css").exists()
    assert load_template(folder).token("row.txn_date").kind == TokenKind.ROW

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("template.html", ANALYST_HTML)
        z.writestr("../../escape.txt", "x")
    with pytest.raises(TemplateError, match="points outside the template folder"):
        import_template(evil, tmp_path / "templates", "evil")
    assert not (tmp_path / "templates" / "evil").exists()


def test_import_refuses_no_tokens_bad_name_and_malformed(tmp_path: Path) -> None:
    plain = tmp_path / "plain.html"
    plain.write_text("<p>Nothing to fill</p>")
    with pytest.raises(TemplateError, match=r"no .* placeholders found"):
        import_template(plain, tmp_path / "templates", "plain")
    with pytest.raises(TemplateError, match="template name"):
        import_template(plain, tmp_path / "templates", "../up")
    broken = tmp_path / "broken.html"
    broken.write_text("<p>{x}</p>{% if %}")
    with pytest.raises(TemplateError, match=r"broken\.html: malformed Jinja"):
        import_template(broken, tmp_path / "templates", "broken")


def test_cli_map_schema_sql_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "contract",
            "map",
            "--template",
            str(GOLD / "templates" / "energy_bill"),
            "--schema-sql",
            str(GOLD / "schemas" / "utility_mixed.sql"),
            "--format",
            "json",
        ]
    )
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mapping"]["account_holder"] == "premises.holder_name"
    assert out["mapping"]["row.kwh"] == "meter_reads.kwh_used"
    assert "customer_reference" in out["unresolved"]
    assert out["status"] == "needs_review" and out["sql_valid"] is True
    assert 0 < out["coverage"] < 1


def test_cli_map_postgres_style_ddl_and_sqlite_url(tmp_path: Path, capsys) -> None:
    ddl = tmp_path / "pg.sql"
    ddl.write_text(
        "CREATE TABLE ledger (id SERIAL PRIMARY KEY, booked_at DATE NOT NULL, "
        "memo VARCHAR(80), amount NUMERIC(18,2)) ;\n"
    )
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "template.html").write_text(
        "{% for row in rows %}{{ row.booked_at }} {{ row.memo }} {{ row.amount }}{% endfor %}"
    )
    assert main(["contract", "map", "--template", str(folder), "--schema-sql", str(ddl)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["mapping"] == {
        "row.booked_at": "ledger.booked_at",
        "row.memo": "ledger.memo",
        "row.amount": "ledger.amount",
    }


def test_cli_errors_are_one_line_exit_2(tmp_path: Path, capsys) -> None:
    code = main(
        ["contract", "map", "--template", str(tmp_path / "nope"), "--datasource", "sqlite:///x.db"]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("neurareport contract: ") and err.count("\n") == 1
    code = main(
        [
            "contract",
            "map",
            "--template",
            str(GOLD / "templates" / "invoice"),
            "--datasource",
            "postgresql://postgres@127.0.0.1:1/none",
        ]
    )
    assert code == 2
    assert "is the server running" in capsys.readouterr().err


def test_cli_import(tmp_path: Path, capsys) -> None:
    source = tmp_path / "a.html"
    source.write_text(ANALYST_HTML)
    assert main(["contract", "import", str(source), "--dest", str(tmp_path), "--name", "a1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert {"token": "row.amount", "kind": "row", "label": "Amount"} in out["tokens"]
