"""The one place that picks local or production resources.

``NEURAREPORT_ENV=local`` (the default) keeps everything in folders under
``NEURAREPORT_HOME`` (default ``./var``) with no server. ``NEURAREPORT_ENV=production``
reads every location and credential from environment variables through
``dagster.EnvVar``, so secrets never sit in code or in run config.

In both, a secret (PDF passwords, the SMTP password, the LLM key) is handed to a resource
as an ``EnvVar`` or as the path of a secret file read when it is used — never as a value:
a value would be written into every run's job snapshot and the code location's snapshot
in the Dagster instance (``tests/safety/test_secrets.py`` scans the instance for them).
"""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from neurareport_resources.resources import (
    DataSourcesResource,
    ExtractionResource,
    LlmResource,
    NotifierResource,
    ReportStoreResource,
    StatementStoreResource,
    TemplateLibraryResource,
    WarehouseResource,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUILTIN_TEMPLATES = PROJECT_ROOT / "templates"


def neurareport_home() -> Path:
    """Root of the local folders (inbox, data, reports, outbox, quarantine)."""
    return Path(os.environ.get("NEURAREPORT_HOME") or Path.cwd() / "var").resolve()


def template_library_root() -> Path:
    """The template library: ``NEURAREPORT_TEMPLATES_DIR`` when set, else the built-in templates."""
    return Path(os.environ.get("NEURAREPORT_TEMPLATES_DIR") or BUILTIN_TEMPLATES).resolve()


def local_resources(
    home: Path | None = None, *, templates_root: Path | None = None
) -> dict[str, dg.ConfigurableResource]:
    """Embedded defaults: folders under ``home``, offline mapper, outbox notifier. No server."""
    home = Path(home) if home is not None else neurareport_home()
    return {
        "statement_store": StatementStoreResource(
            inbox_root=str(home / "inbox"), quarantine_root=str(home / "quarantine")
        ),
        "warehouse": WarehouseResource(root=str(home / "data" / "warehouse")),
        "extraction": ExtractionResource(**pdf_password_fields()),
        "llm": LlmResource(mapper="heuristic", cache_dir=str(home / "data" / "mapping_cache")),
        "data_sources": DataSourcesResource(),
        "templates": TemplateLibraryResource(root=str(templates_root or template_library_root())),
        "report_store": ReportStoreResource(root=str(home / "reports")),
        "notifier": NotifierResource(outbox_root=str(home / "outbox"), **channel_fields()),
    }


REQUIRED_PRODUCTION_VARIABLES = (
    "NEURAREPORT_INBOX_URL",
    "NEURAREPORT_QUARANTINE_URL",
    "NEURAREPORT_WAREHOUSE_URL",
    "NEURAREPORT_TEMPLATES_DIR",
    "NEURAREPORT_REPORTS_DIR",
    "NEURAREPORT_OUTBOX_DIR",
)


def _optional(**fields: str) -> dict:
    """``EnvVar`` fields for the variables that are set; the others keep the resource default."""
    return {field: dg.EnvVar(name) for field, name in fields.items() if os.environ.get(name)}


def channel_fields() -> dict:
    """The notifier's SFTP (and webhook) fields: ``EnvVar`` references, never the secrets."""
    return _optional(
        sftp_targets="NEURAREPORT_SFTP_TARGETS",
        sftp_secrets="NEURAREPORT_SFTP_SECRETS",
        webhook_endpoints="NEURAREPORT_WEBHOOK_ENDPOINTS",
        webhook_secrets="NEURAREPORT_WEBHOOK_SECRETS",
    )


def pdf_password_fields() -> dict:
    """The extraction resource's password fields: ``EnvVar`` references, never the passwords."""
    return _optional(
        passwords="NEURAREPORT_PDF_PASSWORDS",
        password_file="NEURAREPORT_PDF_PASSWORD_FILE",
        # not a secret, but configured beside the passwords: how a tenant's CSV exports read
        csv_profile_file="NEURAREPORT_CSV_PROFILE_FILE",
    )


def production_resources() -> dict[str, dg.ConfigurableResource]:
    """Every location and secret from the environment (see README, "Production").

    The locations in ``REQUIRED_PRODUCTION_VARIABLES`` must be set; everything else
    (storage options, passwords, LLM, tenant databases, SMTP) is used when present.
    """
    missing = [name for name in REQUIRED_PRODUCTION_VARIABLES if not os.environ.get(name)]
    if missing:
        raise ValueError(
            f"NEURAREPORT_ENV=production needs {', '.join(missing)} (see README, Production)"
        )
    storage = _optional(storage_options="NEURAREPORT_STORAGE_OPTIONS")
    return {
        "statement_store": StatementStoreResource(
            inbox_root=dg.EnvVar("NEURAREPORT_INBOX_URL"),
            quarantine_root=dg.EnvVar("NEURAREPORT_QUARANTINE_URL"),
            **storage,
        ),
        "warehouse": WarehouseResource(root=dg.EnvVar("NEURAREPORT_WAREHOUSE_URL"), **storage),
        "extraction": ExtractionResource(**pdf_password_fields()),
        "llm": LlmResource(
            column_roles=os.environ.get("NEURAREPORT_LLM_COLUMN_ROLES", "").lower()
            in ("1", "true", "yes"),
            **_optional(
                mapper="NEURAREPORT_LLM_MAPPER",
                base_url="NEURAREPORT_LLM_BASE_URL",
                model="NEURAREPORT_LLM_MODEL",
                api_key="NEURAREPORT_LLM_API_KEY",
                cache_dir="NEURAREPORT_MAPPING_CACHE_DIR",
            ),
        ),
        "data_sources": DataSourcesResource(
            **_optional(tenant_urls="NEURAREPORT_TENANT_DATABASES")
        ),
        "templates": TemplateLibraryResource(root=dg.EnvVar("NEURAREPORT_TEMPLATES_DIR")),
        "report_store": ReportStoreResource(root=dg.EnvVar("NEURAREPORT_REPORTS_DIR"), **storage),
        "notifier": NotifierResource(
            outbox_root=dg.EnvVar("NEURAREPORT_OUTBOX_DIR"),
            smtp_port=int(os.environ.get("NEURAREPORT_SMTP_PORT") or 587),
            **_optional(
                smtp_host="NEURAREPORT_SMTP_HOST",
                smtp_user="NEURAREPORT_SMTP_USER",
                smtp_password="NEURAREPORT_SMTP_PASSWORD",
                sender="NEURAREPORT_SMTP_SENDER",
                tenant_recipients="NEURAREPORT_TENANT_RECIPIENTS",
            ),
            **channel_fields(),
        ),
    }


def build_resources() -> dict[str, dg.ConfigurableResource]:
    """Resources for the environment named by ``NEURAREPORT_ENV`` (``local`` or ``production``)."""
    environment = os.environ.get("NEURAREPORT_ENV", "local")
    if environment == "local":
        return local_resources()
    if environment == "production":
        return production_resources()
    raise ValueError(f"NEURAREPORT_ENV={environment!r}: use 'local' or 'production'")
