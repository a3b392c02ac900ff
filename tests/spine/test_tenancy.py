from datetime import date

import pytest

from neurareport_resources.tenancy import TenantKeyError, is_valid_tenant_key, validate_tenant_key

BAD_KEYS = [
    "../x",
    "../acme",
    "acme|2024",
    "ACME",
    "a b",
    "",
    "-acme",
    "a/b",
    "a" * 64,
    "acme\n",
    "é",
]


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_tenant_keys_are_refused_with_a_clear_message(key):
    with pytest.raises(TenantKeyError, match="invalid tenant key"):
        validate_tenant_key(key)
    assert not is_valid_tenant_key(key)


@pytest.mark.parametrize("key", ["acme", "acme-ltd", "a", "globex_2", "0day", "a" * 63])
def test_slugs_are_accepted(key):
    assert validate_tenant_key(key) == key


@pytest.mark.parametrize("key", BAD_KEYS)
def test_bad_tenant_keys_never_reach_a_path(tmp_path, key):
    from neurareport_resources.storage import StatementStore
    from neurareport_resources.warehouse import Warehouse

    store = StatementStore(str(tmp_path / "inbox"), str(tmp_path / "quarantine"))
    warehouse = Warehouse(str(tmp_path / "wh"))
    with pytest.raises(TenantKeyError):
        store.list_files(key)
    with pytest.raises(TenantKeyError):
        warehouse.partition_path("transactions", key, date(2025, 1, 1))
    with pytest.raises(TenantKeyError):
        warehouse.connect_tenant(key)
    with pytest.raises(TenantKeyError):
        warehouse.partitions("transactions", key)
    assert not (tmp_path / "x").exists()
