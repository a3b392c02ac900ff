"""Review holds: which rendered reports wait for an analyst, and the analysts' decisions.

No Dagster import: the assets, the ``neurareport approve``/``reject`` commands and the
approval job all call these functions.
"""

from neurareport_resources.review.model import (
    APPROVED,
    HELD,
    READY,
    REJECTED,
    HoldReason,
    Release,
    ReviewDecision,
    ReviewError,
)
from neurareport_resources.review.policy import (
    REVIEW_FILE,
    ReviewPolicy,
    hold_reasons,
    load_review_policy,
)
from neurareport_resources.review.records import (
    REVIEWS_TABLE,
    manifest_fingerprint,
    read_decisions,
    record_decision,
    release_state,
    verify_report_files,
)

__all__ = [
    "APPROVED",
    "HELD",
    "READY",
    "REJECTED",
    "REVIEWS_TABLE",
    "REVIEW_FILE",
    "HoldReason",
    "Release",
    "ReviewDecision",
    "ReviewError",
    "ReviewPolicy",
    "hold_reasons",
    "load_review_policy",
    "manifest_fingerprint",
    "read_decisions",
    "record_decision",
    "release_state",
    "verify_report_files",
]
