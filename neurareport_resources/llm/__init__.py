"""LLM access: one instructor client factory for every LLM feature (contracts, column roles)."""

from neurareport_resources.llm.client import make_instructor_client, root_cause_message
from neurareport_resources.llm.column_roles import COLUMN_ROLES, LlmColumnRoleAdvisor

__all__ = ["COLUMN_ROLES", "LlmColumnRoleAdvisor", "make_instructor_client", "root_cause_message"]
