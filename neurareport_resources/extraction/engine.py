"""The in-process extraction pipeline: open, read every page, parse, reconcile.

``extract_statement`` (in ``__init__``) normally runs this in a child process with
limits; ``extract_in_process`` is the body that child runs.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from neurareport_resources.extraction.dates import (
    NUMERIC_DAY_MONTH,
    detect_day_first,
    find_date_parts,
)
from neurareport_resources.extraction.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    LimitExceededError,
    NotAPdfError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.extraction.header import (
    account_number_in,
    label_values,
    parse_header,
    period_of,
)
from neurareport_resources.extraction.model import (
    UNREAD_PAGE,
    AccountExtraction,
    ExtractionLimits,
    PageReport,
    PdfProbe,
    ReviewNote,
    StatementExtraction,
    StatementHeader,
)
from neurareport_resources.extraction.numbers import is_currency_mark, scan_money
from neurareport_resources.extraction.statement import AccountText, read_account
from neurareport_resources.extraction.strategies import (
    MIN_TEXT_CHARS,
    PageContext,
    StrategyRejected,
    WholeUnitWords,
    close_shared,
    default_strategies,
)
from neurareport_resources.extraction.table import PageLayout, balance_grid_lines, read_page
from neurareport_resources.extraction.words import Line, group_lines, pdfium_words


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, limits: ExtractionLimits) -> int:
    """Refuse files that are missing, too big, not PDFs or visibly truncated; return the size."""
    if not path.is_file():
        raise NotAPdfError(path, "file not found", "check the path")
    size = path.stat().st_size
    if size == 0:
        raise NotAPdfError(path, "the file is empty (0 bytes)")
    if size > limits.max_file_mb * 1024 * 1024:
        raise LimitExceededError(
            path, f"file is {size / 1048576:.0f} MB, over the {limits.max_file_mb} MB limit"
        )
    with open(path, "rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise NotAPdfError(path, "not a PDF (no %PDF- signature at the start)")
    if b"%%EOF" not in tail:
        raise CorruptPdfError(path, "the PDF is truncated (no end-of-file marker)")
    return size


def open_pdf(path: Path, password: str | None) -> Any:
    """Open with pypdfium2, turning its errors into ones the analyst can act on."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as error:
        # pdfium's last-error code can be stale from an earlier file: ask pypdf instead
        encrypted, pages = _inspect_without_pdfium(path)
        if encrypted:
            if not password:
                raise PasswordRequiredError(path, "the PDF is password-protected") from error
            raise WrongPasswordError(
                path, "the configured password does not open the PDF"
            ) from error
        if pages == 0:
            raise EmptyDocumentError(path, "the PDF has no pages") from error
        raise CorruptPdfError(
            path, "the PDF cannot be parsed (damaged cross-reference or objects)"
        ) from error


def _inspect_without_pdfium(path: Path) -> tuple[bool, int | None]:
    """(encrypted, page count) by pypdf, for files pdfium will not open."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(path)
        if reader.is_encrypted:
            return True, None
        return False, len(reader.pages)
    except Exception:
        return False, None


def is_encrypted(document: Any) -> bool:
    """True when the document has a security handler (it was encrypted)."""
    import pypdfium2.raw as pdfium_c

    return pdfium_c.FPDF_GetSecurityHandlerRevision(document) != -1


def load_page(document: Any, index: int, path: Path) -> Any:
    """Page ``index`` of an open document; a page pdfium cannot load (a page tree that
    loops or points at nothing) is a damaged file, not one over a limit."""
    import pypdfium2 as pdfium

    try:
        return document[index]
    except pdfium.PdfiumError as error:
        raise CorruptPdfError(
            path,
            f"page {index + 1} of {len(document)} cannot be loaded "
            "(a damaged page tree, e.g. one that loops back on itself)",
        ) from error


def check_page_count(path: Path, pages: int, limits: ExtractionLimits) -> None:
    """Refuse a document over the page limit (the probe refuses it too, so a file over the
    limit is turned away at upload and quarantined by the inbox, never parsed)."""
    if pages > limits.max_pages:
        raise LimitExceededError(
            path, f"the PDF has {pages} pages, over the {limits.max_pages}-page limit"
        )


def probe_document(path: Path, password: str | None, limits: ExtractionLimits) -> PdfProbe:
    """Size, hash, page count, encryption and text layer, without reading tables."""
    size = check_file(path, limits)
    document = open_pdf(path, password)
    try:
        pages = len(document)
        check_page_count(path, pages, limits)
        has_text = False
        for index in range(min(pages, 3)):
            page = load_page(document, index, path)
            textpage = page.get_textpage()
            has_text = textpage.count_chars() >= MIN_TEXT_CHARS
            textpage.close()
            page.close()
            if has_text:
                break
        return PdfProbe(
            path=path,
            sha256=sha256_of(path),
            size_bytes=size,
            page_count=pages,
            encrypted=is_encrypted(document),
            has_text_layer=has_text,
        )
    finally:
        document.close()


@dataclass
class _Segment:
    """Part of a page: the lines of one account's table (or of no table) on it."""

    page: int
    lines: list[Line]
    layout: PageLayout | None


