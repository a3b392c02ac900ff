"""Join paths through declared keys, including composite ones (SAP's BUKRS + BELNR + GJAHR)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from neurareport_resources.contracts import Contract, TokenMapping
from neurareport_resources.contracts.joins import SchemaGraph
from neurareport_resources.contracts.model import RowSource
from neurareport_resources.contracts.sqlbuild import rows_query
from neurareport_resources.datasources import sqlite_source_from_sql
from neurareport_resources.templating import TokenKind

DOCUMENTS = """
CREATE TABLE HEAD (CO TEXT, DOC TEXT, YR INTEGER, POSTED DATE, PRIMARY KEY (CO, DOC, YR));
CREATE TABLE LINE (CO TEXT, DOC TEXT, YR INTEGER, POS INTEGER, AMT DECIMAL(12,2),
  PRIMARY KEY (CO, DOC, YR, POS), FOREIGN KEY (CO, DOC, YR) REFERENCES HEAD(CO, DOC, YR));
INSERT INTO HEAD VALUES ('1000', 'D1', 2024, '2024-12-30'), ('1000', 'D1', 2025, '2025-03-05'),
  ('2000', 'D1', 2025, '2025-03-09');
INSERT INTO LINE VALUES ('1000', 'D1', 2025, 1, 10.00), ('1000', 'D1', 2025, 2, 20.00),
  ('2000', 'D1', 2025, 1, 5.00);
"""


def test_a_composite_key_joins_on_every_column_and_keeps_one_row_per_line(
    tmp_path: Path,
) -> None:
    sql_path = tmp_path / "documents.sql"
    sql_path.write_text(DOCUMENTS, encoding="utf-8")
    source = sqlite_source_from_sql(sql_path, tmp_path / "documents.db")
    schema = source.discover_schema()
    joins = SchemaGraph(schema).paths("LINE")["HEAD"]
    assert [pair for join in joins for pair in join.key_pairs()] == [
        ("LINE.CO", "HEAD.CO"),
        ("LINE.DOC", "HEAD.DOC"),
        ("LINE.YR", "HEAD.YR"),
    ]
    contract = Contract(
        template="journal",
        template_hash="-",
        source_name="documents",
        dialect="sqlite",
        schema_hash="-",
        mapper="test",
        mappings=[
            TokenMapping(token="row.pos", kind=TokenKind.ROW, target="LINE.POS"),
            TokenMapping(token="row.posted", kind=TokenKind.ROW, target="HEAD.POSTED"),
        ],
        row_source=RowSource(table="LINE", joins=joins, order_by=["LINE.CO", "LINE.POS"]),
    )
    query = rows_query(contract)
    assert query is not None
    with sqlite3.connect(tmp_path / "documents.db") as con:
        rows = con.execute(query.sql).fetchall()
    # joined on the company code alone, document D1 would meet both of company 1000's years
    assert rows == [(1, "2025-03-05"), (2, "2025-03-05"), (1, "2025-03-09")]
