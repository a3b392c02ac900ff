"""SFTP delivery (asyncssh): each file uploaded under a temporary name, then renamed.

The reader at the far end sees the old file or the whole new one, never half of one: a
connection that drops mid-upload leaves at most a ``.<name>.<random>.part`` file, which
the next attempt removes before it uploads again. The server's host key must match the
configured known-hosts entry (there is no switch to skip that). A password or a private
key comes from configuration (an ``EnvVar`` of the notifier resource), never from code.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import posixpath
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from neurareport_resources.delivery.destinations import (
    DeliveryError,
    DeliveryMessage,
    SentFile,
    sent_file,
)

PART_SUFFIX = ".part"


def _known_hosts(entry: str) -> asyncssh.SSHKnownHosts:
    """``entry`` is known-hosts text (one or more lines) or the path of a known_hosts file."""
    text = entry
    if "\n" not in entry.strip() and " " not in entry.strip():
        path = Path(entry).expanduser()
        if not path.is_file():
            raise DeliveryError(
                f"known_hosts {entry!r}: no such file; give the server's known-hosts line "
                "(ssh-keyscan -p PORT HOST) or a file holding it",
                transient=False,
            )
        text = path.read_text(encoding="utf-8")
    try:
        return asyncssh.import_known_hosts(text)
    except (ValueError, asyncssh.KeyImportError) as exc:
        raise DeliveryError(
            f"known_hosts: not a known-hosts entry ({exc}); use a line such as "
            "'[host]:2222 ssh-ed25519 AAAA…'",
            transient=False,
        ) from None


def _run(coroutine):
    """Run ``coroutine`` to the end from synchronous code, inside a running loop or not."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class SftpDestination:
    """A folder on an SFTP server, e.g. ``reports@files.client.example:/incoming``."""

    host: str
    username: str
    folder: str
    known_hosts: str  # the server's known-hosts line(s), or a known_hosts file
    port: int = 22
    password: str | None = field(default=None, repr=False)
    private_key: str | None = field(default=None, repr=False)  # OpenSSH / PEM text
    passphrase: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    name: str = "sftp"

    @property
    def key(self) -> str:
        """Stable identity used by the idempotency ledger (no credentials in it)."""
        return f"sftp:{self.username}@{self.host}:{self.port}{posixpath.join('/', self.folder)}"

    def _where(self) -> str:
        return f"SFTP {self.username}@{self.host}:{self.port}"

    def send(self, files: Sequence[Path], message: DeliveryMessage) -> list[SentFile]:
        """Upload every file atomically; connection problems are transient, a refused host
        key, login or folder are not."""
        if not self.password and not self.private_key:
            raise DeliveryError(
                f"{self._where()}: no password or private key configured", transient=False
            )
        known = _known_hosts(self.known_hosts)
        where = self._where()
        try:
            return _run(asyncio.wait_for(self._upload(list(files), known), self.timeout * 4))
        except asyncssh.HostKeyNotVerifiable as exc:
            raise DeliveryError(
                f"{where}: host key refused ({exc.reason}); the server's key does not match "
                "the configured known_hosts entry — check the server before updating it",
                transient=False,
            ) from None
        except asyncssh.PermissionDenied:
            raise DeliveryError(
                f"{where}: login refused for {self.username!r}; check the user and its "
                "password or key",
                transient=False,
            ) from None
        except asyncssh.SFTPNoSuchFile as exc:
            raise DeliveryError(
                f"{where}: folder {self.folder!r} not found ({exc.reason}); create it on the "
                "server or fix the tenant's sftp folder",
                transient=False,
            ) from None
        except asyncssh.SFTPPermissionDenied as exc:
            raise DeliveryError(
                f"{where}: cannot write in {self.folder!r} ({exc.reason}); check the "
                "folder's permissions",
                transient=False,
            ) from None
        except (asyncssh.Error, OSError, TimeoutError) as exc:
            raise DeliveryError(
                f"{where}: {type(exc).__name__}: {exc}; is the server reachable?",
                transient=True,
            ) from None

    async def _upload(self, files: list[Path], known: asyncssh.SSHKnownHosts) -> list[SentFile]:
        keys = []
        if self.private_key:
            keys.append(asyncssh.import_private_key(self.private_key, self.passphrase))
        async with (
            asyncssh.connect(
                self.host,
                self.port,
                username=self.username,
                password=self.password,
                client_keys=keys or None,
                known_hosts=known,
                connect_timeout=self.timeout,
                agent_path=None,
                preferred_auth=("publickey", "password") if keys else ("password",),
            ) as connection,
            connection.start_sftp_client() as sftp,
        ):
            names = {path.name for path in files}
            # what an earlier, interrupted attempt left behind
            for entry in await sftp.listdir(self.folder):
                if entry.endswith(PART_SUFFIX) and any(
                    entry.startswith(f".{name}.") for name in names
                ):
                    await sftp.remove(posixpath.join(self.folder, entry))
            sent = []
            for path in files:
                final = posixpath.join(self.folder, path.name)
                temporary = posixpath.join(
                    self.folder, f".{path.name}.{secrets.token_hex(6)}{PART_SUFFIX}"
                )
                await sftp.put(str(path), temporary)
                size = (await sftp.stat(temporary)).size
                if size != path.stat().st_size:
                    await sftp.remove(temporary)
                    raise asyncssh.SFTPFailure(
                        f"{path.name}: uploaded {size} of {path.stat().st_size} bytes"
                    )
                try:
                    await sftp.posix_rename(temporary, final)
                except asyncssh.SFTPOpUnsupported:
                    # a server without posix-rename: plain rename refuses to replace
                    if await sftp.exists(final):
                        await sftp.remove(final)
                    await sftp.rename(temporary, final)
                sent.append(sent_file(path, f"sftp://{self.host}:{self.port}{final}"))
            return sent
