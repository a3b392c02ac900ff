"""Finding 4 and 6: each template renders alone, under a time and a memory limit.

4. All templates rendered inside one step, so one template's error failed the step for all
   of them — nothing was re-rendered or delivered — and the error, which is deterministic,
   was retried as if transient.
6. Rendering had no limits: a template loop or a huge string ran unbounded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from neurareport_assets.defs.contracts.assets import build_report_contracts
from neurareport_assets.defs.delivery.assets import delivered_reports
from neurareport_assets.defs.extraction.assets import extracted_tables
from neurareport_assets.defs.intake.assets import statement_files
from neurareport_assets.defs.ledger.assets import transactions
from neurareport_assets.defs.reports.assets import REPORT_RENDERED, build_rendered_reports
from neurareport_assets.policies import is_transient, retried_only_when_transient
from neurareport_assets.report_templates import report_key
from neurareport_resources.rendering import RenderLimitError, RenderLimits, write_report_bundle
from neurareport_resources.settings import BUILTIN_TEMPLATES, local_resources
from tests.spine.conftest import PERIOD, TENANT

TEMPLATES = ["broken", "monthly_account"]


def _template(root: Path, name: str, insert: str) -> Path:
    folder = root / name
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", folder)
    html = (folder / "report.html").read_text()
    (folder / "report.html").write_text(html.replace("</body>", f"{insert}</body>", 1))
    return folder


# -- finding 6: limits ----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("insert", "limits", "expected"),
    [
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            RenderLimits(timeout_seconds=10, memory_mb=2048),
            "render time limit",
        ),
        ('{{ "x" * 4000000000 }}', RenderLimits(timeout_seconds=60, memory_mb=1024), "memory"),
    ],
    ids=["endless-loop", "huge-string"],
)
def test_a_template_over_a_render_limit_fails_alone_and_keeps_the_last_report(
    tmp_path, context, insert, limits, expected
):
    # the good renders run under the default limits; only the hostile one under ``limits``
    folder = tmp_path / "out"
    good = write_report_bundle(
        folder,
        basename="r",
        template_dir=BUILTIN_TEMPLATES / "monthly_account",
        context=context,
        formats=("html",),
    )
    before = good.files[0].sha256
    hostile = _template(tmp_path / "templates", "hostile", insert)
    with pytest.raises(RenderLimitError, match=expected) as caught:
        write_report_bundle(
            folder,
            basename="r",
            template_dir=hostile,
            context=context,
            formats=("html",),
            limits=limits,
        )
    assert "hostile" in str(caught.value) and "last good report is kept" in str(caught.value)
    assert sorted(p.name for p in folder.iterdir()) == ["r.html"]
    again = write_report_bundle(
        folder,
        basename="r",
        template_dir=BUILTIN_TEMPLATES / "monthly_account",
        context=context,
        formats=("html",),
    )
    assert again.files[0].sha256 == before  # the worker that failed was replaced


# -- finding 4: one bad template ------------------------------------------------------------
@pytest.fixture
def two_template_graph(tmp_path, neurareport_home):
    library = tmp_path / "templates"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", library / "monthly_account")
    # maps like the built-in one, then divides by zero while rendering: every time
    _template(library, "broken", "<p>{{ (1 / 0) }}</p>")
    # this tenant releases reports of unapproved contracts: the test is about isolation
    (library / "tenants" / TENANT).mkdir(parents=True)
    (library / "tenants" / TENANT / "review.yaml").write_text("hold_unapproved_contract: false\n")
    assets = [
        statement_files,
        extracted_tables,
        transactions,
        build_report_contracts(TEMPLATES),
        build_rendered_reports(TEMPLATES),
        delivered_reports,
    ]
    return assets, local_resources(neurareport_home, templates_root=library)


def test_one_bad_template_fails_its_check_and_the_others_render_and_deliver(
    two_template_graph, statement, instance, neurareport_home
):
    assets, resources = two_template_graph
    result = dg.materialize(
        assets,
        resources=resources,
        partition_key=f"{PERIOD.isoformat()}|{TENANT}",
        instance=instance,
        raise_on_error=False,
    )
    assert result.success
    rendered = {
        (e.asset_key.path[-1], e.check_name): e.passed
        for e in result.get_asset_check_evaluations()
        if e.check_name == REPORT_RENDERED
    }
    assert rendered == {
        ("broken", REPORT_RENDERED): False,
        ("monthly_account", REPORT_RENDERED): True,
    }
    broken = next(
        e for e in result.get_asset_check_evaluations() if e.asset_key == report_key("broken")
    )
    assert "ZeroDivisionError" in str(broken.metadata["error"].value)
    # the good template was rendered and delivered; nothing of the broken one was sent
    outbox = sorted(p.name for p in (neurareport_home / "outbox" / TENANT).iterdir())
    assert outbox and all(name.startswith("monthly_account-") for name in outbox)
    broken_reports = neurareport_home / "reports" / TENANT / "2025-01" / "broken"
    assert not [p for p in broken_reports.rglob("*") if p.is_file()]
    # deterministic: tried once, not retried
    retries = [
        e
        for e in result.all_events
        if e.event_type_value in ("STEP_UP_FOR_RETRY", "STEP_RESTARTED")
    ]
    assert retries == []


def test_only_transient_errors_are_retried():
    class Unavailable(Exception):
        pass

    assert is_transient(ConnectionResetError())
    assert is_transient(RuntimeError("wrapped").with_traceback(None)) is False
    wrapped = RuntimeError("query failed")
    wrapped.__cause__ = TimeoutError()
    assert is_transient(wrapped)
    with pytest.raises(dg.Failure) as failure, retried_only_when_transient("rendered_reports"):
        raise ZeroDivisionError("division by zero")
    assert failure.value.allow_retries is False
    with pytest.raises(ConnectionRefusedError), retried_only_when_transient("rendered_reports"):
        raise ConnectionRefusedError()
    assert not is_transient(Unavailable())
