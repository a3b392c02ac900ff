"""Dagster resources: thin, configurable wrappers around the engines.

Every field can be an ``EnvVar``; ``neurareport_resources.settings`` is the one
place that picks local or production values. Asset bodies reach files, databases
and services only through these classes, and tests swap them, not monkeypatches.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import dagster as dg
import yaml
from pydantic import Field

from neurareport_resources.storage import ReportStore, StatementStore
from neurareport_resources.tenancy import validate_tenant_key
from neurareport_resources.warehouse import Warehouse

if TYPE_CHECKING:
    from datetime import date

    from neurareport_resources.datasources import DataSource
    from neurareport_resources.extraction import PdfProbe, StatementExtraction, StatementHeader


DEFAULT_MIN_COVERAGE = 0.9


def _json_map(text: str | None, what: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{what} must be a JSON object of tenant -> value: {exc}") from exc
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a JSON object of tenant -> value")
    return {validate_tenant_key(k): str(v) for k, v in value.items()}


class StatementStoreResource(dg.ConfigurableResource):
    """Tenant inboxes (``inbox/<tenant>/``) and quarantine: a local folder or an fsspec URL."""

    inbox_root: str = Field(
        description="Folder or URL (s3://bucket/inbox) holding inbox/<tenant>/…"
    )
    quarantine_root: str = Field(
        description="Where bad files are moved, with a .reason.txt beside them"
    )
    storage_options: str | None = Field(
        default=None, description="JSON fsspec options (endpoint, keys)"
    )

    def get_store(self) -> StatementStore:
        return StatementStore(
            self.inbox_root,
            self.quarantine_root,
            storage_options=json.loads(self.storage_options) if self.storage_options else None,
        )


class WarehouseResource(dg.ConfigurableResource):
    """Per-partition Parquet tables read through DuckDB; local folder or object-store URL."""

    root: str = Field(description="Folder or URL (s3://bucket/warehouse) of the Parquet tables")
    storage_options: str | None = Field(
        default=None, description="JSON fsspec options (endpoint, keys)"
    )

    def get_warehouse(self) -> Warehouse:
        return Warehouse(
            self.root,
            storage_options=json.loads(self.storage_options) if self.storage_options else None,
        )


class ExtractionResource(dg.ConfigurableResource):
    """The statement extraction engine with its parse limits and per-tenant PDF passwords.

    Passwords come from configuration only — a JSON map (usually
    ``EnvVar("NEURAREPORT_PDF_PASSWORDS")``) or a YAML/JSON secret file of
    tenant -> password — never from a PDF's name.
    """

    timeout_seconds: float = 120
    memory_mb: int = 1024
    max_pages: int = 2000
    max_file_mb: int = 200
    passwords: str | None = Field(default=None, description="JSON object tenant -> PDF password")
    password_file: str | None = Field(
        default=None, description="YAML/JSON file of tenant -> PDF password"
    )
    csv_profile_file: str | None = Field(
        default=None,
        description="YAML file of tenant -> CSV profile (delimiter, decimal, date_format, "
        "columns) pinning what the CSV reader would otherwise detect",
    )

    def password_for(self, tenant: str) -> str | None:
        validate_tenant_key(tenant)
        table = _json_map(self.passwords, "passwords")
        if self.password_file:
            path = Path(self.password_file)
            if path.exists():
                loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
                table = {**{validate_tenant_key(k): str(v) for k, v in loaded.items()}, **table}
        return table.get(tenant)

    def limits(self, timeout_seconds: float | None = None):
        """The parse limits; ``timeout_seconds`` shortens the time limit for one caller (the
        inbox sensor, whose tick must stay short whatever arrives)."""
        from neurareport_resources.extraction import ExtractionLimits

        return ExtractionLimits(
            timeout_seconds=min(self.timeout_seconds, timeout_seconds or self.timeout_seconds),
            memory_mb=self.memory_mb,
            max_pages=self.max_pages,
            max_file_mb=self.max_file_mb,
        )

    def csv_profile(self, tenant: str) -> dict | None:
        """The tenant's CSV profile from ``csv_profile_file``, or None (detect everything)."""
        validate_tenant_key(tenant)
        if not self.csv_profile_file or not Path(self.csv_profile_file).exists():
            return None
        loaded = yaml.safe_load(Path(self.csv_profile_file).read_text(encoding="utf-8")) or {}
        if not isinstance(loaded, dict):
            raise ValueError(f"{self.csv_profile_file}: must map tenant -> CSV profile")
        profile = loaded.get(tenant)
        return dict(profile) if isinstance(profile, dict) else None

    def _read_export(
        self, path: Path, tenant: str, timeout_seconds: float | None
    ) -> StatementExtraction | None:
        """The bank export at ``path`` read in the limited worker; None when it is not one."""
        from neurareport_resources.exports import detect_export
        from neurareport_resources.exports.isolated import read_export_isolated

        reader = detect_export(path)
        if reader is None:
            return None
        return read_export_isolated(
            path,
            limits=self.limits(timeout_seconds),
            profile=self.csv_profile(tenant) if reader.name == "csv" else None,
            reader_name=reader.name,
        )

    def probe(self, path: Path, tenant: str, *, timeout_seconds: float | None = None) -> PdfProbe:
        """Hash, size, pages and flags of a PDF; a bank export is read whole (it is small and
        exact) so a malformed one is refused here, like a damaged PDF."""
        from neurareport_resources.extraction import PdfProbe, probe_pdf

        export = self._read_export(path, tenant, timeout_seconds)
        if export is not None:
            return PdfProbe(
                path=Path(path),
                sha256=export.sha256,
                size_bytes=Path(path).stat().st_size,
                page_count=0,
                encrypted=False,
                has_text_layer=True,
            )

        # the configured limits, also so the probe and the reads share one parked worker
        return probe_pdf(
            path, password=self.password_for(tenant), limits=self.limits(timeout_seconds)
        )

    def read_header(
        self, path: Path, tenant: str, *, timeout_seconds: float | None = None
    ) -> StatementHeader:
        """The statement header from its first pages: the full read is ``extract``'s alone."""
        from neurareport_resources.extraction import read_statement_header

        export = self._read_export(path, tenant, timeout_seconds)
        if export is not None:
            return export.header
        return read_statement_header(
            path, password=self.password_for(tenant), limits=self.limits(timeout_seconds)
        )

    def statement_month(
        self,
        path: Path,
        tenant: str,
        period_folder: str | None = None,
        *,
        timeout_seconds: float | None = None,
    ) -> date:
        """The month a statement belongs to: its ``YYYY-MM`` folder, else its own header.

        Only the header is read (``read_header``), so a statement is parsed in full once,
        by extraction. Raises an ``ExtractionError`` naming the file when the header has
        no period.
        """
        if period_folder is not None:
            return dt.date.fromisoformat(f"{period_folder}-01")
        from neurareport_resources.extraction import ExtractionError

        header = self.read_header(path, tenant, timeout_seconds=timeout_seconds)
        found = header.period_end or header.period_start
        if found is None:
            raise ExtractionError(
                path,
                "the statement period could not be read from the header",
                "put the file in a YYYY-MM folder (neurareport upload --period YYYY-MM)",
            )
        return found.replace(day=1)

    def extract(
        self, path: Path, tenant: str, *, column_role_advisor: Callable | None = None
    ) -> StatementExtraction:
        """Read one statement; ``column_role_advisor`` (the LLM) is asked only about pages
        whose columns the rules could not map."""
        from neurareport_resources.extraction import extract_statement

        export = self._read_export(path, tenant, None)
        if export is not None:
            return export
        return extract_statement(
            path,
            password=self.password_for(tenant),
            limits=self.limits(),
            column_role_advisor=column_role_advisor,
        )