def _read_pages(
    document: Any,
    path: Path,
    password: str | None,
    strategies: list[Any],
    first_pages: int | None = None,
) -> tuple[list[PageReport], list[_Segment], int]:
    reports: list[PageReport] = []
    segments: list[_Segment] = []
    shared: dict[str, Any] = {}
    text_pages = 0
    try:
        for index in range(len(document)):
            if first_pages is not None and index >= first_pages and _period_settled(segments):
                break
            if first_pages is not None and index >= max(first_pages, HEADER_MAX_PAGES):
                break  # a header read never walks a whole document (a long blank one stalled it)
            pdf_page = load_page(document, index, path)
            ctx = PageContext(path, password, index, pdf_page, shared)
            report = PageReport(page=index + 1)
            layout: PageLayout | None = None
            for strategy in strategies:
                try:
                    layout = strategy.read(ctx)
                except StrategyRejected as why:
                    report.rejected[strategy.name] = str(why)
                    continue
                except Exception as error:  # a strategy bug must not sink the page
                    report.rejected[strategy.name] = f"failed: {type(error).__name__}: {error}"
                    continue
                report.strategy = strategy.name
                break
            if (ctx.text_chars or 0) >= MIN_TEXT_CHARS:
                text_pages += 1
            report.flags.extend(ctx.flags)
            lines = ctx.lines if ctx.lines is not None else group_lines(ctx.words or [])
            if layout is None:
                if (ctx.text_chars or 0) >= MIN_TEXT_CHARS or ctx.words:
                    report.flags.append("no_table")
                else:
                    report.flags.append("unreadable")
                segments.append(_Segment(index + 1, lines, None))
            else:
                segments.extend(_split_accounts_on_page(index + 1, lines, layout))
                if not layout.header_found:
                    report.flags.append("header_missing")
            reports.append(report)
            pdf_page.close()
    finally:
        close_shared(shared)
    return reports, segments, text_pages


def _split_accounts_on_page(page: int, lines: list[Line], layout: PageLayout) -> list[_Segment]:
    """A page that ends one account's table and starts another's is read as two tables,
    cut where an account number is printed after the first table's rows."""
    first_row_top = layout.records[0].top if layout.records else 0.0
    for index, line in enumerate(lines):
        if line.top <= first_row_top or not line.chunks:
            continue
        # a counterparty's IBAN inside a description is not a new account: an account
        # header starts left of the description column
        # (nor is one on a row's second line, indented past the dates)
        lead = line.chunks[0]
        if (
            lead.x0 >= layout.description_x0 - 4
            or lead.x0 > layout.date_columns[0] + 6
            or lead.text[:1].isdigit()
        ):
            continue  # (a row starts with its date; a label with a word)
        if not account_label(line) and not currency_section(line):
            continue
        second = read_page(lines[index:], page, ocr=layout.ocr)
        if second is None:
            break
        first = read_page(lines[:index], page, ocr=layout.ocr)
        head = [_Segment(page, lines[:index], first)]
        return head + _split_accounts_on_page(page, lines[index:], second)
    return [_Segment(page, lines, layout)]


def account_label(line: Line) -> str | None:
    """The account number or IBAN a line prints with its label, if any."""
    values = label_values([line])
    value = values.get("account_number") or values.get("iban")
    return account_number_in(value) if value else None


