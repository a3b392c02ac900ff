"""HTML: the report as one standalone page (stylesheet and images inlined); the web copy."""

from __future__ import annotations

from pathlib import Path

from neurareport_resources.atomic import atomic_write_text
from neurareport_resources.rendering.formats.base import Renderer, RenderJob, RenderOutput


def render(job: RenderJob, path: Path) -> RenderOutput:
    # imported here: it brings WeasyPrint's URL fetcher, which a run worker never needs
    from neurareport_resources.rendering.standalone import standalone_html

    atomic_write_text(path, standalone_html(job.html(), job.template_dir, job.blocked))
    return RenderOutput()


RENDERER = Renderer(
    name="html",
    extension="html",
    media_type="text/html",
    render=render,
    description="the report as one standalone web page (the web copy of the PDF; not sent)",
    delivered=False,
)
