"""Report templates in the asset graph: each template is its own asset at every stage it shapes.

``templates/<name>`` (an external asset the template watcher reports when the folder
changes) feeds ``report_contracts/<name>``, which feeds ``rendered_reports/<name>``. So an
edited template re-maps and re-renders that template only, and an analyst can materialize,
backfill or inspect one template without touching the others.

The set of templates is read from the template library when the code location loads; a
new template folder appears after "Reload definitions" in the UI (or a daemon restart).
"""

from __future__ import annotations

import dagster as dg

from neurareport_resources.resources import TemplateLibraryResource
from neurareport_resources.settings import template_library_root

TEMPLATES = "templates"
CONTRACTS = "report_contracts"
REPORTS = "rendered_reports"

# include_sources: the template assets are external (reported, never materialized by a run)
TEMPLATE_ASSETS = dg.AssetSelection.key_prefixes([TEMPLATES], include_sources=True)


def template_names() -> list[str]:
    """The template library's templates, in name order (read once, at load time)."""
    return list(TemplateLibraryResource(root=str(template_library_root())).template_dirs())


# read once per code-location load; every stage builds its per-template assets from this list
TEMPLATE_NAMES = template_names()


def template_key(name: str) -> dg.AssetKey:
    return dg.AssetKey([TEMPLATES, name])


def contract_key(name: str) -> dg.AssetKey:
    return dg.AssetKey([CONTRACTS, name])


def report_key(name: str) -> dg.AssetKey:
    return dg.AssetKey([REPORTS, name])


def selected_templates(context: dg.AssetExecutionContext, stage: str) -> list[str]:
    """The templates whose ``stage`` asset this run materializes (a subset when the run,
    a backfill or automation selected only some of them)."""
    return sorted(key.path[-1] for key in context.selected_asset_keys if key.path[0] == stage)
