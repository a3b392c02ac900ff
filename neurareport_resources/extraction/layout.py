"""Table layout analysis: find the header row, map columns to roles, build raw rows.

Works on ``Line``s of chunks from any strategy. Numbers are not parsed here beyond
recognising them: the statement-wide number and date conventions are decided later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from neurareport_resources.extraction.dates import _fold, looks_like_date
from neurareport_resources.extraction.numbers import amount_text, repair_ocr_amount
from neurareport_resources.extraction.words import Line, Word

MONEY_ROLES = ("debit", "credit", "amount", "balance")

_ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "datum", "fecha", "buchungstag", "buchungsdatum", "buchung", "posting date",
        "post date", "trans date", "transaction date", "txn date", "booking date",
        "date operation", "fecha operacion", "date op",
    ),
    "value_date": (
        "value date", "valuta", "wertstellung", "date valeur", "valeur", "fecha valor", "value",
    ),
    "description": (
        "description", "details", "transaction details", "particulars", "transaction",
        "narrative", "memo", "reference", "verwendungszweck", "buchungstext", "text",
        "libelle", "concepto", "descripcion", "operation", "designation", "beschreibung",
        "detail", "transaction description", "payee", "nature de l operation",
    ),
    "debit": (
        "debit", "debits", "withdrawals", "withdrawal", "paid out", "money out", "out", "soll",
        "belastung", "belastungen", "lastschrift", "cargo", "cargos", "debe", "debit amount",
        "payments", "withdrawals debits",
    ),
    "credit": (
        "credit", "credits", "deposits", "deposit", "paid in", "money in", "in", "haben",
        "gutschrift", "gutschriften", "abono", "abonos", "haber", "credit amount", "receipts",
        "deposits credits",
    ),
    "amount": ("amount", "betrag", "montant", "importe", "umsatz", "value amount", "sum"),
    "balance": (
        "balance", "saldo", "solde", "kontostand", "running balance", "balance amount",
    ),
}  # fmt: skip
_ROLE_LOOKUP = {word: role for role, words in _ROLE_WORDS.items() for word in words}
_GLUED_CURRENCY = re.compile(r"(?<=[a-z])(?:eur|usd|gbp|chf)\b")
_CURRENCY_TOKENS = re.compile(r"\b(?:eur|usd|gbp|chf|aud|cad|jpy|sek|nok|dkk|pln)\b|[€$£]")

SPECIAL_ROW_WORDS = (
    "brought forward", "carried forward", "balance forward", "opening balance",
    "closing balance", "previous balance", "new balance", "ubertrag", "vortrag",
    "alter kontostand", "neuer kontostand", "anfangssaldo", "endsaldo", "schlusssaldo",
    "solde initial", "solde final", "solde precedent", "nouveau solde", "ancien solde",
    "report", "a reporter", "saldo inicial", "saldo final", "saldo anterior", "suma y sigue",
    "total", "subtotal", "sub-total", "sub total", "summe", "zwischensumme", "totaux",
    "total des operations", "starting balance", "ending balance", "beginning balance",
)  # fmt: skip
_OPENING_WORDS = (
    "brought forward", "opening balance", "previous balance", "ubertrag", "vortrag",
    "alter kontostand", "anfangssaldo", "solde initial", "solde precedent", "ancien solde",
    "saldo inicial", "saldo anterior", "starting balance", "beginning balance", "balance forward",
)  # fmt: skip


@lru_cache(maxsize=4096)
def role_of_label(text: str) -> str | None:
    """The column role a header label names ('Paid out' -> 'debit'), or None."""
    folded = _fold(text)
    folded = _GLUED_CURRENCY.sub(" ", folded)  # OCR glues "SaldoEUR"
    folded = _CURRENCY_TOKENS.sub(" ", folded)
    folded = " ".join(re.sub(r"[^\w\s]", " ", folded).split())
    if not folded:
        return None
    if folded in _ROLE_LOOKUP:
        return _ROLE_LOOKUP[folded]
    words = folded.split()
    for size in (2, 1):
        for start in range(len(words) - size + 1):
            role = _ROLE_LOOKUP.get(" ".join(words[start : start + size]))
            if role and (size == 2 or len(words[start]) > 2):
                return role
    return None


@lru_cache(maxsize=16384)
def special_row_kind(description: str) -> str | None:
    """'opening', 'closing' or 'subtotal' when a row is a balance/total line, else None."""
    folded = " ".join(re.sub(r"[^\w\s-]", " ", _fold(description)).split())
    for phrase in SPECIAL_ROW_WORDS:
        if folded == phrase or folded.startswith(phrase + " ") or folded.endswith(" " + phrase):
            if phrase in _OPENING_WORDS:
                return "opening"
            if phrase.startswith(("total", "sub", "summe", "zwischen", "suma")):
                return "subtotal"
            return "closing"
    return None


@dataclass(frozen=True)
class ColumnSpan:
    """A mapped column: its role and the x-range of its header label."""

    role: str
    x0: float
    x1: float
    label: str


@dataclass
class RawRow:
    """One table row before number/date parsing: cell texts by role, and where it was."""

    page: int
    cells: dict[str, str]
    bbox: tuple[float, float, float, float]
    kind: str = "txn"  # txn | opening | closing | subtotal
    description_lines: list[str] = field(default_factory=list)


@dataclass
class PageTable:
    """What layout analysis found on one page."""

    columns: list[ColumnSpan]
    rows: list[RawRow]
    header_found: bool
    lines_above: list[Line]  # text above the table (statement header, page header)
    table_rows: list[list[str]]


def _exact_role(text: str) -> str | None:
    folded = _CURRENCY_TOKENS.sub(" ", _GLUED_CURRENCY.sub(" ", _fold(text)))
    return _ROLE_LOOKUP.get(" ".join(re.sub(r"[^\w\s]", " ", folded).split()))


def _split_glued_labels(chunk: Word) -> list[Word]:
    """Two labels read as one chunk ("Buchungstag Valuta" when OCR closes the gap) -> two."""
    words = chunk.text.split()
    if len(words) < 2 or _exact_role(chunk.text):
        return [chunk]
    for cut in range(1, len(words)):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        if _exact_role(left) and _exact_role(right):
            # place the cut in proportion to the characters on each side
            share = (len(left) + 0.5) / (len(chunk.text))
            middle = chunk.x0 + (chunk.x1 - chunk.x0) * share
            return [
                Word(left, chunk.x0, chunk.top, middle, chunk.bottom),
                Word(right, middle + 1, chunk.top, chunk.x1, chunk.bottom),
            ]
    return [chunk]


def find_header(lines: list[Line]) -> tuple[int, list[ColumnSpan]] | None:
    """Index of the table's header line and its columns, or None when no line qualifies."""
    for index, line in enumerate(lines):
        columns: list[ColumnSpan] = []
        for chunk in (part for whole in line.chunks for part in _split_glued_labels(whole)):
            role = role_of_label(chunk.text)
            if role is None:
                columns.append(ColumnSpan("other", chunk.x0, chunk.x1, chunk.text))
                continue
            if role == "date" and any(c.role == "date" for c in columns):
                role = "value_date"
            columns.append(ColumnSpan(role, chunk.x0, chunk.x1, chunk.text))
        roles = {c.role for c in columns}
        mapped = [c for c in columns if c.role != "other"]
        if (
            len(mapped) >= 3
            and "date" in roles
            and roles & set(MONEY_ROLES)
            and len(mapped) >= len(columns) - 1
        ):
            return index, columns
    return None


