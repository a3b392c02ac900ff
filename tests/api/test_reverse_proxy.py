"""docs/examples/nginx-neurareport.conf, run by a real nginx (ports, paths and TLS
substituted) in front of a real Dagster webserver and the upload API: the UI asks for a
login and passes its WebSockets through once given one; the API is reached with its keys
alone. Skipped only where nginx is not installed (make test-e2e installs nginx-light)."""

from __future__ import annotations

import base64
import getpass
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.exports import builders as b

PROJECT = Path(__file__).resolve().parents[2]
EXAMPLE = PROJECT / "docs" / "examples" / "nginx-neurareport.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (make test-e2e)"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited: {process.stdout.read()[-2000:]}")  # type: ignore[union-attr]
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def _ssha(password: str) -> str:
    """nginx's {SSHA} password scheme (htpasswd without apache2-utils)."""
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode()


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[dict]:
    ui_port, api_port, proxy_port = _free_port(), _free_port(), _free_port()
    home = tmp_path / "home"
    (home / "dagster_home").mkdir(parents=True)
    (home / "dagster_home" / "dagster.yaml").write_text("")
    env = {**os.environ, "NEURAREPORT_HOME": str(home), "NEURAREPORT_ENV": "local",
           "DAGSTER_HOME": str(home / "dagster_home")}  # fmt: skip
    processes: list[subprocess.Popen] = []

    def start(*args: str) -> subprocess.Popen:
        process = subprocess.Popen(args, cwd=PROJECT, env=env, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)  # fmt: skip
        processes.append(process)
        return process

    bin_dir = Path(sys.executable).parent
    try:
        ui = start(str(bin_dir / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(ui_port),
                   "-w", str(PROJECT / "workspace.yaml"))  # fmt: skip
        api = start(sys.executable, "-m", "uvicorn", "--factory",
                    "neurareport_resources.api.app:app_factory", "--host", "127.0.0.1",
                    "--port", str(api_port), "--proxy-headers")  # fmt: skip
        (tmp_path / "htpasswd").write_text(f"analyst:{_ssha('s3cret')}\n")
        site = EXAMPLE.read_text()
        site = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{proxy_port};", site)
        site = re.sub(r"\n\s*ssl_certificate(_key)? [^\n]+", "", site)
        site = site.replace("127.0.0.1:3000", f"127.0.0.1:{ui_port}")
        site = site.replace("127.0.0.1:8000", f"127.0.0.1:{api_port}")
        site = site.replace("/etc/nginx/neurareport.htpasswd", str(tmp_path / "htpasswd"))
        (tmp_path / "site.conf").write_text(site)
        (tmp_path / "nginx.conf").write_text(
            # workers run as this user (as root nginx would drop to nobody, who cannot read
            # pytest's private temporary folder)
            f"user {getpass.getuser()};\n"
            f"daemon off;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
            "events {}\nhttp {\n"
            f"  access_log {tmp_path}/access.log;\n"
            + "".join(f"  {kind}_temp_path {tmp_path}/{kind};\n"
                      for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
            + f"  include {tmp_path}/site.conf;\n}}\n"
        )  # fmt: skip
        start(NGINX, "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path))
        _wait(f"http://127.0.0.1:{ui_port}/server_info", ui)
        _wait(f"http://127.0.0.1:{api_port}/openapi.json", api)
        time.sleep(0.5)  # nginx starts in milliseconds
        yield {"proxy": f"http://127.0.0.1:{proxy_port}", "port": proxy_port, "env": env}
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _websocket_status(port: int, host: str, authorization: str | None) -> str:
    """The status line nginx answers a WebSocket upgrade of /graphql with."""
    lines = [
        "GET /graphql HTTP/1.1", f"Host: {host}", "Upgrade: websocket", "Connection: Upgrade",
        "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Protocol: graphql-ws",
    ]  # fmt: skip
    if authorization:
        lines.append(f"Authorization: {authorization}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        return sock.recv(4096).decode(errors="replace").split("\r\n", 1)[0]


def test_ui_needs_a_login_and_the_api_its_keys(stack: dict, tmp_path: Path):
    proxy, ui_host = stack["proxy"], {"Host": "dagster.example.com"}
    login = "Basic " + base64.b64encode(b"analyst:s3cret").decode()
    wrong = "Basic " + base64.b64encode(b"analyst:guess").decode()
    assert httpx.get(f"{proxy}/server_info", headers=ui_host).status_code == 401
    assert (
        httpx.get(f"{proxy}/server_info", headers={**ui_host, "Authorization": wrong}).status_code
        == 401
    )
    info = httpx.get(f"{proxy}/server_info", headers={**ui_host, "Authorization": login})
    assert info.status_code == 200 and "dagster_webserver_version" in info.json()
    assert _websocket_status(stack["port"], "dagster.example.com", None).endswith(
        "401 Unauthorized"
    )
    assert " 101 " in _websocket_status(stack["port"], "dagster.example.com", login)

    created = subprocess.run(
        [sys.executable, "-m", "neurareport_assets.cli", "apikey", "create", "--tenant", "acme"],
        env=stack["env"], capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    import json

    token = json.loads(created.stdout)["key"]
    api_host = {"Host": "api.example.com"}
    data = b.mt940(tmp_path / "march.sta").read_bytes()
    assert httpx.get(f"{proxy}/v1/periods/2025-03", headers=api_host).status_code == 401
    sent = httpx.post(f"{proxy}/v1/statements", files={"files": ("march.sta", data)},
                      headers={**api_host, "Authorization": f"Bearer {token}"})  # fmt: skip
    assert sent.status_code == 201, sent.text
