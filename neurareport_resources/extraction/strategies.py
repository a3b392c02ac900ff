"""Per-page reading strategies, tried in order; each names itself and says why it declined.

Every strategy turns a page into ``Word`` boxes its own way and hands them to the
same layout analysis (``read_table``), so rows read by OCR or from ruling-line
cells look exactly like rows read from the text layer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurareport_resources.extraction.dates import looks_like_date
from neurareport_resources.extraction.layout import (
    ColumnSpan,
    PageTable,
    find_header,
    read_table,
)
from neurareport_resources.extraction.numbers import is_amount_text
from neurareport_resources.extraction.words import Line, Word, group_lines, pdfium_words

if TYPE_CHECKING:
    from concurrent.futures import Future

# fewer characters than this on a page means there is no usable text layer
MIN_TEXT_CHARS = 20

ColumnRoleAdvisor = Callable[[list[str], list[list[str]]], list[str] | None]


class StrategyRejected(Exception):
    """A strategy could not read the page; the message says why (shown to the analyst)."""


@dataclass
class PageContext:
    """What a strategy may use to read one page."""

    path: Path
    password: str | None
    page_index: int  # 0-based
    pdf_page: Any  # pypdfium2.PdfPage
    inherited: list[ColumnSpan] | None
    shared: dict[str, Any] = field(default_factory=dict)  # per-document caches (pdfplumber)
    flags: list[str] = field(default_factory=list)
    text_chars: int | None = None
    words: list[Word] | None = None


def _table_or_reject(lines: list[Line], ctx: PageContext, ocr: bool = False) -> PageTable:
    table = read_table(lines, ctx.page_index + 1, ctx.inherited, ocr=ocr)
    if table is None:
        raise StrategyRejected("no header row naming a date and an amount column")
    if not any(row.kind == "txn" for row in table.rows):
        raise StrategyRejected("table header found but no transaction rows under it")
    return table


class PdfiumWords:
    """Fast path: text runs and their positions from pdfium's text layer."""

    name = "pdfium_words"

    def read(self, ctx: PageContext) -> PageTable:
        if ctx.words is None:
            ctx.words, ctx.text_chars = pdfium_words(ctx.pdf_page)
        if (ctx.text_chars or 0) < MIN_TEXT_CHARS:
            raise StrategyRejected("page has no text layer")
        return _table_or_reject(group_lines(ctx.words), ctx)


class PlumberLines:
    """Ruled tables: cells from pdfplumber's ruling-line detection (slower, opened lazily)."""

    name = "pdfplumber_lines"

    def read(self, ctx: PageContext) -> PageTable:
        if (ctx.text_chars or 0) < MIN_TEXT_CHARS:
            raise StrategyRejected("page has no text layer")
        import pdfplumber

        document = ctx.shared.get("pdfplumber")
        if document is None:
            document = pdfplumber.open(ctx.path, password=ctx.password or "")
            ctx.shared["pdfplumber"] = document
        page = document.pages[ctx.page_index]
        tables = page.find_tables({"vertical_strategy": "lines", "horizontal_strategy": "lines"})
        if not tables:
            raise StrategyRejected("no ruling lines forming a table")
        # one line per table row, one chunk per cell: cells are never merged with neighbours
        lines: list[Line] = []
        for table in tables:
            for row, texts in zip(table.rows, table.extract(), strict=False):
                chunks = [
                    Word(" ".join(text.split()), bbox[0] + 1, bbox[1], bbox[2] - 1, bbox[3])
                    for bbox, text in zip(row.cells, texts, strict=False)
                    if bbox is not None and text
                ]
                if chunks:
                    lines.append(Line(chunks))
        # page text outside the tables still carries the statement header
        outside = [
            Word(w["text"], w["x0"], w["top"], w["x1"], w["bottom"])
            for w in page.extract_words()
            if not any(t.bbox[1] - 1 <= w["top"] <= t.bbox[3] + 1 for t in tables)
        ]
        lines.extend(group_lines(outside, gap_factor=0.3))
        lines.sort(key=lambda line: line.top)
        return _table_or_reject(lines, ctx)


