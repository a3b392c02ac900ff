"""The statement store: ``inbox/<tenant>/[YYYY-MM/]…`` with a ``quarantine/<tenant>/`` beside it.

Backed by fsspec so the same code serves a local folder and an S3-compatible bucket.
Writes are atomic (a hidden ``.part`` name, then a rename), so a reader never sees
half a file, and nothing is ever deleted: a bad file is *moved* to quarantine with
a ``.reason.txt`` beside it.

On a local folder every file is confined to its tenant (:mod:`neurareport_resources.paths`):
a symbolic link in ``inbox/a/`` that leads to tenant ``b``'s statement (or anywhere else
outside ``inbox/a/``) is never read as tenant ``a``'s; it is listed with a ``refusal``
so the sensor and intake quarantine the link itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import fsspec

from neurareport_resources.paths import ConfinedRoot, PathEscapeError
from neurareport_resources.tenancy import validate_tenant_key

PERIOD_FOLDER = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
# names a writer is still busy with: never read them
_IN_PROGRESS = re.compile(r"(^\.|\.part$|\.tmp$|\.crdownload$|~$)")


class StoreError(RuntimeError):
    """A store operation that failed; the message names the file and what to do."""


@dataclass(frozen=True)
class StoredFile:
    """One file in a tenant's inbox."""

    tenant: str
    path: str  # full path inside the store's filesystem
    relative_path: str  # below inbox/<tenant>/
    size_bytes: int
    modified: float  # seconds since the epoch (0 when the store cannot tell)
    period_folder: str | None  # "YYYY-MM" when the file sits in such a folder
    # why the file must not be read (a link leading out of the tenant's inbox), else None
    refusal: str | None = None

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name


