"""Usage per tenant × month: counted from what the stages stored, exported as CSV and Stripe
meter events; LLM calls and tokens metered from the completions themselves."""

from __future__ import annotations

import csv
import io
import json
import shutil

import dagster as dg

from neurareport_assets.cli import main
from neurareport_assets.defs.usage.assets import usage
from neurareport_resources.llm.usage import metered
from neurareport_resources.settings import local_resources
from tests.contracts.fake_openai import FakeOpenAI
from tests.reports.conftest import TEMPLATE_DIR
from tests.spine.conftest import TENANT
from tests.spine.test_pipeline import ALL_ASSETS, PARTITION, approve_and_deliver


def test_llm_calls_and_tokens_are_metered_per_block() -> None:
    from neurareport_resources.llm.client import make_instructor_client
    from neurareport_resources.llm.column_roles import ColumnRoles

    answer = {"tool": {"roles": ["date", "description", "amount"]}}
    with FakeOpenAI([answer, answer, answer]) as server:
        client = make_instructor_client(server.base_url, "k", 5)

        def ask() -> None:
            client.chat.completions.create(
                model="m",
                response_model=ColumnRoles,
                messages=[{"role": "user", "content": "roles?"}],
                max_retries=0,
                context={"columns": 3},
            )

        with metered() as usage_here:
            ask()
            ask()
        ask()  # outside any block: attributed to no one
    assert len(server.requests) == 3
    assert usage_here.calls == 2
    # the fake server reports 1 prompt and 1 completion token per answer
    assert (usage_here.prompt_tokens, usage_here.completion_tokens) == (2, 2)


def test_usage_asset_counts_the_month_and_exports_csv_and_stripe_events(
    neurareport_home, statement, instance, tmp_path, monkeypatch, capsys
) -> None:
    _, truth = statement
    library = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, library / "monthly_account")
    (library / "tenants" / TENANT).mkdir(parents=True)
    resources = local_resources(neurareport_home, templates_root=library)
    result = dg.materialize(
        [*ALL_ASSETS, usage],
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
    )
    assert result.success
    # the draft contract holds the report: approved, delivered, then counted again
    assert approve_and_deliver(resources, instance, neurareport_home).success
    result = dg.materialize(
        [*ALL_ASSETS, usage],
        resources=resources,
        partition_key=PARTITION.partition_key,
        instance=instance,
        selection=[usage],
    )
    metadata = result.asset_materializations_for_node("usage")[0].metadata
    counted = {k: metadata[k].value for k in ("statements", "pages_text", "pages_ocr")}
    assert counted == {"statements": 1, "pages_text": truth.page_count, "pages_ocr": 0}
    assert metadata["reports_rendered"].value == 1 and metadata["report_files"].value == 4
    assert metadata["deliveries"].value == 3  # pdf, xlsx, csv to the outbox
    assert metadata["llm_calls"].value == 0  # the offline heuristic mapper

    monkeypatch.setenv("NEURAREPORT_HOME", str(neurareport_home))
    monkeypatch.setenv("NEURAREPORT_TEMPLATES_DIR", str(library))
    monkeypatch.setenv("NEURAREPORT_ENV", "local")
    out = tmp_path / "usage.csv"
    assert main(["usage", "--tenant", TENANT, "--out", str(out)]) == 0
    (row,) = list(csv.DictReader(io.StringIO(out.read_text())))
    assert row["period"] == "2025-01" and row["deliveries"] == "3" and row["statements"] == "1"
    # Stripe needs the tenant's customer id
    assert main(["usage", "--tenant", TENANT, "--format", "stripe"]) == 2
    assert "billing.yaml" in capsys.readouterr().err
    (library / "tenants" / TENANT / "billing.yaml").write_text("stripe_customer_id: cus_T3st\n")
    assert main(["usage", "--tenant", TENANT, "--format", "stripe"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_name = {e["event_name"]: e for e in events}
    assert by_name["neurareport_deliveries"]["payload"] == {
        "stripe_customer_id": "cus_T3st",
        "value": "3",
    }
    assert by_name["neurareport_deliveries"]["identifier"] == f"{TENANT}-2025-01-deliveries"
    assert "neurareport_llm_calls" not in by_name  # zero meters are not reported
    assert all(e["timestamp"] == 1738367999 for e in events)  # 2025-01-31T23:59:59Z


def test_llm_usage_of_each_run_is_kept_and_summed(tmp_path) -> None:
    from neurareport_assets.partitions import tenant_period
    from neurareport_assets.usage_records import compute_usage, record_llm_usage
    from neurareport_resources.llm.usage import LlmUsage
    from neurareport_resources.warehouse import Warehouse

    wh = Warehouse(str(tmp_path / "wh"))
    partition = tenant_period("acme", "2025-03")
    record_llm_usage(wh, partition, "contract-a", "run-1", LlmUsage(2, 300, 40))
    record_llm_usage(wh, partition, "contract-a", "run-1", LlmUsage(3, 450, 60))  # retried run
    record_llm_usage(wh, partition, "contract-a", "run-2", LlmUsage(1, 100, 10))
    record_llm_usage(wh, partition, "contract-b", "run-2", LlmUsage(0, 0, 0))  # nothing stored
    assert wh.documents("llm_usage", "acme", partition.period_start) == ["contract-a"]
    counted = compute_usage(wh, partition)
    assert (
        counted["llm_calls"],
        counted["llm_prompt_tokens"],
        counted["llm_completion_tokens"],
    ) == (
        4,
        550,
        70,
    )
    assert counted["statements"] == 0 and counted["deliveries"] == 0


def test_the_column_role_advisor_is_metered_as_extraction_meters_it(tmp_path) -> None:
    from neurareport_resources.extraction import extract_statement
    from neurareport_resources.llm.usage import LlmUsage
    from tests.extraction.test_strategies import unsettled_pdf
    from tests.llm.test_column_roles import IN_THEN_OUT, advisor_for

    path = tmp_path / "unsettled.pdf"
    unsettled_pdf(path)
    tally = LlmUsage()
    with FakeOpenAI([IN_THEN_OUT, IN_THEN_OUT]) as server:
        advisor = advisor_for(server)
        for _ in range(2):  # two statements of one partition share the tally
            with metered(into=tally):
                extract_statement(path, column_role_advisor=advisor)
    assert len(server.requests) == 2
    assert (tally.calls, tally.prompt_tokens, tally.completion_tokens) == (2, 2, 2)
