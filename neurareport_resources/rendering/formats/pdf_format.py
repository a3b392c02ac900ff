"""PDF: the template's HTML laid out by WeasyPrint, fetching nothing outside its folder."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.atomic import atomic_write_bytes
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput


def render(job: RenderJob, path: Path) -> RenderOutput:
    # WeasyPrint is imported where a PDF is made, not wherever the registry is read
    from neurareport_resources.rendering.pdf import page_count, render_pdf

    pdf = render_pdf(
        job.html(),
        template_dir=job.template_dir,
        blocked=job.blocked,
        timestamp=(job.context.get("report") or {}).get("generated_at"),
    )
    atomic_write_bytes(path, pdf)
    return RenderOutput(pages=page_count(pdf))


RENDERER = Renderer(
    name="pdf",
    extension="pdf",
    media_type="application/pdf",
    render=render,
    description="the report laid out for print (WeasyPrint)",
)
