"""Rendering errors."""


class RenderError(RuntimeError):
    """A report that could not be rendered; the message names the template or file and why."""
