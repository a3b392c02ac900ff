"""Nothing unchecked reaches a client: a report whose ledger does not reconcile is rendered,
held as a draft and not delivered until an analyst approves exactly its files; a changed
report is held again; a rejected one never goes out; the analysts are told once."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import dagster as dg
import pyarrow as pa
import pytest

from neurareport_assets.cli import main
from neurareport_assets.defs.delivery.assets import delivered_reports
from neurareport_assets.defs.review.jobs import (
    APPROVE_OP,
    approve_report,
    deliver_after_approval,
)
from neurareport_assets.holds import manifest_release
from neurareport_resources.review import (
    APPROVED,
    HELD,
    READY,
    REJECTED,
    HoldReason,
    ReviewDecision,
    ReviewError,
    ReviewPolicy,
    hold_reasons,
    load_review_policy,
    read_decisions,
    release_state,
)
from neurareport_resources.warehouse import Warehouse

from .conftest import PERIOD, TENANT
from .test_pipeline import ALL_ASSETS, PARTITION

TEMPLATE = "monthly_account"


# -- the rules, without Dagster ---------------------------------------------------------------
def _reasons(**overrides):
    inputs = {
        "failed_ledger_checks": {},
        "statements": [{"file_name": "a.pdf", "needs_review": False}],
        "uncategorised_money": Decimal("0"),
        "total_money": Decimal("1000"),
        "contract_status": "approved",
        "policy": ReviewPolicy(),
    } | overrides
    return [r.code for r in hold_reasons(**inputs)]


def test_each_hold_reason_and_none_when_all_is_well():
    assert _reasons() == []
    assert _reasons(failed_ledger_checks={"opening_plus_net_equals_closing": "off"}) == [
        "ledger_checks_failed"
    ]
    review = [{"file_name": "a.pdf", "needs_review": True, "review_reason": "page 2: no balance"}]
    assert _reasons(statements=review) == ["statement_needs_review"]
    assert _reasons(contract_status="draft") == ["contract_not_approved"]
    assert _reasons(contract_status=None) == ["contract_not_approved"]
    # the default limit is 10 % of the money moved
    assert _reasons(uncategorised_money=Decimal("100")) == []
    assert _reasons(uncategorised_money=Decimal("100.01")) == ["uncategorised_over_threshold"]
    absolute = ReviewPolicy(max_uncategorised_share=None, max_uncategorised_money=Decimal("50"))
    assert _reasons(uncategorised_money=Decimal("51"), policy=absolute) == [
        "uncategorised_over_threshold"
    ]
    lenient = ReviewPolicy(hold_unapproved_contract=False)
    assert _reasons(contract_status="draft", policy=lenient) == []


def test_the_tenant_policy_file_and_its_errors(tmp_path):
    path = tmp_path / "review.yaml"
    path.write_text("max_uncategorised_money: 250.50\nhold_unapproved_contract: false\n")
    policy = load_review_policy(path)
    assert policy.max_uncategorised_money == Decimal("250.50")
    assert policy.max_uncategorised_share == Decimal("0.10") and not policy.hold_unapproved_contract
    assert load_review_policy(None) == ReviewPolicy()
    path.write_text("max_uncategorized: 3\n")
    with pytest.raises(ReviewError, match=r"review.yaml: unknown key"):
        load_review_policy(path)
    path.write_text("max_uncategorised_money: lots\n")
    with pytest.raises(ReviewError, match="not a number"):
        load_review_policy(path)


def _decision(fingerprint: str, decision: str, minute: int) -> ReviewDecision:
    return ReviewDecision(
        TENANT,
        PERIOD,
        TEMPLATE,
        decision,
        fingerprint,
        "ana",
        dt.datetime(2025, 2, 3, 9, minute, tzinfo=dt.UTC),
        "ok",
    )


def test_release_follows_the_newest_decision_on_these_files():
    reason = [HoldReason("ledger_checks_failed", "off")]
    assert release_state([], "f1", []).status == READY
    assert release_state(reason, "f1", []).status == HELD
    approved = release_state(reason, "f1", [_decision("f1", APPROVED, 1)])
    assert approved.status == APPROVED and approved.deliverable
    # a decision on another version does not count: held again
    changed = release_state(reason, "f2", [_decision("f1", APPROVED, 1)])
    assert changed.status == HELD and len(changed.stale) == 1
    rejected = release_state([], "f1", [_decision("f1", APPROVED, 1), _decision("f1", REJECTED, 2)])
    assert rejected.status == REJECTED and not rejected.deliverable


# -- the pipeline -----------------------------------------------------------------------------
def _materialize(resources, instance, selection):
    return dg.materialize(
        ALL_ASSETS,
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
        selection=selection,
    )


def _delivery(result) -> dict:
    metadata = result.asset_materializations_for_node("delivered_reports")[0].metadata
    return {k: metadata[k].value for k in ("sent", "already_sent", "held")}


def _outbox(home) -> list[str]:
    folder = home / "outbox" / TENANT
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _notifications(home) -> list[dict]:
    folder = home / "outbox" / "notifications"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("held-*.json"))]


def _cli(monkeypatch, capsys, home, *argv: str) -> tuple[int, dict | str]:
    monkeypatch.setenv("NEURAREPORT_HOME", str(home))
    monkeypatch.setenv("NEURAREPORT_ENV", "local")
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else err)


def test_an_unreconciled_report_is_held_until_approved_and_held_again_when_it_changes(
    resources, instance, statement, neurareport_home, monkeypatch, capsys
):
    wh = Warehouse(str(neurareport_home / "data" / "warehouse"))
    assert _materialize(resources, instance, ["statement_files", "extracted_tables"]).success
    # one line of the statement went missing: the ledger no longer reconciles
    rows = wh.read_partition("extracted_rows", TENANT, PERIOD)
    wh.write_partition(
        "extracted_rows", TENANT, PERIOD, pa.concat_tables([rows.slice(0, 5), rows.slice(6)])
    )

    rest = [
        "transactions",
        "report_contracts/monthly_account",
        "rendered_reports/monthly_account",
        "delivered_reports",
    ]
    result = _materialize(resources, instance, rest)
    assert result.success

    # rendered (the files exist, the manifest marks them a draft), not delivered
    manifest = wh.read_document("report_manifests", TENANT, PERIOD, TEMPLATE)
    assert manifest["status"] == "draft" and len(manifest["files"]) == 4
    codes = {r["code"] for r in manifest["hold_reasons"]}
    assert {"ledger_checks_failed", "contract_not_approved"} <= codes
    assert _delivery(result) == {"sent": 0, "already_sent": 0, "held": 1}
    assert _outbox(neurareport_home) == []
    checks = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert not checks["released_for_delivery"].passed
    assert "neurareport approve" in checks["released_for_delivery"].metadata["how to release"].value
    assert not checks["nothing_held_for_review"].passed
    # the analysts are told, once per version of the report
    (note,) = _notifications(neurareport_home)
    assert "Held for review" in note["subject"] and "opening + net = closing" in note["body"]
    assert _delivery(_materialize(resources, instance, ["delivered_reports"]))["held"] == 1
    assert len(_notifications(neurareport_home)) == 1

    # an analyst approves from the command line: who, when, why and the fingerprint
    code, approved = _cli(
        monkeypatch, capsys, neurareport_home,
        "approve", "--tenant", TENANT, "--period", "2025-01", "--note", "bank confirmed the gap",
        "--by", "ana",
    )  # fmt: skip
    assert code == 0, approved
    assert approved["decision"] == "approved" and approved["reviewer"] == "ana"
    assert approved["fingerprint"] == manifest_release(wh, TENANT, PERIOD, TEMPLATE).fingerprint
    assert any("opening + net = closing" in h for h in approved["held_for"])
    (stored,) = read_decisions(wh, TENANT, PERIOD, TEMPLATE)
    assert stored.note == "bank confirmed the gap" and stored.decided_at.tzinfo is not None
    sent = _materialize(resources, instance, ["delivered_reports"])
    assert _delivery(sent) == {"sent": 3, "already_sent": 0, "held": 0}
    assert len(_outbox(neurareport_home)) == 3

    # the data changes and the report is re-rendered: a new version, held again
    ledger = wh.read_partition("transactions", TENANT, PERIOD)
    descriptions = ledger.column("description").to_pylist()
    descriptions[0] = "CORRECTED " + descriptions[0]
    ledger = ledger.set_column(
        ledger.schema.get_field_index("description"), "description", pa.array(descriptions)
    )
    wh.write_partition("transactions", TENANT, PERIOD, ledger)
    again = _materialize(
        resources, instance, ["rendered_reports/monthly_account", "delivered_reports"]
    )
    assert _delivery(again) == {"sent": 0, "already_sent": 0, "held": 1}
    assert len(_outbox(neurareport_home)) == 3  # nothing new went out
    assert len(_notifications(neurareport_home)) == 2  # the new version was announced

    # a rejection of this version keeps it out; approving with a stale fingerprint is refused
    code, error = _cli(
        monkeypatch, capsys, neurareport_home,
        "approve", "--tenant", TENANT, "--period", "2025-01", "--note", "x",
        "--fingerprint", approved["fingerprint"][:12],
    )  # fmt: skip
    assert code == 2 and "changed since you read it" in error
    code, rejected = _cli(
        monkeypatch, capsys, neurareport_home,
        "reject", "--tenant", TENANT, "--period", "2025-01", "--note", "wrong month", "--by", "bo",
    )  # fmt: skip
    assert code == 0 and rejected["release"] == "rejected"
    final = _materialize(resources, instance, ["delivered_reports"])
    assert _delivery(final) == {"sent": 0, "already_sent": 0, "held": 1}
    code, error = _cli(
        monkeypatch, capsys, neurareport_home,
        "approve", "--tenant", TENANT, "--period", "2025-01", "--note", " ",
    )  # fmt: skip
    assert code == 2 and "needs a note" in error


def test_the_approval_job_records_the_decision_and_delivery_follows(
    resources, instance, statement, neurareport_home
):
    assert dg.materialize(
        ALL_ASSETS, resources=resources, partition_key=PARTITION.partition_key, instance=instance
    ).success
    wh = Warehouse(str(neurareport_home / "data" / "warehouse"))
    assert manifest_release(wh, TENANT, PERIOD, TEMPLATE).status == HELD
    run_config = {
        "ops": {
            APPROVE_OP: {
                "config": {
                    "tenant": TENANT,
                    "period": "2025-01",
                    "template": TEMPLATE,
                    "note": "contract mapping read and correct",
                    "reviewer": "ana",
                }
            }
        }
    }
    result = approve_report.execute_in_process(
        run_config=run_config,
        resources={k: resources[k] for k in ("warehouse", "report_store")},
        instance=instance,
    )
    assert result.success
    assert manifest_release(wh, TENANT, PERIOD, TEMPLATE).status == APPROVED
    (observation,) = [
        e.asset_observation_data.asset_observation
        for e in result.all_events
        if e.event_type_value == "ASSET_OBSERVATION"
    ]
    assert observation.partition == str(PARTITION.partition_key)
    assert observation.metadata["reviewer"].value == "ana"
    # the sensor turns the successful approval into a delivery run for that partition
    context = dg.build_run_status_sensor_context(
        sensor_name="deliver_after_approval",
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        dagster_event=result.get_run_success_event(),
    )
    request = deliver_after_approval(context)
    assert str(request.partition_key) == str(PARTITION.partition_key)
    delivered = _materialize(resources, instance, [delivered_reports.key])
    assert _delivery(delivered)["sent"] == 3