def column_for(chunk: Word, columns: list[ColumnSpan], is_amount: bool) -> ColumnSpan:
    """The column a chunk belongs to.

    Numbers are usually right-aligned, so their right edge decides; text is
    left-aligned, so its left edge does. Either way the chunk belongs to the last
    column whose label starts at or before that edge.
    """
    edge = chunk.x1 - 1 if is_amount else chunk.x0 + 3
    chosen = columns[0]
    for column in columns:
        if column.x0 <= edge:
            chosen = column
        else:
            break
    if is_amount and chosen.role not in MONEY_ROLES:
        # a number that ends before the first money column is part of the text
        return chosen
    return chosen


def _line_cells(line: Line, columns: list[ColumnSpan], ocr: bool) -> dict[str, list[Word]]:
    cells: dict[str, list[Word]] = {}
    for chunk in line.chunks:
        cleaned = amount_text(chunk.text)
        if cleaned is None and ocr:
            cleaned = repair_ocr_amount(chunk.text)
        column = column_for(chunk, columns, cleaned is not None)
        role = column.role
        if role in MONEY_ROLES:
            if cleaned is None:
                role = "stray"  # text under a money column: page furniture, not a cell
            else:
                chunk.text = cleaned
        cells.setdefault(role, []).append(chunk)
    return cells


