"""API keys, the audit log, idempotency records and the uploads a key made.

One SQLAlchemy database (SQLite under ``NEURAREPORT_HOME/api/`` locally, PostgreSQL in
production). A key reads ``nr_<key id>_<secret>``: the secret is shown once, at creation;
only its sha256 is stored (the secret is 256 random bits, so a fast hash is safe and a
lookup costs one row), and a key is found by its id and compared in constant time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from neurareport_resources.tenancy import validate_tenant_key

SCOPES = ("upload", "read")
TOKEN_PREFIX = "nr_"

metadata = sa.MetaData()
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("key_id", sa.String(16), primary_key=True),
    sa.Column("tenant", sa.String(63), nullable=False, index=True),
    sa.Column("name", sa.String(200), nullable=False, default=""),
    sa.Column("scopes", sa.String(100), nullable=False),
    sa.Column("secret_sha256", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
)
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_id", sa.String(16)),
    sa.Column("tenant", sa.String(63)),
    sa.Column("action", sa.String(100), nullable=False),
    sa.Column("target", sa.String(500)),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("result", sa.String(500), nullable=False),
    sa.Column("client", sa.String(100)),
)
idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column("tenant", sa.String(63), primary_key=True),
    sa.Column("idempotency_key", sa.String(255), primary_key=True),
    sa.Column("request_sha256", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer),  # None while the first request is still running
    sa.Column("response", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column("tenant", sa.String(63), primary_key=True),
    sa.Column("statement_id", sa.String(64), primary_key=True),
    sa.Column("file_name", sa.String(300), nullable=False),
    sa.Column("store_path", sa.String(1000), nullable=False),
    sa.Column("period", sa.String(7)),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_id", sa.String(16)),
    sa.Column("quarantine_reason", sa.Text),
)


class ApiKeyError(ValueError):
    """A key operation that cannot be done; the message says what to do."""


@dataclass(frozen=True)
class ApiKey:
    """A stored key (never its secret)."""

    key_id: str
    tenant: str
    name: str
    scopes: tuple[str, ...]
    created_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "key_id": self.key_id,
            "tenant": self.tenant,
            "name": self.name,
            "scopes": list(self.scopes),
            "created_at": _iso(self.created_at),
            "revoked_at": _iso(self.revoked_at),
            "last_used_at": _iso(self.last_used_at),
        }


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite hands back naive datetimes: they were stored in UTC
        value = value.replace(tzinfo=dt.UTC)
    return value.isoformat()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ApiDatabase:
    """The API's tables in one database (``sqlite:///…`` or ``postgresql://…``)."""

    def __init__(self, url: str) -> None:
        self.url = url
        if url.startswith("sqlite:///"):
            from pathlib import Path

            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        connect_args = {"timeout": 30} if url.startswith("sqlite") else {}
        self.engine = sa.create_engine(url, connect_args=connect_args, pool_pre_ping=True)
        if url.startswith("sqlite"):
            # readers do not wait for the writer, and a commit is one write, not three
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    # -- keys --------------------------------------------------------------------------------
    def create_key(self, tenant: str, scopes: list[str], name: str = "") -> tuple[ApiKey, str]:
        """A new key for ``tenant``: (its record, the token to hand over — shown only now)."""
        tenant = validate_tenant_key(tenant)
        unknown = sorted(set(scopes) - set(SCOPES))
        if unknown or not scopes:
            raise ApiKeyError(f"scopes {unknown or scopes}: use one or more of {', '.join(SCOPES)}")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        now = _now()
        ordered = tuple(s for s in SCOPES if s in scopes)
        with self.engine.begin() as conn:
            conn.execute(
                api_keys.insert().values(
                    key_id=key_id,
                    tenant=tenant,
                    name=name,
                    scopes=",".join(ordered),
                    secret_sha256=_sha256(secret),
                    created_at=now,
                )
            )
        record = ApiKey(key_id, tenant, name, ordered, now, None, None)
        return record, f"{TOKEN_PREFIX}{key_id}_{secret}"

    def list_keys(self, tenant: str) -> list[ApiKey]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                api_keys.select()
                .where(api_keys.c.tenant == validate_tenant_key(tenant))
                .order_by(api_keys.c.created_at)
            ).mappings()
            return [_key(row) for row in rows]

    def revoke(self, tenant: str, key_id: str) -> ApiKey:
        """Revoke one of ``tenant``'s keys (from now on every request with it is refused)."""
        with self.engine.begin() as conn:
            row = (
                conn.execute(
                    api_keys.select().where(
                        api_keys.c.key_id == key_id,
                        api_keys.c.tenant == validate_tenant_key(tenant),
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                raise ApiKeyError(
                    f"no key {key_id!r} for tenant {tenant!r}; see neurareport apikey list"
                )
            revoked_at = row["revoked_at"] or _now()
            conn.execute(
                api_keys.update().where(api_keys.c.key_id == key_id).values(revoked_at=revoked_at)
            )
        return _key({**row, "revoked_at": revoked_at})

    def authenticate(self, token: str) -> ApiKey | None:
        """The live key behind ``token`` (its last-used time updated), or None."""
        if not token.startswith(TOKEN_PREFIX) or token.count("_") < 2:
            return None
        key_id, _, secret = token.removeprefix(TOKEN_PREFIX).partition("_")
        with self.engine.begin() as conn:
            row = (
                conn.execute(api_keys.select().where(api_keys.c.key_id == key_id))
                .mappings()
                .first()
            )
            if row is None or not hmac.compare_digest(row["secret_sha256"], _sha256(secret)):
                return None
            if row["revoked_at"] is not None:
                return None
            conn.execute(
                api_keys.update().where(api_keys.c.key_id == key_id).values(last_used_at=_now())
            )
        return _key(row)

    # -- audit -------------------------------------------------------------------------------
    def audit(
        self,
        *,
        key_id: str | None,
        tenant: str | None,
        action: str,
        target: str | None,
        status: int,
        result: str,
        client: str | None,
    ) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                audit_log.insert().values(
                    at=_now(),
                    key_id=key_id,
                    tenant=tenant,
                    action=action,
                    target=target,
                    status=status,
                    result=result[:500],
                    client=client,
                )
            )

    def audit_entries(self, tenant: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        query = audit_log.select().order_by(audit_log.c.id.desc()).limit(limit)
        if tenant is not None:
            query = query.where(audit_log.c.tenant == tenant)
        with self.engine.connect() as conn:
            return [{**row, "at": _iso(row["at"])} for row in conn.execute(query).mappings()]

    # -- idempotency -------------------------------------------------------------------------
    def begin_idempotent(
        self, tenant: str, key: str, request_sha256: str
    ) -> tuple[str, int | None, Any]:
        """Claim ``key`` for this request: ("new", None, None); the first answer when the same
        request came before ("replay", status, body); ("conflict", …) for another body or a
        first request still running ("running", …)."""
        with self.engine.begin() as conn:
            row = (
                conn.execute(
                    idempotency.select().where(
                        idempotency.c.tenant == tenant, idempotency.c.idempotency_key == key
                    )
                )
                .mappings()
                .first()
            )
            if row is None:
                try:
                    conn.execute(
                        idempotency.insert().values(
                            tenant=tenant,
                            idempotency_key=key,
                            request_sha256=request_sha256,
                            created_at=_now(),
                        )
                    )
                except sa.exc.IntegrityError:
                    return "running", None, None  # another request claimed it just now
                return "new", None, None
        if row["request_sha256"] != request_sha256:
            return "conflict", None, None
        if row["status"] is None:
            return "running", None, None
        return "replay", row["status"], json.loads(row["response"])

    def finish_idempotent(self, tenant: str, key: str, status: int, body: Any) -> None:
        with self.engine.begin() as conn:
            if status >= 500:  # a failure on our side: the client may retry with the same key
                conn.execute(
                    idempotency.delete().where(
                        idempotency.c.tenant == tenant, idempotency.c.idempotency_key == key
                    )
                )
                return
            conn.execute(
                idempotency.update()
                .where(idempotency.c.tenant == tenant, idempotency.c.idempotency_key == key)
                .values(status=status, response=json.dumps(body))
            )

    # -- uploads -----------------------------------------------------------------------------
    def record_upload(
        self,
        *,
        tenant: str,
        statement_id: str,
        file_name: str,
        store_path: str,
        period: str | None,
        key_id: str,
        quarantine_reason: str | None,
    ) -> None:
        values = {
            "file_name": file_name,
            "store_path": store_path,
            "period": period,
            "received_at": _now(),
            "key_id": key_id,
            "quarantine_reason": quarantine_reason,
        }
        with self.engine.begin() as conn:
            updated = conn.execute(
                uploads.update()
                .where(uploads.c.tenant == tenant, uploads.c.statement_id == statement_id)
                .values(**values)
            )
            if updated.rowcount == 0:
                conn.execute(
                    uploads.insert().values(tenant=tenant, statement_id=statement_id, **values)
                )

    def upload(self, tenant: str, statement_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = (
                conn.execute(
                    uploads.select().where(
                        uploads.c.tenant == tenant, uploads.c.statement_id == statement_id
                    )
                )
                .mappings()
                .first()
            )
        return None if row is None else {**row, "received_at": _iso(row["received_at"])}

    def count_uploads(self, tenant: str) -> int:
        with self.engine.connect() as conn:
            return int(
                conn.execute(
                    sa.select(sa.func.count())
                    .select_from(uploads)
                    .where(uploads.c.tenant == tenant)
                ).scalar_one()
            )


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _key(row: Any) -> ApiKey:
    return ApiKey(
        key_id=row["key_id"],
        tenant=row["tenant"],
        name=row["name"],
        scopes=tuple(s for s in row["scopes"].split(",") if s),
        created_at=row["created_at"],
        revoked_at=row["revoked_at"],
        last_used_at=row["last_used_at"],
    )
