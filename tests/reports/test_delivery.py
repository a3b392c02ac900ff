"""Delivery: outbox and a real local SMTP server; idempotent by file hash; retries with backoff."""

from __future__ import annotations

import contextlib
import email
import email.policy
import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from neurareport_resources.delivery import (
    FAILED,
    SENT,
    SKIPPED,
    DeliveryMessage,
    OutboxDestination,
    SmtpDestination,
    deliver,
    read_ledger,
)


class _Recorder:
    """aiosmtpd handler: accepts mail, or refuses recipients with a fixed reply."""

    def __init__(self, refuse_with: str | None = None) -> None:
        self.refuse_with = refuse_with
        self.messages: list[email.message.Message] = []
        self.rcpt_attempts = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_attempts += 1
        if self.refuse_with:
            return self.refuse_with
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    servers = []

    def start(handler: _Recorder) -> int:
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        return port

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "rendered"
    folder.mkdir()
    pdf = folder / "acme_2025-03.pdf"
    pdf.write_bytes(b"%PDF-1.7 report bytes")
    xlsx = folder / "acme_2025-03.xlsx"
    xlsx.write_bytes(b"PK workbook bytes")
    return [pdf, xlsx]


def _smtp(port: int) -> SmtpDestination:
    return SmtpDestination(
        host="127.0.0.1",
        port=port,
        sender="reports@neurareport.test",
        recipients=("finance@acme.test",),
        password="s3cret-never-shown",
        timeout=5,
    )


def test_outbox_copies_once_then_skips_until_the_file_changes(tmp_path: Path, files) -> None:
    outbox = OutboxDestination(tmp_path / "outbox" / "acme")
    ledger = tmp_path / "delivery.jsonl"
    first = deliver(files, [outbox], ledger_path=ledger)
    assert [r.status for r in first] == [SENT, SENT]
    assert (outbox.folder / files[0].name).read_bytes() == files[0].read_bytes()
    assert len(read_ledger(ledger)) == 2

    second = deliver(files, [outbox], ledger_path=ledger)
    assert [r.status for r in second] == [SKIPPED, SKIPPED]

    forced = deliver(files[:1], [outbox], ledger_path=ledger, force=True)
    assert [r.status for r in forced] == [SENT]

    files[1].write_bytes(b"PK new workbook bytes")
    third = deliver(files, [outbox], ledger_path=ledger)
    assert [r.status for r in third] == [SKIPPED, SENT]
    assert len(read_ledger(ledger)) == 4


def test_smtp_delivery_to_a_real_local_server(smtp_server, files, tmp_path: Path) -> None:
    handler = _Recorder()
    port = smtp_server(handler)
    ledger = tmp_path / "delivery.jsonl"
    records = deliver(
        files,
        [_smtp(port)],
        ledger_path=ledger,
        message=DeliveryMessage("Acme — March 2025 report", "Attached: the March report."),
    )
    assert [r.status for r in records] == [SENT, SENT]
    (message,) = handler.messages
    assert message["Subject"] == "Acme — March 2025 report"
    assert message["To"] == "finance@acme.test"
    attachments = {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }
    assert attachments == {f.name: f.read_bytes() for f in files}
    assert attachments["acme_2025-03.pdf"].startswith(b"%PDF")
    # idempotent: a second run sends nothing
    again = deliver(files, [_smtp(port)], ledger_path=ledger)
    assert [r.status for r in again] == [SKIPPED, SKIPPED]
    assert len(handler.messages) == 1
    # the password never reaches records, ledger or repr
    assert "s3cret" not in ledger.read_text() and "s3cret" not in repr(_smtp(port))


def test_smtp_permanent_refusal_is_not_retried(smtp_server, files, tmp_path: Path) -> None:
    handler = _Recorder(refuse_with="550 5.1.1 mailbox unavailable")
    port = smtp_server(handler)
    slept: list[float] = []
    records = deliver(files, [_smtp(port)], ledger_path=tmp_path / "d.jsonl", sleep=slept.append)
    assert {r.status for r in records} == {FAILED}
    assert records[0].attempts == 1 and slept == []
    assert "550" in records[0].error and "recipients refused" in records[0].error
    assert read_ledger(tmp_path / "d.jsonl") == []


