"""The page image handed to tesseract: cleaning, PGM bytes and the bands read side by side."""

from __future__ import annotations

import numpy as np

from neurareport_resources.extraction.ocr import as_pgm, clean_page_image, split_bands


def test_a_page_is_cut_into_bands_at_a_white_row_and_nothing_is_lost() -> None:
    page = np.full((300, 200), 255, np.uint8)
    for top in range(10, 290, 20):  # text lines 12 px tall with 8 px of white between
        page[top : top + 12, 20:180] = 0
    bands = split_bands(as_pgm(page), 2)
    assert len(bands) == 2
    (_, start_a), (_, start_b) = bands
    assert start_a == 0 and 130 <= start_b <= 170
    assert page[start_b].min() == 255  # the cut runs between two lines, through no glyph
    rows = [np.frombuffer(band.split(b"\n", 3)[3], np.uint8).reshape(-1, 200) for band, _ in bands]
    assert np.array_equal(np.vstack(rows), page)
    assert split_bands(b"\x89PNG...", 2) == [(b"\x89PNG...", 0)]  # only PGM pages are cut


def test_rulings_and_lone_specks_are_erased_and_text_and_decimal_points_kept() -> None:
    page = np.full((600, 600), 250, np.uint8)
    page[100, 20:580] = 0  # a ruling across the table
    page[300:330, 100:118] = 0  # a digit-sized stroke
    page[326:330, 122:126] = 0  # a decimal point beside it
    page[500:502, 400:402] = 0  # dust in the margin
    clean = clean_page_image(page, 300)
    assert clean[100].min() == 255
    assert clean[300:330, 100:118].max() == 0
    assert clean[326:330, 122:126].max() == 0
    assert clean[500:502, 400:402].min() == 255
