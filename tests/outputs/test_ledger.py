"""The delivery ledger lives in the warehouse: any destination works alone, sends stay idempotent."""

from __future__ import annotations

import datetime as dt

from neurareport_resources.delivery import (
    SENT,
    SKIPPED,
    DeliveryMessage,
    Destination,
    OutboxDestination,
    SmtpDestination,
    WarehouseLedger,
    deliver,
)
from neurareport_resources.warehouse import Warehouse


def test_outbox_and_smtp_implement_the_destination_protocol(tmp_path) -> None:
    assert isinstance(OutboxDestination(tmp_path), Destination)
    assert isinstance(SmtpDestination("h", 25, "a@b", ("c@d",)), Destination)


def test_the_ledger_is_a_warehouse_document_not_a_file_in_the_outbox(tmp_path) -> None:
    files = []
    for name in ("a.pdf", "b.csv"):
        path = tmp_path / "reports" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(name.encode() * 100)
        files.append(path)
    wh = Warehouse(str(tmp_path / "warehouse"))
    ledger = WarehouseLedger(wh, "acme", dt.date(2025, 3, 1))
    outbox = OutboxDestination(tmp_path / "outbox" / "acme", root=tmp_path / "outbox")
    first = deliver(files, [outbox], ledger=ledger, message=DeliveryMessage("s"))
    assert [r.status for r in first] == [SENT, SENT]
    assert first[0].location == str(tmp_path / "outbox" / "acme" / "a.pdf")
    # the outbox holds the delivered files and nothing else
    assert sorted(p.name for p in (tmp_path / "outbox").rglob("*")) == ["a.pdf", "acme", "b.csv"]
    stored = wh.read_document("delivery_ledger", "acme", dt.date(2025, 3, 1), "deliveries")
    assert [e["file"].rsplit("/", 1)[-1] for e in stored["entries"]] == ["a.pdf", "b.csv"]
    # a second run (a new ledger object over the same warehouse) sends nothing again
    again = deliver(files, [outbox], ledger=WarehouseLedger(wh, "acme", dt.date(2025, 3, 1)))
    assert [r.status for r in again] == [SKIPPED, SKIPPED]
    # another month's ledger is its own
    other = deliver(files[:1], [outbox], ledger=WarehouseLedger(wh, "acme", dt.date(2025, 4, 1)))
    assert [r.status for r in other] == [SENT]


def test_the_outbox_ledger_of_before_is_honoured_after_an_upgrade(tmp_path) -> None:
    report = tmp_path / "a.pdf"
    report.write_bytes(b"%PDF-1.7 report")
    outbox = OutboxDestination(tmp_path / "outbox" / "acme", root=tmp_path / "outbox")
    legacy = tmp_path / "outbox" / ".delivery-ledger" / "acme.jsonl"
    assert [r.status for r in deliver([report], [outbox], ledger_path=legacy)] == [SENT]
    wh = Warehouse(str(tmp_path / "warehouse"))
    ledger = WarehouseLedger(wh, "acme", dt.date(2025, 3, 1), legacy=legacy)
    assert [r.status for r in deliver([report], [outbox], ledger=ledger)] == [SKIPPED]
    report.write_bytes(b"%PDF-1.7 corrected report")
    assert [r.status for r in deliver([report], [outbox], ledger=ledger)] == [SENT]
    # from then on the warehouse document is the ledger, holding the old send too
    stored = wh.read_document("delivery_ledger", "acme", dt.date(2025, 3, 1), "deliveries")
    assert len(stored["entries"]) == 2
