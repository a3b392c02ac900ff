"""The upload API through FastAPI's TestClient: keys and scopes, tenancy, idempotency,
rate limits, size limits, uploads into the store, and status reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from neurareport_resources.api.app import create_app
from neurareport_resources.api.keys import ApiDatabase
from neurareport_resources.api.settings import ApiSettings
from neurareport_resources.storage import StatementStore
from tests.exports import builders as b


@pytest.fixture
def home(tmp_path: Path) -> Path:
    (tmp_path / "inbox").mkdir()
    return tmp_path


def _client(home: Path, **overrides) -> tuple[TestClient, ApiDatabase]:
    settings = ApiSettings.local(home, **overrides)
    app = create_app(settings)
    return TestClient(app), app.state.db


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _mt940(tmp: Path, name: str = "march.sta") -> tuple[str, bytes]:
    return name, b.mt940(tmp / name).read_bytes()


def test_upload_lands_in_the_inbox_and_reads_back(home: Path, tmp_path: Path):
    client, db = _client(home)
    _, token = db.create_key("acme", ["upload", "read"])
    name, data = _mt940(tmp_path)
    response = client.post(
        "/v1/statements", files=[("files", (name, data))], data={"period": "2025-03"},
        headers=_auth(token),
    )  # fmt: skip
    assert response.status_code == 201, response.text
    [placed] = response.json()["statements"]
    assert placed["status"] == "received" and len(placed["id"]) == 64
    stored = home / "inbox" / "acme" / "2025-03" / name
    assert stored.read_bytes() == data
    assert not list(stored.parent.glob(".*"))  # no partial file left behind
    status = client.get(placed["url"], headers=_auth(token)).json()
    assert status["status"] == "received" and status["stage"] == "inbox"

    # intake and extraction read it: the status follows the warehouse
    gap = b"Date,Description,Amount,Balance\n2025-03-01,a,-1.00,99.00\n2025-03-02,b,-2.00,90.00\n"
    second = client.post(
        "/v1/statements", files=[("files", ("gap.csv", gap))], headers=_auth(token)
    ).json()["statements"][0]
    _materialize_intake(home, "acme", dt.date(2025, 3, 1))
    status = client.get(placed["url"], headers=_auth(token)).json()
    assert (status["status"], status["period"]) == ("read", "2025-03")
    assert status["accounts"][0]["closing_balance"] == "3060.55"
    status = client.get(second["url"], headers=_auth(token)).json()
    assert status["status"] == "needs_review" and "break" in status["reason"]
    period = client.get("/v1/periods/2025-03", headers=_auth(token)).json()
    assert period["state"] == "needs_review" and period["statements"]["read"] == 2


def _materialize_intake(home: Path, tenant: str, period: dt.date) -> None:
    import dagster as dg

    from neurareport_assets.defs.extraction.assets import extracted_tables
    from neurareport_assets.defs.intake.assets import statement_files
    from neurareport_assets.partitions import tenant_period
    from neurareport_resources.settings import local_resources

    with dg.DagsterInstance.ephemeral() as instance:
        instance.add_dynamic_partitions("tenant", [tenant])
        result = dg.materialize(
            [statement_files, extracted_tables],
            resources=local_resources(home),
            partition_key=tenant_period(tenant, period).partition_key,
            instance=instance,
        )
    assert result.success


def test_keys_are_refused_when_wrong_revoked_or_of_another_tenant(home: Path, tmp_path: Path):
    client, db = _client(home)
    acme, acme_token = db.create_key("acme", ["upload", "read"])
    _, globex_token = db.create_key("globex", ["read"])
    name, data = _mt940(tmp_path)
    placed = client.post(
        "/v1/statements", files=[("files", (name, data))], headers=_auth(acme_token)
    ).json()
    url = placed["statements"][0]["url"]

    assert client.get(url).status_code == 401
    assert client.get(url, headers=_auth(acme_token[:-1] + "x")).status_code == 401
    assert client.get(url, headers={"X-API-Key": acme_token}).status_code == 200
    # another tenant's key does not see acme's statement, nor can it upload (scope)
    assert client.get(url, headers=_auth(globex_token)).status_code == 404
    refused = client.post(
        "/v1/statements", files=[("files", (name, data))], headers=_auth(globex_token)
    )
    assert refused.status_code == 403 and "upload" in refused.json()["detail"]
    db.revoke("acme", acme.key_id)
    assert client.get(url, headers=_auth(acme_token)).status_code == 401

    listed = {k.key_id: k for k in db.list_keys("acme")}
    assert listed[acme.key_id].revoked_at is not None
    assert listed[acme.key_id].last_used_at is not None
    audit = db.audit_entries("acme")
    assert {"POST /v1/statements", "GET /v1/statements/{statement_id}"} <= {
        a["action"] for a in audit
    }
    unauthorised = [a for a in db.audit_entries() if a["status"] == 401]
    assert len(unauthorised) == 3 and all(a["key_id"] is None for a in unauthorised)


def test_idempotent_retry_creates_one_statement(home: Path, tmp_path: Path):
    client, db = _client(home)
    _, token = db.create_key("acme", ["upload"])
    name, data = _mt940(tmp_path)
    headers = {**_auth(token), "Idempotency-Key": "batch-42"}
    first = client.post("/v1/statements", files=[("files", (name, data))], headers=headers)
    again = client.post("/v1/statements", files=[("files", (name, data))], headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["Idempotent-Replayed"] == "true"
    assert db.count_uploads("acme") == 1
    assert [p.name for p in (home / "inbox" / "acme").iterdir()] == [name]
    other = client.post("/v1/statements", files=[("files", (name, data + b"\n"))], headers=headers)
    assert other.status_code == 422 and "different request body" in other.json()["detail"]


def test_rate_limited_key_gets_429_with_retry_after(home: Path):
    client, db = _client(home, rate_limit="3/minute")
    _, token = db.create_key("acme", ["read"])
    answers = [client.get("/v1/periods/2025-03", headers=_auth(token)) for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1].headers["Retry-After"]) <= 60
    # the limit is per key: another key of the same tenant is not affected
    _, other = db.create_key("acme", ["read"])
    assert client.get("/v1/periods/2025-03", headers=_auth(other)).status_code == 200


def test_request_size_limit_and_unknown_files(home: Path):
    client, db = _client(home, max_request_bytes=64 * 1024)
    _, token = db.create_key("acme", ["upload", "read"])
    big = client.post(
        "/v1/statements",
        files=[("files", ("big.pdf", b"%PDF-1.7\n" + b"0" * 70_000))],
        headers=_auth(token),
    )
    assert big.status_code == 413 and "MB limit" in big.json()["detail"]
    assert not (home / "inbox" / "acme").exists()
    odd = client.post(
        "/v1/statements",
        files=[("files", ("notes.docx", b"PK\x03\x04 not a statement"))],
        headers=_auth(token),
    )
    [placed] = odd.json()["statements"]
    assert placed["status"] == "quarantined" and "not a PDF or a bank export" in placed["reason"]
    assert (home / "quarantine" / "acme" / "notes.docx.reason.txt").exists()
    assert client.get(placed["url"], headers=_auth(token)).json()["status"] == "quarantined"
    empty = client.post("/v1/statements", files=[("files", ("e.pdf", b""))], headers=_auth(token))
    assert empty.status_code == 422


def test_quarantined_by_the_sensor_shows_its_reason(home: Path, tmp_path: Path):
    client, db = _client(home)
    _, token = db.create_key("acme", ["upload", "read"])
    bad = b.camt053(tmp_path / "cut.xml")
    data = bad.read_bytes()[:800]
    placed = client.post(
        "/v1/statements", files=[("files", ("cut.xml", data))], headers=_auth(token)
    ).json()
    url = placed["statements"][0]["url"]
    store = StatementStore(str(home / "inbox"), str(home / "quarantine"))
    [stored] = store.list_files("acme")
    store.quarantine("acme", stored.path, "cut.xml: not well-formed XML")  # as intake does
    status = client.get(url, headers=_auth(token)).json()
    assert status == {**status, "status": "quarantined", "reason": "cut.xml: not well-formed XML"}


def test_period_state_and_report_download(home: Path):
    client, db = _client(home)
    _, token = db.create_key("acme", ["read"])
    assert (
        client.get("/v1/periods/2025-03", headers=_auth(token)).json()["state"]
        == "waiting_for_statements"
    )
    assert client.get("/v1/periods/2025-13", headers=_auth(token)).status_code == 422
    folder = home / "reports" / "acme" / "2025-03" / "monthly_account" / "combined"
    folder.mkdir(parents=True)
    (folder / "report.csv").write_text("date,amount\n2025-03-01,1.00\n")
    import hashlib

    from neurareport_resources.delivery import WarehouseLedger
    from neurareport_resources.warehouse import Warehouse

    digest = hashlib.sha256((folder / "report.csv").read_bytes()).hexdigest()
    ledger = WarehouseLedger(
        Warehouse(str(home / "data" / "warehouse")), "acme", dt.date(2025, 3, 1)
    )
    ledger.append([{"sha256": digest, "status": "sent", "file": "x", "destination": "outbox"}])
    listing = client.get("/v1/reports", params={"period": "2025-03"}, headers=_auth(token)).json()
    [report] = listing["reports"]
    assert report["delivered"] is True
    download = client.get(report["download"], headers=_auth(token))
    assert download.status_code == 200 and download.text.startswith("date,amount")
    _, globex = db.create_key("globex", ["read"])
    assert client.get(report["download"], headers=_auth(globex)).status_code == 404
    assert (
        client.get(
            "/v1/reports/2025-03/monthly_account/combined/..", headers=_auth(token)
        ).status_code
        == 404
    )


def test_openapi_docs_are_served(home: Path):
    client, _ = _client(home)
    assert client.get("/docs").status_code == 200
    assert "/v1/statements" in client.get("/openapi.json").json()["paths"]


def test_guessing_keys_is_rate_limited_by_address(home: Path):
    client, db = _client(home, auth_failure_limit="2/minute")
    _, token = db.create_key("acme", ["read"])
    guesses = [
        client.get("/v1/periods/2025-03", headers=_auth(f"nr_guess{n}_x")).status_code
        for n in range(3)
    ]
    assert guesses == [401, 401, 429]
    # a valid key is not held back by someone else's failures from the same address
    assert client.get("/v1/periods/2025-03", headers=_auth(token)).status_code == 200
