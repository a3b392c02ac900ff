"""Resources for every stage, chosen for the environment in one place (``settings.build_resources``)."""

import dagster as dg

from neurareport_resources.settings import build_resources


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources=build_resources())
