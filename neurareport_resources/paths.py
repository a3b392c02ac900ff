"""One rule for every place that turns a name into a file: the real path stays inside its root.

A name given by a template (``{% include %}``, a stylesheet), a file in a tenant's inbox, a
report folder, an outbox folder or a warehouse partition is joined to its root and resolved
with every symbolic link followed; anything whose real path lies outside the root is
refused with :class:`PathEscapeError`. ``..`` in a name is refused before it reaches the
file system.

The root itself is resolved once, when it is configured (``ConfinedRoot(path)``): links
above it are the operator's choice. A narrower scope inside it (``root.scope(tenant)``) is
joined *without* following links, so ``inbox/a`` being a link to ``inbox/b`` is an escape
from tenant ``a``, not a way in to ``b``.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


class PathEscapeError(PermissionError):
    """A name whose real location (links followed) is outside the folder it must stay in."""


def _checked_parts(parts: tuple[str | os.PathLike[str], ...]) -> list[str]:
    names: list[str] = []
    for part in parts:
        text = os.fspath(part)
        pure = PurePosixPath(text.replace("\\", "/"))
        if pure.is_absolute() or ".." in pure.parts:
            raise PathEscapeError(f"{text!r}: absolute paths and '..' are not allowed here")
        names.extend(p for p in pure.parts if p not in ("", "."))
    return names


class ConfinedRoot:
    """A folder whose names resolve to real paths inside it, never outside (links included)."""

    def __init__(self, root: str | os.PathLike[str], *, what: str = "folder") -> None:
        self.root = Path(root).resolve()
        self.what = what

    @classmethod
    def _lexical(cls, root: Path, what: str) -> ConfinedRoot:
        scoped = cls.__new__(cls)
        scoped.root = root
        scoped.what = what
        return scoped

    def scope(self, *parts: str | os.PathLike[str], what: str | None = None) -> ConfinedRoot:
        """The sub-folder ``parts`` as a root of its own, joined without following links:
        a link at or below it that leads elsewhere (even elsewhere inside this root) escapes."""
        return self._lexical(self.root.joinpath(*_checked_parts(parts)), what or self.what)

    def contains(self, path: str | os.PathLike[str]) -> bool:
        """True when ``path``'s real location (links followed) is this root or inside it."""
        real = Path(path).resolve()
        return real == self.root or real.is_relative_to(self.root)

    def path(self, *parts: str | os.PathLike[str]) -> Path:
        """The real path of ``root/parts`` (it need not exist yet); :class:`PathEscapeError`
        when a link or ``..`` leads outside the root."""
        candidate = self.root.joinpath(*_checked_parts(parts))
        real = candidate.resolve()
        if real != self.root and not real.is_relative_to(self.root):
            shown = "/".join(os.fspath(p) for p in parts) or "."
            raise PathEscapeError(
                f"{candidate}: {shown!r} leads to {real}, outside the {self.what} {self.root} "
                "(a symbolic link pointing out); remove the link or copy the file in"
            )
        return real

    def relative(self, path: str | os.PathLike[str]) -> Path:
        """``path`` (inside the root, links followed) relative to the root; else PathEscapeError."""
        real = Path(path).resolve()
        if real != self.root and not real.is_relative_to(self.root):
            raise PathEscapeError(
                f"{path}: leads to {real}, outside the {self.what} {self.root}; "
                "remove the link or copy the file in"
            )
        return real.relative_to(self.root)

    def __repr__(self) -> str:
        return f"ConfinedRoot({str(self.root)!r})"


__all__ = ["ConfinedRoot", "PathEscapeError"]
