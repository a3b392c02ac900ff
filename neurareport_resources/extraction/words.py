"""Words with positions, and their grouping into lines and cell-sized chunks.

Every strategy (PDF text layer, ruling-line cells, OCR) produces ``Word`` boxes in
PDF points with a top-left origin; the same layout analysis then runs on them.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any


@dataclass(slots=True)
class Word:
    """A piece of text and its box: x0, top, x1, bottom in PDF points (origin top-left)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    # words rebuilt from one text run: the run, and whether a single space preceded the word
    # in it (the words of one phrase stay one chunk however wide the letter spacing)
    run: int = -1
    spaced: bool = False
    bold: bool = False  # drawn in a bold font (headings, totals)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Chunks sharing a baseline, left to right; ``words`` are the pieces they were merged from."""

    chunks: list[Word]
    words: list[Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(c.top for c in self.chunks)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chunks)

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)

    @property
    def bold(self) -> bool:
        """Every word of the line is bold (a heading or a total, not a description)."""
        words = self.words or self.chunks
        return bool(words) and all(w.bold for w in words)


_TEXT_OBJECT_ID: Any = None


def _text_object_id() -> Any:
    """``FPDFText_GetTextObject`` returning the object's address as an int (cheap to compare)."""
    global _TEXT_OBJECT_ID
    if _TEXT_OBJECT_ID is None:
        import pypdfium2.raw as pdfium_c

        prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
        _TEXT_OBJECT_ID = ctypes.cast(pdfium_c.FPDFText_GetTextObject, prototype)
    return _TEXT_OBJECT_ID


def _runs_by_object(textpage: Any, n_chars: int) -> tuple[str, list[tuple[int, int]]] | None:
    """The page text and the (start, end) character range of each text object's run, in
    pdfium's rectangle order; None if they do not line up.

    pdfium builds one rectangle per run of characters from the same text object;
    grouping the page text the same way costs one call per character instead of a
    full page scan per rectangle (``get_text_bounded``), ~10x faster.
    """
    text = textpage.get_text_range(0, n_chars)
    if len(text) != n_chars:
        return None  # characters outside the BMP: indexes do not line up
    object_id = _text_object_id()
    address = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    owners = list(map(object_id, itertools.repeat(address, n_chars), range(n_chars)))
    runs: list[tuple[int, int]] = []
    current = None
    start = 0
    for index, owner in enumerate(owners):
        if not owner:  # a character pdfium generated (space, line break)
            continue
        if owner != current:
            if current is not None:
                runs.append((start, index))
            current, start = owner, index
    if current is not None:
        runs.append((start, n_chars))
    return text, runs


# a run is split into words by its glyph boxes when it is padded with spaces into columns,
# or much wider than its characters would be (gaps drawn by kerning or letter spacing)
_PADDING = re.compile(r"\S\s{2,}\S")
# a lone sign or dash before an amount: its distance decides whether it signs the amount
# or is an empty cell of the column before
_LONE_SIGN = re.compile(r"(?:^|\s)[-+−–]\s")
_WIDE_RUN = 0.9  # width per character, in text heights, beyond which a run hides gaps


def _needs_split(text: str, width: float, height: float, char_width: float | None) -> bool:
    stripped = text.strip()
    if len(stripped) < 2:
        return False
    if _PADDING.search(stripped) or _LONE_SIGN.search(stripped):
        return True
    if char_width is not None and " " in stripped:
        return width > 1.35 * char_width * len(stripped)
    return width > _WIDE_RUN * max(height, 1.0) * len(stripped)


def _page_char_width(runs: list[tuple[str, float]]) -> float | None:
    """The page's usual character width, from its single-word runs (text, width)."""
    widths = sorted(w / len(t) for t, w in runs if len(t) >= 3 and " " not in t)
    return widths[len(widths) // 2] if len(widths) >= 5 else None


Glyph = tuple[str, float, float, float, float]  # char, x0, top, x1, bottom
Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _glyph_words(
    textpage: Any,
    text: str,
    start: int,
    end: int,
    orientation: _Orientation,
    run: int,
    *,
    whole_page: bool = False,
) -> list[Word]:
    """Words of one run rebuilt from its glyph boxes: cut at spaces and at visible gaps.

    Loose boxes (the font's ascent to descent, advance width) make the glyphs of a word
    touch, or sit one letter-spacing apart: the run's usual glyph gap is measured and a
    gap clearly wider than it is a word break even where no space character was drawn.
    ``whole_page``: the page draws glyph by glyph, in any order — rotated glyphs are left
    out and the rest are put in reading order by position before words are built.
    """
    import pypdfium2.raw as pdfium_c

    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    raw = textpage.raw
    glyphs: list[Glyph] = []
    for index in range(start, end):
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, ref):
            continue
        if whole_page and not orientation.upright(pdfium_c.FPDFText_GetCharAngle(raw, index)):
            continue
        char = " " if text[index].isspace() else text[index]
        x0, y0, x1, y1 = orientation.box(rect.left, rect.bottom, rect.right, rect.top)
        if char == " " and x1 - x0 <= 0:
            continue
        glyphs.append((char, x0, y0, x1, y1))
    if whole_page:
        glyphs = _reading_order(glyphs)
    return _join_glyphs(glyphs, run)


