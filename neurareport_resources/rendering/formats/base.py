"""What an output format is: a name, a file extension, a media type and how it renders a report.

Each format is one module in this package declaring one :class:`Renderer`; the registry
(``formats/__init__.py``) lists them. The report bundle, the rendered-report assets (their
``kinds``), delivery and the CLI all read the registry, so a new format is one new module
plus one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neurareport_resources.rendering.errors import RenderError
from neurareport_resources.rendering.workbook import WorkbookData


class NotApplicable(RenderError):
    """This format does not apply to this report (e.g. a bank import for several accounts).

    The bundle skips the format for this report and says why; the other formats render.
    """


@dataclass
class RenderJob:
    """Everything one report is rendered from, shared by its formats.

    The HTML of the template is rendered once, on first use, and reused by the PDF and
    the HTML file. ``blocked`` collects what the renderers refused to fetch.
    """

    basename: str
    template_dir: Path
    context: dict[str, Any]
    workbook: WorkbookData | None = None
    ledger_rows: list[dict[str, Any]] | None = None
    blocked: list[str] = field(default_factory=list)
    _html: str | None = None

    def html(self) -> str:
        """The template rendered to HTML (sandboxed Jinja2), once per job."""
        if self._html is None:
            from neurareport_resources.rendering.html import render_html

            self._html = render_html(self.template_dir, self.context)
        return self._html

    def rows(self, fmt: str) -> list[dict[str, Any]]:
        """The ledger rows; a clear error when the caller gave none."""
        if self.ledger_rows is None:
            raise RenderError(f"{self.basename}: {fmt} requested but no ledger rows given")
        return self.ledger_rows

    def single_account(self, fmt: str) -> tuple[str, str]:
        """``(account_number, currency)`` of a one-account report; :class:`NotApplicable`
        for a report over several accounts or currencies (bank imports are per account)."""
        rows = self.rows(fmt)
        accounts = {(r.get("account_number") or "", r.get("currency") or "") for r in rows}
        if not rows:
            analysis = self.context.get("analysis")
            accounts = {
                (a.account_number or "", a.currency or "")
                for a in (analysis.accounts if analysis is not None else [])
            }
        if len(accounts) != 1:
            raise NotApplicable(
                f"{fmt} is a bank import for one account; this report covers "
                f"{len(accounts)} accounts (use the per-account reports)"
            )
        return accounts.pop()


@dataclass(frozen=True)
class RenderOutput:
    """What a renderer reports about the file it wrote."""

    pages: int | None = None
    rows: int | None = None


@dataclass(frozen=True)
class Renderer:
    """One output format.

    ``render(job, path)`` writes the file at ``path`` (a staging path; the bundle publishes
    all files together). ``suffix`` is what follows the report's base name (``.pdf``, or
    ``.xero.csv`` where two formats share an extension). ``kind`` is the Dagster kind tag
    shown on the assets; ``delivered`` says whether delivery sends it to the client.
    """

    name: str
    extension: str
    media_type: str
    render: Callable[[RenderJob, Path], RenderOutput]
    description: str
    kind: str = ""
    delivered: bool = True
    suffix: str = ""

    @property
    def file_suffix(self) -> str:
        return self.suffix or f".{self.extension}"

    @property
    def kind_tag(self) -> str:
        return self.kind or self.extension

    def file_name(self, basename: str) -> str:
        return basename + self.file_suffix