# "USD Statement", "EUR account", "GBP balance": the heading of one currency's part of a
# multi-currency account (Revolut, Wise)
_CURRENCY_HEADING = re.compile(
    r"^([A-Z]{3})\s+(?:statement|account|balance|wallet|pocket|sub-?account|transactions"
    r"|konto|kontoauszug|compte|releve|cuenta|extracto|conto|estratto|rekening)\b",
    re.IGNORECASE,
)


def currency_section(line: Line) -> str | None:
    """The currency code a line heads a part of the statement with, if any: "USD
    Statement", or a currency label whose value is a code alone ("Currency: USD")."""
    text = line.text.strip()
    match = _CURRENCY_HEADING.match(text)
    code = match[1] if match else label_values([line]).get("currency", "").strip()
    return code.upper() if len(code) == 3 and code.isalpha() and is_currency_mark(code) else None


def _period_settled(segments: list[_Segment]) -> bool:
    """A table was found and the statement period above it reads as a full read will read
    it: the same in either day order, or the dates read so far already decide the order
    (the full read's vote; a statement prints all its dates one way, so later pages agree)."""
    tables = [s for s in segments if s.layout is not None]
    if not tables:
        return False
    header_lines = [
        line
        for s in segments[: segments.index(tables[0]) + 1]
        for line in (s.lines if s.layout is None else s.layout.lines_above)
    ]
    readings = {
        period_of(parse_header(header_lines, decimal_sep=".", day_first=day_first))
        for day_first in (True, False)
    }
    if len(readings) == 1:
        return True
    date_texts = [t.text for s in tables if s.layout for r in s.layout.records for t in r.dates]
    return detect_day_first(date_texts + [line.text for line in header_lines]) is not None


@dataclass
class _AccountPart:
    layouts: list[PageLayout]
    context: list[Line]


def _accounts(segments: list[_Segment]) -> list[_AccountPart]:
    """Segments grouped by account: a new account starts where a table is headed by an
    account number other than the current one's."""
    parts: list[_AccountPart] = []
    current_id: str | None = None
    current_currency: str | None = None
    loose: list[Line] = []  # text before the first table (cover page, summary)
    for segment in segments:
        if segment.layout is None:
            (parts[-1].context if parts else loose).extend(segment.lines)
            continue
        above = segment.layout.lines_above
        ids = [value for value in map(account_label, above) if value]
        new_id = _normalise_account(ids[0]) if ids else None
        # one account's parts in several currencies are ledgers of their own
        currencies = [code for code in map(currency_section, above) if code]
        new_currency = currencies[-1] if currencies else None
        if (
            not parts
            or (new_id is not None and current_id is not None and new_id != current_id)
            or (new_currency is not None and current_currency not in (None, new_currency))
        ):
            parts.append(_AccountPart([], loose + above if not parts else list(above)))
            loose = []
        else:
            parts[-1].context.extend(above)
        parts[-1].layouts.append(segment.layout)
        if new_id is not None:
            current_id = new_id
        if new_currency is not None:
            current_currency = new_currency
    return parts


def _normalise_account(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).upper()


def assemble(
    path: Path,
    sha256: str,
    document_pages: int,
    encrypted: bool,
    reports: list[PageReport],
    segments: list[_Segment],
    text_pages: int,
    column_role_advisor: Callable[..., Any] | None = None,
) -> StatementExtraction:
    """Each account's conventions, rows, reading and reconciliation; the review verdict."""
    by_page = {r.page: r for r in reports}
    accounts: list[AccountExtraction] = []
    review: list[ReviewNote] = []
    statement_period: tuple[date, date] | None = None
    for part in _accounts(segments):
        account, notes = read_account(
            part.layouts,
            AccountText(part.context),
            by_page,
            # a file of several accounts often prints its period once, above the first
            statement_period=statement_period,
            column_role_advisor=column_role_advisor,
        )
        statement_period = statement_period or period_of(account.header)
        if account.header.holder is None and accounts:
            # the later accounts of one customer's file print no address block of their own
            account.header.holder = accounts[0].header.holder
        accounts.append(account)
        review.extend(notes)
        rows_per_page = Counter(t.page for t in account.transactions)
        for layout in part.layouts:
            reports[layout.page - 1].row_count += rows_per_page[layout.page]
    review.extend(_unread_pages(segments))
    return StatementExtraction(
        path=path,
        sha256=sha256,
        page_count=document_pages,
        encrypted=encrypted,
        has_text_layer=text_pages > 0,
        accounts=accounts,
        pages=reports,
        review=review,
    )


