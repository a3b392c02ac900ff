"""Exceptions in plain words: page flags and failed checks read as sentences with an action."""

from __future__ import annotations

import re

from neurareport_resources.rendering import explain_check, explain_page_flags
from neurareport_resources.rendering.exception_text import LEDGER_CHECKS, PAGE_FLAGS

CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")  # header_missing, running_balance_continuous, …


def test_every_known_code_has_a_sentence_and_an_action_without_codes() -> None:
    for code, explained in {**PAGE_FLAGS, **LEDGER_CHECKS}.items():
        assert explained.what.endswith(".") and explained.action.endswith("."), code
        assert not CODE.search(explained.what + explained.action), code


def test_page_flags_read_as_sentences_once_each() -> None:
    explained = explain_page_flags(["scanned", "ocr", "header_missing"])
    # "ocr" is implied by "scanned": two sentences, not three
    assert [e.what for e in explained] == [
        PAGE_FLAGS["scanned"].what,
        PAGE_FLAGS["header_missing"].what,
    ]
    assert "no column header" in explained[1].what
    unknown = explain_page_flags(["rotated_page"])[0]
    assert unknown.what == "Extraction flagged this page (rotated page)."
    assert unknown.action


def test_a_failed_check_says_how_many_rows_and_what_to_do() -> None:
    explained = explain_check("running_balance_continuous", 3, "each printed balance = ...")
    assert explained.what.endswith("(3 rows).")
    assert "do not send the report" in explained.action
    other = explain_check("totals_match", 1, "totals match the header")
    assert other.what == "Totals match the header (1 row)."
