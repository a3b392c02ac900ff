"""Teaching categories: a rule added to a tenant's ``categories.yaml`` from the command line.

The file keeps everything already in it (comments included): the new rule is appended to
the ``rules:`` list as text, and the result is read back and checked before it replaces
the file. Nothing is written when the rule or the existing file is invalid.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

from neurareport_resources.analysis.categorize import (
    CategoryRulesError,
    check_re2,
    load_tenant_rules,
    prepare_connection,
    rule_condition,
)
from neurareport_resources.analysis.sqlfiles import relation_name
from neurareport_resources.atomic import atomic_write_text

HEADER = """\
# Category rules of tenant "{tenant}": they win over the built-in ones in
# sql/category_rules.sql; the first matching rule in this file wins among these.
#   keyword      regex (RE2, case-insensitive) searched in the description
#   counterparty regex matched against the normalised counterparty
#   direction    in | out | any (default any)
#   min_amount / max_amount bound the absolute amount
# Added with `neurareport categorise add`; edit freely.
rules:
"""


def rule_entry(
    *,
    category: str,
    match: str,
    on: str = "description",
    regex: bool = False,
    direction: str = "any",
    min_amount: Decimal | None = None,
    max_amount: Decimal | None = None,
    name: str | None = None,
) -> dict[str, Any]:
    """The YAML mapping of a rule that catches rows whose ``on`` field contains ``match``.

    ``on`` is ``description`` (the text as printed) or ``counterparty`` (the normalised
    name listed by ``categorise uncategorised``). ``match`` is literal text unless
    ``regex`` is set; either way it is matched without regard to case.
    """
    if on not in ("description", "counterparty"):
        raise CategoryRulesError(f"--on {on!r}: use description or counterparty")
    text = match.strip()
    if not text:
        raise CategoryRulesError("--match is empty: give the text the rows contain")
    pattern = text if regex else re.escape(text)
    entry: dict[str, Any] = {
        "name": name or (re.sub(r"[\W_]+", "-", text.lower()).strip("-")[:40] or "rule"),
        "category": category.strip(),
        ("keyword" if on == "description" else "counterparty"): pattern,
    }
    if direction != "any":
        entry["direction"] = direction
    if min_amount is not None:
        entry["min_amount"] = float(min_amount) if min_amount % 1 else int(min_amount)
    if max_amount is not None:
        entry["max_amount"] = float(max_amount) if max_amount % 1 else int(max_amount)
    return entry


def _appended_text(existing: str, entry: dict[str, Any]) -> str | None:
    """``existing`` with ``entry`` appended to its block ``rules:`` list, or None when the
    file is laid out so that a text append is not safe (the caller rewrites it then)."""
    lines = existing.splitlines()
    keys = [i for i, line in enumerate(lines) if re.match(r"^[A-Za-z_][\w-]*\s*:", line)]
    rules_at = [i for i in keys if re.match(r"^rules\s*:\s*(#.*)?$", lines[i])]
    if len(rules_at) != 1 or keys[-1] != rules_at[0]:
        return None  # no block list, a flow list, or other keys after it
    items = [re.match(r"^(\s*)- ", line) for line in lines[rules_at[0] + 1 :] if line.strip()]
    indent = next((m.group(1) for m in items if m is not None), "  ")
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=1000)
    added = "".join(indent + line + "\n" for line in block.splitlines())
    return existing + ("" if existing.endswith("\n") or not existing else "\n") + added


def add_tenant_rule(path: Path, entry: dict[str, Any], *, tenant: str) -> list[dict[str, Any]]:
    """Append ``entry`` to the tenant's ``categories.yaml`` at ``path`` (created if missing).

    Returns the file's rules as :func:`load_tenant_rules` reads them after the change.
    Raises :class:`CategoryRulesError` naming the file, and leaves the file as it was,
    when the existing file or the new rule is invalid.
    """
    path = Path(path)
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    before = load_tenant_rules(path) if _has_rules(existing) else []
    if any(rule["rule_name"] == f"tenant:{entry['name']}" for rule in before):
        raise CategoryRulesError(
            f"{path}: a rule named {entry['name']!r} exists already; give --name another name"
        )
    text = _appended_text(existing or HEADER.format(tenant=tenant), entry)
    if text is None or not _reads_as(text, before, entry):
        # an unusual layout: rewrite the document, keeping its leading comment lines
        document = yaml.safe_load(existing) or {}
        document["rules"] = [*(document.get("rules") or []), entry]
        leading = []
        for line in existing.splitlines():
            if line.strip() and not line.startswith("#"):
                break
            leading.append(line + "\n")
        text = "".join(leading) + yaml.safe_dump(
            document, allow_unicode=True, sort_keys=False, width=1000
        )
    # the whole new file must load and every pattern must compile in RE2, before it is used
    with tempfile.TemporaryDirectory(prefix="nr-rules-") as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(text, encoding="utf-8")
        try:
            after = load_tenant_rules(candidate)
        except CategoryRulesError as exc:
            raise CategoryRulesError(str(exc).replace(str(candidate), str(path))) from exc
    conn = duckdb.connect()
    try:
        for rule in after:
            check_re2(conn, rule, path)
    finally:
        conn.close()
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, text)
    return after


def _has_rules(text: str) -> bool:
    """False for a missing, empty or comment-only file, or one whose ``rules:`` is empty."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        return True  # let load_tenant_rules name the syntax error
    return not (document is None or (isinstance(document, dict) and document.get("rules") is None))


def _reads_as(text: str, before: list[dict[str, Any]], entry: dict[str, Any]) -> bool:
    """True when ``text`` parses to the old rules plus ``entry`` and nothing else changed."""
    try:
        document = yaml.safe_load(text) or {}
    except yaml.YAMLError:
        return False
    rules = document.get("rules") if isinstance(document, dict) else None
    return isinstance(rules, list) and len(rules) == len(before) + 1 and rules[-1] == entry


def rows_a_rule_would_categorise(
    conn: duckdb.DuckDBPyConnection, ledger: str, rule: dict[str, Any]
) -> dict[str, int]:
    """Per month (``YYYY-MM``): uncategorised rows of ``ledger`` the tenant ``rule`` (as
    returned by :func:`load_tenant_rules`) would now categorise."""
    ledger = relation_name(ledger)
    prepare_connection(conn)
    condition = rule_condition(
        rule["priority"],
        rule["match_kind"],
        rule["pattern"],
        rule["direction"],
        rule["min_amount"],
        rule["max_amount"],
    )
    rows = conn.execute(
        "SELECT strftime(period, '%Y-%m') AS month, count(*) FROM ("
        "SELECT *, nr_fold(description) AS nr_text, nr_counterparty(description) AS nr_cp, "
        f"false AS nr_is_recurring FROM {ledger} WHERE category = 'uncategorised') AS f "
        f"WHERE {condition} GROUP BY 1 ORDER BY 1"
    ).fetchall()
    return {month: int(count) for month, count in rows}
