"""Report contracts: which data fills which template token, proposed, validated and executed."""

from neurareport_resources.contracts.baseline import NameMatchMapper
from neurareport_resources.contracts.cache import ContractCache, cache_key
from neurareport_resources.contracts.execute import ContractResult, execute_contract
from neurareport_resources.contracts.heuristic import HeuristicMapper
from neurareport_resources.contracts.llm import (
    LlmAnswerError,
    LlmError,
    LlmMapper,
    LlmUnavailableError,
)
from neurareport_resources.contracts.model import (
    PROMPT_VERSION,
    UNRESOLVED,
    CandidateTarget,
    Contract,
    ContractError,
    ContractStatus,
    Join,
    PeriodFilter,
    RowSource,
    TokenMapping,
)
from neurareport_resources.contracts.overrides import apply_overrides
from neurareport_resources.contracts.propose import decide_status, propose_contract
from neurareport_resources.contracts.validate import ContractValidation, validate_contract

__all__ = [
    "PROMPT_VERSION",
    "UNRESOLVED",
    "CandidateTarget",
    "Contract",
    "ContractCache",
    "ContractError",
    "ContractResult",
    "ContractStatus",
    "ContractValidation",
    "HeuristicMapper",
    "Join",
    "LlmAnswerError",
    "LlmError",
    "LlmMapper",
    "LlmUnavailableError",
    "NameMatchMapper",
    "PeriodFilter",
    "RowSource",
    "TokenMapping",
    "apply_overrides",
    "cache_key",
    "decide_status",
    "execute_contract",
    "propose_contract",
    "validate_contract",
]
