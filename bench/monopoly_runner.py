"""Read a manifest of statements with monopoly-core's generic parser, print JSON results.

Runs in the bench's own environment (var/bench-peers, made by ``make bench-peers``),
never in the project's: monopoly-core is a peer being measured, not a dependency.
The call sequence is the one monopoly's CLI uses for a bank it does not recognise
(``PdfDocument`` -> ``PdfParser(GenericBank, ...)`` -> ``Pipeline.extract/transform``).

    var/bench-peers/bin/python bench/monopoly_runner.py MANIFEST.json OUT.json
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path


def read(path: Path) -> dict:
    from monopoly.generic import GenericBank
    from monopoly.pdf import PdfDocument, PdfParser
    from monopoly.pipeline import Pipeline

    document = PdfDocument(path)
    pipeline = Pipeline(PdfParser(GenericBank, document))
    statement = pipeline.extract(safety_check=False)
    rows = []
    for txn in pipeline.transform(statement):
        balance = getattr(txn, "balance", None)
        rows.append(
            {
                "date": str(txn.date),
                "description": txn.description,
                "amount": f"{Decimal(str(txn.amount)):.2f}",
                "balance": None if balance is None else f"{Decimal(str(balance)):.2f}",
            }
        )
    return {"transactions": rows}


def main(argv: list[str]) -> int:
    from file_loop import read_files

    manifest, out = json.loads(Path(argv[0]).read_text()), Path(argv[1])
    per_file = float(argv[2]) if len(argv) > 2 else 120.0
    out.write_text(json.dumps(read_files(manifest, read, per_file)))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
