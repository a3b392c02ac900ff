"""The in-process extraction pipeline: open, read every page, parse, reconcile.

``extract_statement`` (in ``__init__``) normally runs this in a child process with
limits; ``extract_in_process`` is the body that child runs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from neurareport_resources.extraction.dates import detect_day_first, find_date_parts, parse_date
from neurareport_resources.extraction.errors import (
    CorruptPdfError,
    EmptyDocumentError,
    LimitExceededError,
    NotAPdfError,
    PasswordRequiredError,
    WrongPasswordError,
)
from neurareport_resources.extraction.header import parse_header, period_of
from neurareport_resources.extraction.layout import MONEY_ROLES, ColumnSpan, PageTable, RawRow
from neurareport_resources.extraction.model import (
    ExtractedTransaction,
    ExtractionLimits,
    PageReport,
    PdfProbe,
    StatementExtraction,
    StatementHeader,
)
from neurareport_resources.extraction.numbers import detect_decimal_separator, parse_amount
from neurareport_resources.extraction.reconcile import (
    Candidate,
    balance_sign_candidate,
    choose_reading,
    reconcile_balances,
    repair_misreads,
)
from neurareport_resources.extraction.strategies import (
    MIN_TEXT_CHARS,
    PageContext,
    StrategyRejected,
    close_shared,
    default_strategies,
)
from neurareport_resources.extraction.words import Line, pdfium_words


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


def probe_document(path: Path, password: str | None, limits: ExtractionLimits) -> PdfProbe:
    """Size, hash, page count, encryption and text layer, without reading tables."""
    size = check_file(path, limits)
    document = open_pdf(path, password)
    try:
        pages = len(document)
        has_text = False
        for index in range(min(pages, 3)):
            page = document[index]
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


def _read_pages(
    document: Any,
    path: Path,
    password: str | None,
    strategies: list[Any],
    first_pages: int | None = None,
) -> tuple[list[PageReport], list[PageTable | None], int]:
    reports: list[PageReport] = []
    tables: list[PageTable | None] = []
    inherited: list[ColumnSpan] | None = None
    shared: dict[str, Any] = {}
    text_pages = 0
    try:
        for index in range(len(document)):
            if first_pages is not None and index >= first_pages and _period_settled(tables):
                break
            pdf_page = document[index]
            ctx = PageContext(path, password, index, pdf_page, inherited, shared)
            report = PageReport(page=index + 1)
            table: PageTable | None = None
            for strategy in strategies:
                try:
                    table = strategy.read(ctx)
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
            if table is None:
                report.flags.append(
                    "no_table"
                    if (ctx.text_chars or 0) >= MIN_TEXT_CHARS or ctx.words
                    else "unreadable"
                )
            else:
                inherited = table.columns
                if not table.header_found:
                    report.flags.append("header_missing")
                report.columns = [c.role for c in table.columns]
                report.table_rows = table.table_rows
                report.row_count = sum(1 for r in table.rows if r.kind == "txn")
            reports.append(report)
            tables.append(table)
            pdf_page.close()
    finally:
        close_shared(shared)
    return reports, tables, text_pages


def _period_settled(tables: list[PageTable | None]) -> bool:
    """A table was found and the statement period above it reads as a full read will read
    it: the same in either day order, or the dates read so far already decide the order
    (the full read's vote; a statement prints all its dates one way, so later pages agree)."""
    first = next((table for table in tables if table is not None), None)
    if first is None:
        return False
    header_lines = first.lines_above
    readings = {
        period_of(parse_header(header_lines, decimal_sep=".", day_first=day_first))
        for day_first in (True, False)
    }
    if len(readings) == 1:
        return True
    rows = [row for table in tables if table for row in table.rows]
    date_texts = [row.cells["date"] for row in rows if row.cells.get("date")]
    return detect_day_first(date_texts + [line.text for line in header_lines]) is not None


def _decide_day_first(
    date_texts: list[str], header_texts: list[str], period: tuple[date, date] | None
) -> bool:
    decided = detect_day_first(date_texts + header_texts)
    if decided is not None:
        return decided
    if period is None:
        return True

    # all numeric dates are <= 12 both ways: keep the order that stays inside the period
    def inside(day_first: bool) -> int:
        count = 0
        for text in date_texts:
            parsed = parse_date(text, day_first=day_first, period=period)
            count += bool(parsed and period[0] <= parsed <= period[1])
        return count

    return inside(True) >= inside(False)


def _flow_amount(cells: dict[str, str], decimal_sep: str) -> Decimal | None:
    if "amount" in cells:
        return parse_amount(cells["amount"], decimal_sep)
    debit = parse_amount(cells.get("debit", ""), decimal_sep)
    credit = parse_amount(cells.get("credit", ""), decimal_sep)
    if debit is None and credit is None:
        return None
    return abs(credit or Decimal(0)) - abs(debit or Decimal(0))


def _first_year(lines: list[Line]) -> int | None:
    for line in lines:
        for part in find_date_parts(line.text):
            if part.year:
                return part.year
    return None


def assemble(
    path: Path,
    sha256: str,
    document_pages: int,
    encrypted: bool,
    reports: list[PageReport],
    tables: list[PageTable | None],
    text_pages: int,
) -> StatementExtraction:
    """Decide the statement's conventions, parse every row and reconcile."""
    raw_rows: list[RawRow] = [row for table in tables if table for row in table.rows]
    first = next((t for t in tables if t is not None), None)
    header_lines = first.lines_above if first else []
    money_texts = [row.cells[r] for row in raw_rows for r in MONEY_ROLES if row.cells.get(r)]
    decimal_sep = detect_decimal_separator(money_texts)
    date_texts = [row.cells["date"] for row in raw_rows if row.cells.get("date")]
    header_texts = [line.text for line in header_lines]
    provisional = parse_header(header_lines, decimal_sep=decimal_sep, day_first=True)
    day_first = _decide_day_first(date_texts, header_texts, period_of(provisional))
    header: StatementHeader = parse_header(
        header_lines,
        decimal_sep=decimal_sep,
        day_first=day_first,
        currency_hints=[c.label for c in (first.columns if first else [])] + money_texts[:50],
    )
    period = period_of(header)
    if period is None:
        year = _first_year(header_lines) or date.today().year
        period = (date(year, 1, 1), date(year, 12, 31))
    forward_balances = [
        (row.kind, parse_amount(row.cells.get("balance", ""), decimal_sep))
        for row in raw_rows
        if row.kind in ("opening", "closing")
    ]
    if header.opening_balance is None:
        header.opening_balance = next(
            (v for k, v in forward_balances if k == "opening" and v is not None), None
        )
    if header.closing_balance is None:
        header.closing_balance = next(
            (v for k, v in reversed(forward_balances) if k == "closing" and v is not None), None
        )
    parsed: list[tuple[RawRow, date, Decimal, Decimal | None]] = []
    running = header.opening_balance  # the balance before the next row, when known
    for row in raw_rows:
        if row.kind != "txn":
            continue
        report = reports[row.page - 1]
        txn_date = parse_date(row.cells.get("date", ""), day_first=day_first, period=period)
        amount = _flow_amount(row.cells, decimal_sep)
        balance = parse_amount(row.cells.get("balance", ""), decimal_sep)
        if amount is None and report.strategy == "ocr" and None not in (balance, running):
            # OCR lost the amount but both balances around it were read: their difference
            amount = balance - running  # type: ignore[operator]
            if "amount_from_balance" not in report.flags:
                report.flags.append("amount_from_balance")
        if txn_date is None or amount is None:
            if "unparsed_rows" not in report.flags:
                report.flags.append("unparsed_rows")
            running = None if balance is None else balance
            continue
        parsed.append((row, txn_date, amount, balance))
        running = (
            balance if balance is not None else (None if running is None else running + amount)
        )
    amounts = [p[2] for p in parsed]
    balances = [p[3] for p in parsed]
    if header.opening_balance is None and parsed and parsed[0][3] is not None:
        # not printed (or unreadable): the first row's balance minus its amount, flagged
        header.opening_balance = parsed[0][3] - parsed[0][2]
        reports[parsed[0][0].page - 1].flags.append("opening_balance_derived")
    opening, closing = header.opening_balance, header.closing_balance
    candidates = [
        Candidate("as_read", amounts),
        Candidate("flipped", [-a for a in amounts]),
        balance_sign_candidate(amounts, balances, opening),
    ]
    chosen = choose_reading(candidates, balances, opening, closing)
    ocr_rows = [reports[p[0].page - 1].strategy == "ocr" for p in parsed]
    repaired = repair_misreads(chosen.amounts, balances, opening, ocr_rows)
    for index in repaired:
        report = reports[parsed[index][0].page - 1]
        if "ocr_value_repaired" not in report.flags:
            report.flags.append("ocr_value_repaired")
    transactions: list[ExtractedTransaction] = []
    for row_no, ((row, txn_date, _, _), amount, balance) in enumerate(
        zip(parsed, chosen.amounts, balances, strict=True), start=1
    ):
        transactions.append(
            ExtractedTransaction(
                txn_date=txn_date,
                description=" ".join(" ".join(row.description_lines).split()),
                amount=amount,
                balance=balance,
                page=row.page,
                row_no=row_no,
                strategy=reports[row.page - 1].strategy or "",
                bbox=row.bbox,
            )
        )
    reconciliation = reconcile_balances(
        chosen.amounts,
        balances,
        [(t.row_no, t.page) for t in transactions],
        opening,
        closing,
    )
    if chosen.name != "as_read":
        reconciliation.message += f" (signs taken from the '{chosen.name}' reading)"
    if repaired:
        rows = ", ".join(str(i + 1) for i in repaired[:10])
        reconciliation.message += (
            f"; OCR misreads corrected by the running balance in row(s) {rows}"
        )
    return StatementExtraction(
        path=path,
        sha256=sha256,
        page_count=document_pages,
        encrypted=encrypted,
        has_text_layer=text_pages > 0,
        header=header,
        transactions=transactions,
        pages=reports,
        reconciliation=reconciliation,
    )


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
    way); ``pages`` then lists just the pages read, ``page_count`` is still the document's.
    """
    limits = limits or ExtractionLimits()
    path = Path(path)
    check_file(path, limits)
    document = open_pdf(path, password)
    try:
        pages = len(document)
        if pages == 0:
            raise EmptyDocumentError(path, "the PDF has no pages")
        if pages > limits.max_pages:
            raise LimitExceededError(
                path, f"the PDF has {pages} pages, over the {limits.max_pages}-page limit"
            )
        encrypted = is_encrypted(document)
        reports, tables, text_pages = _read_pages(
            document, path, password, default_strategies(column_role_advisor), first_pages
        )
    finally:
        document.close()
    if not any(tables):
        raise EmptyDocumentError(
            path,
            f"no transaction table found on any of its {pages} page(s) "
            f"({'; '.join(sorted({why for r in reports for why in r.rejected.values()}))[:300]})",
        )
    return assemble(path, sha256_of(path), pages, encrypted, reports, tables, text_pages)


# the header sits above the first table; a second page gives the conventions decided from
# the rows (decimal separator, currency hints) more to go on
HEADER_PAGES = 2


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
