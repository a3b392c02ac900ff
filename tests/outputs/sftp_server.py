"""A real SFTP server (asyncssh) on 127.0.0.1 for tests, serving one folder, in its own thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

USER, PASSWORD = "reports", "s3cret-for-tests"


@dataclass
class Server:
    port: int
    root: Path
    host_key: asyncssh.SSHKey
    # bytes after which the next upload's connection is dropped (once per entry)
    drop_after: list[int] = field(default_factory=list)
    drops: int = 0
    logins: int = 0
    # client public keys allowed to log in as USER (besides the password)
    authorized_keys: list[asyncssh.SSHKey] = field(default_factory=list)

    @property
    def known_hosts(self) -> str:
        return f"[127.0.0.1]:{self.port} {self.host_key.export_public_key().decode().strip()}\n"


class _Auth(asyncssh.SSHServer):
    def __init__(self, server: Server) -> None:
        self.server = server

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        ok = username == USER and password == PASSWORD
        self.server.logins += ok
        return ok

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        wanted = {k.export_public_key() for k in self.server.authorized_keys}
        # asked twice per login (may this key sign? then the signed request): not counted
        return username == USER and key.export_public_key() in wanted


def _sftp_factory(server: Server):
    class DroppingSFTPServer(asyncssh.SFTPServer):
        """Serves ``server.root``; drops the connection mid-write when asked to."""

        def __init__(self, chan) -> None:
            super().__init__(chan, chroot=str(server.root).encode())
            self._chan_ref = chan
            self._written = 0

        def write(self, file_obj, offset, data):
            self._written += len(data)
            if server.drop_after and self._written > server.drop_after[0]:
                server.drop_after.pop(0)
                server.drops += 1
                # the bytes so far reach the disk, then the connection dies
                result = super().write(file_obj, offset, data[: len(data) // 2])
                self._chan_ref.get_extra_info("connection").abort()
                return result
            return super().write(file_obj, offset, data)

    return DroppingSFTPServer


@contextlib.contextmanager
def sftp_server(root: Path, *, timeout: float = 20) -> Iterator[Server]:
    """Start an SFTP server on 127.0.0.1 (a free port) serving ``root``; stop it after."""
    root.mkdir(parents=True, exist_ok=True)
    host_key = asyncssh.generate_private_key("ssh-ed25519")
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict = {}

    def run() -> None:
        asyncio.set_event_loop(loop)

        async def start() -> None:
            server = Server(port=0, root=root, host_key=host_key)
            acceptor = await asyncssh.listen(
                "127.0.0.1",
                0,
                server_host_keys=[host_key],
                server_factory=lambda: _Auth(server),
                sftp_factory=_sftp_factory(server),
                login_timeout=timeout,
            )
            server.port = acceptor.sockets[0].getsockname()[1]
            holder["server"], holder["acceptor"] = server, acceptor
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()

    thread = threading.Thread(target=run, daemon=True, name="test-sftp-server")
    thread.start()
    if not ready.wait(timeout):
        raise RuntimeError("the test SFTP server did not start")
    try:
        yield holder["server"]
    finally:
        acceptor = holder["acceptor"]
        loop.call_soon_threadsafe(acceptor.close)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
