"""A randomized corpus on disk: statement ``i`` of seed ``s`` is drawn from ``f"{s}-{i}"``.

Files are cached by generator version and seed, one PDF and one truth JSON per
statement, so a corpus of 150 is the first 150 of the corpus of 2,000 and a second
run generates nothing:

    items = build_corpus(Path("var/corpus"), seed=1, size=2000, workers=2)

    python -m neurareport_resources.samples.corpus --seed 1 --size 2000 --out var/corpus
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from neurareport_resources.atomic import atomic_path
from neurareport_resources.samples.randomized import (
    GENERATOR_VERSION,
    CorpusTruth,
    generate_random_statement,
)


@dataclass(frozen=True)
class CorpusItem:
    path: Path
    truth: CorpusTruth


def corpus_folder(root: Path, seed: int) -> Path:
    """Where the statements of ``seed`` are cached for this generator version."""
    return Path(root) / f"randomized-v{GENERATOR_VERSION}-seed{seed}"


def _make(job: tuple[str, int, str]) -> int:
    folder, index, statement_seed = job
    pdf = Path(folder) / f"{index:05d}.pdf"
    truth = generate_random_statement(statement_seed, pdf)
    with atomic_path(pdf.with_suffix(".json")) as tmp:
        Path(tmp).write_text(truth.to_json(), encoding="utf-8")
    return index


def build_corpus(root: Path, seed: int, size: int, workers: int = 2) -> list[CorpusItem]:
    """The first ``size`` statements of ``seed``, generating those not cached yet."""
    if size < 0:
        raise ValueError(f"corpus size must be >= 0, got {size}")
    folder = corpus_folder(root, seed)
    folder.mkdir(parents=True, exist_ok=True)
    missing = [
        (str(folder), index, f"{seed}-{index}")
        for index in range(size)
        if not (folder / f"{index:05d}.json").exists()
    ]
    if missing:
        if workers > 1 and len(missing) > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                list(pool.map(_make, missing, chunksize=4))
        else:
            for job in missing:
                _make(job)
    return [
        CorpusItem(
            folder / f"{index:05d}.pdf",
            CorpusTruth.from_json((folder / f"{index:05d}.json").read_text(encoding="utf-8")),
        )
        for index in range(size)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate (or reuse) a randomized corpus.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--size", type=int, default=150)
    parser.add_argument("--out", type=Path, default=Path("var/corpus"))
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    items = build_corpus(args.out, args.seed, args.size, args.workers)
    pages = sum(item.truth.page_count for item in items)
    print(
        f"{len(items)} statements, {pages} pages in {corpus_folder(args.out, args.seed)} "
        f"({time.perf_counter() - started:.1f}s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
