"""SFTP delivery against a real asyncssh SFTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import asyncssh
import pytest

from neurareport_resources.delivery import (
    FAILED,
    SENT,
    SKIPPED,
    DeliveryError,
    DeliveryMessage,
    Destination,
    WarehouseLedger,
    deliver,
)
from neurareport_resources.delivery.sftp import SftpDestination
from neurareport_resources.warehouse import Warehouse
from tests.outputs.sftp_server import PASSWORD, USER, sftp_server

MESSAGE = DeliveryMessage("reports")


@pytest.fixture
def files(tmp_path):
    made = []
    for name, size in (("acme-2025-03.pdf", 2_000_000), ("acme-2025-03.xero.csv", 5_000)):
        path = tmp_path / "reports" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(os.urandom(size))
        made.append(path)
    return made


def _destination(server, **overrides) -> SftpDestination:
    settings = dict(
        host="127.0.0.1",
        port=server.port,
        username=USER,
        password=PASSWORD,
        folder="/incoming",
        known_hosts=server.known_hosts,
        timeout=10,
    )
    settings.update(overrides)
    return SftpDestination(**settings)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_upload_lands_whole_and_is_not_sent_twice(tmp_path, files) -> None:
    with sftp_server(tmp_path / "server") as server:
        (server.root / "incoming").mkdir()
        destination = _destination(server)
        assert isinstance(destination, Destination)
        assert PASSWORD not in repr(destination)
        ledger = WarehouseLedger(Warehouse(str(tmp_path / "wh")), "acme", dt.date(2025, 3, 1))
        records = deliver(files, [destination], ledger=ledger, message=MESSAGE)
        assert [r.status for r in records] == [SENT, SENT]
        assert records[0].location == f"sftp://127.0.0.1:{server.port}/incoming/acme-2025-03.pdf"
        landed = sorted((server.root / "incoming").iterdir())
        assert [p.name for p in landed] == sorted(f.name for f in files)
        assert {p.name: _digest(p) for p in landed} == {f.name: _digest(f) for f in files}
        again = deliver(files, [destination], ledger=ledger, message=MESSAGE)
        assert [r.status for r in again] == [SKIPPED, SKIPPED]
        assert server.logins == 1


def test_a_wrong_host_key_is_refused_and_nothing_is_written(tmp_path, files) -> None:
    with sftp_server(tmp_path / "server") as server:
        (server.root / "incoming").mkdir()
        impostor = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode()
        destination = _destination(
            server, known_hosts=f"[127.0.0.1]:{server.port} {impostor.strip()}\n"
        )
        with pytest.raises(DeliveryError) as refused:
            destination.send(files, MESSAGE)
        assert refused.value.transient is False
        assert "host key refused" in str(refused.value)
        slept: list[float] = []
        records = deliver(
            files, [destination], ledger_path=tmp_path / "l.jsonl", sleep=slept.append
        )
        # refused at once, not retried
        assert {r.status for r in records} == {FAILED} and slept == []
        assert list((server.root / "incoming").iterdir()) == []
        assert server.logins == 0


def test_a_dropped_connection_is_retried_and_never_leaves_a_half_file(tmp_path, files) -> None:
    with sftp_server(tmp_path / "server") as server:
        incoming = server.root / "incoming"
        incoming.mkdir()
        # an older copy is already there: the reader must see it or the new one, whole
        (incoming / "acme-2025-03.pdf").write_bytes(b"last month's good copy")
        server.drop_after.append(600_000)
        destination = _destination(server)
        with pytest.raises(DeliveryError) as dropped:
            destination.send(files, MESSAGE)
        assert dropped.value.transient is True
        assert server.drops == 1
        # the final name still holds the old, whole file; the half upload has a .part name
        assert (incoming / "acme-2025-03.pdf").read_bytes() == b"last month's good copy"
        leftovers = [p.name for p in incoming.iterdir() if p.name.endswith(".part")]
        assert len(leftovers) == 1 and leftovers[0].startswith(".acme-2025-03.pdf.")
        # through deliver(): dropped once more, retried with backoff, then whole
        server.drop_after.append(300_000)
        slept: list[float] = []
        records = deliver(
            files, [destination], ledger_path=tmp_path / "l.jsonl", sleep=slept.append
        )
        assert [r.status for r in records] == [SENT, SENT]
        assert records[0].attempts == 2 and slept == [2.0]
        assert server.drops == 2
        assert sorted(p.name for p in incoming.iterdir()) == sorted(f.name for f in files)
        assert {p.name: _digest(p) for p in incoming.iterdir()} == {
            f.name: _digest(f) for f in files
        }


def test_a_wrong_password_and_a_missing_folder_are_not_retried(tmp_path, files) -> None:
    with sftp_server(tmp_path / "server") as server:
        with pytest.raises(DeliveryError) as login:
            _destination(server, password="wrong").send(files, MESSAGE)
        assert login.value.transient is False and "login refused" in str(login.value)
        assert "wrong" not in str(login.value)
        with pytest.raises(DeliveryError) as folder:
            _destination(server, folder="/missing").send(files, MESSAGE)
        assert folder.value.transient is False and "/missing" in str(folder.value)


def test_the_notifier_adds_a_tenants_sftp_folder_with_its_secret(tmp_path, files) -> None:
    import json

    from neurareport_resources.resources import NotifierResource

    with sftp_server(tmp_path / "server") as server:
        (server.root / "drop").mkdir()
        target = {
            "host": "127.0.0.1",
            "port": server.port,
            "username": USER,
            "folder": "/drop",
            "known_hosts": server.known_hosts,
        }
        notifier = NotifierResource(
            outbox_root=str(tmp_path / "outbox"),
            sftp_targets=json.dumps({"acme": target}),
            sftp_secrets=json.dumps({"acme": PASSWORD}),
        )
        destinations = notifier.destinations_for("acme")
        assert [d.name for d in destinations] == ["outbox", "sftp"]
        assert [d.name for d in notifier.destinations_for("globex")] == ["outbox"]
        records = deliver(files, destinations, ledger_path=tmp_path / "l.jsonl")
        assert {r.status for r in records} == {SENT}
        assert sorted(p.name for p in (server.root / "drop").iterdir()) == sorted(
            f.name for f in files
        )
        broken = NotifierResource(
            outbox_root=str(tmp_path / "outbox"),
            sftp_targets=json.dumps({"acme": {"host": "h"}}),
        )
        with pytest.raises(ValueError, match="known_hosts"):
            broken.destinations_for("acme")


def test_a_private_key_with_a_passphrase_logs_in_and_a_foreign_key_does_not(
    tmp_path, files
) -> None:
    with sftp_server(tmp_path / "server") as server:
        (server.root / "incoming").mkdir()
        key = asyncssh.generate_private_key("ssh-ed25519")
        server.authorized_keys.append(key)
        text = key.export_private_key(passphrase="open sesame").decode()
        destination = _destination(
            server, password=None, private_key=text, passphrase="open sesame"
        )
        assert "PRIVATE KEY" not in repr(destination)
        sent = destination.send(files, MESSAGE)
        assert [s.file for s in sent] == [f.name for f in files]
        landed = {p.name: _digest(p) for p in (server.root / "incoming").iterdir()}
        assert landed == {f.name: _digest(f) for f in files}
        stranger = asyncssh.generate_private_key("ssh-ed25519").export_private_key().decode()
        with pytest.raises(DeliveryError) as refused:
            _destination(server, password=None, private_key=stranger).send(files, MESSAGE)
        assert refused.value.transient is False and "login refused" in str(refused.value)
