"""Atomic file writes: a temp file in the same folder, fsync, then rename.

A run killed mid-write leaves the previous file in place, never half a file — and its
hidden staging file or folder behind. Staging names carry the writer's host and pid
(``.<name>.<host>.<pid>-<random>.tmp``), so the next write of the same target removes
the leftovers of writers that are gone (a dead pid on this host; anything older than
``STALE_AFTER_SECONDS`` from another host or from before names carried a pid).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

# a staging file or folder older than this is a leftover whoever wrote it
STALE_AFTER_SECONDS = 6 * 3600
_HOST = re.sub(r"[^A-Za-z0-9-]", "-", socket.gethostname()) or "host"


def _staging_prefix(target: Path) -> str:
    return f".{target.name}.{_HOST}.{os.getpid()}-"


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # this process's own writes (another thread) are in progress
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Remove the staging files/folders and retired copies a killed writer of ``target``
    left beside it; returns what was removed. Live writers' staging is never touched."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    name = re.escape(target.name)
    ours = re.compile(rf"^\.{name}\.(?P<host>[A-Za-z0-9-]+)\.(?P<pid>\d+)-[^/]*\.tmp$")
    retired = re.compile(rf"^\.{name}\.old-(?P<pid>\d+)$")
    legacy = re.compile(rf"^\.{name}\.[^.]+\.tmp$")  # from before names carried a pid
    removed = []
    now = time.time()
    for entry in target.parent.iterdir():
        match = ours.match(entry.name) or retired.match(entry.name)
        if match is None and not legacy.match(entry.name):
            continue
        try:
            age = now - entry.lstat().st_mtime
        except FileNotFoundError:
            continue
        same_host = match is not None and match.groupdict().get("host", _HOST) == _HOST
        if same_host and match is not None:
            stale = not _pid_alive(int(match.group("pid")))
        else:
            stale = age > STALE_AFTER_SECONDS
        if not stale:
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it over ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=_staging_prefix(target), suffix=".tmp", dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_open(target: Path, mode: str = "wb", **kwargs) -> Iterator[IO]:
    """Open a temporary file for writing; it replaces ``target`` only when the block succeeds."""
    with atomic_path(target) as tmp, open(tmp, mode, **kwargs) as handle:
        yield handle


def atomic_write_bytes(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically and return ``target``."""
    with atomic_open(target, "wb") as handle:
        handle.write(data)
    return Path(target)


def atomic_write_text(target: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically and return ``target``."""
    return atomic_write_bytes(target, text.encode("utf-8"))


def atomic_copy(source: Path, target: Path) -> Path:
    """Copy ``source`` to ``target`` so that readers of ``target`` never see half a file."""
    with atomic_open(target, "wb") as out, open(source, "rb") as src:
        shutil.copyfileobj(src, out, length=1024 * 1024)
    return Path(target)


@contextlib.contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh temporary folder; on success it replaces ``target`` as a whole.

    The old folder is moved aside first and removed only after the new one is in
    place, so a crash leaves either the old or the new folder, never a mix.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging = Path(
        tempfile.mkdtemp(prefix=_staging_prefix(target), suffix=".tmp", dir=target.parent)
    )
    try:
        yield staging
        retired = None
        if target.exists():
            retired = target.with_name(f".{target.name}.old-{os.getpid()}")
            os.replace(target, retired)
        os.replace(staging, target)
        if retired is not None:
            shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
