"""Turn a text PDF into what a desk scanner makes of its printout.

Each page is rendered at 200 or 300 dpi in grey, rotated by the drawn skew (up to
2 degrees), sprinkled with speckle noise (dust, toner) and stored as a JPEG image:
the PDF that comes out has no text layer at all.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image


def degrade(image: Image.Image, conventions: dict[str, str], rng: random.Random) -> Image.Image:
    """Skew and speckle one grey page image as the conventions say."""
    if conventions["scan_skew"] == "skewed":
        angle = rng.choice((-1, 1)) * rng.uniform(0.3, 2.0)
    else:
        angle = rng.uniform(-0.15, 0.15)
    image = image.rotate(angle, resample=Image.Resampling.NEAREST, fillcolor=255, expand=False)
    pixels = np.asarray(image, dtype=np.uint8).copy()
    noise = np.random.default_rng(rng.randrange(2**32))
    # a faint paper tone and sensor noise on every scan
    tone = noise.integers(0, 14, size=pixels.shape, dtype=np.uint8)
    np.subtract(pixels, np.minimum(tone, pixels), out=pixels)
    if conventions["scan_noise"] == "speckle":
        density = rng.uniform(0.0003, 0.0015)
        count = int(pixels.size * density)
        ys = noise.integers(0, pixels.shape[0], count)
        xs = noise.integers(0, pixels.shape[1], count)
        pixels[ys, xs] = noise.integers(0, 90, count, dtype=np.uint8)
        # a few larger specks (2x2) and white drop-outs inside strokes
        ys2, xs2 = ys[: count // 4], xs[: count // 4]
        pixels[np.minimum(ys2 + 1, pixels.shape[0] - 1), xs2] = 30
        pixels[ys2, np.minimum(xs2 + 1, pixels.shape[1] - 1)] = 30
        drop = int(pixels.size * density / 3)
        pixels[
            noise.integers(0, pixels.shape[0], drop), noise.integers(0, pixels.shape[1], drop)
        ] = 255
    return Image.fromarray(pixels, mode="L")


def scan_pdf(pdf: bytes, conventions: dict[str, str], rng: random.Random) -> bytes:
    """The image-only PDF a scanner makes of ``pdf`` at the drawn resolution.

    Pillow writes the pages as JPEG (DCTDecode) images at the scan's resolution, so
    each page keeps the size of the page it was scanned from.
    """
    import pypdfium2 as pdfium

    dpi = 200 if conventions["scan"] == "scan_200" else 300
    quality = rng.randint(45, 85)
    document = pdfium.PdfDocument(pdf)
    try:
        images = [
            degrade(
                page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L"), conventions, rng
            )
            for page in document
        ]
    finally:
        document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", resolution=float(dpi), quality=quality, save_all=True,
                   append_images=images[1:])  # fmt: skip
    return out.getvalue()