def _reading_order(glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs sorted into lines (by their vertical middle) and left to right in each line;
    a space glyph is kept where it falls."""
    ordered = sorted(glyphs, key=lambda g: ((g[2] + g[4]) / 2, g[1]))
    lines: list[list[Glyph]] = []
    middle = height = 0.0
    for glyph in ordered:
        glyph_middle, glyph_height = (glyph[2] + glyph[4]) / 2, glyph[4] - glyph[2]
        if lines and abs(glyph_middle - middle) <= 0.4 * max(height, glyph_height):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
            middle, height = glyph_middle, glyph_height
    out: list[Glyph] = []
    for line in lines:
        line.sort(key=lambda g: g[1])
        out.extend(line)
        out.append((" ", 0.0, 0.0, 0.0, 0.0))  # a line end breaks the word
    return out


def _join_glyphs(glyphs: list[Glyph], run: int) -> list[Word]:
    ink = [g for g in glyphs if g[0] != " "]
    gaps = sorted(
        b[1] - a[3]
        for a, b in itertools.pairwise(ink)
        if abs(a[2] - b[2]) < 0.3 * (a[4] - a[2]) and b[1] > a[1]
    )
    letter_gap = max(0.0, gaps[len(gaps) // 3]) if len(gaps) >= 3 else 0.0
    words: list[Word] = []
    current: Word | None = None
    spaced = False
    for char, x0, y0, x1, y1 in glyphs:
        if char == " ":
            if current is not None:
                spaced = True
            current = None
            continue
        height = max(y1 - y0, 1.0)
        gap = None if current is None else x0 - current.x1
        if (
            current is not None
            and gap is not None
            and -0.2 * height < gap < letter_gap + 0.14 * height
            and abs(y0 - current.top) < 0.3 * height
        ):
            current.text += char
            current.x1 = max(current.x1, x1)
            current.top = min(current.top, y0)
            current.bottom = max(current.bottom, y1)
        else:
            previous = words[-1] if words else None
            joined = spaced or (
                previous is not None
                and gap is not None
                and 0 < gap < letter_gap + 0.75 * height
                and abs(y0 - previous.top) < 0.3 * height
            )
            current = Word(char, x0, y0, x1, y1, run, joined and previous is not None)
            words.append(current)
        spaced = False
    return words


def _drawn_glyph_by_glyph(text: str, runs: list[tuple[int, int]]) -> bool:
    """Most text objects hold a single character (a PDF that positions every glyph)."""
    if len(runs) < 40:
        return False
    single = sum(1 for start, end in runs if len(text[start:end].strip()) <= 1)
    return single > 0.6 * len(runs)


def _upright(angle: float) -> bool:
    """pdfium's character angle (radians, -1 when unknown) is close to horizontal."""
    if angle < 0:
        return True
    turn = angle % (2 * math.pi)
    return turn < 0.05 or turn > 2 * math.pi - 0.05


@dataclass(frozen=True)
class _Orientation:
    """Which way the page's text reads: ``turn`` is pdfium's character angle (clockwise
    quarter turns, in degrees) that most of its text is drawn at — 0 on an ordinary page,
    90 on a landscape statement stored as a portrait page with ``/Rotate 270`` — and
    ``width`` × ``height`` is the unrotated page. Boxes come out as the reader sees them."""

    turn: int
    width: float
    height: float

    def box(self, left: float, bottom: float, right: float, top: float) -> Box:
        """A PDF rectangle as x0, top, x1, bottom in reading coordinates (origin top-left)."""
        if self.turn == 90:
            return self.height - top, self.width - right, self.height - bottom, self.width - left
        if self.turn == 270:
            return bottom, left, top, right
        if self.turn == 180:
            return self.width - right, bottom, self.width - left, top
        return left, self.height - top, right, self.height - bottom

    def upright(self, angle: float) -> bool:
        """Whether a character (pdfium's angle, radians, -1 when unknown) reads along the
        page's text."""
        return angle < 0 or _upright(angle - math.radians(self.turn))


def _orientation(page: Any, textpage: Any, n_chars: int) -> _Orientation:
    """The quarter turn most of the page's characters are drawn at (sampled)."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_mediabox()
    turns: Counter[int] = Counter()
    for index in range(0, n_chars, max(1, n_chars // 400)):
        angle = pdfium_c.FPDFText_GetCharAngle(textpage.raw, index)
        if angle >= 0 and pdfium_c.FPDFText_GetUnicode(textpage.raw, index) > 32:
            turns[round(math.degrees(angle) / 90) % 4 * 90] += 1
    turn, count = turns.most_common(1)[0] if turns else (0, 0)
    if count < 0.6 * sum(turns.values()):
        turn = 0
    return _Orientation(turn, right - left, top - bottom)


def pdfium_words(page: Any) -> tuple[list[Word], int]:
    """Text runs of a pypdfium2 page as ``Word`` boxes, plus the page's character count.

    pdfium returns one rectangle per text object (usually a cell or a word). A run that
    holds several cells (a whole row drawn as one string, columns made by spaces or
    kerning) is cut into words by its glyph boxes. Rotated text (watermarks, margin codes)
    is left out: it is never table content. ``group_lines`` merges runs that split a cell.
    """
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    try:
        n_chars = textpage.count_chars()
        words: list[Word] = []
        if n_chars <= 0:
            return words, 0
        orientation = _orientation(page, textpage, n_chars)
        n_rects = textpage.count_rects()
        mapped = _runs_by_object(textpage, n_chars)
        if mapped is not None and len(mapped[1]) != n_rects:
            mapped = None  # e.g. an object of blank characters has no rectangle: go slow
        if mapped is not None and _drawn_glyph_by_glyph(mapped[0], mapped[1]):
            # every glyph its own text object: words come from glyph positions alone
            return _glyph_words(
                textpage, mapped[0], 0, n_chars, orientation, 0, whole_page=True
            ), n_chars
        raw = textpage.raw
        runs: list[tuple[int, str, str, float, float, float, float, int, int, bool]] = []
        for index in range(n_rects):
            left, bottom, right, top = textpage.get_rect(index)
            if mapped is None:
                raw_text = textpage.get_text_bounded(left, bottom, right, top)
                start = end = -1
            else:
                start, end = mapped[1][index]
                raw_text = mapped[0][start:end]
                if not orientation.upright(pdfium_c.FPDFText_GetCharAngle(raw, start)):
                    continue
            text = " ".join(raw_text.split())
            if not text:
                continue
            bold = start >= 0 and pdfium_c.FPDFText_GetFontWeight(raw, start) >= 600
            x0, y0, x1, y1 = orientation.box(left, bottom, right, top)
            runs.append((index, text, raw_text, x0, y0, x1, y1, start, end, bold))
        char_width = _page_char_width([(r[1], r[5] - r[3]) for r in runs])
        for index, text, raw_text, x0, y0, x1, y1, start, end, bold in runs:
            if start >= 0 and _needs_split(raw_text, x1 - x0, y1 - y0, char_width):
                split = _glyph_words(textpage, mapped[0], start, end, orientation, index)  # type: ignore[index]
                for word in split:
                    word.bold = bold
                words.extend(split)
                continue
            words.append(Word(text, x0, y0, x1, y1, index, bold=bold))
        return words, n_chars
    finally:
        textpage.close()


def group_lines(words: list[Word], gap_factor: float = 0.55) -> list[Line]:
    """Group words into lines by vertical overlap, then merge words closer than a space.

    Two words join one chunk when the gap between them is under ``gap_factor`` times
    the line's text height: a word space is ~0.3 em, a column gap is several em.
    """
    if not words:
        return []
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    rows: list[list[Word]] = []
    row_middle = 0.0
    row_height = 0.0
    for word in ordered:
        if rows and abs(word.middle - row_middle) <= 0.45 * max(row_height, word.height):
            rows[-1].append(word)
            n = len(rows[-1])
            row_middle += (word.middle - row_middle) / n
            row_height = max(row_height, word.height)
        else:
            rows.append([word])
            row_middle, row_height = word.middle, word.height
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        text_height = median(w.height for w in row)
        chunks: list[Word] = [Word(row[0].text, row[0].x0, row[0].top, row[0].x1, row[0].bottom)]
        previous = row[0]
        for word in row[1:]:
            last = chunks[-1]
            gap = word.x0 - last.x1
            same_phrase = word.spaced and word.run == previous.run >= 0 and gap < 1.6 * text_height
            previous = word
            if gap < gap_factor * text_height or same_phrase:
                # runs that touch are one word drawn in pieces; otherwise a space separates them
                sep = "" if gap <= 0.08 * text_height and not same_phrase else " "
                last.text = last.text + sep + word.text
                last.x1 = max(last.x1, word.x1)
                last.top = min(last.top, word.top)
                last.bottom = max(last.bottom, word.bottom)
            else:
                chunks.append(Word(word.text, word.x0, word.top, word.x1, word.bottom))
        lines.append(Line(chunks, row))
    lines.sort(key=lambda line: line.top)
    return lines
