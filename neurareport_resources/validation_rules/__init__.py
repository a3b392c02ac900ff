"""Validation rules with severities (WARNING, BLOCKING, CORRECTABLE) over the ledger."""

from neurareport_resources.validation_rules.rules import (
    BUILTIN_RULES,
    RuleResult,
    Severity,
    ValidationOutcome,
    ValidationRule,
    ValidationRuleError,
    builtin_rules,
    load_rules,
    rules_for,
    run_validation,
    set_aside,
)

__all__ = [
    "BUILTIN_RULES",
    "RuleResult",
    "Severity",
    "ValidationOutcome",
    "ValidationRule",
    "ValidationRuleError",
    "builtin_rules",
    "load_rules",
    "rules_for",
    "run_validation",
    "set_aside",
]