class LlmResource(dg.ConfigurableResource):
    """The contract mapper: the offline heuristic mapper, or any OpenAI-compatible endpoint.

    ``mapper="heuristic"`` needs no network. ``mapper="openai"`` calls ``base_url`` with
    ``model`` through instructor; if it is down or times out the heuristic proposal is
    used and the contract is marked for review.
    """

    mapper: str = Field(default="heuristic", description="heuristic | openai")
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    api_key: str | None = None
    timeout_seconds: float = 30
    max_retries: int = 2
    cache_dir: str | None = Field(default=None, description="Folder for the mapping cache")
    column_roles: bool = Field(
        default=False,
        description="Ask the LLM for the column roles of statement pages the rules cannot map",
    )

    def column_role_advisor(self) -> Callable | None:
        """The extraction engine's LLM strategy, or None when it is off (the default)."""
        if not self.column_roles:
            return None
        if self.mapper != "openai" or not self.base_url:
            raise ValueError(
                "llm.column_roles needs mapper=openai and base_url (NEURAREPORT_LLM_BASE_URL)"
            )
        from neurareport_resources.llm import LlmColumnRoleAdvisor

        return LlmColumnRoleAdvisor(
            base_url=self.base_url,
            model=self.model,
            api_key=self.api_key,
            timeout=self.timeout_seconds,
            max_retries=self.max_retries,
        )

    def get_mapper(self):
        from neurareport_resources.contracts import HeuristicMapper, LlmMapper

        if self.mapper == "heuristic":
            return HeuristicMapper()
        if self.mapper == "openai":
            if not self.base_url:
                raise ValueError("llm.mapper=openai needs base_url (NEURAREPORT_LLM_BASE_URL)")
            return LlmMapper(
                base_url=self.base_url,
                model=self.model,
                api_key=self.api_key or "none",
                timeout=self.timeout_seconds,
                max_retries=self.max_retries,
            )
        raise ValueError(f"unknown llm.mapper {self.mapper!r}: use 'heuristic' or 'openai'")


