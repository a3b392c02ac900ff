"""Finding 1: no secret reaches the Dagster instance, the logs or ``var/``, in any configuration.

The pipeline runs twice on one persistent SQLite instance — once in the local configuration
(``make demo``/``make dev``: PDF passwords from ``NEURAREPORT_PDF_PASSWORDS``) and once in
the production configuration (a PDF password *file*, SMTP with a password, an
OpenAI-compatible LLM with a key) — with every secret actually used: the encrypted
statements are read, the SMTP server sees the login, the LLM endpoint sees the key. Then
every file of the instance (runs, event logs, schedules, compute logs; SQLite rows with
their zlib-compressed snapshots unpacked), the code location's snapshot the UI reads, the
captured output and every file under ``NEURAREPORT_HOME`` are searched for each secret.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import shutil
import sqlite3
import uuid
import zlib
from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from neurareport_resources.samples import generate_statement, random_statement_spec
from neurareport_resources.settings import PROJECT_ROOT
from tests.contracts.fake_openai import FakeOpenAI
from tests.outputs.webhook_receiver import webhook_receiver
from tests.reports.test_delivery import starttls_server

PERIOD = date(2025, 1, 1)


def _secret(kind: str) -> str:
    return f"{kind}-{uuid.uuid4().hex}"


def _encrypted_statement(inbox: Path, tenant: str, password: str, seed: int) -> Path:
    spec = random_statement_spec(
        "ruled_basic",
        seed=seed,
        period_start=PERIOD,
        holder=f"{tenant.title()} Ltd",
        account_number=f"40-12-77 3141592{seed}",
        n_transactions=12,
    )
    spec.password = password
    path = inbox / tenant / "2025-01" / "statement.pdf"
    path.parent.mkdir(parents=True)
    generate_statement(spec, path)
    return path


def _unpacked(value: object) -> list[bytes]:
    """A stored value and what it decompresses to (Dagster zlib-compresses snapshots)."""
    if value is None:
        return []
    data = value if isinstance(value, bytes) else str(value).encode("utf-8", "replace")
    found = [data]
    for unpack in (zlib.decompress, gzip.decompress):
        with contextlib.suppress(Exception):  # not compressed that way
            found.append(unpack(data))
    return found


def _sqlite_payloads(path: Path) -> list[tuple[str, bytes]]:
    payloads = []
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            for row in db.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    payloads.extend((f"{path}:{table}", data) for data in _unpacked(value))
    return payloads


def _everything_stored(*roots: Path) -> list[tuple[str, bytes]]:
    payloads: list[tuple[str, bytes]] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            payloads.extend((str(path), data) for data in _unpacked(path.read_bytes()))
            if path.read_bytes()[:16] == b"SQLite format 3\x00":
                payloads.extend(_sqlite_payloads(path))
    return payloads


def _run_pipeline(tenant: str, instance: dg.DagsterInstance) -> dg.ExecuteInProcessResult:
    """The job the sensor and the demo run, from freshly loaded definitions (resources built
    from the environment as it is now), through the persistent instance."""
    from neurareport_assets.definitions import defs
    from neurareport_assets.defs.automation.jobs import PIPELINE_ASSETS
    from neurareport_assets.partitions import tenant_period

    definitions = defs()
    instance.add_dynamic_partitions("tenant", [tenant])
    job = definitions.resolve_job_def("monthly_reports")
    return job.execute_in_process(
        instance=instance,
        asset_selection=PIPELINE_ASSETS,
        partition_key=tenant_period(tenant, PERIOD).partition_key,
        tags={"neurareport/tenant": tenant},
        raise_on_error=False,
    )


def _code_location_snapshot() -> bytes:
    """The serialized repository snapshot the webserver reads from the code location."""
    from dagster._core.remote_representation.external_data import RepositorySnap
    from dagster._serdes import serialize_value

    from neurareport_assets.definitions import defs

    repository = defs().get_repository_def()
    return serialize_value(RepositorySnap.from_def(repository)).encode("utf-8")


@pytest.fixture
def smtp_with_login(tmp_path, monkeypatch):
    """A STARTTLS SMTP server that requires a login; its certificate is trusted by the
    process (SSL_CERT_FILE), as a production CA would be."""
    with starttls_server(tmp_path, lambda user, password: True) as (port, cert, logins, mail):
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))
        yield port, logins, mail


def test_no_secret_reaches_the_instance_logs_or_var(tmp_path, monkeypatch, capfd, smtp_with_login):
    smtp_port, logins, mailbox = smtp_with_login
    home, dagster_home, secrets_dir = tmp_path / "var", tmp_path / "dagster_home", tmp_path / "etc"
    dagster_home.mkdir()
    secrets_dir.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", dagster_home / "dagster.yaml")
    secrets = {
        "local PDF password": _secret("pdfpw"),
        "production PDF password": _secret("pdfpwfile"),
        "SMTP password": _secret("smtppw"),
        "LLM key": _secret("sk-llm"),
        # the key of a Standard Webhooks secret (``whsec_`` + this base64 text)
        "webhook signing key": base64.b64encode(uuid.uuid4().bytes * 2).decode(),
    }
    _encrypted_statement(home / "inbox", "acme", secrets["local PDF password"], seed=1)
    _encrypted_statement(home / "inbox", "globex", secrets["production PDF password"], seed=2)
    password_file = secrets_dir / "pdf-passwords.yaml"
    password_file.write_text(f"globex: {secrets['production PDF password']}\n")

    monkeypatch.setenv("DAGSTER_HOME", str(dagster_home))
    monkeypatch.setenv("NEURAREPORT_HOME", str(home))
    with dg.DagsterInstance.get() as instance:
        # the local configuration (make demo / make dev)
        monkeypatch.delenv("NEURAREPORT_ENV", raising=False)
        monkeypatch.setenv(
            "NEURAREPORT_PDF_PASSWORDS", json.dumps({"acme": secrets["local PDF password"]})
        )
        local_run = _run_pipeline("acme", instance)

        # the production configuration, every secret in use
        with (
            FakeOpenAI(responder=lambda body: {"status": 500}) as llm,
            webhook_receiver("whsec_" + secrets["webhook signing key"]) as hooks,
        ):
            for name, value in {
                "NEURAREPORT_ENV": "production",
                "NEURAREPORT_INBOX_URL": str(home / "inbox"),
                "NEURAREPORT_QUARANTINE_URL": str(home / "quarantine"),
                "NEURAREPORT_WAREHOUSE_URL": str(home / "data" / "warehouse"),
                "NEURAREPORT_TEMPLATES_DIR": str(PROJECT_ROOT / "templates"),
                "NEURAREPORT_REPORTS_DIR": str(home / "reports"),
                "NEURAREPORT_OUTBOX_DIR": str(home / "outbox"),
                "NEURAREPORT_PDF_PASSWORD_FILE": str(password_file),
                "NEURAREPORT_SMTP_HOST": "localhost",
                "NEURAREPORT_SMTP_PORT": str(smtp_port),
                "NEURAREPORT_SMTP_USER": "reports",
                "NEURAREPORT_SMTP_PASSWORD": secrets["SMTP password"],
                "NEURAREPORT_TENANT_RECIPIENTS": json.dumps({"globex": "finance@globex.test"}),
                "NEURAREPORT_LLM_MAPPER": "openai",
                "NEURAREPORT_LLM_BASE_URL": llm.base_url,
                "NEURAREPORT_LLM_API_KEY": secrets["LLM key"],
                "NEURAREPORT_WEBHOOK_ENDPOINTS": json.dumps({"ops": {"url": hooks.url}}),
                "NEURAREPORT_WEBHOOK_SECRETS": json.dumps(
                    {"ops": "whsec_" + secrets["webhook signing key"]}
                ),
            }.items():
                monkeypatch.setenv(name, value)
            monkeypatch.delenv("NEURAREPORT_PDF_PASSWORDS")
            production_run = _run_pipeline("globex", instance)
            ui_snapshot = _code_location_snapshot()
            llm_keys = list(llm.authorizations)

    # every secret was really used: the statements were decrypted, the mail went out after a
    # login, the LLM endpoint was called with the key
    for run in (local_run, production_run):
        rows = run.asset_materializations_for_node("transactions")[0].metadata["rows"].value
        assert rows == 12, run.dagster_run.run_id
    assert logins == [("reports", secrets["SMTP password"])] and mailbox.messages
    assert f"Bearer {secrets['LLM key']}" in llm_keys
    # the webhooks were signed with the key (the receiver verified every one)
    assert hooks.events and hooks.rejected == 0

    output = capfd.readouterr()
    payloads = [
        *_everything_stored(dagster_home, home),
        ("code location snapshot", ui_snapshot),
        ("captured stdout", output.out.encode()),
        ("captured stderr", output.err.encode()),
    ]
    assert any(where.endswith("runs.db:snapshots") for where, _ in payloads)
    leaks = [
        (label, where)
        for label, secret in secrets.items()
        for where, data in payloads
        if secret.encode() in data
    ]
    assert leaks == []
