"""The instructor + openai client every LLM feature uses (tool mode, no HTTP-level retries)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from neurareport_resources.llm.usage import record_response

if TYPE_CHECKING:
    import instructor


def make_instructor_client(
    base_url: str, api_key: str | None, timeout: float
) -> instructor.Instructor:
    """A client for any OpenAI-compatible endpoint.

    The HTTP client never retries (``max_retries=0``): a dead endpoint must fail fast so
    the caller falls back; instructor's own retries are kept for validation errors only.
    """
    # imported here: openai costs about a second of CPU to import, and only a process that
    # calls an endpoint needs it (never a run of the offline mapper)
    import instructor
    import openai

    client = instructor.from_openai(
        openai.OpenAI(
            base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0
        ),
        mode=instructor.Mode.TOOLS,
    )
    # every completion (retries for validation included) is metered for the usage asset
    client.on("completion:response", record_response)
    return client


def root_cause_message(exc: BaseException) -> str:
    """The innermost error's first line (instructor wraps the HTTP error several times)."""
    root: BaseException = exc
    for _ in range(10):
        nested = root.__cause__ or root.__context__
        if nested is None:
            break
        root = nested
    text = str(root).strip()
    return text.splitlines()[0][:300] if text else type(root).__name__