def sha256_file(path: Path) -> str:
    """Hex sha256 of a local file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class StatementStore:
    """Tenant inboxes and quarantine under one root (``/srv/neurareport`` or ``s3://bucket/prefix``)."""

    def __init__(
        self, inbox_root: str, quarantine_root: str, *, storage_options: dict | None = None
    ) -> None:
        self.inbox_root = str(inbox_root).rstrip("/")
        self.quarantine_root = str(quarantine_root).rstrip("/")
        self.fs, self._inbox = fsspec.core.url_to_fs(self.inbox_root, **(storage_options or {}))
        _, self._quarantine = fsspec.core.url_to_fs(self.quarantine_root, **(storage_options or {}))
        self.is_local = self.inbox_root.split("://", 1)[0] in ("file", self.inbox_root)

    # -- listing -----------------------------------------------------------------------------
    def tenant_dir(self, tenant: str) -> str:
        return str(PurePosixPath(self._inbox) / validate_tenant_key(tenant))

    def tenants(self) -> list[str]:
        """Tenant folders present in the inbox (only valid slugs; others are reported by the sensor)."""
        # object-store filesystems cache listings per process; a long-lived sensor must see new uploads
        self.fs.invalidate_cache(self._inbox)
        if not self.fs.exists(self._inbox):
            return []
        names = [PurePosixPath(p).name for p in self.fs.ls(self._inbox, detail=False)]
        return sorted(n for n in names if self.fs.isdir(str(PurePosixPath(self._inbox) / n)))

    def list_files(self, tenant: str) -> list[StoredFile]:
        """Every complete file in ``inbox/<tenant>/`` (recursively), skipping names still being written."""
        root = self.tenant_dir(tenant)
        if not self.fs.exists(root):
            return []
        found = []
        for path, info in sorted(self.fs.find(root, detail=True).items()):
            relative = PurePosixPath(path).relative_to(PurePosixPath(root))
            if any(_IN_PROGRESS.search(part) for part in relative.parts):
                continue
            folder = next((p for p in relative.parts[:-1] if PERIOD_FOLDER.match(p)), None)
            modified = info.get("mtime") or info.get("LastModified") or 0
            if hasattr(modified, "timestamp"):
                modified = modified.timestamp()
            refusal = None
            if self.is_local:
                try:
                    self._confined_inbox(tenant, path)
                except PathEscapeError as exc:
                    refusal = str(exc)
            found.append(
                StoredFile(
                    tenant=tenant,
                    path=path,
                    relative_path=str(relative),
                    size_bytes=int(info.get("size") or 0),
                    modified=float(modified),
                    period_folder=folder,
                    refusal=refusal,
                )
            )
        return found

    def _confined_inbox(self, tenant: str, path: str) -> Path:
        """The real path of ``path``, which must stay inside ``inbox/<tenant>/`` (links followed)."""
        tenant_dir = PurePosixPath(self.tenant_dir(tenant))
        if not PurePosixPath(path).is_relative_to(tenant_dir):
            raise PathEscapeError(f"{path}: not in the inbox of tenant {tenant!r} ({tenant_dir})")
        relative = PurePosixPath(path).relative_to(tenant_dir)
        scope = ConfinedRoot(self._inbox, what="inbox").scope(
            tenant, what=f"inbox of tenant {tenant!r}"
        )
        return scope.path(*relative.parts)

    def _quarantine_path(self, tenant: str, name: str) -> str:
        """``quarantine/<tenant>/<name>``; on a local store refused when a link there leads out."""
        if self.is_local:
            ConfinedRoot(self._quarantine, what="quarantine").scope(
                validate_tenant_key(tenant), what=f"quarantine of tenant {tenant!r}"
            ).path(name)
        return str(PurePosixPath(self._quarantine) / validate_tenant_key(tenant) / name)

    # -- reading -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def local_file(self, path: str, tenant: str | None = None) -> Iterator[Path]:
        """A local path to read ``path`` from: the file itself, or a temporary download.

        On a local store the real path must lie inside ``inbox/<tenant>/`` (the tenant the
        path names when ``tenant`` is not given): a link out raises :class:`PathEscapeError`.
        """
        if self.is_local:
            if tenant is None:
                inbox = PurePosixPath(self._inbox)
                if not PurePosixPath(path).is_relative_to(inbox):
                    raise PathEscapeError(f"{path}: not a file of the inbox {inbox}")
                tenant = PurePosixPath(path).relative_to(inbox).parts[0]
            yield self._confined_inbox(tenant, path)
            return
        with tempfile.TemporaryDirectory(prefix="neurareport-") as tmp:
            local = Path(tmp) / PurePosixPath(path).name
            self.fs.get_file(path, str(local))
            yield local

    # -- writing -----------------------------------------------------------------------------
    def put(
        self, tenant: str, source: Path, *, period: str | None = None, name: str | None = None
    ) -> str:
        """Copy a local file into ``inbox/<tenant>/[period/]`` atomically; return its store path.

        The bytes go to a hidden ``.name.part`` first and are renamed when complete, so
        the inbox sensor never picks up half a file. An existing file of the same name
        with different content is kept: the new one gets a numbered name.
        """
        if period is not None and not PERIOD_FOLDER.match(period):
            raise StoreError(f"{source}: period {period!r} is not YYYY-MM")
        folder = PurePosixPath(self.tenant_dir(tenant))
        if period:
            folder = folder / period
        target_name = _safe_file_name(name or Path(source).name)
        target = folder / target_name
        self.fs.makedirs(str(folder), exist_ok=True)
        counter = 1
        while self.fs.exists(str(target)):
            if self._same_content(str(target), Path(source)):
                return str(target)
            counter += 1
            target = folder / f"{Path(target_name).stem}-{counter}{Path(target_name).suffix}"
        partial = folder / f".{target.name}.part"
        self.fs.put_file(str(source), str(partial))
        self.fs.mv(str(partial), str(target))
        return str(target)

    def _same_content(self, store_path: str, local: Path) -> bool:
        if self.fs.size(store_path) != local.stat().st_size:
            return False
        with self.local_file(store_path) as existing:
            return sha256_file(existing) == sha256_file(local)

    def quarantine(self, tenant: str, path: str, reason: str) -> str:
        """Move ``path`` to ``quarantine/<tenant>/`` with ``<name>.reason.txt``; return the new path.

        Nothing is deleted: an existing quarantined file of the same name is kept and the
        new one gets a numbered name.
        """
        folder = PurePosixPath(self._quarantine_path(tenant, "."))
        self.fs.makedirs(str(folder), exist_ok=True)
        name = PurePosixPath(path).name
        target = PurePosixPath(self._quarantine_path(tenant, name))
        counter = 1
        while self.fs.exists(str(target)):
            counter += 1
            stem, suffix = PurePosixPath(name).stem, PurePosixPath(name).suffix
            target = PurePosixPath(self._quarantine_path(tenant, f"{stem}-{counter}{suffix}"))
        reason_path = self._quarantine_path(tenant, f"{target.name}.reason.txt")
        self.fs.pipe_file(reason_path, (reason.strip() + "\n").encode("utf-8"))
        self.fs.mv(path, str(target))
        return str(target)

    def quarantine_upload(
        self, tenant: str, source: Path, reason: str, *, name: str | None = None
    ) -> str:
        """Place a local file straight into ``quarantine/<tenant>/`` with its reason (an upload
        refused on arrival never enters the inbox); return the stored path."""
        target_name = _safe_file_name(name or Path(source).name)
        folder = PurePosixPath(self._quarantine_path(tenant, "."))
        self.fs.makedirs(str(folder), exist_ok=True)
        target = PurePosixPath(self._quarantine_path(tenant, target_name))
        counter = 1
        while self.fs.exists(str(target)):
            counter += 1
            stem, suffix = PurePosixPath(target_name).stem, PurePosixPath(target_name).suffix
            target = PurePosixPath(self._quarantine_path(tenant, f"{stem}-{counter}{suffix}"))
        reason_path = self._quarantine_path(tenant, f"{target.name}.reason.txt")
        self.fs.pipe_file(reason_path, (reason.strip() + "\n").encode("utf-8"))
        partial = folder / f".{target.name}.part"
        self.fs.put_file(str(source), str(partial))
        self.fs.mv(str(partial), str(target))
        return str(target)

    def quarantined(self, tenant: str) -> list[tuple[str, str]]:
        """(file path, reason) pairs in a tenant's quarantine."""
        folder = PurePosixPath(self._quarantine) / validate_tenant_key(tenant)
        if not self.fs.exists(str(folder)):
            return []
        result = []
        for path in sorted(self.fs.find(str(folder))):
            # a reason file, or a file still being written (quarantine_upload's .part name)
            if path.endswith(".reason.txt") or _IN_PROGRESS.search(PurePosixPath(path).name):
                continue
            reason_path = path + ".reason.txt"
            reason = (
                self.fs.cat_file(reason_path).decode("utf-8").strip()
                if self.fs.exists(reason_path)
                else ""
            )
            result.append((path, reason))
        return result


def _safe_file_name(name: str) -> str:
    """Keep a file's own name but nothing that could climb out of its folder."""
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", PurePosixPath(name.replace("\\", "/")).name).strip(
        " ."
    )
    if not cleaned:
        raise StoreError(f"{name!r}: not a usable file name; rename the file and upload it again")
    return cleaned
