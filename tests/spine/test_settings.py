"""The one place that picks local or production resources."""

from __future__ import annotations

import pytest

from neurareport_resources.settings import REQUIRED_PRODUCTION_VARIABLES, build_resources


def test_local_is_the_default(monkeypatch, tmp_path):
    monkeypatch.delenv("NEURAREPORT_ENV", raising=False)
    monkeypatch.setenv("NEURAREPORT_HOME", str(tmp_path))
    resources = build_resources()
    assert resources["warehouse"].root == str(tmp_path / "data" / "warehouse")
    assert resources["llm"].mapper == "heuristic"


def test_production_reads_locations_and_secrets_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("NEURAREPORT_ENV", "production")
    for name in REQUIRED_PRODUCTION_VARIABLES:
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("NEURAREPORT_WAREHOUSE_URL", "s3://bucket/warehouse")
    monkeypatch.setenv("NEURAREPORT_SMTP_HOST", "smtp.example.net")
    monkeypatch.setenv("NEURAREPORT_SMTP_PORT", "2525")
    monkeypatch.setenv("NEURAREPORT_SMTP_PASSWORD", "s3cret")
    resources = {k: r.process_config_and_initialize() for k, r in build_resources().items()}
    assert resources["warehouse"].root == "s3://bucket/warehouse"
    assert resources["notifier"].smtp_port == 2525
    assert resources["notifier"].smtp_password == "s3cret"
    assert resources["extraction"].passwords is None  # optional and unset: the default
    assert resources["llm"].column_role_advisor() is None


def test_production_says_which_variables_are_missing(monkeypatch):
    monkeypatch.setenv("NEURAREPORT_ENV", "production")
    for name in REQUIRED_PRODUCTION_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ValueError, match="NEURAREPORT_INBOX_URL"):
        build_resources()
    monkeypatch.setenv("NEURAREPORT_ENV", "staging")
    with pytest.raises(ValueError, match="'local' or 'production'"):
        build_resources()
