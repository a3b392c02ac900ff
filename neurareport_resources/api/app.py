"""The upload API for client organisations (FastAPI, served by uvicorn: ``make api``).

Every request carries ``Authorization: Bearer nr_<key id>_<secret>`` (or ``X-API-Key``);
a key belongs to one tenant and sees only that tenant, with the scopes ``upload`` and
``read``. Each request is rate-limited per key (the ``limits`` library: memory locally,
Redis in production), bounded in size, and written to the audit log (key, tenant,
action, result).

``POST /v1/statements`` only places the files in the tenant's inbox, atomically, where
the inbox sensor picks them up: nothing is parsed inside the request. A file whose first
bytes are neither a PDF nor a bank export is quarantined with the reason at once.
"""

from __future__ import annotations

import hashlib
import math
import re
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, File, Form, Header, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from limits import parse as parse_limit
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from neurareport_resources.api.keys import ApiDatabase, ApiKey
from neurareport_resources.api.settings import ApiSettings
from neurareport_resources.api.status import Stores, period_state, report_files, statement_status
from neurareport_resources.exports import FORMAT_NAMES, detect_export
from neurareport_resources.storage import PERIOD_FOLDER, StoreError
from neurareport_resources.storage.statement_store import _safe_file_name

IDEMPOTENCY_KEY = re.compile(r"^[A-Za-z0-9._:-]{1,255}$")
STATEMENT_ID = re.compile(r"^[0-9a-f]{64}$")
READ_CHUNK = 1024 * 1024


