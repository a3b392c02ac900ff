"""One report's files (the formats of the renderer registry) written together: all or none."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from neurareport_resources.atomic import atomic_directory
from neurareport_resources.rendering.errors import RenderError, RenderLimitError
from neurareport_resources.rendering.formats import (
    DEFAULT_FORMATS,
    FormatError,
    NotApplicable,
    RenderJob,
    check_formats,
    renderer,
)
from neurareport_resources.rendering.workbook import WorkbookData

_BASENAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


@dataclass(frozen=True)
class RenderLimits:
    """Limits one report is rendered under (template, PDF layout, workbook, CSV together)."""

    timeout_seconds: float = 120
    memory_mb: int = 2048


@dataclass(frozen=True)
class RenderedFile:
    """One output file of a report."""

    kind: str  # a format name of the renderer registry: pdf, html, xlsx, csv, docx, ofx, ...
    path: Path
    sha256: str
    size_bytes: int
    pages: int | None = None
    rows: int | None = None

    @property
    def media_type(self) -> str:
        """The format's media type (``application/pdf``, ...)."""
        return renderer(self.kind).media_type


@dataclass(frozen=True)
class ReportBundle:
    """The files of one rendered report and what the renderer refused to fetch."""

    folder: Path
    files: list[RenderedFile]
    blocked_resources: list[str] = field(default_factory=list)
    # formats that do not apply to this report (e.g. a bank import of several accounts): why
    skipped: dict[str, str] = field(default_factory=dict)

    def file(self, kind: str) -> RenderedFile | None:
        """The file of format ``kind`` (pdf, html, xlsx, csv, ...) if it was rendered."""
        return next((f for f in self.files if f.kind == kind), None)

    @property
    def pages(self) -> int:
        """Pages of the PDF (0 when no PDF was rendered)."""
        pdf = self.file("pdf")
        return (pdf.pages or 0) if pdf else 0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_report_bundle(
    folder: Path,
    *,
    basename: str,
    template_dir: Path,
    context: dict[str, Any],
    workbook: WorkbookData | None = None,
    ledger_rows: Iterable[dict[str, Any]] | None = None,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    limits: RenderLimits | None = None,
    isolate: bool = True,
) -> ReportBundle:
    """Render a report into ``folder`` as ``<basename><suffix>``, one file per format.

    ``formats`` are names of the renderer registry (:mod:`.formats`); a format that does
    not apply to this report (a per-account bank import of a combined report) is skipped
    and listed in :attr:`ReportBundle.skipped`.

    Everything is rendered into a staging folder that replaces ``folder`` only when
    every file succeeded: a report that fails to render leaves the last good one in
    place (and raises :class:`RenderError`).

    With ``isolate`` (the default) the template is rendered in a child process under
    ``limits`` (time and memory), as PDFs are parsed: a template that loops or builds a
    huge string raises :class:`RenderLimitError` and nothing else is affected.
    """
    arguments: dict[str, Any] = {
        "folder": Path(folder),
        "basename": basename,
        "template_dir": Path(template_dir),
        "context": context,
        "workbook": workbook,
        "ledger_rows": ledger_rows,
        "formats": formats,
    }
    if not isolate:
        return _write_report_bundle_here(**arguments)
    return _write_report_bundle_isolated(arguments, limits or RenderLimits())


# what the isolated render worker imports while idle (WeasyPrint included)
RENDER_PRELOAD = "neurareport_resources.rendering.standalone"


def _write_report_bundle_isolated(arguments: dict[str, Any], limits: RenderLimits) -> ReportBundle:
    from neurareport_resources.isolation import IsolatedCallFailed, ProcessLimits, call_isolated

    workbook, rows = arguments["workbook"], arguments["ledger_rows"]
    # generators cannot cross the process boundary: hand the child the rows themselves
    if workbook is not None and not isinstance(workbook.transactions, list):
        workbook = replace(workbook, transactions=list(workbook.transactions))
    if rows is not None and not isinstance(rows, list):
        rows = list(rows)
    folder = arguments["folder"]
    try:
        bundle: ReportBundle = call_isolated(
            "neurareport_resources.rendering.bundle:_write_report_bundle_here",
            {**arguments, "workbook": workbook, "ledger_rows": rows},
            limits=ProcessLimits(limits.timeout_seconds, limits.memory_mb),
            preload=RENDER_PRELOAD,
        )
    except RenderError:
        raise
    except IsolatedCallFailed as failed:
        what = {
            "timeout": f"took longer than the {limits.timeout_seconds:g}s render time limit",
            "memory": f"needed more than the {limits.memory_mb} MB render memory limit",
        }.get(failed.kind, f"stopped the renderer ({failed.detail})")
        raise RenderLimitError(
            f"{arguments['template_dir']}: the report for {folder.name} {what}; look for a "
            "loop or a huge value in the template (the last good report is kept)"
        ) from None
    except Exception as exc:
        raise RenderError(f"{folder}: report not rendered ({type(exc).__name__}: {exc})") from None
    return bundle


def _write_report_bundle_here(
    folder: Path,
    *,
    basename: str,
    template_dir: Path,
    context: dict[str, Any],
    workbook: WorkbookData | None,
    ledger_rows: Iterable[dict[str, Any]] | None,
    formats: tuple[str, ...],
) -> ReportBundle:
    """:func:`write_report_bundle`'s body, in whichever process runs it."""
    if not _BASENAME.fullmatch(basename):
        raise RenderError(f"report name {basename!r}: use letters, digits, '.', '_' or '-'")
    try:
        formats = check_formats(tuple(formats))
    except FormatError as exc:
        raise RenderError(str(exc)) from None
    folder = Path(folder)
    template_dir = Path(template_dir)
    job = RenderJob(
        basename=basename,
        template_dir=template_dir,
        context=context,
        workbook=workbook,
        ledger_rows=None if ledger_rows is None else list(ledger_rows),
    )
    made: list[tuple[str, str, int | None, int | None]] = []
    skipped: dict[str, str] = {}
    try:
        with atomic_directory(folder) as staging:
            for name in formats:
                fmt = renderer(name)
                try:
                    output = fmt.render(job, staging / fmt.file_name(basename))
                except NotApplicable as why:
                    skipped[name] = str(why)
                    continue
                made.append((name, fmt.file_name(basename), output.pages, output.rows))
    except (RenderError, MemoryError):
        raise
    except Exception as exc:
        raise RenderError(
            f"{template_dir}: report {basename} not rendered ({type(exc).__name__}: {exc}); "
            "fix the template or the contract (the last good report is kept)"
        ) from exc
    files = []
    for kind, name, pages, count in made:
        path = folder / name
        files.append(RenderedFile(kind, path, _sha256(path), path.stat().st_size, pages, count))
    # the PDF and the HTML refuse the same references: each is reported once
    return ReportBundle(
        folder=folder,
        files=files,
        blocked_resources=list(dict.fromkeys(job.blocked)),
        skipped=skipped,
    )
