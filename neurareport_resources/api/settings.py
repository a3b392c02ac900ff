"""The upload API's configuration: its database, rate limits and size limit, and the stores
it shares with the asset graph (from ``neurareport_resources.settings``, the one place that
picks local or production resources).

| variable | local default | production |
| --- | --- | --- |
| ``NEURAREPORT_API_DATABASE_URL`` | ``sqlite:///$NEURAREPORT_HOME/api/api.sqlite`` | ``postgresql://…`` |
| ``NEURAREPORT_API_RATE_LIMIT`` | ``120/minute`` per key | same |
| ``NEURAREPORT_API_RATE_LIMIT_STORAGE`` | ``memory://`` (one process) | ``redis://host:6379/0`` |
| ``NEURAREPORT_API_MAX_REQUEST_MB`` | ``100`` | same |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neurareport_resources.api.status import Stores


@dataclass(frozen=True)
class ApiSettings:
    """Everything the API process needs; ``resources`` as built by ``build_resources()``."""

    database_url: str
    resources: dict[str, Any] = field(repr=False)
    rate_limit: str = "120/minute"
    auth_failure_limit: str = "30/minute"
    rate_limit_storage: str = "memory://"
    max_request_bytes: int = 100 * 1024 * 1024

    @classmethod
    def from_environment(cls) -> ApiSettings:
        from neurareport_resources.settings import build_resources, neurareport_home

        environment = os.environ.get("NEURAREPORT_ENV", "local")
        url = os.environ.get("NEURAREPORT_API_DATABASE_URL")
        if not url:
            if environment == "production":
                raise ValueError(
                    "NEURAREPORT_ENV=production needs NEURAREPORT_API_DATABASE_URL "
                    "(postgresql://…) for the API's keys and audit log"
                )
            url = f"sqlite:///{neurareport_home() / 'api' / 'api.sqlite'}"
        storage = os.environ.get("NEURAREPORT_API_RATE_LIMIT_STORAGE", "memory://")
        if environment == "production" and storage.startswith("memory"):
            raise ValueError(
                "NEURAREPORT_ENV=production needs NEURAREPORT_API_RATE_LIMIT_STORAGE "
                "(redis://host:6379/0): memory limits are per process"
            )
        return cls(
            database_url=url,
            resources=build_resources(),
            rate_limit=os.environ.get("NEURAREPORT_API_RATE_LIMIT", "120/minute"),
            rate_limit_storage=storage,
            max_request_bytes=int(os.environ.get("NEURAREPORT_API_MAX_REQUEST_MB", "100"))
            * 1024
            * 1024,
        )

    @classmethod
    def local(cls, home: Path, **overrides: Any) -> ApiSettings:
        """Folders under ``home`` (tests, the demo)."""
        from neurareport_resources.settings import local_resources

        return cls(
            database_url=f"sqlite:///{Path(home) / 'api' / 'api.sqlite'}",
            resources=local_resources(Path(home)),
            **overrides,
        )

    def stores(self) -> Stores:
        def ready(name: str) -> Any:
            return self.resources[name].process_config_and_initialize()

        return Stores(
            statements=ready("statement_store").get_store(),
            warehouse=ready("warehouse").get_warehouse(),
            reports=ready("report_store").get_store(),
        )


def api_database() -> Any:
    """The API database of this environment (for ``neurareport apikey``)."""
    from neurareport_resources.api.keys import ApiDatabase
    from neurareport_resources.settings import neurareport_home

    url = os.environ.get("NEURAREPORT_API_DATABASE_URL") or (
        f"sqlite:///{neurareport_home() / 'api' / 'api.sqlite'}"
    )
    return ApiDatabase(url)
