"""Rendering errors."""


class RenderError(RuntimeError):
    """A report that could not be rendered; the message names the template or file and why."""


class RenderLimitError(RenderError):
    """A report whose rendering ran past its time or memory limit (a loop, a huge value)."""
