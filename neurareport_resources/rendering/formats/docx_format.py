"""DOCX: an editable Word version of the report (python-docx)."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput


def render(job: RenderJob, path: Path) -> RenderOutput:
    # python-docx and Pillow (~0.3 CPU-s) are imported where a DOCX is made, not by every
    # process that reads the registry (run workers, the code server, the render worker)
    from neurareport_resources.rendering.word import write_docx

    return write_docx(job, path)


RENDERER = Renderer(
    name="docx",
    extension="docx",
    media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    render=render,
    description="an editable Word version of the report (python-docx)",
    kind="word",
)
