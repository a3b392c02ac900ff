"""Exceptions in plain words: what each page flag and failed check means, and what to do.

The extraction engine flags pages with codes (``header_missing``, ``scanned``, …) and the
ledger checks have names (``running_balance_continuous``, …). Reports show the reader the
sentences below instead, each with the action an analyst takes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Explanation:
    """One exception for a reader: what happened and what to do about it."""

    what: str
    action: str


PAGE_FLAGS: dict[str, Explanation] = {
    "scanned": Explanation(
        "The page is a scan: its text was read by OCR.",
        "Spot-check a few amounts on this page against the PDF.",
    ),
    "ocr": Explanation(
        "The page was read by OCR.",
        "Spot-check a few amounts on this page against the PDF.",
    ),
    "garbled_text_layer": Explanation(
        "The page's text layer was unreadable, so the page was read by OCR instead.",
        "Spot-check a few amounts on this page against the PDF.",
    ),
    "no_table": Explanation(
        "No transaction table was found on this page, although it has text.",
        "Open the page: if it lists transactions, they are missing from the ledger; ask the "
        "client for the bank's CSV or CAMT export of the month.",
    ),
    "unreadable": Explanation(
        "The page has no text and OCR could read nothing on it.",
        "Ask the client for the original PDF or a clearer scan and upload it again.",
    ),
    "header_missing": Explanation(
        "The transaction table on this page has no column header; its columns were "
        "recognised from their content.",
        "Check that dates, amounts and balances on this page landed in the right columns.",
    ),
    "amount_from_balance": Explanation(
        "An amount OCR could not read was worked out from the balances around it.",
        "Check that amount on the page.",
    ),
    "unparsed_rows": Explanation(
        "Some lines that look like transactions could not be read (no date or no amount).",
        "Compare the page with the ledger and add what is missing, or upload a clearer copy.",
    ),
    "opening_balance_derived": Explanation(
        "The opening balance was not printed or not readable; it was worked out from the "
        "first transaction.",
        "Compare it with the closing balance of the previous statement.",
    ),
    "ocr_value_repaired": Explanation(
        "An OCR misreading was corrected because the balances did not add up otherwise.",
        "Check the corrected row on the page.",
    ),
}
# a scanned page is also flagged "ocr": one sentence is enough
_IMPLIED = {"ocr": ("scanned", "garbled_text_layer")}

LEDGER_CHECKS: dict[str, Explanation] = {
    "running_balance_continuous": Explanation(
        "A printed balance is not the previous balance plus the amount: a transaction may "
        "be missing or misread.",
        "Open the statement at the page and row shown and compare the rows around it with "
        "the ledger; do not send the report until the difference is explained.",
    ),
    "opening_plus_net_equals_closing": Explanation(
        "Opening balance plus this month's money in and out does not equal the closing balance.",
        "Look for a missing or doubled transaction in the statement; do not send the report "
        "until the difference is explained.",
    ),
    "no_duplicate_rows": Explanation(
        "The same transaction appears twice for one account.",
        "Check whether two statements cover the same days (a statement uploaded twice) and "
        "remove the duplicate.",
    ),
    "dates_inside_period": Explanation(
        "A transaction is dated outside its statement's period.",
        "Check the date on the page (a missing year may have been guessed) and the "
        "statement period.",
    ),
}

SEVERITY_ACTIONS = {
    "BLOCKING": "Correct the data or the rule: the report is not sent while this fails.",
    "CORRECTABLE": "These rows are left out of the report and listed on the Exceptions "
    "sheet; correct them and run the report again.",
    "WARNING": "Check the rows named; the report goes out with this note.",
    "UNUSUAL": "Confirm with the client that this is expected.",
}


def explain_page_flags(flags: Iterable[str]) -> list[Explanation]:
    """One explanation per page flag, in order, without repeating what another implies."""
    codes = list(dict.fromkeys(flags))
    found = []
    for code in codes:
        if any(other in codes for other in _IMPLIED.get(code, ())):
            continue
        found.append(
            PAGE_FLAGS.get(
                code,
                Explanation(
                    f"Extraction flagged this page ({code.replace('_', ' ')}).",
                    "Open the page and compare it with the ledger.",
                ),
            )
        )
    return found


def explain_check(name: str, failures: int, fallback: str = "") -> Explanation:
    """The failed ledger check ``name`` with its count, in plain words."""
    known = LEDGER_CHECKS.get(name)
    count = f" ({failures} row{'s' if failures != 1 else ''})" if failures else ""
    if known is None:
        what = (fallback or name.replace("_", " ")).rstrip(".")
        return Explanation(f"{what[:1].upper()}{what[1:]}{count}.", "Check the rows named.")
    return Explanation(known.what.rstrip(".") + count + ".", known.action)


def action_for(severity: str) -> str:
    """What to do about an exception of ``severity`` that carries no action of its own."""
    return SEVERITY_ACTIONS.get(severity.upper(), SEVERITY_ACTIONS["WARNING"])
