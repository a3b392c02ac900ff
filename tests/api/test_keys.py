"""The API database: keys stored hashed, scopes checked, idempotency states."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from neurareport_resources.api.keys import ApiDatabase, ApiKeyError, api_keys
from neurareport_resources.tenancy import TenantKeyError


def test_the_secret_is_never_stored(tmp_path: Path):
    db = ApiDatabase(f"sqlite:///{tmp_path / 'api.sqlite'}")
    record, token = db.create_key("acme", ["read"], "portal")
    secret = token.split("_", 2)[2]
    with db.engine.connect() as conn:
        stored = conn.execute(sa.select(api_keys)).mappings().one()
    assert secret not in str(dict(stored)) and len(stored["secret_sha256"]) == 64
    assert secret not in (tmp_path / "api.sqlite").read_bytes().decode("latin-1")
    assert db.authenticate(token).key_id == record.key_id
    assert db.authenticate(f"nr_{record.key_id}_wrong") is None
    assert db.authenticate("not-a-key") is None


def test_bad_scopes_tenants_and_unknown_keys_are_refused(tmp_path: Path):
    db = ApiDatabase(f"sqlite:///{tmp_path / 'api.sqlite'}")
    with pytest.raises(ApiKeyError, match="upload, read"):
        db.create_key("acme", ["admin"])
    with pytest.raises(TenantKeyError):
        db.create_key("../acme", ["read"])
    record, _ = db.create_key("acme", ["read"])
    with pytest.raises(ApiKeyError, match="neurareport apikey list"):
        db.revoke("globex", record.key_id)  # another tenant's key


def test_idempotency_states(tmp_path: Path):
    db = ApiDatabase(f"sqlite:///{tmp_path / 'api.sqlite'}")
    assert db.begin_idempotent("acme", "k1", "a" * 64) == ("new", None, None)
    assert db.begin_idempotent("acme", "k1", "a" * 64) == ("running", None, None)
    assert db.begin_idempotent("acme", "k1", "b" * 64) == ("conflict", None, None)
    db.finish_idempotent("acme", "k1", 201, {"ok": 1})
    assert db.begin_idempotent("acme", "k1", "a" * 64) == ("replay", 201, {"ok": 1})
    # keys are per tenant; a server-side failure frees the key for a retry
    assert db.begin_idempotent("globex", "k1", "b" * 64) == ("new", None, None)
    db.finish_idempotent("globex", "k1", 500, None)
    assert db.begin_idempotent("globex", "k1", "b" * 64) == ("new", None, None)
