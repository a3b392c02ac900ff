"""XLSX: the analyst workbook (summary, categories, transactions, exceptions) by xlsxwriter."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.rendering.errors import RenderError
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput
from neurareport_resources.rendering.workbook import write_workbook


def render(job: RenderJob, path: Path) -> RenderOutput:
    if job.workbook is None:
        raise RenderError(f"{job.basename}: xlsx requested but no workbook data given")
    manifest = write_workbook(path, job.workbook)
    return RenderOutput(rows=manifest.sheets.get("Transactions"))


RENDERER = Renderer(
    name="xlsx",
    extension="xlsx",
    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    render=render,
    description="the analyst workbook (xlsxwriter); cells are text, never formulas",
    kind="excel",
)
