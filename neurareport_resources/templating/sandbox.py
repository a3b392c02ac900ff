"""The one sandboxed, autoescaping Jinja2 environment every user template renders in.

User templates are untrusted: the sandbox blocks attribute tricks (``__class__``…),
autoescaping keeps data from injecting HTML, and the loader only sees the template's
own folder — symbolic links included (:class:`ConfinedFileSystemLoader`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    Environment,
    StrictUndefined,
    TemplateNotFound,
    Undefined,
    select_autoescape,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from neurareport_resources.ledger import to_money
from neurareport_resources.paths import ConfinedRoot, PathEscapeError


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


class ConfinedFileSystemLoader(BaseLoader):
    """Jinja's file loader for one folder, with every name resolved inside it.

    ``{% include %}``, ``{% import %}`` and ``{% extends %}`` names are resolved with
    symbolic links followed *before* anything is opened; a name that leads outside the
    folder raises :class:`jinja2.exceptions.SecurityError` (a link in a template checkout
    must not pull ``/etc/passwd`` or another tenant's file into a report).
    """

    def __init__(self, folder: Path, encoding: str = "utf-8") -> None:
        self.root = ConfinedRoot(folder, what="template folder")
        self.encoding = encoding

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        try:
            path = self.root.path(*split_template_path(template))
        except PathEscapeError as exc:
            raise SecurityError(f"template {template!r}: {exc}") from None
        if not path.is_file():
            raise TemplateNotFound(template, f"{template!r} is not in {self.root.root}")
        contents = path.read_text(encoding=self.encoding)
        stamp = _stamp(path)

        def uptodate() -> bool:
            # a cached environment keeps the compiled template while this holds: size as
            # well as mtime, so a same-second rewrite of another length is seen too
            try:
                return _stamp(path) == stamp
            except OSError:
                return False

        return contents, str(path), uptodate

    def list_templates(self) -> list[str]:
        return sorted(
            path.relative_to(self.root.root).as_posix()
            for path in self.root.root.rglob("*")
            if path.is_file() and self.root.contains(path)
        )


def format_money(value: Any, currency: str | None = None) -> str:
    """Format money as ``1,234.50`` (sign kept), ``1,234.50 EUR`` with a currency; ``""`` for None."""
    if value is None or value == "":
        return ""
    try:
        amount = to_money(value if isinstance(value, Decimal) else str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    text = f"{amount:,}"
    return f"{text} {currency}" if currency else text


def format_date(value: Any, fmt: str = "%Y-%m-%d") -> str:
    """Format a date/datetime (or ISO string) with ``fmt``; empty for ``None``."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return value.strftime(fmt)
    return str(value)


def format_percent(value: Any, places: int = 1) -> str:
    """Format a ratio (0.125) as ``12.5%``; empty for ``None``."""
    if value is None or value == "":
        return ""
    try:
        ratio = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    return f"{(ratio * 100).quantize(Decimal(1).scaleb(-places))}%"


DEFAULT_FILTERS: dict[str, Callable[..., str]] = {
    "money": format_money,
    "date": format_date,
    "percent": format_percent,
}


def make_environment(
    template_dir: Path,
    *,
    filters: dict[str, Callable[..., Any]] | None = None,
    strict: bool = True,
) -> SandboxedEnvironment:
    """Return a sandboxed, autoescaping environment whose loader sees only ``template_dir``.

    ``money``, ``date`` and ``percent`` filters are installed; ``filters`` adds or replaces
    some. With ``strict`` an undefined variable raises instead of rendering as empty, so
    a contract that misses a token fails loudly.
    """
    env = SandboxedEnvironment(
        loader=ConfinedFileSystemLoader(Path(template_dir)),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2", "jinja", "jinja2"),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined if strict else Undefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(DEFAULT_FILTERS)
    if filters:
        env.filters.update(filters)
    return env


def render_template_string_sandboxed(
    source: str,
    context: dict[str, Any],
    *,
    template_dir: Path | None = None,
    filters: dict[str, Callable[..., Any]] | None = None,
) -> str:
    """Render a template string in the sandbox (autoescaped) with ``context``."""
    env = make_environment(Path(template_dir) if template_dir else Path("."), filters=filters)
    return env.from_string(source).render(**context)
