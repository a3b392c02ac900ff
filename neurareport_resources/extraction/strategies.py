"""Per-page reading strategies, tried in order; each names itself and says why it declined.

Every strategy turns a page into ``Word`` boxes its own way and hands them to the
same table reader (``table.read_page``), so rows read by OCR or from ruling-line
cells look exactly like rows read from the text layer.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurareport_resources.extraction.dates import fold_month
from neurareport_resources.extraction.table import PageLayout, read_page
from neurareport_resources.extraction.words import Line, Word, group_lines, pdfium_words

if TYPE_CHECKING:
    from concurrent.futures import Future

# fewer characters than this on a page means there is no usable text layer
MIN_TEXT_CHARS = 20
_AMOUNT_HINT = re.compile(r"\d[.,]\d\d(?!\d)")
_DATE_HINT = re.compile(r"\d{1,2}[./-]\d{1,2}|\d{1,2} ?[A-Za-z]{3}|[A-Za-z]{3} ?\d{1,2}")

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
    shared: dict[str, Any] = field(default_factory=dict)  # per-document caches (pdfplumber)
    flags: list[str] = field(default_factory=list)
    text_chars: int | None = None
    words: list[Word] | None = None
    lines: list[Line] | None = None  # the page's lines as the winning strategy read them


def _table_or_reject(lines: list[Line], ctx: PageContext, ocr: bool = False) -> PageLayout:
    table = read_page(lines, ctx.page_index + 1, ocr=ocr)
    if table is None:
        raise StrategyRejected("no line starts with a date and carries an amount")
    ctx.lines = lines
    return table


def _text_layer_words(ctx: PageContext) -> list[Word]:
    """The page's words from pdfium's text layer (read once per page), or rejected."""
    if ctx.words is None:
        ctx.words, ctx.text_chars = pdfium_words(ctx.pdf_page)
    if (ctx.text_chars or 0) < MIN_TEXT_CHARS:
        raise StrategyRejected("page has no text layer")
    return ctx.words


class PdfiumWords:
    """Fast path: text runs and their positions from pdfium's text layer."""

    name = "pdfium_words"

    def read(self, ctx: PageContext) -> PageLayout:
        words = _text_layer_words(ctx)
        try:
            return _table_or_reject(group_lines(words), ctx)
        except StrategyRejected:
            if not reads_as_language(words):
                # a font without a usable character map: the text layer is noise, OCR it
                ctx.flags.append("garbled_text_layer")
                raise StrategyRejected("the text layer does not read as language") from None
            raise


# a whole amount as a statement in a currency without minor units prints it: grouped by
# threes ("1,250,000", "1.250.000", "125 000") or under a thousand ("980"), with its sign
_WHOLE_AMOUNT = re.compile(
    r"^(?P<lead>[-−+(]?(?:[$¥₩€£₦]|[A-Z]{3}\s?)?)"
    r"(?P<number>\d{1,3}(?:(?P<group>[,.'’\u202f\u00a0])\d{3})+|\d{1,3})"
    r"(?P<trail>[-)]?(?:\s?(?:CR|DR|Cr|Dr))?)$"
)


def with_whole_units(words: list[Word]) -> list[Word]:
    """``words`` with every whole amount given two decimals ("1,250,000" -> "1,250,000.00",
    "1.250.000" -> "1.250.000,00"), so the table reader reads them as money. A number
    beside a month name is a day ("12 Mar 2024"), not an amount."""
    rewritten: list[Word] = []
    for line in group_lines(words):
        pieces = line.words or line.chunks
        for index, word in enumerate(pieces):
            match = _WHOLE_AMOUNT.match(word.text)
            beside = [pieces[i].text for i in (index - 1, index + 1) if 0 <= i < len(pieces)]
            if match is None or any(fold_month(text) is not None for text in beside):
                rewritten.append(word)
                continue
            decimals = ",00" if match["group"] == "." else ".00"
            text = f"{match['lead']}{match['number']}{decimals}{match['trail']}"
            rewritten.append(replace(word, text=text))
    return rewritten


class WholeUnitWords:
    """Statements in a currency without minor units (JPY, KRW, CLP, VND, ISK, HUF…) print
    whole amounts. Tried only on a document none of whose pages reads with two-decimal
    amounts (the engine decides), so a reference number in an ordinary statement is never
    taken for money; the arithmetic checks the reading as for any other."""

    name = "whole_units"

    def read(self, ctx: PageContext) -> PageLayout:
        ctx.words = with_whole_units(_text_layer_words(ctx))
        return _table_or_reject(group_lines(ctx.words), ctx)


class PlumberLines:
    """Ruled tables: cells from pdfplumber's ruling-line detection (slower, opened lazily)."""

    name = "pdfplumber_lines"

    def read(self, ctx: PageContext) -> PageLayout:
        if (ctx.text_chars or 0) < MIN_TEXT_CHARS or "garbled_text_layer" in ctx.flags:
            raise StrategyRejected("page has no usable text layer")
        if not _looks_tabular(ctx.words or []):
            raise StrategyRejected("no dates and amounts on the page")
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
        image = render_for_ocr(page, self.dpi)
        # a page with no other page to read beside it (the last, or a one-page scan) is cut
        # into bands read side by side, so it too keeps every worker busy
        document = getattr(page, "pdf", None)
        last = document is None or index + 1 >= len(document)
        alone = last and not any(not job.done() for job in jobs.values())
        bands = self.workers if alone else 1
        jobs[index] = pool.submit(run_tesseract, image, dpi=self.dpi, bands=bands)

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

    def read(self, ctx: PageContext) -> PageLayout:
        from neurareport_resources.extraction.ocr import OcrUnavailable, tesseract_available

        if (ctx.text_chars or 0) >= MIN_TEXT_CHARS and "garbled_text_layer" not in ctx.flags:
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
        ctx.flags.extend(["ocr"] if "garbled_text_layer" in ctx.flags else ["scanned", "ocr"])
        ctx.words = words
        return _table_or_reject(group_lines(words, gap_factor=0.9), ctx, ocr=True)


def reads_as_language(words: list[Word]) -> bool:
    """False for a text layer that is noise: private-use or control characters, or letters
    in proportions no language has (a font whose character map was scrambled)."""
    text = "".join(w.text for w in words)
    if len(text) < 40:
        return True
    odd = sum(1 for ch in text if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cc", "Cn"))
    if odd > 0.1 * len(text):
        return False
    letters = [ch for ch in text.lower() if "a" <= ch <= "z"]
    if len(letters) < 80:
        return True
    vowels = sum(1 for ch in letters if ch in "aeiouy")
    return 0.18 <= vowels / len(letters) <= 0.65


def _looks_tabular(words: list[Word]) -> bool:
    amounts = sum(1 for w in words if _AMOUNT_HINT.search(w.text))
    dates = sum(1 for w in words if _DATE_HINT.search(w.text))
    return amounts >= 2 and dates >= 1


def close_shared(shared: dict[str, Any]) -> None:
    """Release per-document resources strategies opened (pdfplumber, the OCR pool)."""
    plumber = shared.pop("pdfplumber", None)
    if plumber is not None:
        plumber.close()
    pool = shared.pop("ocr_pool", None)
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def default_strategies() -> list[Any]:
    """The strategies in the order they are tried on every page."""
    return [PdfiumWords(), PlumberLines(), Ocr()]
