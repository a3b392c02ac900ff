"""Where reports go: the :class:`Destination` interface, the outbox folder and e-mail over SMTP.

A destination is anything with a stable ``key`` and a ``send(files, message)`` that
delivers each file under its own name and returns one :class:`SentFile` per file saying
where it landed. Sending the same file again is harmless (it replaces the same name with
the same bytes, or is one more e-mail); *whether* to send is decided once, outside, by
:func:`neurareport_resources.delivery.deliver` and its ledger, so a destination holds no
state and any destination can be used alone. New destinations (SFTP, ...) are one module
implementing this protocol plus one line where the notifier builds a tenant's list.
"""

from __future__ import annotations

import hashlib
import mimetypes
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path
from typing import Protocol, runtime_checkable

from neurareport_resources.atomic import atomic_copy
from neurareport_resources.paths import ConfinedRoot, PathEscapeError


class DeliveryError(RuntimeError):
    """A send that failed; ``transient`` says whether trying again may help."""

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


@dataclass(frozen=True)
class SentFile:
    """One file a destination delivered: its name and hash, and where it landed."""

    file: str
    sha256: str
    size_bytes: int
    location: str  # a path, an sftp:// URL, an e-mail Message-ID


def sent_file(path: Path, location: str) -> SentFile:
    """The :class:`SentFile` of ``path`` delivered to ``location``."""
    data = Path(path).read_bytes()
    return SentFile(path.name, hashlib.sha256(data).hexdigest(), len(data), location)


@runtime_checkable
class Destination(Protocol):
    """What a delivery destination must do.

    ``key``: a stable identity without secrets (the ledger records sends by it).
    ``send``: deliver every file (a failed send leaves no half file visible at the far end)
    and report each one; raise :class:`DeliveryError` (``transient`` or not) on failure.
    """

    name: str

    @property
    def key(self) -> str: ...

    def send(self, files: Sequence[Path], message: DeliveryMessage) -> list[SentFile]: ...


@dataclass(frozen=True)
class DeliveryMessage:
    """Subject and body of what is sent (used by e-mail; the outbox ignores it)."""

    subject: str
    body: str = "Please find the attached report."


@dataclass(frozen=True)
class OutboxDestination:
    """A folder the files are copied into (atomically), e.g. ``outbox/<tenant>/``.

    With ``root`` (the outbox root) the folder is resolved at send time and must stay
    inside it as named: a link at ``outbox/<tenant>`` leading elsewhere is refused.
    """

    folder: Path
    name: str = "outbox"
    root: Path | None = None

    @property
    def key(self) -> str:
        """Stable identity used by the idempotency ledger."""
        return f"outbox:{Path(self.folder).resolve()}"

    def send(self, files: Sequence[Path], message: DeliveryMessage) -> list[SentFile]:
        """Copy every file into the folder; a failed copy leaves no half file."""
        folder = Path(self.folder)
        try:
            if self.root is not None:
                folder = (
                    ConfinedRoot(self.root, what="outbox")
                    .scope(*folder.relative_to(self.root).parts)
                    .path()
                )
            folder.mkdir(parents=True, exist_ok=True)
            sent = []
            for path in files:
                atomic_copy(path, folder / path.name)
                sent.append(sent_file(path, str(folder / path.name)))
            return sent
        except PathEscapeError as exc:
            raise DeliveryError(str(exc), transient=False) from None
        except OSError as exc:
            raise DeliveryError(
                f"{folder}: cannot write ({exc.strerror or exc}); check the folder's permissions",
                transient=True,
            ) from exc


@dataclass(frozen=True)
class SmtpDestination:
    """E-mail over SMTP: one message per delivery with the files attached.

    ``password`` is never shown in ``repr`` or errors; the Dagster resource fills it from
    an ``EnvVar``. ``starttls`` upgrades a plain connection; ``use_ssl`` connects with TLS.
    Certificates are verified (system CAs, or ``ca_file``); there is no switch to skip that.
    """

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    use_ssl: bool = False
    timeout: float = 30.0
    name: str = "email"
    ca_file: str | None = None  # a private CA to trust (default: the system's)

    @property
    def key(self) -> str:
        """Stable identity used by the idempotency ledger (no credentials in it)."""
        return f"smtp:{self.host}:{self.port}:{','.join(sorted(self.recipients))}"

    def build_message(self, files: Sequence[Path], message: DeliveryMessage) -> EmailMessage:
        """The MIME message with every file attached under its own name."""
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = ", ".join(self.recipients)
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False)
        email["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1] or None)
        email.set_content(message.body)
        for path in files:
            mime, _ = mimetypes.guess_type(path.name)
            maintype, subtype = (mime or "application/octet-stream").split("/", 1)
            email.add_attachment(
                path.read_bytes(), maintype=maintype, subtype=subtype, filename=path.name
            )
        return email

    def send(self, files: Sequence[Path], message: DeliveryMessage) -> list[SentFile]:
        """Send one e-mail with every file attached; SMTP 4xx and connection problems are
        transient, 5xx are not."""
        if not self.recipients:
            raise DeliveryError(f"{self.key}: no recipients configured", transient=False)
        email = self.build_message(files, message)
        where = f"SMTP {self.host}:{self.port}"
        try:
            context = ssl.create_default_context(cafile=self.ca_file)
            if self.use_ssl:
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout, context=context
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with client:
                if self.starttls and not self.use_ssl:
                    client.starttls(context=context)
                if self.username:
                    client.login(self.username, self.password or "")
                refused = client.send_message(email)
        except smtplib.SMTPAuthenticationError as exc:
            raise DeliveryError(
                f"{where}: login refused for {self.username!r} ({exc.smtp_code}); check the user and password",
                transient=False,
            ) from None
        except smtplib.SMTPRecipientsRefused as exc:
            codes = sorted({code for code, _ in exc.recipients.values()})
            transient = all(400 <= code < 500 for code in codes)
            raise DeliveryError(
                f"{where}: recipients refused {sorted(exc.recipients)} (codes {codes})",
                transient=transient,
            ) from None
        except smtplib.SMTPResponseException as exc:
            transient = 400 <= exc.smtp_code < 500
            text = (
                exc.smtp_error.decode(errors="replace")
                if isinstance(exc.smtp_error, bytes)
                else str(exc.smtp_error)
            )
            raise DeliveryError(
                f"{where}: server said {exc.smtp_code} {text}", transient=transient
            ) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(
                f"{where}: {type(exc).__name__}: {exc}; is the server reachable?", transient=True
            ) from None
        if refused:
            raise DeliveryError(
                f"{where}: some recipients refused: {sorted(refused)}", transient=False
            )
        return [sent_file(path, f"email {email['Message-ID']}") for path in files]
