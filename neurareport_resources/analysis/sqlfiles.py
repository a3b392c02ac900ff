"""Load the SQL in the repository's ``sql/`` folder and bind relation names into it."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parents[2] / "sql"

# a relation name we are willing to splice into SQL: identifiers, optionally schema-qualified
_RELATION = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class SqlNameError(ValueError):
    """A relation name that is not a plain identifier; refused before it reaches SQL."""


def relation_name(name: str) -> str:
    """Return ``name`` if it is a plain (optionally schema-qualified) identifier."""
    if not isinstance(name, str) or not _RELATION.fullmatch(name):
        raise SqlNameError(
            f"invalid relation name {name!r}: pass a table or view name such as 'ledger' "
            "or 'main.ledger' (register a DataFrame/Arrow table with conn.register first)"
        )
    return name


@cache
def _read(name: str) -> str:
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"{path}: SQL file missing; restore it from the repository")
    return path.read_text(encoding="utf-8")


def load_sql(name: str, **bindings: str | int) -> str:
    """Read ``sql/<name>`` and substitute ``{placeholders}``.

    Relation bindings go through :func:`relation_name`; integers are formatted as such.
    Nested queries (already-built SQL) are passed with a ``sql_`` prefix on the key.
    """
    values: dict[str, str] = {}
    for key, value in bindings.items():
        if key.startswith("sql_"):
            values[key.removeprefix("sql_")] = str(value)
        elif isinstance(value, int):
            values[key] = str(int(value))
        else:
            values[key] = relation_name(value)
    # substitute only the named placeholders, so regex quantifiers like {2} stay intact
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), _read(name))


def with_history(ledger: str, history: str | None) -> str:
    """SQL for ``ledger`` with the rows of ``history`` (earlier months) in front of it.

    Both are relation names; without ``history`` this is ``ledger`` itself.
    """
    ledger = relation_name(ledger)
    if history is None:
        return ledger
    history = relation_name(history)
    return f"(SELECT * FROM {history} UNION ALL BY NAME SELECT * FROM {ledger})"
