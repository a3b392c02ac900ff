"""The report's charts as PNG images (for formats without SVG, such as Word).

Drawn with Pillow from the same geometry the HTML template draws its SVG charts from
(:func:`~neurareport_resources.rendering.context.category_chart` and
``balance_chart``), at twice the size so they stay sharp when printed.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from PIL import Image, ImageDraw, ImageFont

SCALE = 2
FONT_FILES = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
AXIS = "#4a5563"
INK = "#1d2733"
GRID = "#d8dde3"


@lru_cache(maxsize=1)
def _font() -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in FONT_FILES:
        try:
            return ImageFont.truetype(name, 10 * SCALE)
        except OSError:
            continue
    return ImageFont.load_default()


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def category_png(chart: dict[str, Any], percent=lambda v: f"{float(v) * 100:.1f}%") -> bytes | None:
    """Money out per category as horizontal bars; None when nothing went out."""
    bars = chart.get("bars") or []
    if not bars:
        return None
    # room on the right for the value beside the longest bar (the SVG lets it overflow)
    width, height = (int(chart["width"]) + 160) * SCALE, (int(chart["height"]) + 4) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font()
    for bar in bars:
        x, y = float(bar["x"]) * SCALE, float(bar["y"]) * SCALE
        w, h = float(bar["width"]) * SCALE, float(bar["height"]) * SCALE
        draw.rectangle([x, y, x + w, y + h], fill=bar["colour"])
        middle = y + h / 2
        label_x = (float(chart["label_width"]) - 8) * SCALE
        draw.text((label_x, middle), str(bar["label"]), fill=AXIS, font=font, anchor="rm")
        value = f"{bar['value']} · {percent(bar['share'])}"
        draw.text((float(bar["value_x"]) * SCALE, middle), value, fill=INK, font=font, anchor="lm")
    return _png(image)


PAD = 30  # room on the left for long tick labels (the SVG lets them overflow)


def _points(text: str) -> list[tuple[float, float]]:
    pairs = (p.split(",") for p in text.split())
    return [((float(x) + PAD) * SCALE, float(y) * SCALE) for x, y in pairs]


def balance_png(chart: dict[str, Any]) -> bytes | None:
    """End-of-day balance lines, one per account; None when no balance was printed."""
    series = chart.get("series") or []
    if not series:
        return None
    width, height = (int(chart["width"]) + PAD) * SCALE, int(chart["height"]) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font = _font()
    left, right = (float(chart["left"]) + PAD) * SCALE, (float(chart["right"]) + PAD) * SCALE
    for tick in chart.get("ticks") or []:
        y = float(tick["y"]) * SCALE
        draw.line([(left, y), (right, y)], fill=GRID, width=1)
        draw.text((left - 6 * SCALE, y), str(tick["label"]), fill=AXIS, font=font, anchor="rm")
    if chart.get("zero_y") is not None:
        y = float(chart["zero_y"]) * SCALE
        draw.line([(left, y), (right, y)], fill=AXIS, width=SCALE)
    for line in series:
        points = _points(line["points"])
        if len(points) > 1:
            draw.line(points, fill=line["colour"], width=2 * SCALE, joint="curve")
        cx, cy = (float(line["last_x"]) + PAD) * SCALE, float(line["last_y"]) * SCALE
        r = 3 * SCALE
        draw.ellipse([cx - r, cy - r, cx + r, cy + r], fill=line["colour"])
    anchors = {"start": "la", "middle": "ma", "end": "ra"}
    bottom = float(chart["bottom"]) * SCALE
    for day in chart.get("dates") or []:
        draw.text(
            ((float(day["x"]) + PAD) * SCALE, bottom + 8 * SCALE),
            str(day["label"]),
            fill=AXIS,
            font=font,
            anchor=anchors.get(day.get("anchor"), "ma"),
        )
    return _png(image)
