"""Report contracts: which data fills which template token, proposed, validated and executed."""

from neurareport_resources.contracts.execute import ContractResult, execute_contract
from neurareport_resources.contracts.heuristic import HeuristicMapper
from neurareport_resources.contracts.model import (
    PROMPT_VERSION,
    UNRESOLVED,
    Contract,
    ContractError,
    ContractStatus,
    Join,
    PeriodFilter,
    RowSource,
    TokenMapping,
)
from neurareport_resources.contracts.validate import ContractValidation, validate_contract

__all__ = [
    "PROMPT_VERSION",
    "UNRESOLVED",
    "Contract",
    "ContractError",
    "ContractResult",
    "ContractStatus",
    "ContractValidation",
    "HeuristicMapper",
    "Join",
    "PeriodFilter",
    "RowSource",
    "TokenMapping",
    "execute_contract",
    "validate_contract",
]
