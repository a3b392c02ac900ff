"""Rendered reports: ``<root>/<tenant>/<YYYY-MM>/<template>/<folder>/<file>``.

Backed by fsspec like the statement store, so ``root`` is a local folder or an
``s3://bucket/prefix`` URL, chosen by configuration alone. ``<folder>`` is one report's
folder inside a template (an account, or ``combined``).

A report folder is written as a *set*, always the same way whatever the backend::

    with store.writing("acme", "2025-03", "monthly_account", "acc-1234") as report:
        write_report_bundle(report.folder, ...)  # render into a fresh, empty local folder
    report.published  # [PublishedFile(uri, name, sha256, size_bytes), ...]

When the block succeeds, the files rendered into ``report.folder`` become the folder's
new set and files of the previous set that are not in it are removed. When the block
raises, nothing is published and the previous set stays exactly as it was.

- Local root: ``report.folder`` is a hidden folder beside the target that replaces it in
  one rename (:func:`~neurareport_resources.atomic.atomic_directory`): a reader sees the
  old set or the new one, never a mix, and the renderer writes on the final disk (no copy).
- Remote root: ``report.folder`` is a temporary folder. Each file is uploaded with one
  PUT (atomic per object: no reader sees half a file) and the previous set's leftovers
  are deleted only once every new file is in place. A reader listing the folder during
  the upload may briefly see old and new files side by side; none is ever missing.

:meth:`ReportStore.publish` does the same for files that already exist elsewhere.
Re-publishing identical bytes is allowed and leaves the same set. Delivery reads a file
back through :meth:`ReportStore.local_copy`, which downloads it only when it is remote.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import fsspec

from neurareport_resources.atomic import atomic_directory, atomic_write_text
from neurareport_resources.paths import ConfinedRoot
from neurareport_resources.storage.statement_store import PERIOD_FOLDER, StoreError, sha256_file
from neurareport_resources.tenancy import validate_tenant_key

# template, report folder and file names: one path segment, never hidden, never ".."
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class ReportStoreError(StoreError):
    """A report store operation that cannot proceed; the message names the report and what to do."""


@dataclass(frozen=True)
class PublishedFile:
    """One file of a published report set."""

    uri: str  # s3://bucket/prefix/… for a remote store, an absolute path for a local one
    name: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class StoredReport:
    """One report file found in the store by :meth:`ReportStore.list_reports`."""

    uri: str
    template: str
    folder: str
    name: str
    size_bytes: int


@dataclass
class ReportSet:
    """What :meth:`ReportStore.writing` yields: where to render, and afterwards what was published."""

    folder: Path  # a fresh, empty local folder to render into
    published: list[PublishedFile] = field(default_factory=list)  # filled when the block succeeds


def _check_name(value: str, what: str) -> str:
    if not isinstance(value, str) or not _SAFE_NAME.fullmatch(value):
        raise ReportStoreError(
            f"{what} {value!r}: use letters, digits, '.', '_' or '-' (start with a letter or "
            "digit, at most 128 characters; no '/' or '..')"
        )
    return value


def _check_period(period_key: str) -> str:
    if not isinstance(period_key, str) or not PERIOD_FOLDER.fullmatch(period_key):
        raise ReportStoreError(f"report period {period_key!r}: use YYYY-MM, e.g. 2025-03")
    return period_key


class ReportStore:
    """Rendered report files under one root (``/srv/neurareport/reports`` or ``s3://bucket/reports``)."""

    def __init__(self, root: str, *, storage_options: dict | None = None) -> None:
        self.root = str(root).rstrip("/")
        self.fs, self._base = fsspec.core.url_to_fs(self.root, **(storage_options or {}))
        self._protocol = self.root.split("://", 1)[0] if "://" in self.root else "file"

    @property
    def is_local(self) -> bool:
        """True when the reports are files on this machine (``uri`` is then a plain path)."""
        return self._protocol in ("file", "local")

    # -- paths -------------------------------------------------------------------------------
    def folder_path(self, tenant: str, period_key: str, template: str, folder: str) -> str:
        """Path (inside the store's filesystem) of one report folder, every part validated."""
        return str(
            PurePosixPath(self._base)
            / validate_tenant_key(tenant)
            / _check_period(period_key)
            / _check_name(template, "report template")
            / _check_name(folder, "report folder")
        )

    def _tenant_scope(self, tenant: str) -> ConfinedRoot:
        return ConfinedRoot(self._base, what="report store").scope(
            validate_tenant_key(tenant), what=f"reports of tenant {tenant!r}"
        )

    def _confined(self, tenant: str, *parts: str) -> Path:
        """A local report path with links followed, refused unless inside ``<root>/<tenant>/``."""
        return self._tenant_scope(tenant).path(*parts)

    def _uri(self, path: str) -> str:
        return path if self.is_local else f"{self._protocol}://{path}"

    def _path_of(self, uri: str) -> str:
        """The filesystem path of a URI this store handed out; anything outside the root is refused."""
        if not self.is_local and not uri.startswith(f"{self._protocol}://"):
            raise ReportStoreError(f"{uri}: not a {self._protocol}:// report URI of {self.root}")
        path = self.fs._strip_protocol(uri)
        relative = PurePosixPath(path)
        if ".." in relative.parts or not relative.is_relative_to(PurePosixPath(self._base)):
            raise ReportStoreError(f"{uri}: not a report file under {self.root}")
        if self.is_local:
            parts = relative.relative_to(PurePosixPath(self._base)).parts
            if not parts:
                raise ReportStoreError(f"{uri}: not a report file under {self.root}")
            return str(self._confined(parts[0], *parts[1:]))
        return str(relative)

    # -- writing -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def writing(
        self, tenant: str, period_key: str, template: str, folder: str
    ) -> Iterator[ReportSet]:
        """Render into ``ReportSet.folder``; on success the files there replace the report folder.

        See the module docstring: the previous set stays intact when the block raises,
        and ``ReportSet.published`` lists the new files once the block has succeeded.
        """
        target = self.folder_path(tenant, period_key, template, folder)
        if self.is_local:
            # a link anywhere below <root>/<tenant>/ must not lead the new set elsewhere
            target = str(self._confined(tenant, period_key, template, folder))
            with atomic_directory(Path(target)) as staging:
                report = ReportSet(folder=staging)
                yield report
                # described from the staging copy (the same bytes); a bad set raises before the swap
                published = [
                    self._describe(source, str(PurePosixPath(target) / source.name))
                    for source in _rendered_files(staging, target)
                ]
            report.published = published
            return
        with tempfile.TemporaryDirectory(prefix="neurareport-report-") as tmp:
            # a named subfolder, so a renderer staging beside it stays inside the temp dir
            staging = Path(tmp) / folder
            staging.mkdir()
            report = ReportSet(folder=staging)
            yield report
            report.published = self._upload(target, _rendered_files(staging, target))

    def publish(
        self, tenant: str, period_key: str, template: str, folder: str, files: Sequence[Path]
    ) -> list[PublishedFile]:
        """Make ``files`` (local paths, flat names) the report folder's set; return them by name."""
        target = self.folder_path(tenant, period_key, template, folder)
        sources = _checked_sources([Path(f) for f in files], target)
        if not self.is_local:
            return self._upload(target, sources)
        with self.writing(tenant, period_key, template, folder) as report:
            for source in sources:
                shutil.copyfile(source, report.folder / source.name)
        return report.published

    def _describe(self, source: Path, path: str) -> PublishedFile:
        return PublishedFile(
            uri=self._uri(path),
            name=source.name,
            sha256=sha256_file(source),
            size_bytes=source.stat().st_size,
        )

    def _upload(self, target: str, sources: list[Path]) -> list[PublishedFile]:
        published = []
        for source in sources:
            path = str(PurePosixPath(target) / source.name)
            self.fs.put_file(str(source), path)
            published.append(self._describe(source, path))
        # only now, with every new file in place, do the previous set's leftovers go
        keep = {source.name for source in sources}
        self.fs.invalidate_cache(target)
        for path in self.fs.ls(target, detail=False):
            if PurePosixPath(path).name not in keep:
                self.fs.rm(path, recursive=True)
        return published

    # -- reading -----------------------------------------------------------------------------
    def write_tenant_page(self, tenant: str, name: str, text: str) -> str:
        """Write one page beside a tenant's reports (``<root>/<tenant>/<name>``, such as the
        close board) atomically; returns its URI. It is not a report: ``list_reports`` and
        delivery never see it."""
        name = _check_name(name, "page name")
        if self.is_local:
            local = self._confined(tenant, name)
            atomic_write_text(local, text)
            return str(local)
        remote = str(PurePosixPath(self._base) / validate_tenant_key(tenant) / name)
        self.fs.pipe_file(remote, text.encode("utf-8"))
        return self._uri(remote)

    def list_reports(self, tenant: str, period_key: str) -> list[StoredReport]:
        """Every published report file of a tenant's month, sorted by template, folder, name.

        Hidden names (a local set being swapped in) and files outside the
        ``<template>/<folder>/<file>`` layout are not reports and are left out.
        """
        base = PurePosixPath(self._base) / validate_tenant_key(tenant) / _check_period(period_key)
        # object-store listings are cached per process; a long-lived server must see new sets
        self.fs.invalidate_cache(str(base))
        if not self.fs.exists(str(base)):
            return []
        found = []
        for path, info in sorted(self.fs.find(str(base), detail=True).items()):
            parts = PurePosixPath(path).relative_to(base).parts
            if len(parts) != 3 or not all(_SAFE_NAME.fullmatch(part) for part in parts):
                continue
            if self.is_local and not self._tenant_scope(tenant).contains(path):
                continue  # a link out of the tenant's month is not one of its reports
            template, folder, name = parts
            found.append(
                StoredReport(
                    uri=self._uri(path),
                    template=template,
                    folder=folder,
                    name=name,
                    size_bytes=int(info.get("size") or 0),
                )
            )
        return found

    @contextlib.contextmanager
    def local_copy(self, uri: str) -> Iterator[Path]:
        """A local path to read a published file from: the file itself, or a temporary download."""
        path = self._path_of(uri)
        if self.is_local:
            if not Path(path).is_file():
                raise ReportStoreError(f"{uri}: no such report file; materialize rendered_reports")
            yield Path(path)
            return
        with tempfile.TemporaryDirectory(prefix="neurareport-report-") as tmp:
            local = Path(tmp) / PurePosixPath(path).name
            try:
                self.fs.get_file(path, str(local))
            except FileNotFoundError:
                raise ReportStoreError(
                    f"{uri}: no such report file; materialize rendered_reports"
                ) from None
            yield local


def _rendered_files(staging: Path, target: str) -> list[Path]:
    return _checked_sources(sorted(staging.iterdir()), target)


def _checked_sources(sources: list[Path], target: str) -> list[Path]:
    """Flat, uniquely and safely named regular files (at least one), sorted by name; else a refusal."""
    if not sources:
        raise ReportStoreError(f"{target}: no files to publish; the previous report is kept")
    seen: set[str] = set()
    for source in sources:
        if not source.is_file():
            raise ReportStoreError(
                f"{target}: {source} is not a file; a report folder holds files only "
                "(the previous report is kept)"
            )
        _check_name(source.name, f"{target}: report file")
        if source.name in seen:
            raise ReportStoreError(f"{target}: two files named {source.name!r}; names must differ")
        seen.add(source.name)
    return sorted(sources, key=lambda source: source.name)
