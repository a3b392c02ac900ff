"""Token discovery, classification and labels; the sandboxed environment."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.exceptions import SecurityError, UndefinedError

from neurareport_resources.templating import (
    TemplateError,
    TokenKind,
    load_template,
    make_environment,
    render_template_string_sandboxed,
)


def _write(tmp_path: Path, html: str, name: str = "template.html") -> Path:
    folder = tmp_path / "tpl"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(html, encoding="utf-8")
    return folder


def test_fixture_tokens_kinds_and_labels(monthly_account_dir: Path) -> None:
    spec = load_template(monthly_account_dir)
    kinds = {t.name: t.kind for t in spec.tokens}
    for scalar in (
        "account_holder",
        "account_number",
        "currency",
        "period_start",
        "period_end",
        "opening_balance",
        "closing_balance",
    ):
        assert kinds[scalar] == TokenKind.SCALAR, scalar
    for total in ("total_credits", "total_debits", "transaction_count"):
        assert kinds[total] == TokenKind.TOTAL, total
    for row in ("row.txn_date", "row.description", "row.amount", "row.balance", "row.category"):
        assert kinds[row] == TokenKind.ROW, row
    # reserved names never become tokens
    assert not [n for n in kinds if n.split(".")[0] in ("report", "analysis", "rows", "loop")]
    assert spec.token("account_holder").label == "Account holder"
    # the built-in ledger is monospace lines under a running header drawn by expressions,
    # so its row tokens carry no visible label; table headers as labels are tested below
    assert spec.token("opening_balance").filters[0] == "money"


def test_labels_from_headers_colons_and_footers(tmp_path: Path) -> None:
    html = """
    <p>Customer name: {{ cust_nm }}</p>
    <dl><dt>Invoice no.</dt><dd>{{ inv_no }}</dd></dl>
    <table><thead><tr><th>Item</th><th colspan="2">Qty</th><th>Price</th></tr></thead>
    <tbody>{% for line in rows %}<tr><td>{{ line.item }}</td><td>{{ line.qty }}</td><td></td>
    <td>{{ line['unit_price'] | money }}</td></tr>{% endfor %}</tbody>
    <tfoot><tr><td colspan="3">Grand total</td><td>{{ total_amount }}</td></tr></tfoot></table>
    """
    spec = load_template(_write(tmp_path, html))
    labels = {t.name: t.label for t in spec.tokens}
    assert labels == {
        "cust_nm": "Customer name",
        "inv_no": "Invoice no",
        "row.item": "Item",
        "row.qty": "Qty",
        "row.unit_price": "Price",
        "total_amount": "Grand total",
    }
    assert spec.token("row.unit_price").kind == TokenKind.ROW


def test_set_variables_loop_variables_and_macros_are_not_tokens(tmp_path: Path) -> None:
    html = """{% set x = report.tenant %}{{ x }}{% for c in analysis.categories %}{{ c.name }}
    {{ loop.index }}{% endfor %}{% macro cell(v) %}<td>{{ v }}</td>{% endmacro %}{{ cell(holder) }}
    {% for row in rows %}{{ row.amount }}{% endfor %}"""
    spec = load_template(_write(tmp_path, html))
    assert spec.token_names == ["holder", "row.amount"]


def test_no_tokens_is_a_clear_error(tmp_path: Path) -> None:
    folder = _write(tmp_path, "<p>Static text {{ report.tenant }}</p>")
    with pytest.raises(TemplateError, match=r"template\.html: no tokens found"):
        load_template(folder)


def test_malformed_jinja_names_file_and_line(tmp_path: Path) -> None:
    folder = _write(tmp_path, "<p>ok</p>\n<p>{% for row in rows %}{{ row.a }}</p>")
    with pytest.raises(TemplateError, match=r"template\.html: malformed Jinja at line 2"):
        load_template(folder)


def test_missing_folder_and_ambiguous_main_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not a template folder"):
        load_template(tmp_path / "absent")
    folder = _write(tmp_path, "{{ a }}", "one.html")
    (folder / "two.html").write_text("{{ b }}")
    with pytest.raises(TemplateError, match="several HTML files"):
        load_template(folder)


def test_sandbox_blocks_unsafe_attributes_and_autoescapes(tmp_path: Path) -> None:
    out = render_template_string_sandboxed("<p>{{ name }}</p>", {"name": "<script>x</script>"})
    assert out == "<p>&lt;script&gt;x&lt;/script&gt;</p>"
    with pytest.raises(SecurityError):
        render_template_string_sandboxed("{{ ''.__class__.__mro__ }}", {})
    env = make_environment(tmp_path)
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


def test_sandbox_loader_stays_inside_the_folder(tmp_path: Path) -> None:
    folder = _write(tmp_path, "{% include '../secret.html' %}")
    (tmp_path / "secret.html").write_text("secret")
    env = make_environment(folder)
    with pytest.raises(Exception, match=r"secret\.html"):
        env.get_template("template.html").render()


def test_filters_format_money_dates_percent() -> None:
    import datetime as dt
    from decimal import Decimal

    out = render_template_string_sandboxed(
        "{{ a | money }} {{ a | money(c) }} {{ d | date }} {{ p | percent }}",
        {"a": Decimal("-1234.5"), "c": "EUR", "d": dt.date(2025, 3, 1), "p": Decimal("0.125")},
    )
    assert out == "-1,234.50 -1,234.50 EUR 2025-03-01 12.5%"


def test_an_edited_template_is_parsed_again(tmp_path: Path) -> None:
    """Parsed templates are kept per process by their text: an edit is seen at once."""
    folder = _write(tmp_path, "<p>Holder: {{ holder }}</p>")
    assert load_template(folder).token_names == ["holder"]
    assert load_template(folder) is load_template(folder)  # parsed once
    (folder / "template.html").write_text("<p>Holder: {{ holder }} IBAN: {{ iban }}</p>")
    assert load_template(folder).token_names == ["holder", "iban"]