class BodySizeLimit:
    """Refuse a request body over ``max_bytes`` with 413: by its Content-Length before
    anything is read, or while it streams (chunked, or a lying length), before the
    multipart parser has spooled more than the limit."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await _too_large(self.max_bytes)(scope, receive, send)
            return
        seen = 0

        async def counted() -> dict:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # FastAPI passes an HTTPException raised while parsing the body through
                    raise HTTPException(413, _too_large_text(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def _too_large_text(max_bytes: int) -> str:
    return (
        f"request body over the {max_bytes / (1024 * 1024):g} MB limit; send fewer or "
        "smaller files per request"
    )


def _too_large(max_bytes: int) -> JSONResponse:
    return JSONResponse({"detail": _too_large_text(max_bytes)}, status_code=413)


def create_app(settings: ApiSettings | None = None) -> FastAPI:
    """The API over the configured stores (``ApiSettings.from_environment()`` by default)."""
    settings = settings or ApiSettings.from_environment()
    db = ApiDatabase(settings.database_url)
    stores: Stores = settings.stores()
    limiter = MovingWindowRateLimiter(storage_from_string(settings.rate_limit_storage))
    rate = parse_limit(settings.rate_limit)
    # unauthenticated callers (wrong keys) are limited by address, so keys cannot be guessed fast
    failures_rate = parse_limit(settings.auth_failure_limit)

    app = FastAPI(
        title="NeuraReport upload API",
        version="1",
        description="Send bank statements (PDF, CSV, OFX/QFX, CAMT.053, MT940) and read "
        "their status, the month's close state and the delivered reports.",
    )
    app.state.db = db
    app.state.settings = settings
    # inside the audit middleware (added after it), so a refused body is audited too
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)

    @app.middleware("http")
    async def audit(request: Request, call_next: Callable[[Request], Awaitable[Response]]):
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        action = f"{request.method} {getattr(route, 'path', request.url.path)}"
        key: ApiKey | None = getattr(request.state, "api_key", None)
        # database writes block: off the event loop, so other requests go on meanwhile
        await run_in_threadpool(
            db.audit,
            key_id=key.key_id if key else None,
            tenant=key.tenant if key else None,
            action=action,
            target=request.url.path,
            status=response.status_code,
            result=getattr(request.state, "audit_result", None)
            or ("ok" if response.status_code < 400 else "refused")
            + f" ({(time.perf_counter() - started) * 1000:.0f} ms)",
            client=request.client.host if request.client else None,
        )
        return response

    def authenticated(scope: str) -> Callable[..., ApiKey]:
        def dependency(
            request: Request,
            authorization: Annotated[str | None, Header()] = None,
            x_api_key: Annotated[str | None, Header()] = None,
        ) -> ApiKey:
            token = x_api_key or ""
            if authorization and authorization.lower().startswith("bearer "):
                token = authorization[7:].strip()
            key = db.authenticate(token) if token else None
            if key is None:
                client = request.client.host if request.client else "unknown"
                if not limiter.hit(failures_rate, "auth-failure", client):
                    _rate_limited(limiter, failures_rate, "auth-failure", client)
                request.state.audit_result = "unknown, revoked or missing API key"
                raise HTTPException(
                    401,
                    "unknown, revoked or missing API key: send Authorization: Bearer <key>",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            request.state.api_key = key
            if scope not in key.scopes:
                request.state.audit_result = f"key lacks the {scope!r} scope"
                raise HTTPException(403, f"this key lacks the {scope!r} scope")
            if not limiter.hit(rate, "key", key.key_id):
                request.state.audit_result = "rate limited"
                _rate_limited(limiter, rate, "key", key.key_id)
            return key

        return dependency

    uploader = Depends(authenticated("upload"))
    reader = Depends(authenticated("read"))

    @app.post("/v1/statements", status_code=201, summary="Send one or more statement files")
    async def upload_statements(
        request: Request,
        files: Annotated[list[UploadFile], File(description="PDFs or bank exports")],
        period: Annotated[str | None, Form(description="YYYY-MM; else read from each file")] = None,
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
        key: ApiKey = uploader,
    ) -> JSONResponse:
        if period is not None and not PERIOD_FOLDER.match(period):
            raise HTTPException(422, f"period {period!r}: use YYYY-MM, e.g. 2025-03")
        if idempotency_key is not None and not IDEMPOTENCY_KEY.match(idempotency_key):
            raise HTTPException(422, "Idempotency-Key: 1-255 letters, digits or . _ : -")
        with tempfile.TemporaryDirectory(prefix="neurareport-upload-") as tmp:
            received = [await _spool(upload, Path(tmp), n) for n, upload in enumerate(files)]
            request_hash = hashlib.sha256(
                repr((period, [(name, digest) for name, _, digest in received])).encode()
            ).hexdigest()
            if idempotency_key is not None:
                outcome, status, body = await run_in_threadpool(
                    db.begin_idempotent, key.tenant, idempotency_key, request_hash
                )
                if outcome == "replay":
                    request.state.audit_result = "idempotent replay"
                    return JSONResponse(body, status_code=status or 201,
                                        headers={"Idempotent-Replayed": "true"})  # fmt: skip
                if outcome == "conflict":
                    raise HTTPException(
                        422, "this Idempotency-Key was used with a different request body"
                    )
                if outcome == "running":
                    raise HTTPException(409, "a request with this Idempotency-Key is in progress")
            try:
                placed = [
                    await run_in_threadpool(_place, stores, db, key, name, path, digest, period)
                    for name, path, digest in received
                ]
            except Exception:
                if idempotency_key is not None:
                    db.finish_idempotent(key.tenant, idempotency_key, 500, None)
                raise
        body = {"tenant": key.tenant, "statements": placed}
        if idempotency_key is not None:
            await run_in_threadpool(db.finish_idempotent, key.tenant, idempotency_key, 201, body)
        request.state.audit_result = f"placed {len(placed)} file(s)"
        return JSONResponse(body, status_code=201)

    @app.get("/v1/statements/{statement_id}", summary="Where one sent statement stands")
    def get_statement(statement_id: str, key: ApiKey = reader) -> dict[str, Any]:
        upload = db.upload(key.tenant, statement_id) if STATEMENT_ID.match(statement_id) else None
        if upload is None:
            raise HTTPException(404, f"no statement {statement_id!r} was sent for this tenant")
        return statement_status(stores, key.tenant, upload)

    @app.get("/v1/periods/{period}", summary="The close state of one month")
    def get_period(period: str, key: ApiKey = reader) -> dict[str, Any]:
        _check_period(period)
        return period_state(stores, key.tenant, period)

    @app.get("/v1/reports", summary="The report files of one month")
    def list_reports(period: str, key: ApiKey = reader) -> dict[str, Any]:
        _check_period(period)
        files = report_files(stores, key.tenant, period)
        for item in files:
            item["download"] = f"/v1/reports/{period}/{item['id']}"
        return {"tenant": key.tenant, "period": period, "reports": files}

    @app.get("/v1/reports/{period}/{template}/{folder}/{name}", summary="Download a report file")
    def download_report(
        period: str, template: str, folder: str, name: str, key: ApiKey = reader
    ) -> Response:
        _check_period(period)
        for report in stores.reports.list_reports(key.tenant, period):
            if (report.template, report.folder, report.name) == (template, folder, name):
                return _file_response(stores, report.uri, name)
        raise HTTPException(404, f"no report {template}/{folder}/{name} for {period}")

    return app


def _rate_limited(limiter: MovingWindowRateLimiter, rate: Any, *identifiers: str) -> None:
    stats = limiter.get_window_stats(rate, *identifiers)
    retry = max(1, math.ceil(stats.reset_time - time.time()))
    raise HTTPException(
        429,
        f"rate limit {rate} exceeded; retry in {retry} s",
        headers={"Retry-After": str(retry)},
    )


def _check_period(period: str) -> None:
    if not PERIOD_FOLDER.match(period):
        raise HTTPException(422, f"period {period!r}: use YYYY-MM, e.g. 2025-03")


async def _spool(upload: UploadFile, folder: Path, index: int) -> tuple[str, Path, str]:
    """Copy one multipart file to a local temporary file: (its name, path, sha256)."""
    try:
        name = _safe_file_name(upload.filename or f"statement-{index}")
    except StoreError as exc:
        raise HTTPException(422, str(exc)) from None
    target = folder / str(index) / name
    target.parent.mkdir()
    digest = hashlib.sha256()
    size = 0
    with open(target, "wb") as handle:
        while chunk := await upload.read(READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
            handle.write(chunk)
    if size == 0:
        raise HTTPException(422, f"{name}: the file is empty")
    return name, target, digest.hexdigest()


def _place(
    stores: Stores,
    db: ApiDatabase,
    key: ApiKey,
    name: str,
    local: Path,
    digest: str,
    period: str | None,
) -> dict[str, Any]:
    """Put one file in the tenant's inbox (or, when its first bytes are neither a PDF nor a
    bank export, straight into quarantine with the reason)."""
    with open(local, "rb") as handle:
        is_pdf = b"%PDF-" in handle.read(1024)
    named = local
    reason = None
    try:
        if is_pdf or detect_export(named) is not None:
            stored = stores.statements.put(key.tenant, named, period=period, name=name)
        else:
            reason = (
                f"{name}: not a PDF or a bank export ({FORMAT_NAMES}); upload the statement "
                "as a PDF or a bank export"
            )
            stored = stores.statements.quarantine_upload(key.tenant, named, reason, name=name)
    except StoreError as exc:
        raise HTTPException(422, str(exc)) from None
    db.record_upload(
        tenant=key.tenant,
        statement_id=digest,
        file_name=name,
        store_path=stored,
        period=period,
        key_id=key.key_id,
        quarantine_reason=reason,
    )
    answer: dict[str, Any] = {
        "id": digest,
        "file_name": name,
        "status": "quarantined" if reason else "received",
        "url": f"/v1/statements/{digest}",
    }
    if reason:
        answer["reason"] = reason
    return answer


def _file_response(stores: Stores, uri: str, name: str) -> Response:
    if stores.reports.is_local:
        return FileResponse(uri, filename=name)
    with stores.reports.local_copy(uri) as local:
        return Response(
            local.read_bytes(),
            media_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def app_factory() -> FastAPI:
    """``uvicorn --factory neurareport_resources.api.app:app_factory`` (``make api``)."""
    return create_app(ApiSettings.from_environment())
