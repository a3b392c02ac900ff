"""Usage metering per tenant × month: what a tenant used, for billing.

Counted from what the stages stored: statements and pages read (text layer and OCR
separately) from the intake and extraction tables, LLM calls and tokens from the
``llm_usage`` documents the LLM-using stages write (one entry per run, so a retried run
replaces its own entry and a new run adds), reports and files rendered from the report
manifests, deliveries from the warehouse delivery ledger, webhooks from the event log.

Exported as CSV and as Stripe meter events (``event_name``, ``payload.stripe_customer_id``
+ ``payload.value``, ``identifier`` for idempotency, ``timestamp``) written to a file;
nothing is sent anywhere.
"""

from __future__ import annotations

import calendar
import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from neurareport_assets.partitions import TenantPeriod
from neurareport_resources.delivery.ledger import LEDGER_DOCUMENT_KIND, LEDGER_DOCUMENT_NAME
from neurareport_resources.delivery.webhooks import EVENTS_DOCUMENT_KIND, EVENTS_DOCUMENT_NAME
from neurareport_resources.llm.usage import LlmUsage

LLM_USAGE_KIND = "llm_usage"
USAGE_KIND = "usage"
USAGE_NAME = "usage"
BILLING_FILE = "billing.yaml"  # templates/tenants/<tenant>/billing.yaml: stripe_customer_id
# the meters, in the order of the CSV columns (after tenant and period)
METERS = (
    "statements",
    "pages_text",
    "pages_ocr",
    "llm_calls",
    "llm_prompt_tokens",
    "llm_completion_tokens",
    "reports_rendered",
    "report_files",
    "deliveries",
    "webhooks_sent",
)
STRIPE_EVENT_PREFIX = "neurareport_"


def record_llm_usage(wh, partition: TenantPeriod, name: str, run_id: str, usage: LlmUsage) -> None:
    """Store ``usage`` of one stage (``name``) in one run for the partition."""
    document = wh.read_document(LLM_USAGE_KIND, partition.tenant, partition.period_start, name)
    runs = dict((document or {}).get("runs", {}))
    if usage.calls == 0 and run_id not in runs:
        return
    runs[run_id] = usage.to_dict()
    wh.write_document(
        LLM_USAGE_KIND, partition.tenant, partition.period_start, name, {"runs": runs}
    )


def compute_usage(wh, partition: TenantPeriod) -> dict[str, Any]:
    """The meters of one tenant and month, read from what the stages stored."""
    tenant, period = partition.tenant, partition.period_start
    files = wh.read_partition("statement_files", tenant, period).to_pylist()
    pages = wh.read_partition("extracted_pages", tenant, period).to_pylist()
    ocr = sum(1 for p in pages if "ocr" in (p["flags"] or []))
    llm = LlmUsage()
    for name in wh.documents(LLM_USAGE_KIND, tenant, period):
        for run in (
            (wh.read_document(LLM_USAGE_KIND, tenant, period, name) or {}).get("runs", {}).values()
        ):
            llm.calls += int(run.get("calls", 0))
            llm.prompt_tokens += int(run.get("prompt_tokens", 0))
            llm.completion_tokens += int(run.get("completion_tokens", 0))
    manifests = [
        (wh.read_document("report_manifests", tenant, period, name) or {}).get("files", [])
        for name in wh.documents("report_manifests", tenant, period)
    ]
    report_sets = {(m["template"], m["account"]) for files_ in manifests for m in files_}
    ledger = wh.read_document(LEDGER_DOCUMENT_KIND, tenant, period, LEDGER_DOCUMENT_NAME) or {}
    events = wh.read_document(EVENTS_DOCUMENT_KIND, tenant, period, EVENTS_DOCUMENT_NAME) or {}
    return {
        "tenant": tenant,
        "period": partition.period_key,
        "statements": len(files),
        "pages_text": len(pages) - ocr,
        "pages_ocr": ocr,
        "llm_calls": llm.calls,
        "llm_prompt_tokens": llm.prompt_tokens,
        "llm_completion_tokens": llm.completion_tokens,
        "reports_rendered": len(report_sets),
        "report_files": sum(len(files_) for files_ in manifests),
        "deliveries": len(ledger.get("entries", [])),
        "webhooks_sent": len(events.get("delivered", [])),
    }


def usage_csv(records: list[dict[str, Any]]) -> str:
    """The usage records as CSV (tenant, period, then one column per meter)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["tenant", "period", *METERS], lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: record[k] for k in ("tenant", "period", *METERS)})
    return buffer.getvalue()


def stripe_customer_id(tenant_dir: Path | None, tenant: str) -> str:
    """``stripe_customer_id`` from ``templates/tenants/<tenant>/billing.yaml``."""
    path = (tenant_dir / BILLING_FILE) if tenant_dir is not None else None
    if path is None or not path.is_file():
        raise ValueError(
            f"tenant {tenant!r} has no {BILLING_FILE}; add templates/tenants/{tenant}/"
            f"{BILLING_FILE} with 'stripe_customer_id: cus_…'"
        )
    settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    customer = settings.get("stripe_customer_id") if isinstance(settings, dict) else None
    if not isinstance(customer, str) or not customer.strip():
        raise ValueError(f"{path}: set 'stripe_customer_id: cus_…'")
    return customer.strip()


def stripe_meter_events(record: dict[str, Any], customer: str) -> list[dict[str, Any]]:
    """Stripe meter events of one usage record: one per non-zero meter, timestamped at the
    month's last second, with an identifier that makes a re-upload idempotent."""
    year, month = (int(x) for x in record["period"].split("-"))
    last_day = calendar.monthrange(year, month)[1]
    stamp = int(datetime(year, month, last_day, 23, 59, 59, tzinfo=UTC).timestamp())
    return [
        {
            "event_name": f"{STRIPE_EVENT_PREFIX}{meter}",
            "payload": {"stripe_customer_id": customer, "value": str(record[meter])},
            "identifier": f"{record['tenant']}-{record['period']}-{meter}",
            "timestamp": stamp,
        }
        for meter in METERS
        if record[meter]
    ]


def stripe_jsonl(events: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(e, sort_keys=True) + "\n" for e in events)
