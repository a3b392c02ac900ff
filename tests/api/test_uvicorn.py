"""The upload API served by a real uvicorn process on 127.0.0.1 (as ``make api`` runs it),
with keys made by ``neurareport apikey``: refused keys, an idempotent retry, 429 with
Retry-After, and a chunked body over the size limit. Bounded: the server is stopped after
at most a minute."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.exports import builders as b

PROJECT = Path(__file__).resolve().parents[2]
# a server process and three CLI runs: the end-to-end tier (make test-e2e)
pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _apikey(env: dict, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "neurareport_assets.cli", "apikey", *args],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


@pytest.fixture(
    params=[
        "memory://",
        # production's store: the limits hold across API processes (CI starts Redis)
        pytest.param("redis://127.0.0.1:6379/14", marks=pytest.mark.services, id="redis"),
    ]
)
def server(tmp_path: Path, request: pytest.FixtureRequest):
    env = {
        **os.environ,
        "NEURAREPORT_API_RATE_LIMIT_STORAGE": request.param,
        "NEURAREPORT_HOME": str(tmp_path),
        "NEURAREPORT_ENV": "local",
        "NEURAREPORT_API_RATE_LIMIT": "5/minute",
        "NEURAREPORT_API_MAX_REQUEST_MB": "1",
    }
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "uvicorn", "--factory",
            "neurareport_resources.api.app:app_factory", "--host", "127.0.0.1",
            "--port", str(port), "--log-level", "warning",
        ],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"uvicorn did not start: {output[-2000:]}")
            time.sleep(0.2)
        yield base, env, tmp_path
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def test_real_server(server, tmp_path: Path):
    base, env, home = server
    acme = _apikey(env, "create", "--tenant", "acme", "--name", "client portal")
    globex = _apikey(env, "create", "--tenant", "globex", "--scopes", "read")
    assert acme["key"].startswith("nr_") and acme["scopes"] == ["upload", "read"]
    data = b.mt940(tmp_path / "march.sta").read_bytes()
    with httpx.Client(base_url=base, timeout=30) as client:
        auth = {"Authorization": f"Bearer {acme['key']}", "Idempotency-Key": "retry-1"}
        first = client.post("/v1/statements", files={"files": ("march.sta", data)}, headers=auth)
        retry = client.post("/v1/statements", files={"files": ("march.sta", data)}, headers=auth)
        assert first.status_code == retry.status_code == 201
        assert retry.json() == first.json()
        assert len(list((home / "inbox" / "acme").iterdir())) == 1
        url = first.json()["statements"][0]["url"]

        assert client.get(url, headers={"Authorization": "Bearer nr_nope_nope"}).status_code == 401
        assert (
            client.get(url, headers={"Authorization": f"Bearer {globex['key']}"}).status_code == 404
        )

        # a chunked body (no Content-Length) over the 1 MB limit is cut off with 413
        def chunks():
            yield (
                b'--zzz\r\nContent-Disposition: form-data; name="files"; '
                b'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
            )
            for _ in range(40):
                yield b"x" * 65536
            yield b"\r\n--zzz--\r\n"

        big = client.post(
            "/v1/statements", content=chunks(),
            headers={**auth, "Idempotency-Key": "big",
                     "Content-Type": "multipart/form-data; boundary=zzz"},
        )  # fmt: skip
        assert big.status_code == 413

        # 5 per minute: the two uploads were 2 hits (the 413 was refused before the key was
        # looked at); three reads pass and the sixth request is refused
        statuses = [client.get(url, headers=auth).status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get(url, headers=auth)
        assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1

    _apikey(env, "revoke", "--tenant", "acme", acme["key_id"])
    listed = _apikey(env, "list", "--tenant", "acme")["keys"]
    assert listed[0]["revoked_at"] and listed[0]["last_used_at"]
    assert "key" not in listed[0]
    with httpx.Client(base_url=base, timeout=30) as client:
        refused = client.get(url, headers={"Authorization": f"Bearer {acme['key']}"})
        assert refused.status_code == 401
