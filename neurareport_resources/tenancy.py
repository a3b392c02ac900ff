"""Tenant keys: the one validation every path, partition and query goes through."""

from __future__ import annotations

import re

TENANT_KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class TenantKeyError(ValueError):
    """A tenant key that is not a slug; refused before it reaches a path, partition or SQL."""


def validate_tenant_key(tenant: str) -> str:
    """Return ``tenant`` unchanged if it is a slug, else raise :class:`TenantKeyError`.

    A slug is lower-case letters, digits, ``_`` and ``-``, starting with a letter or
    digit, at most 63 characters. Anything else (``../x``, ``ACME``, ``a b``,
    ``acme|2024``) could escape a folder, collide with the partition separator or
    reach SQL, so it is refused here.
    """
    if not isinstance(tenant, str) or not TENANT_KEY_PATTERN.fullmatch(tenant):
        raise TenantKeyError(
            f"invalid tenant key {tenant!r}: use lower-case letters, digits, '-' or '_' "
            "(start with a letter or digit, at most 63 characters), e.g. 'acme-ltd'"
        )
    return tenant


def is_valid_tenant_key(tenant: str) -> bool:
    """True when ``tenant`` passes :func:`validate_tenant_key`."""
    return isinstance(tenant, str) and TENANT_KEY_PATTERN.fullmatch(tenant) is not None
