"""Proposal cache: an unchanged template and schema never reach the mapper (or LLM) again."""

from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import ValidationError

from neurareport_resources.atomic import atomic_write_text
from neurareport_resources.contracts.model import Contract


def cache_key(template_hash: str, schema_hash: str, mapper_name: str, prompt_version: str) -> str:
    """sha256 of (template hash, schema hash, mapper, prompt version)."""
    raw = "\x1f".join((template_hash, schema_hash, mapper_name, prompt_version))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class ContractCache:
    """One JSON file per key under ``directory``; a corrupt entry is treated as a miss."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Contract | None:
        """The cached proposal for ``key``, or None."""
        path = self._path(key)
        if not path.exists():
            return None
        try:
            return Contract.model_validate_json(path.read_text(encoding="utf-8"))
        except (ValidationError, OSError, UnicodeDecodeError):
            return None

    def put(self, key: str, contract: Contract) -> Path:
        """Store ``contract`` under ``key`` atomically."""
        return atomic_write_text(self._path(key), contract.model_dump_json(indent=2))
