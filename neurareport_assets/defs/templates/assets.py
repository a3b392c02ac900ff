"""Templates: each report template folder as an external asset, reported when it changes.

The template watcher fingerprints every template folder (all its files) and reports a
materialization of ``templates/<name>`` when the fingerprint differs from the last one
recorded. Declarative automation then re-maps ``report_contracts/<name>`` (and so
re-renders ``rendered_reports/<name>``) for the reporting period — that template only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

from neurareport_assets.report_templates import TEMPLATE_NAMES, template_key
from neurareport_resources.resources import TemplateLibraryResource
from neurareport_resources.templating import template_fingerprint

TEMPLATE_WATCH_INTERVAL_SECONDS = 30
FINGERPRINT = "fingerprint"


def template_spec(name: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        template_key(name),
        group_name="templates",
        kinds={"html", "jinja"},
        owners=["team:reporting"],
        description=(
            f"The report template folder `{name}` (Jinja2 HTML, CSS, validation rules, "
            "overrides); reported by the template watcher when any of its files change."
        ),
    )


@dataclass
class TemplateScan:
    """What one look at the template library found."""

    changed: dict[str, str] = field(default_factory=dict)  # name -> new fingerprint
    unchanged: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # an asset whose folder is gone
    unknown: list[str] = field(default_factory=list)  # a folder without assets (reload needed)


def scan_templates(
    folders: dict[str, Path], watched: list[str], last_recorded: dict[str, str | None]
) -> TemplateScan:
    """Compare each watched template folder's fingerprint with the last one recorded."""
    scan = TemplateScan()
    for name in watched:
        if name not in folders:
            scan.missing.append(name)
            continue
        fingerprint = template_fingerprint(folders[name])
        if fingerprint == last_recorded.get(name):
            scan.unchanged.append(name)
        else:
            scan.changed[name] = fingerprint
    scan.unknown = sorted(set(folders) - set(watched))
    return scan


def _last_fingerprint(instance: dg.DagsterInstance, name: str) -> str | None:
    event = instance.get_latest_materialization_event(template_key(name))
    materialization = event.asset_materialization if event else None
    if materialization is None or FINGERPRINT not in materialization.metadata:
        return None
    return str(materialization.metadata[FINGERPRINT].value)


def template_events(
    instance: dg.DagsterInstance, templates: TemplateLibraryResource, watched: list[str]
) -> tuple[list[dg.AssetMaterialization], TemplateScan]:
    """A materialization of ``templates/<name>`` for each watched template whose folder
    changed since the last one recorded (the instance, not a cursor, remembers)."""
    last = {name: _last_fingerprint(instance, name) for name in watched}
    folders = templates.template_dirs()
    scan = scan_templates(folders, watched, last)
    events = [
        dg.AssetMaterialization(
            asset_key=template_key(name),
            metadata={
                FINGERPRINT: fingerprint,
                "folder": dg.MetadataValue.path(str(folders[name])),
                "files": dg.MetadataValue.json(
                    sorted(
                        p.relative_to(folders[name]).as_posix()
                        for p in folders[name].rglob("*")
                        if p.is_file()
                    )
                ),
                "previous_fingerprint": last.get(name) or "none (first report)",
            },
        )
        for name, fingerprint in sorted(scan.changed.items())
    ]
    return events, scan


def build_template_watcher(watched: list[str]) -> dg.SensorDefinition:
    @dg.sensor(
        name="template_watcher",
        minimum_interval_seconds=TEMPLATE_WATCH_INTERVAL_SECONDS,
        default_status=dg.DefaultSensorStatus.RUNNING,
        description="A changed template folder -> a new materialization of templates/<name>.",
    )
    def template_watcher(
        context: dg.SensorEvaluationContext, templates: TemplateLibraryResource
    ) -> dg.SensorResult:
        events, scan = template_events(context.instance, templates, watched)
        for name in scan.missing:
            context.log.warning(
                f"template {name!r}: its folder is gone from {templates.root}; restore it or "
                "reload the code location so its assets go away"
            )
        for name in scan.unknown:
            context.log.warning(
                f"template {name!r} is new in {templates.root}: reload the code location "
                "(Deployment > Reload) to give it its contract and report assets"
            )
        changed = f" ({', '.join(sorted(scan.changed))})" if scan.changed else ""
        context.log.info(
            f"templates: {len(scan.changed)} changed{changed}, {len(scan.unchanged)} unchanged"
        )
        return dg.SensorResult(asset_events=events)

    return template_watcher


template_watcher = build_template_watcher(TEMPLATE_NAMES)


@dg.definitions
def report_templates() -> dg.Definitions:
    return dg.Definitions(
        assets=[template_spec(name) for name in TEMPLATE_NAMES], sensors=[template_watcher]
    )
