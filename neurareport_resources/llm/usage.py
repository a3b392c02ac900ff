"""LLM usage metering: calls and tokens of the completions made inside a ``metered()`` block.

The instructor client (``make_instructor_client``) reports every completion response
here; a stage that uses the LLM wraps its work in ``with metered() as usage:`` and stores
``usage`` for the tenant and period (the ``usage`` asset adds them up for billing). A
response outside any block is not attributed to anyone (and not counted).
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any


@dataclass
class LlmUsage:
    """Completions and tokens counted so far."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


_CURRENT: contextvars.ContextVar[LlmUsage | None] = contextvars.ContextVar(
    "neurareport_llm_usage", default=None
)


@contextlib.contextmanager
def metered(into: LlmUsage | None = None) -> Iterator[LlmUsage]:
    """Count the LLM completions made inside the block (added to ``into`` when given, so
    several blocks can share one tally)."""
    usage = into if into is not None else LlmUsage()
    token = _CURRENT.set(usage)
    try:
        yield usage
    finally:
        _CURRENT.reset(token)


def record_response(response: Any, *args: Any, **kwargs: Any) -> None:
    """instructor ``completion:response`` hook: one call, its tokens from ``response.usage``."""
    usage = _CURRENT.get()
    if usage is None:
        return
    usage.calls += 1
    counted = getattr(response, "usage", None)
    usage.prompt_tokens += int(getattr(counted, "prompt_tokens", 0) or 0)
    usage.completion_tokens += int(getattr(counted, "completion_tokens", 0) or 0)