def _joined(chunks: list[Word]) -> str:
    return " ".join(c.text for c in chunks)


def read_table(
    lines: list[Line], page: int, inherited: list[ColumnSpan] | None, *, ocr: bool = False
) -> PageTable | None:
    """Rows of the transaction table on one page, or None when no table can be mapped.

    Without a header on the page the columns of the previous page are reused
    (a header missing on later pages still maps the same way).
    """
    header = find_header(lines)
    if header is not None:
        header_index, columns = header
        body = lines[header_index + 1 :]
        above = lines[:header_index]
        header_found = True
    elif inherited:
        columns, body, above, header_found = inherited, lines, [], False
    else:
        return None
    columns = sorted(columns, key=lambda c: c.x0)
    rows: list[RawRow] = []
    table_rows: list[list[str]] = []
    current: RawRow | None = None
    last_bottom = 0.0
    started = header_found
    for line in body:
        cells = _line_cells(line, columns, ocr)
        texts = {role: _joined(chunks) for role, chunks in cells.items()}
        date_text = texts.get("date", "")
        has_date = bool(date_text) and looks_like_date(date_text)
        money = {r: texts[r] for r in MONEY_ROLES if r in texts}
        flow = {r: texts[r] for r in ("debit", "credit", "amount") if r in texts}
        description = texts.get("description", "")
        height = line.bottom - line.top
        if not started:
            if not (has_date and money):
                above.append(line)
                continue
            started = True
        kind = special_row_kind(description) if description else None
        if kind and (not has_date or not flow):
            row = RawRow(page, texts, _bbox(line), kind, [description])
            rows.append(row)
            table_rows.append([texts.get(c.role, "") for c in columns])
            current = None
            last_bottom = line.bottom
            continue
        only_text = set(cells) <= {"description", "other", "value_date"} and description
        if has_date or (flow and (current is None or _has_flow(current))):
            if not has_date and current is None:
                continue  # amounts with no date and no row to inherit one from
            if not has_date and current is not None:
                texts["date"] = current.cells.get("date", "")
            current = RawRow(page, texts, _bbox(line), "txn", [description] if description else [])
            rows.append(current)
            table_rows.append([texts.get(c.role, "") for c in columns])
        elif flow and current is not None:
            # the amounts of a row whose description started on the line above
            current.cells.update(money)
            current.bbox = _union(current.bbox, _bbox(line))
            if description:
                current.description_lines.append(description)
        elif only_text and current is not None and line.top - last_bottom < 1.2 * max(height, 1.0):
            current.description_lines.append(description)
            current.bbox = _union(current.bbox, _bbox(line))
            if table_rows:
                table_rows[-1][_index_of(columns, "description")] += " " + description
        else:
            current = None
            continue
        last_bottom = line.bottom
    return PageTable(columns, rows, header_found, above, table_rows)


def _has_flow(row: RawRow) -> bool:
    return any(row.cells.get(r) for r in ("debit", "credit", "amount"))


def _index_of(columns: list[ColumnSpan], role: str) -> int:
    for index, column in enumerate(columns):
        if column.role == role:
            return index
    return 0


def _bbox(line: Line) -> tuple[float, float, float, float]:
    return (
        min(c.x0 for c in line.chunks),
        line.top,
        max(c.x1 for c in line.chunks),
        line.bottom,
    )


def _union(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> tuple[float, float, float, float]:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
