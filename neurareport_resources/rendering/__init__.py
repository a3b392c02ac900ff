"""Renderers: one module per output format under ``formats/``, listed by the registry there.

No Dagster import: ``neurareport_resources.resources`` wraps these for the assets.

WeasyPrint (about a second of CPU to import) is loaded only when a PDF or standalone-HTML
name is first used: a process that only hands reports to the isolated renderer (a run
worker, the code server) never imports it. The isolated renderer preloads it
(``bundle.RENDER_PRELOAD``).
"""

from neurareport_resources.lazy_names import lazy_getattr
from neurareport_resources.rendering.bundle import (
    RenderedFile,
    RenderLimits,
    ReportBundle,
    write_report_bundle,
)
from neurareport_resources.rendering.context import (
    balance_chart,
    build_report_context,
    category_chart,
    ledger_contract_inputs,
    normalise_exceptions,
)
from neurareport_resources.rendering.csv_export import neutralise, write_ledger_csv
from neurareport_resources.rendering.errors import RenderError, RenderLimitError
from neurareport_resources.rendering.exception_text import (
    Explanation,
    explain_check,
    explain_page_flags,
)
from neurareport_resources.rendering.formats import (
    DEFAULT_FORMATS,
    RENDERERS,
    FormatError,
    Renderer,
    check_formats,
    delivered_formats,
    kinds_for,
    renderer,
    template_formats,
)
from neurareport_resources.rendering.html import REPORT_FILTERS, render_html
from neurareport_resources.rendering.workbook import (
    SHEET_NAMES,
    WorkbookData,
    WorkbookManifest,
    write_workbook,
)

_LAZY = {
    "BlockedResourceError": "neurareport_resources.rendering.pdf",
    "TemplateFolderFetcher": "neurareport_resources.rendering.pdf",
    "page_count": "neurareport_resources.rendering.pdf",
    "render_pdf": "neurareport_resources.rendering.pdf",
    "standalone_html": "neurareport_resources.rendering.standalone",
}


__getattr__ = lazy_getattr(__name__, _LAZY)


__all__ = [
    "DEFAULT_FORMATS",
    "RENDERERS",
    "REPORT_FILTERS",
    "SHEET_NAMES",
    "BlockedResourceError",
    "Explanation",
    "FormatError",
    "RenderError",
    "RenderLimitError",
    "RenderLimits",
    "RenderedFile",
    "Renderer",
    "ReportBundle",
    "TemplateFolderFetcher",
    "WorkbookData",
    "WorkbookManifest",
    "balance_chart",
    "build_report_context",
    "category_chart",
    "check_formats",
    "delivered_formats",
    "explain_check",
    "explain_page_flags",
    "kinds_for",
    "ledger_contract_inputs",
    "neutralise",
    "normalise_exceptions",
    "page_count",
    "render_html",
    "render_pdf",
    "renderer",
    "standalone_html",
    "template_formats",
    "write_ledger_csv",
    "write_report_bundle",
    "write_workbook",
]