class DataSourcesResource(dg.ConfigurableResource):
    """Where a tenant's report data comes from: the warehouse, or the tenant's own database.

    ``tenant_urls`` is a JSON map tenant -> SQLAlchemy URL (Postgres, MySQL/MariaDB,
    SQLite), usually ``EnvVar("NEURAREPORT_TENANT_DATABASES")``; tenants not in it use
    the warehouse.
    """

    tenant_urls: str | None = Field(
        default=None, description="JSON object tenant -> SQLAlchemy URL"
    )

    def source_for(
        self, tenant: str, warehouse: Warehouse, periods: list[date] | None = None
    ) -> DataSource:
        from neurareport_resources.datasources import DuckDBSource, SqlAlchemySource

        url = _json_map(self.tenant_urls, "tenant_urls").get(validate_tenant_key(tenant))
        if url:
            return SqlAlchemySource(url, name=f"{tenant}-database")
        return DuckDBSource(lambda: warehouse.connect_tenant(tenant, periods), name="warehouse")


class TemplateLibraryResource(dg.ConfigurableResource):
    """Report templates: one folder per template under ``root`` (``templates/<name>/report.html``).

    Templates are untrusted: each report renders in a child process under
    ``render_timeout_seconds`` and ``render_memory_mb``.
    """

    root: str
    render_timeout_seconds: float = 120
    render_memory_mb: int = 2048

    def render_limits(self):
        """The limits one report (template, PDF, workbook, CSV) is rendered under."""
        from neurareport_resources.rendering import RenderLimits

        return RenderLimits(
            timeout_seconds=self.render_timeout_seconds, memory_mb=self.render_memory_mb
        )

    def template_dirs(self) -> dict[str, Path]:
        """Every template folder (one with a ``report.html``), by name."""
        root = Path(self.root)
        if not root.is_dir():
            raise FileNotFoundError(
                f"template library {root} does not exist; set NEURAREPORT_TEMPLATES_DIR to the "
                "folder that holds one sub-folder per template"
            )
        from neurareport_resources.paths import ConfinedRoot

        # a template folder that is a link out of the library is not a template
        library = ConfinedRoot(root, what="template library")
        return {
            p.name: p
            for p in sorted(root.iterdir())
            if p.is_dir() and library.contains(p) and (p / "report.html").exists()
        }

    def template_dir(self, name: str) -> Path:
        """The folder of template ``name``; a clear error when it is gone."""
        found = self.template_dirs()
        if name not in found:
            raise FileNotFoundError(
                f"template {name!r} is not in {self.root} (found: {', '.join(found) or 'none'}); "
                "restore its folder, or reload the code location so its assets go away"
            )
        return found[name]

    def min_coverage(self, template: str) -> float:
        """The template's coverage threshold (``template.yaml: min_coverage``), 0.9 by default."""
        settings_path = Path(self.root) / template / "template.yaml"
        if settings_path.is_file():
            settings = yaml.safe_load(settings_path.read_text(encoding="utf-8")) or {}
            return float(settings.get("min_coverage", DEFAULT_MIN_COVERAGE))
        return DEFAULT_MIN_COVERAGE

    def tenant_dir(self, tenant: str) -> Path | None:
        """A tenant's override folder (``<root>/tenants/<tenant>/``: categories, validation) if present."""
        path = Path(self.root) / "tenants" / validate_tenant_key(tenant)
        return path if path.is_dir() else None

    def tenant_file(self, tenant: str, name: str) -> Path | None:
        """A tenant's override file (``<root>/tenants/<tenant>/<name>``) if present."""
        path = Path(self.root) / "tenants" / validate_tenant_key(tenant) / name
        return path if path.is_file() else None