def test_smtp_temporary_refusal_is_retried_with_backoff(smtp_server, files, tmp_path: Path) -> None:
    handler = _Recorder(refuse_with="451 4.3.0 try again later")
    port = smtp_server(handler)
    slept: list[float] = []
    records = deliver(
        files,
        [_smtp(port)],
        ledger_path=tmp_path / "d.jsonl",
        retries=3,
        backoff_seconds=0.5,
        sleep=slept.append,
    )
    assert {r.status for r in records} == {FAILED}
    assert records[0].attempts == 4
    assert slept == [0.5, 1.0, 2.0]
    assert handler.rcpt_attempts == 4


def test_unreachable_server_fails_without_blocking_other_destinations(
    files, tmp_path: Path
) -> None:
    dead = _smtp(_free_port())  # nothing listens there
    outbox = OutboxDestination(tmp_path / "outbox")
    slept: list[float] = []
    records = deliver(
        files, [dead, outbox], ledger_path=tmp_path / "d.jsonl", retries=2, sleep=slept.append
    )
    by_destination = {}
    for record in records:
        by_destination.setdefault(record.destination, set()).add(record.status)
    assert by_destination[dead.key] == {FAILED}
    assert by_destination[outbox.key] == {SENT}
    assert len(slept) == 2
    assert "reachable" in next(r.error for r in records if r.status == FAILED)


def test_missing_file_is_refused_up_front(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="rendered_reports"):
        deliver(
            [tmp_path / "gone.pdf"],
            [OutboxDestination(tmp_path / "o")],
            ledger_path=tmp_path / "d.jsonl",
        )


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextlib.contextmanager
def starttls_server(tmp_path: Path, accept: Callable[[str, str], bool]):
    """A local SMTP server that requires STARTTLS (self-signed ``localhost`` certificate) and
    a login ``accept(user, password)`` decides; yields (port, cert path, logins, recorder)."""
    import ssl

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert_path, key_path = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert_path, key_path)
    logins: list[tuple[str, str]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword):
            login = (auth_data.login.decode(), auth_data.password.decode())
            logins.append(login)
            # handled=False: let the server answer 535 itself
            return AuthResult(success=accept(*login), handled=False)
        return AuthResult(success=False, handled=False)

    handler = _Recorder()
    port = _free_port()
    controller = Controller(
        handler,
        hostname="localhost",
        port=port,
        tls_context=server_tls,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
    )
    controller.start()
    try:
        yield port, cert_path, logins, handler
    finally:
        controller.stop()


def test_starttls_with_login_and_certificate_check(files, tmp_path: Path) -> None:
    with starttls_server(
        tmp_path, lambda user, password: (user, password) == ("reports", "s3cret")
    ) as (port, cert_path, logins, handler):
        good = SmtpDestination(
            host="localhost",
            port=port,
            sender="reports@neurareport.test",
            recipients=("finance@acme.test",),
            username="reports",
            password="s3cret",
            starttls=True,
            ca_file=str(cert_path),
            timeout=5,
        )
        records = deliver(files, [good], ledger_path=tmp_path / "d.jsonl")
        assert [r.status for r in records] == [SENT, SENT]
        assert logins == [("reports", "s3cret")] and len(handler.messages) == 1

        wrong_password = SmtpDestination(**{**good.__dict__, "password": "nope"})
        slept: list[float] = []
        failed = deliver(
            files, [wrong_password], ledger_path=tmp_path / "d2.jsonl", sleep=slept.append
        )
        assert {r.status for r in failed} == {FAILED}
        assert "login refused" in failed[0].error and "nope" not in failed[0].error
        assert slept == []  # a bad password is not retried

        untrusted = SmtpDestination(**{**good.__dict__, "ca_file": None})
        refused = deliver(files, [untrusted], ledger_path=tmp_path / "d3.jsonl", retries=0)
        assert {r.status for r in refused} == {FAILED}
        assert (
            "CERTIFICATE_VERIFY_FAILED" in refused[0].error
            or "certificate" in refused[0].error.lower()
        )