def _unread_pages(segments: list[_Segment]) -> list[ReviewNote]:
    """A page where no table was read although several of its lines start with a date and
    carry an amount (a badly scanned page, a layout the reader missed): the ledger may lack
    its rows, whatever the arithmetic of the rows read says."""
    if not any(s.layout is not None for s in segments):
        return []
    tabled = {s.page for s in segments if s.layout is not None}
    notes = []
    for segment in segments:
        if segment.layout is not None or segment.page in tabled:
            continue
        grid = balance_grid_lines(segment.lines)  # a daily-balance grid holds no rows
        looks_like_rows = sum(
            1
            for index, line in enumerate(segment.lines)
            if (_DAY_MONTH_START.match(line.text) or find_date_parts(line.text[:14]))
            and _ends_with_amount(line.text)
            and index not in grid
        )
        if looks_like_rows >= 3:
            notes.append(
                ReviewNote(
                    UNREAD_PAGE,
                    segment.page,
                    f"page {segment.page}: {looks_like_rows} lines start with a date and end "
                    "with an amount, but no table was read there",
                )
            )
    return notes


# "04.12 CASH …": a day and month starting a line, the year left out
_DAY_MONTH_START = re.compile(rf"^\s*{NUMERIC_DAY_MONTH}\s")


def _ends_with_amount(text: str) -> bool:
    words = text.split()
    return any(scan_money(" ".join(words[-n:])) is not None for n in (1, 2) if len(words) >= n)


def extract_in_process(
    path: Path,
    *,
    password: str | None = None,
    limits: ExtractionLimits | None = None,
    column_role_advisor: Callable[..., Any] | None = None,
    first_pages: int | None = None,
) -> StatementExtraction:
    """Extract a statement in this process (no isolation); see ``extract_statement``.

    ``first_pages=N`` reads only the first N pages, further only while no table was found
    or the statement period is still open to both day orders (``01/05/2025`` reads either
    way), and never past ``HEADER_MAX_PAGES``; ``pages`` then lists just the pages read,
    ``page_count`` is still the document's.
    """
    limits = limits or ExtractionLimits()
    path = Path(path)
    check_file(path, limits)
    document = open_pdf(path, password)
    try:
        pages = len(document)
        if pages == 0:
            raise EmptyDocumentError(path, "the PDF has no pages")
        check_page_count(path, pages, limits)
        encrypted = is_encrypted(document)
        reports, segments, text_pages = _read_pages(
            document, path, password, default_strategies(), first_pages
        )
        if text_pages and not any(segment.layout for segment in segments):
            # no amount with decimals anywhere: a currency without minor units, perhaps
            whole = _read_pages(document, path, password, [WholeUnitWords()], first_pages)
            if any(segment.layout for segment in whole[1]):
                reports, segments, text_pages = whole
    finally:
        document.close()
    if not any(segment.layout for segment in segments):
        where = (
            f"in the first {len(reports)} of its {pages} page(s)"
            if len(reports) < pages
            else f"on any of its {pages} page(s)"
        )
        raise EmptyDocumentError(
            path,
            f"no transaction table found {where} "
            f"({'; '.join(sorted({why for r in reports for why in r.rejected.values()}))[:300]})",
        )
    return assemble(
        path, sha256_of(path), pages, encrypted, reports, segments, text_pages, column_role_advisor
    )


# the header sits above the first table; a second page gives the conventions decided from
# the rows (decimal separator, currency hints) more to go on
HEADER_PAGES = 2
# ...and a header read goes on past them (no table yet, day order still open) this far only
HEADER_MAX_PAGES = 5


def read_header(
    path: Path, password: str | None, limits: ExtractionLimits | None = None
) -> StatementHeader:
    """The statement header from its first pages only (enough to place it in a month).

    The period is the one a full read finds (pages are read on while the day order could
    still change it). Account and currency are printed above the first table; a balance
    printed only on a later page (a closing "carried forward" row) is missing.
    """
    return extract_in_process(
        path, password=password, limits=limits, first_pages=HEADER_PAGES
    ).header


__all__ = ["extract_in_process", "pdfium_words", "probe_document", "read_header"]
