"""CSV: the full ledger, one line per transaction, formula-like text neutralised."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.rendering.csv_export import write_ledger_csv
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput


def render(job: RenderJob, path: Path) -> RenderOutput:
    return RenderOutput(rows=write_ledger_csv(path, job.rows("csv")))


RENDERER = Renderer(
    name="csv",
    extension="csv",
    media_type="text/csv",
    render=render,
    description="the full ledger with provenance (every column of the transactions table)",
)