class Ocr:
    """Scanned pages: tesseract words from a rendered, de-ruled page image.

    While tesseract reads one page the next scanned page is rendered and queued,
    so two tesseract processes keep both cores busy on a long scanned statement.
    """

    name = "ocr"

    def __init__(self, dpi: int = 300, workers: int = 2) -> None:
        self.dpi = dpi
        self.workers = max(1, min(workers, os.cpu_count() or 1))

    def _submit(self, ctx: PageContext, index: int, page: Any) -> None:
        from neurareport_resources.extraction.ocr import render_for_ocr, run_tesseract

        jobs: dict[int, Future] = ctx.shared.setdefault("ocr_jobs", {})
        if index in jobs:
            return
        pool = ctx.shared.get("ocr_pool")
        if pool is None:
            # imported here: only scanned pages need a pool, and every worker start pays imports
            from concurrent.futures import ThreadPoolExecutor

            pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="ocr")
            ctx.shared["ocr_pool"] = pool
        # pdfium is not thread-safe: render here, only tesseract runs in the pool
        png = render_for_ocr(page, self.dpi)
        jobs[index] = pool.submit(run_tesseract, png, dpi=self.dpi)

    def _prefetch_next(self, ctx: PageContext) -> None:
        document = getattr(ctx.pdf_page, "pdf", None)
        following = ctx.page_index + 1
        if document is None or following >= len(document) or self.workers < 2:
            return
        page = document[following]
        try:
            textpage = page.get_textpage()
            chars = textpage.count_chars()
            textpage.close()
            if chars < MIN_TEXT_CHARS:
                self._submit(ctx, following, page)
        finally:
            page.close()

    def read(self, ctx: PageContext) -> PageTable:
        from neurareport_resources.extraction.ocr import OcrUnavailable, tesseract_available

        if (ctx.text_chars or 0) >= MIN_TEXT_CHARS:
            raise StrategyRejected("page has a text layer; OCR not needed")
        if not tesseract_available():
            raise StrategyRejected("tesseract is not installed (apt-get install tesseract-ocr)")
        self._submit(ctx, ctx.page_index, ctx.pdf_page)
        self._prefetch_next(ctx)
        try:
            words = ctx.shared["ocr_jobs"].pop(ctx.page_index).result()
        except OcrUnavailable as error:
            raise StrategyRejected(str(error)) from error
        if not words:
            raise StrategyRejected("OCR found no text on the page image")
        ctx.flags.extend(["scanned", "ocr"])
        ctx.words = words
        return _table_or_reject(group_lines(words, gap_factor=0.9), ctx, ocr=True)


def close_shared(shared: dict[str, Any]) -> None:
    """Release per-document resources strategies opened (pdfplumber, the OCR pool)."""
    plumber = shared.pop("pdfplumber", None)
    if plumber is not None:
        plumber.close()
    pool = shared.pop("ocr_pool", None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class AdvisedColumns:
    """Optional: an advisor (e.g. an LLM) names the column roles of an unlabelled table."""

    name = "llm_columns"

    def __init__(self, advisor: ColumnRoleAdvisor | None) -> None:
        self.advisor = advisor

    def read(self, ctx: PageContext) -> PageTable:
        if self.advisor is None:
            raise StrategyRejected("no column-role advisor configured")
        if not ctx.words:
            raise StrategyRejected("no words on the page to advise on")
        lines = group_lines(ctx.words)
        if find_header(lines) is not None:
            raise StrategyRejected("the page has a header the rules already mapped")
        first_row = next(
            (
                i
                for i, line in enumerate(lines)
                if any(looks_like_date(c.text) for c in line.chunks)
                and any(is_amount_text(c.text) for c in line.chunks)
            ),
            None,
        )
        if first_row is None:
            raise StrategyRejected("no line with both a date and an amount")
        # the row shape to advise on: the widest of the first few table lines
        sample = lines[first_row : first_row + 8]
        model_line = max(sample, key=lambda line: len(line.chunks))
        labels = [c.text for c in (lines[first_row - 1].chunks if first_row else [])]
        roles = self.advisor(labels, [[c.text for c in line.chunks] for line in sample])
        if not roles or len(roles) != len(model_line.chunks):
            raise StrategyRejected("the advisor gave no usable column roles")
        columns = [
            ColumnSpan(role, chunk.x0, chunk.x1, chunk.text)
            for role, chunk in zip(roles, model_line.chunks, strict=True)
        ]
        table = read_table(lines[first_row:], ctx.page_index + 1, columns)
        if table is None or not table.rows:
            raise StrategyRejected("the advised columns gave no rows")
        table.lines_above = lines[:first_row]
        return table


def default_strategies(advisor: ColumnRoleAdvisor | None = None) -> list[Any]:
    """The strategies in the order they are tried on every page."""
    return [PdfiumWords(), PlumberLines(), Ocr(), AdvisedColumns(advisor)]
