"""Helpers for tests that use the machine's PostgreSQL and Redis (marked ``services``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_INSTANCE_YAML = PROJECT_ROOT / "dagster.production.yaml"
PG_HOST = os.environ.get("NEURAREPORT_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("NEURAREPORT_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("NEURAREPORT_TEST_PG_USER", "postgres")
REDIS_HOST = os.environ.get("NEURAREPORT_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("NEURAREPORT_TEST_REDIS_PORT", "6379"))


def port_open(host: str, port: int) -> bool:
    """True when something accepts TCP connections on ``host:port``."""
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


@contextlib.contextmanager
def temporary_postgres_database(prefix: str = "nr_test") -> Iterator[str]:
    """Create a uniquely named database, yield its name, drop it afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres")
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def production_instance_home(home: Path, database: str) -> dict[str, str]:
    """Put the production dagster.yaml in ``home``; return the env it reads for ``database``."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(PRODUCTION_INSTANCE_YAML, home / "dagster.yaml")
    return {
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": PG_HOST,
        "DAGSTER_PG_PORT": str(PG_PORT),
        "DAGSTER_PG_USER": PG_USER,
        "DAGSTER_PG_PASSWORD": "",
        "DAGSTER_PG_DB": database,
    }
