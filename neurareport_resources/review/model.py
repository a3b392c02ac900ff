"""Records of the review domain: why a report is held, what an analyst decided, what follows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# what a rendered report's release state can be
READY = "ready"  # nothing holds it: delivery sends it
HELD = "held"  # rendered as a draft, waits for an analyst
APPROVED = "approved"  # held, then approved for exactly these files: delivery sends it
REJECTED = "rejected"  # an analyst refused these files: never sent

# the hold reasons, in the order an analyst should look at them
LEDGER = "ledger_checks_failed"
NEEDS_REVIEW = "statement_needs_review"
UNCATEGORISED = "uncategorised_over_threshold"
CONTRACT = "contract_not_approved"


class ReviewError(ValueError):
    """A decision that cannot be recorded; the message says why and what to do."""


@dataclass(frozen=True)
class HoldReason:
    """One reason a report may not go out unseen."""

    code: str
    detail: str

    def __str__(self) -> str:
        return f"{self.code}: {self.detail}"


@dataclass(frozen=True)
class ReviewDecision:
    """An analyst's approval or rejection of one rendered report (tenant, month, template),
    bound to the report's fingerprint: a changed report needs a new decision."""

    tenant: str
    period: dt.date
    template: str
    decision: str  # approved | rejected
    fingerprint: str
    reviewer: str
    decided_at: dt.datetime
    note: str
    held_for: tuple[str, ...] = ()  # the hold reasons the analyst saw

    def to_dict(self) -> dict:
        """JSON-ready (dates ISO)."""
        return {
            "tenant": self.tenant,
            "period": self.period.strftime("%Y-%m"),
            "template": self.template,
            "decision": self.decision,
            "fingerprint": self.fingerprint,
            "reviewer": self.reviewer,
            "decided_at": self.decided_at.isoformat(),
            "note": self.note,
            "held_for": list(self.held_for),
        }


@dataclass(frozen=True)
class Release:
    """Whether one rendered report may be delivered, and why."""

    status: str  # READY | HELD | APPROVED | REJECTED
    fingerprint: str
    reasons: tuple[HoldReason, ...] = ()
    decision: ReviewDecision | None = None
    # an approval or rejection of an earlier version of this report (now stale)
    stale: tuple[ReviewDecision, ...] = field(default_factory=tuple)

    @property
    def deliverable(self) -> bool:
        return self.status in (READY, APPROVED)
