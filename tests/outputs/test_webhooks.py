"""Signed webhooks (Standard Webhooks) against a local receiver: verified, retried, deduplicated."""

from __future__ import annotations

import base64
import datetime as dt
import json
import socket

import pytest
from standardwebhooks import Webhook

from neurareport_resources.delivery.webhooks import (
    CHECK_FAILED,
    REPORT_DELIVERED,
    REPORT_RENDERED,
    EventLog,
    WebhookEndpoint,
    emit,
    endpoints_from_config,
    make_event,
    sign,
)
from neurareport_resources.warehouse import Warehouse
from tests.outputs.webhook_receiver import webhook_receiver

SECRET = "whsec_" + base64.b64encode(b"a test secret of 24 bytes").decode()
PERIOD = dt.date(2025, 3, 1)


def _event(kind=REPORT_RENDERED, subject="fingerprint-1"):
    return make_event(
        kind,
        "acme",
        "2025-03",
        subject=subject,
        data={"template": "monthly_account", "links": {"pdf": "reports/acme/2025-03/a.pdf"}},
    )


def _endpoint(receiver, **overrides) -> WebhookEndpoint:
    return WebhookEndpoint(**{"name": "ops", "url": receiver.url, "secret": SECRET, **overrides})


def test_an_event_arrives_signed_in_the_standard_webhooks_format() -> None:
    with webhook_receiver(SECRET) as receiver:
        attempts = emit([_event()], [_endpoint(receiver)], sleep=lambda s: None)
    assert [a.status for a in attempts] == ["sent"]
    assert receiver.rejected == 0
    (only,) = receiver.raw
    assert only["headers"]["webhook-id"].startswith("msg_")
    assert only["headers"]["webhook-signature"].startswith("v1,")
    payload = only["payload"]
    assert payload["type"] == "report.rendered"
    assert payload["data"]["tenant"] == "acme" and payload["data"]["period"] == "2025-03"
    assert payload["data"]["links"]["pdf"].endswith("a.pdf")


def test_a_wrong_secret_fails_verification() -> None:
    other = "whsec_" + base64.b64encode(b"some other secret bytes!").decode()
    with webhook_receiver(other) as receiver:
        attempts = emit([_event()], [_endpoint(receiver)], retries=0, sleep=lambda s: None)
    assert receiver.rejected == 1 and receiver.events == {}
    assert attempts[0].status == "failed" and "401" in attempts[0].error


def test_5xx_is_retried_with_backoff_and_the_receiver_keeps_one_copy(tmp_path) -> None:
    slept: list[float] = []
    with webhook_receiver(SECRET) as receiver:
        receiver.fail_next = [503, 502]
        first = emit([_event()], [_endpoint(receiver)], sleep=slept.append)
        assert first[0].status == "sent" and first[0].attempts == 3
        assert slept == [1.0, 2.0]
        # the same fact emitted again (no log): a second request, the same id, one event kept
        emit([_event()], [_endpoint(receiver)], sleep=slept.append)
    assert receiver.requests == 4
    assert len(receiver.raw) == 2 and len(receiver.events) == 1
    assert {r["headers"]["webhook-id"] for r in receiver.raw} == set(receiver.events)


def test_a_4xx_answer_is_not_retried() -> None:
    slept: list[float] = []
    with webhook_receiver(SECRET) as receiver:
        receiver.fail_next = [410]
        attempts = emit([_event()], [_endpoint(receiver)], sleep=slept.append)
    assert attempts[0].status == "failed" and attempts[0].attempts == 1 and slept == []


def test_an_event_that_could_not_be_sent_is_sent_on_the_next_emission(tmp_path) -> None:
    log = EventLog(Warehouse(str(tmp_path / "wh")), "acme", PERIOD)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}/hooks"
    down = WebhookEndpoint(name="ops", url=dead, secret=SECRET, timeout=2)
    failed = emit([_event()], [down], log=log, retries=1, sleep=lambda s: None)
    assert [a.status for a in failed] == ["failed"] and failed[0].attempts == 2
    with webhook_receiver(SECRET) as receiver:
        up = _endpoint(receiver)
        # a later emission of another event also delivers the one still pending
        later = emit([_event(REPORT_DELIVERED, "sent-1")], [up], log=log, sleep=lambda s: None)
        assert sorted(a.event_type for a in later if a.status == "sent") == [
            "report.delivered",
            "report.rendered",
        ]
        again = emit([_event()], [up], log=log, sleep=lambda s: None)
    assert {a.status for a in again} == {"skipped"}
    assert len(receiver.events) == 2 and receiver.requests == 2


def test_slack_endpoint_gets_a_text_message_and_filters_apply() -> None:
    with webhook_receiver(None) as receiver:
        slack = WebhookEndpoint(
            name="chat", url=receiver.url, slack=True, events=(CHECK_FAILED,), tenants=("acme",)
        )
        failed_check = make_event(
            CHECK_FAILED,
            "acme",
            "2025-03",
            subject="validation_blocking",
            data={"template": "monthly_account", "reason": "balances do not reconcile"},
        )
        attempts = emit([_event(), failed_check], [slack], sleep=lambda s: None)
    assert [a.event_type for a in attempts] == [CHECK_FAILED]
    (only,) = receiver.raw
    assert only["payload"] == {
        "text": "acme 2025-03: monthly_account failed a check — balances do not reconcile"
    }


def test_endpoints_from_config_validate() -> None:
    endpoints = endpoints_from_config(
        '{"ops": {"url": "https://hooks.example/x", "events": ["report.delivered"]}}',
        json.dumps({"ops": SECRET}),
    )
    assert endpoints[0].secret == SECRET and endpoints[0].events == (REPORT_DELIVERED,)
    assert SECRET not in repr(endpoints[0])
    with pytest.raises(ValueError, match="unknown events"):
        endpoints_from_config('{"ops": {"url": "https://x", "events": ["report.eaten"]}}', None)
    with pytest.raises(ValueError, match="http"):
        endpoints_from_config('{"ops": {"url": "ftp://x"}}', None)
    # our signature is the one the reference verifier computes
    reference = Webhook(SECRET).sign("msg_1", dt.datetime.fromtimestamp(1700000000, dt.UTC), "{}")
    assert sign(SECRET, "msg_1", 1700000000, b"{}") == reference


def test_a_report_rendered_as_a_draft_emits_report_held_once_per_version() -> None:
    from datetime import date

    from neurareport_assets.partitions import TenantPeriod
    from neurareport_assets.webhook_events import held_events

    partition = TenantPeriod("acme", date(2025, 3, 1))
    draft = {
        "status": "draft",
        "fingerprint": "a" * 64,
        "files": [{"file": "r.pdf"}],
        "hold_reasons": [{"code": "unreconciled", "detail": "off by 12.00"}],
    }
    (event,) = held_events(partition, "monthly_account", draft)
    assert event.type == "report.held"
    assert event.data["reasons"] == draft["hold_reasons"]
    # the same version is the same event (receivers deduplicate on its id); a new one is new
    assert held_events(partition, "monthly_account", dict(draft))[0].id == event.id
    changed = {**draft, "fingerprint": "b" * 64}
    assert held_events(partition, "monthly_account", changed)[0].id != event.id
    assert held_events(partition, "monthly_account", {**draft, "status": "released"}) == []
