"""``neurareport contract …``: the mapper alone, no Dagster.

``contract map --template PATH (--datasource URL | --datasource-env VAR | --schema-sql FILE.sql)``
prints ``{"mapping": {token: target}, "status", "coverage", "unresolved", …}``; PATH is a
template folder or a single HTML file;
``contract import SOURCE --dest DIR --name NAME`` turns HTML/ZIP into a template folder;
``contract eval GOLD_DIR [--mapper heuristic|name-match|llm]`` scores a mapper on a gold set
(top-1 by token class, UNRESOLVED precision/recall).
Exit 0 on success, 2 with a one-line reason on stderr for input the user can fix.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from neurareport_resources.contracts.baseline import NameMatchMapper
from neurareport_resources.contracts.evaluate import TOKEN_CLASSES, GoldError, evaluate_gold
from neurareport_resources.contracts.heuristic import HeuristicMapper, assemble_contract
from neurareport_resources.contracts.llm import LlmError, LlmMapper
from neurareport_resources.contracts.model import Contract, ContractError, TokenMapping
from neurareport_resources.contracts.propose import propose_contract
from neurareport_resources.datasources import (
    DataSource,
    DataSourceError,
    SqlAlchemySource,
    sqlite_source_from_sql,
)
from neurareport_resources.templating import (
    TemplateError,
    TemplateSpec,
    import_template,
    load_template,
)


def contract_summary(contract: Contract) -> dict[str, Any]:
    """The stable JSON shape printed by ``contract map``."""
    return {
        "template": contract.template,
        "source": contract.source_name,
        "dialect": contract.dialect,
        "mapper": contract.mapper,
        "mapping": contract.mapping,
        "status": contract.status.value,
        "fingerprint": contract.fingerprint,
        "coverage": round(contract.coverage, 4),
        "unresolved": contract.unresolved,
        "sql_valid": contract.sql_valid,
        "errors": contract.errors,
        "review_reasons": contract.review_reasons,
        "row_source": contract.row_source.model_dump(),
        "details": {
            m.token: {
                "target": m.target,
                "kind": m.kind.value,
                "aggregate": m.aggregate,
                "formatter": m.formatter,
                "confidence": m.confidence,
                "reason": m.reason,
                "candidates": [c.model_dump(exclude_none=True) for c in m.candidates],
            }
            for m in contract.mappings
        },
    }


def _mapper(args: argparse.Namespace) -> Any:
    if args.mapper == "heuristic":
        return HeuristicMapper()
    if args.mapper == "name-match":
        return NameMatchMapper()
    base_url = args.llm_base_url or os.environ.get("NEURAREPORT_LLM_BASE_URL")
    model = args.llm_model or os.environ.get("NEURAREPORT_LLM_MODEL")
    if not base_url or not model:
        raise ContractError(
            "--mapper llm needs --llm-base-url and --llm-model "
            "(or NEURAREPORT_LLM_BASE_URL / NEURAREPORT_LLM_MODEL)"
        )
    return LlmMapper(
        base_url,
        model,
        api_key=os.environ.get(args.llm_api_key_env, ""),
        timeout=args.llm_timeout,
        max_retries=args.llm_max_retries,
    )


def _load_template_arg(path: Path, work_dir: Path) -> TemplateSpec:
    """A template folder as is; a single HTML file wrapped as a template folder for the run."""
    if path.is_file():
        slug = re.sub(r"[^a-z0-9_-]+", "_", path.stem.lower()).strip("_-") or "template"
        return load_template(import_template(path, work_dir / "templates", slug[:60]))
    return load_template(path)


def _run_map(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="nr-contract-") as tmp:
        template = _load_template_arg(Path(args.template), Path(tmp))
        source: DataSource
        if args.schema_sql:
            source = sqlite_source_from_sql(Path(args.schema_sql), Path(tmp) / "schema.db")
        else:
            url = args.datasource
            if args.datasource_env:
                url = os.environ.get(args.datasource_env, "")
                if not url:
                    raise DataSourceError(f"environment variable {args.datasource_env} is not set")
            source = SqlAlchemySource(url, name=args.source_name)
        try:
            contract = propose_contract(
                template,
                source,
                _mapper(args),
                cache_dir=Path(args.cache_dir) if args.cache_dir else None,
                overrides_path=Path(args.overrides) if args.overrides else None,
            )
        finally:
            if isinstance(source, SqlAlchemySource):
                source.dispose()
    summary = contract_summary(contract)
    if args.format == "json":
        print(json.dumps(summary, indent=2, ensure_ascii=False, default=str))
    elif args.format == "contract":
        print(contract.model_dump_json(indent=2))
    else:
        width = max(len(t) for t in summary["mapping"])
        for token, target in summary["mapping"].items():
            print(f"{token:<{width}}  {target}")
        print(
            f"status={summary['status']} coverage={summary['coverage']:.2f} "
            f"sql_valid={summary['sql_valid']}"
        )
        for reason in summary["review_reasons"]:
            print(f"review: {reason}")
    return 0


def _scoring_propose(mapper: Any) -> Any:
    """``mapper.propose`` that scores a failed LLM call as every token UNRESOLVED (and says so)."""

    def propose(template: TemplateSpec, schema: Any) -> Contract:
        try:
            contract: Contract = mapper.propose(template, schema)
        except LlmError as exc:
            print(f"neurareport contract eval: {template.name}: {exc}", file=sys.stderr)
            unresolved = [
                TokenMapping(token=t.name, kind=t.kind, reason="mapper failed")
                for t in template.tokens
            ]
            return assemble_contract(template, schema, mapper.name, unresolved, None)
        return contract

    return propose


def _run_eval(args: argparse.Namespace) -> int:
    holdout = True if args.holdout else (False if args.tuning else None)
    result = evaluate_gold(Path(args.gold_dir), _scoring_propose(_mapper(args)), holdout=holdout)
    if args.format == "json":
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(
        f"{args.mapper}: {result.cases} cases, {result.tokens} tokens, top-1 {result.accuracy:.3f}"
    )
    for name in TOKEN_CLASSES:
        part = result.by_class[name]
        if part.tokens:
            print(f"  {name:<11} {part.accuracy:.3f}  ({part.correct}/{part.tokens})")
    print(
        f"  UNRESOLVED precision {result.unresolved_precision:.3f}  "
        f"recall {result.unresolved_recall:.3f}  "
        f"({result.both_unresolved} right of {result.predicted_unresolved} proposed, "
        f"{result.true_unresolved} truly absent)"
    )
    if args.misses:
        for miss in result.misses:
            print(f"  miss: {miss}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    folder = import_template(Path(args.source), Path(args.dest), args.name)
    spec = load_template(folder)
    print(
        json.dumps(
            {
                "template": spec.name,
                "path": str(folder),
                "tokens": [
                    {"token": t.name, "kind": t.kind.value, "label": t.label} for t in spec.tokens
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    return 0


def _dispatch(args: argparse.Namespace) -> int:
    try:
        return args.contract_handler(args)
    except (TemplateError, DataSourceError, ContractError, GoldError) as exc:
        print(f"neurareport contract: {exc}", file=sys.stderr)
        return 2


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``contract`` command (``map``, ``import``) to a top-level CLI."""
    parser = subparsers.add_parser("contract", help="map report templates onto data sources")
    sub = parser.add_subparsers(dest="contract_command", required=True)

    mapper = sub.add_parser("map", help="propose a contract for a template on a data source")
    mapper.add_argument(
        "--template", required=True, help="template folder (templates/<name>) or one HTML file"
    )
    where = mapper.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--datasource", help="SQLAlchemy URL (postgresql://…, mysql+pymysql://…, sqlite:///…)"
    )
    where.add_argument(
        "--datasource-env", help="environment variable holding the URL (keeps secrets off argv)"
    )
    where.add_argument("--schema-sql", help="a .sql file of CREATE TABLE statements to map against")
    mapper.add_argument("--source-name", default="external")
    mapper.add_argument("--format", choices=("json", "text", "contract"), default="json")
    _add_mapper_options(mapper)
    mapper.add_argument("--overrides", help="override YAML (default: <template>/overrides.yaml)")
    mapper.add_argument("--cache-dir", help="reuse proposals for an unchanged template and schema")
    mapper.set_defaults(contract_handler=_run_map, handler=_dispatch, func=_dispatch)

    evaluator = sub.add_parser(
        "eval", help="score a mapper on a gold set: top-1 by token class, UNRESOLVED P/R"
    )
    evaluator.add_argument(
        "gold_dir", help="folder with cases.yaml, schemas/<schema>.sql, templates/<template>/"
    )
    _add_mapper_options(evaluator)
    which = evaluator.add_mutually_exclusive_group()
    which.add_argument("--holdout", action="store_true", help="only cases marked holdout")
    which.add_argument("--tuning", action="store_true", help="only cases not marked holdout")
    evaluator.add_argument("--format", choices=("text", "json"), default="text")
    evaluator.add_argument("--misses", action="store_true", help="list every wrong token")
    evaluator.set_defaults(contract_handler=_run_eval, handler=_dispatch, func=_dispatch)

    importer = sub.add_parser("import", help="turn an HTML file or ZIP into a template folder")
    importer.add_argument("source", help="HTML with {token}/{{token}} placeholders, or a ZIP")
    importer.add_argument("--dest", default="templates", help="templates root folder")
    importer.add_argument("--name", required=True, help="template name (slug)")
    importer.set_defaults(contract_handler=_run_import, handler=_dispatch, func=_dispatch)
    return parser


def _add_mapper_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--mapper", choices=("heuristic", "name-match", "llm"), default="heuristic")
    parser.add_argument("--llm-base-url")
    parser.add_argument("--llm-model")
    parser.add_argument("--llm-api-key-env", default="NEURAREPORT_LLM_API_KEY")
    parser.add_argument("--llm-timeout", type=float, default=60.0)
    parser.add_argument("--llm-max-retries", type=int, default=2)


def main(argv: list[str] | None = None) -> int:
    """Standalone entry: ``python -m neurareport_resources.contracts.cli contract map …``."""
    parser = argparse.ArgumentParser(prog="neurareport")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