class ReportStoreResource(dg.ConfigurableResource):
    """Rendered reports, ``<root>/<tenant>/<YYYY-MM>/<template>/<folder>/``: a folder or an fsspec URL."""

    root: str = Field(description="Folder or URL (s3://bucket/reports) of the rendered reports")
    storage_options: str | None = Field(
        default=None, description="JSON fsspec options (endpoint, keys)"
    )

    def get_store(self) -> ReportStore:
        """The report store over ``root``, with ``storage_options`` handed to fsspec."""
        options = None
        if self.storage_options:
            try:
                options = json.loads(self.storage_options)
            except json.JSONDecodeError as exc:
                raise ValueError(
                    f"report_store.storage_options must be a JSON object of fsspec options: {exc}"
                ) from exc
        return ReportStore(self.root, storage_options=options)


class NotifierResource(dg.ConfigurableResource):
    """Delivery: the outbox folder (default) and optionally SMTP and per-tenant SFTP.

    ``sftp_targets`` (JSON, tenant -> ``{"host", "port", "username", "folder",
    "known_hosts"}``) says where a tenant's files go; ``sftp_secrets`` (JSON, tenant ->
    password, or ``{"password"}`` / ``{"private_key", "passphrase"}``) holds the secrets and
    is set from an ``EnvVar`` (``NEURAREPORT_SFTP_SECRETS``), never written in code.
    """

    outbox_root: str
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_starttls: bool = True
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_ssl: bool = False
    sender: str = "reports@neurareport.local"
    tenant_recipients: str | None = Field(
        default=None, description="JSON object tenant -> e-mail address(es), comma-separated"
    )
    sftp_targets: str | None = Field(
        default=None,
        description="JSON tenant -> {host, port, username, folder, known_hosts}",
    )
    sftp_secrets: str | None = Field(
        default=None,
        description="JSON tenant -> password or {password | private_key, passphrase} (EnvVar)",
    )
    webhook_endpoints: str | None = Field(
        default=None,
        description='JSON name -> {"url", "slack"?, "events"?, "tenants"?}: signed webhooks',
    )
    webhook_secrets: str | None = Field(
        default=None, description="JSON name -> whsec_... signing secret (EnvVar)"
    )
    retries: int = 3
    backoff_seconds: float = 2.0

    def webhooks(self) -> list:
        """The configured webhook endpoints (none by default)."""
        from neurareport_resources.delivery.webhooks import endpoints_from_config

        return endpoints_from_config(self.webhook_endpoints, self.webhook_secrets)

    def sftp_destination(self, tenant: str):
        """The tenant's SFTP folder when ``sftp_targets`` names one (None otherwise)."""
        if not self.sftp_targets:
            return None
        try:
            targets = json.loads(self.sftp_targets)
            secrets = json.loads(self.sftp_secrets) if self.sftp_secrets else {}
        except json.JSONDecodeError as exc:
            raise ValueError(f"sftp_targets / sftp_secrets must be JSON objects: {exc}") from None
        target = targets.get(validate_tenant_key(tenant)) if isinstance(targets, dict) else None
        if target is None:
            return None
        missing = [k for k in ("host", "username", "folder", "known_hosts") if not target.get(k)]
        if missing:
            raise ValueError(
                f"sftp_targets[{tenant!r}] lacks {missing}; give host, username, folder and "
                "known_hosts (the server's line from ssh-keyscan)"
            )
        secret = secrets.get(tenant) if isinstance(secrets, dict) else None
        if isinstance(secret, str):
            secret = {"password": secret}
        secret = secret or {}
        from neurareport_resources.delivery.sftp import SftpDestination

        return SftpDestination(
            host=target["host"],
            port=int(target.get("port", 22)),
            username=target["username"],
            folder=target["folder"],
            known_hosts=target["known_hosts"],
            password=secret.get("password"),
            private_key=secret.get("private_key"),
            passphrase=secret.get("passphrase"),
        )

    def recipients(self, key: str) -> tuple[str, ...]:
        """Addresses for ``key`` (a tenant, or ``operators``) in ``tenant_recipients``:
        a comma-separated string or a JSON list."""
        if not self.tenant_recipients:
            return ()
        try:
            table = json.loads(self.tenant_recipients)
        except json.JSONDecodeError as exc:
            raise ValueError(f"tenant_recipients must be a JSON object: {exc}") from exc
        value = table.get(key) if isinstance(table, dict) else None
        addresses = value.split(",") if isinstance(value, str) else list(value or [])
        return tuple(a.strip() for a in addresses if a.strip())

    def smtp_destination(self, recipients: tuple[str, ...]):
        """E-mail to ``recipients`` when an SMTP host is configured and there is anyone to send to."""
        if not self.smtp_host or not recipients:
            return None
        from neurareport_resources.delivery import SmtpDestination

        return SmtpDestination(
            host=self.smtp_host,
            port=self.smtp_port,
            sender=self.sender,
            recipients=recipients,
            username=self.smtp_user,
            password=self.smtp_password,
            starttls=self.smtp_starttls,
            use_ssl=self.smtp_ssl,
        )

    def destinations_for(self, tenant: str) -> list:
        """The outbox folder of ``tenant`` and, when SMTP and recipients are configured, e-mail."""
        from neurareport_resources.delivery import OutboxDestination

        destinations: list = [
            OutboxDestination(
                folder=Path(self.outbox_root) / validate_tenant_key(tenant),
                root=Path(self.outbox_root),
            )
        ]
        email = self.smtp_destination(self.recipients(tenant))
        if email is not None:
            destinations.append(email)
        sftp = self.sftp_destination(tenant)
        if sftp is not None:
            destinations.append(sftp)
        return destinations

    def outbox_path(self, *parts: str) -> Path:
        """``<outbox_root>/<parts>`` with links followed; refused when it leads outside the outbox."""
        from neurareport_resources.paths import ConfinedRoot

        return ConfinedRoot(self.outbox_root, what="outbox").path(*parts)

    def ledger_path(self, tenant: str) -> Path:
        """A JSON-lines ledger file in the outbox, for scripts that deliver without the
        warehouse (the ``delivered_reports`` asset keeps its ledger in the warehouse)."""
        return self.outbox_path(".delivery-ledger", f"{validate_tenant_key(tenant)}.jsonl")
