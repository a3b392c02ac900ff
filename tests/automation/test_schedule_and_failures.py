"""The monthly schedule and the run-failure notifier."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import dagster as dg
import pytest

from neurareport_assets.defs.automation.schedules import (
    monthly_reports_schedule,
    previous_period,
)
from neurareport_assets.defs.automation.sensors import TENANT_TAG, run_failure_notifier
from neurareport_resources.resources import NotifierResource
from tests.reports.test_delivery import _free_port, _Recorder


@pytest.fixture
def instance():
    with dg.instance_for_test() as instance:
        yield instance


def test_previous_period_wraps_the_year():
    assert previous_period(date(2025, 1, 1)) == date(2024, 12, 1)
    assert previous_period(datetime(2025, 4, 1, 6, tzinfo=UTC)) == date(2025, 3, 1)


def test_schedule_requests_the_previous_month_for_every_tenant(instance):
    instance.add_dynamic_partitions("tenant", ["globex", "acme"])
    context = dg.build_schedule_context(
        instance=instance, scheduled_execution_time=datetime(2025, 4, 1, 6, tzinfo=UTC)
    )
    requests = monthly_reports_schedule(context)
    assert [str(r.partition_key) for r in requests] == ["2025-03-01|acme", "2025-03-01|globex"]
    assert [r.tags[TENANT_TAG] for r in requests] == ["acme", "globex"]
    assert len({r.run_key for r in requests}) == 2


def test_schedule_skips_without_tenants(instance):
    context = dg.build_schedule_context(
        instance=instance, scheduled_execution_time=datetime(2025, 4, 1, 6, tzinfo=UTC)
    )
    assert isinstance(monthly_reports_schedule(context), dg.SkipReason)


@dg.op
def fails_like_a_data_source():
    raise ConnectionError("data source acme-database refused the connection")


@dg.job(tags={TENANT_TAG: "acme"})
def failing_job():
    fails_like_a_data_source()


def test_run_failure_is_notified_through_the_outbox(instance, tmp_path):
    result = failing_job.execute_in_process(instance=instance, raise_on_error=False)
    assert not result.success
    failure_event = next(e for e in result.all_events if e.event_type_value == "PIPELINE_FAILURE")
    context = dg.build_run_status_sensor_context(
        sensor_name="run_failure_notifier",
        dagster_event=failure_event,
        dagster_instance=instance,
        dagster_run=result.dagster_run,
        resources={"notifier": NotifierResource(outbox_root=str(tmp_path / "outbox"))},
    ).for_run_failure()
    run_failure_notifier(context)

    sent = list((tmp_path / "outbox" / "notifications").glob("*.json"))
    assert len(sent) == 1
    message = json.loads(sent[0].read_text())
    assert message["tenant"] == "acme"
    assert result.run_id in message["body"]
    assert "refused the connection" in message["body"]


def test_executor_is_chosen_by_environment():
    from neurareport_assets.defs.automation.jobs import executor_for_environment

    assert executor_for_environment({}).name == "in_process"
    assert executor_for_environment({"NEURAREPORT_EXECUTOR": "multiprocess"}).name == "multiprocess"
    celery = executor_for_environment(
        {"NEURAREPORT_EXECUTOR": "celery", "NEURAREPORT_CELERY_BROKER": "redis://r:6379/0"}
    )
    assert celery.name == "celery"
    with pytest.raises(ValueError, match="NEURAREPORT_CELERY_BROKER"):
        executor_for_environment({"NEURAREPORT_EXECUTOR": "celery"})
    with pytest.raises(ValueError, match="in_process, multiprocess, celery"):
        executor_for_environment({"NEURAREPORT_EXECUTOR": "k8s"})


def test_a_notification_is_e_mailed_to_the_operators(tmp_path):
    from aiosmtpd.controller import Controller

    from neurareport_assets.defs.automation.notify import send_notification

    recorder = _Recorder()
    port = _free_port()
    server = Controller(recorder, hostname="127.0.0.1", port=port)
    server.start()
    notifier = NotifierResource(
        outbox_root=str(tmp_path / "outbox"),
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        tenant_recipients='{"operators": ["ops@example.net", "oncall@example.net"], "acme": "a@acme.example"}',
    )
    path = send_notification(
        notifier, subject="run failed", body="root cause", tenant="acme", name="x"
    )
    assert path.exists()
    assert len(recorder.messages) == 1
    message = recorder.messages[0]
    assert message["Subject"] == "run failed"
    assert message["To"] == "ops@example.net, oncall@example.net"
    assert "root cause" in message.get_content()
