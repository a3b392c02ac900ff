"""HTML rendering: the shared sandboxed Jinja2 environment plus locale-aware filters."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import TemplateError as JinjaTemplateError
from jinja2 import pass_context
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from neurareport_resources.rendering.errors import RenderError
from neurareport_resources.rendering.formatting import (
    fixed_width,
    format_amount,
    format_day,
    format_ratio,
    hanging,
    locale_for,
)
from neurareport_resources.templating.sandbox import make_environment
from neurareport_resources.templating.spec import find_main_file


def _locale(context: Context):
    report = context.get("report")
    requested = report.get("locale") if isinstance(report, dict) else None
    return locale_for(context.get("currency"), requested)


@pass_context
def _money(context: Context, value: Any, currency: str | None = None) -> str:
    """``{{ x | money }}`` a locale number; ``{{ x | money(currency) }}`` with the symbol."""
    return format_amount(value, _locale(context), currency)


@pass_context
def _date(context: Context, value: Any, fmt: str | None = None) -> str:
    """``{{ d | date }}`` in the locale's style, ``{{ d | date('%Y-%m') }}`` explicit."""
    return format_day(value, _locale(context), fmt)


def _percent(value: Any, places: int = 1) -> str:
    return format_ratio(value, places)


REPORT_FILTERS: dict[str, Callable[..., Any]] = {
    "money": _money,
    "date": _date,
    "percent": _percent,
    "fixed": fixed_width,
    "hang": hanging,
}


# one environment per template folder and process: Jinja keeps the compiled templates in it
# (checking each file's mtime and size before use, so an edit is compiled again), where a
# new environment per report compiled the template every time (~0.1 CPU-s a report)
@functools.lru_cache(maxsize=32)
def _environment(template_dir: Path) -> SandboxedEnvironment:
    return make_environment(template_dir, filters=REPORT_FILTERS)


def render_html(template_dir: Path, context: dict[str, Any]) -> str:
    """Render the main HTML file of ``template_dir`` with ``context``.

    Uses :func:`neurareport_resources.templating.sandbox.make_environment` (sandboxed,
    autoescaping, loader confined to the folder, undefined names raise) with the
    locale-aware ``money``, ``date`` and ``percent`` filters. Raises :class:`RenderError`
    naming the template file and line when it does not render.
    """
    template_dir = Path(template_dir)
    try:
        main = find_main_file(template_dir)
    except Exception as exc:
        raise RenderError(f"{template_dir}: no report template found ({exc})") from exc
    env = _environment(template_dir.resolve())
    try:
        template = env.get_template(main.relative_to(template_dir).as_posix())
        return template.render(**context)
    except JinjaTemplateError as exc:
        line = getattr(exc, "lineno", None)
        where = f"{main}:{line}" if line else str(main)
        raise RenderError(
            f"{where}: template failed to render: {exc}; fix the template or the contract"
        ) from exc
