"""The renderer registry: every output format, by name.

A format is one module of this package declaring ``RENDERER`` (name, extension, media
type, ``render(job, path)``); to add one, write the module and add it to ``_MODULES``.
The bundle renders what a template asks for, the assets take their ``kinds`` from it,
delivery sends the formats marked ``delivered`` and ``neurareport formats`` lists them.

A template chooses its formats in ``templates/<name>/template.yaml``::

    formats: [pdf, xlsx, docx, xero_csv]

and renders :data:`DEFAULT_FORMATS` when it says nothing.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import yaml

from neurareport_resources.rendering.formats.base import (
    NotApplicable,
    Renderer,
    RenderJob,
    RenderOutput,
)

_MODULES = (
    "pdf_format",
    "html_format",
    "xlsx_format",
    "csv_format",
    "xero_csv",
    "qbo_csv",
    "qbo4_csv",
    "ofx_format",
    "docx_format",
)

RENDERERS: dict[str, Renderer] = {}
for _module in _MODULES:
    _renderer: Renderer = importlib.import_module(f"{__name__}.{_module}").RENDERER
    RENDERERS[_renderer.name] = _renderer

# what a template renders when its template.yaml names no formats (the formats of old)
DEFAULT_FORMATS: tuple[str, ...] = ("pdf", "html", "xlsx", "csv")
TEMPLATE_SETTINGS_FILE = "template.yaml"


class FormatError(ValueError):
    """A format name or a template's format list that cannot be used."""


def renderer(name: str) -> Renderer:
    """The renderer of format ``name``; a clear error listing the known ones."""
    try:
        return RENDERERS[name]
    except KeyError:
        raise FormatError(
            f"unknown report format {name!r}; known formats: {', '.join(RENDERERS)}"
        ) from None


def check_formats(formats: tuple[str, ...] | list[str], where: str = "formats") -> tuple[str, ...]:
    """``formats`` validated (known names, no repeats), in the order given."""
    unknown = [f for f in formats if f not in RENDERERS]
    if unknown:
        raise FormatError(
            f"{where}: unknown report formats {unknown}; use some of {', '.join(RENDERERS)}"
        )
    if len(set(formats)) != len(formats):
        raise FormatError(f"{where}: a format is listed twice in {list(formats)}")
    if not formats:
        raise FormatError(f"{where}: the format list is empty; name at least one format")
    return tuple(formats)


def template_formats(template_dir: Path) -> tuple[str, ...]:
    """The formats ``template_dir`` renders: ``formats`` of its ``template.yaml``, or the
    defaults when the file or the key is absent."""
    path = Path(template_dir) / TEMPLATE_SETTINGS_FILE
    if not path.is_file():
        return DEFAULT_FORMATS
    try:
        settings = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise FormatError(f"{path}: not valid YAML ({exc}); fix the file") from None
    if not isinstance(settings, dict):
        raise FormatError(f"{path}: expected a mapping such as 'formats: [pdf, xlsx]'")
    formats = settings.get("formats")
    if formats is None:
        return DEFAULT_FORMATS
    if not isinstance(formats, list) or not all(isinstance(f, str) for f in formats):
        raise FormatError(f"{path}: 'formats' must be a list of names such as [pdf, xlsx]")
    return check_formats(formats, str(path))


def delivered_formats() -> frozenset[str]:
    """The formats delivery sends to clients (the HTML web copy is not sent)."""
    return frozenset(name for name, r in RENDERERS.items() if r.delivered)


def kinds_for(formats: tuple[str, ...] | list[str]) -> set[str]:
    """Dagster ``kinds`` tags of the assets that render ``formats``."""
    return {renderer(f).kind_tag for f in formats}


__all__ = [
    "DEFAULT_FORMATS",
    "RENDERERS",
    "TEMPLATE_SETTINGS_FILE",
    "FormatError",
    "NotApplicable",
    "RenderJob",
    "RenderOutput",
    "Renderer",
    "check_formats",
    "delivered_formats",
    "kinds_for",
    "renderer",
    "template_formats",
]
