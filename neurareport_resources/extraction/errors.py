"""Errors the extraction engine raises: each names the file, what is wrong and what to do."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """Base class: ``str(error)`` is one line naming the file, the problem and the remedy."""

    remedy = "check the file and upload it again"

    def __init__(self, path: Path | str, reason: str, remedy: str | None = None) -> None:
        self.path = Path(path)
        self.reason = reason
        self.remedy_text = remedy or self.remedy
        super().__init__(f"{self.path.name}: {reason}; {self.remedy_text}")


class NotAPdfError(ExtractionError):
    """The file is not a PDF at all (wrong type, empty, or renamed)."""

    remedy = "upload the statement as a PDF or a bank export (CSV, OFX/QFX, CAMT.053, MT940)"


class CorruptPdfError(ExtractionError):
    """The file starts like a PDF but cannot be parsed (truncated or damaged)."""

    remedy = "download the statement again from the bank and re-upload it"


class PasswordRequiredError(ExtractionError):
    """The PDF is encrypted and no password was configured for it."""

    remedy = "configure the statement password for this tenant and re-run"


class WrongPasswordError(ExtractionError):
    """The PDF is encrypted and the configured password does not open it."""

    remedy = "correct the statement password configured for this tenant and re-run"


class LimitExceededError(ExtractionError):
    """The file exceeds a time, memory, page or size limit and was not parsed."""

    remedy = "split the file or raise the extraction limits if it is a genuine statement"


class EmptyDocumentError(ExtractionError):
    """The PDF has no pages, or no page carries any readable transaction table."""

    remedy = "check that this is the statement itself, not a cover letter or an empty export"


def _rebuild(cls: type[ExtractionError], path: Path, reason: str, remedy: str) -> ExtractionError:
    """Unpickle an error raised in the isolated parser process."""
    return cls(path, reason, remedy)


def _reduce(self: ExtractionError) -> tuple:
    return (_rebuild, (type(self), self.path, self.reason, self.remedy_text))


# errors cross the process boundary of the isolated parser by pickle
ExtractionError.__reduce__ = _reduce  # type: ignore[method-assign,assignment]
