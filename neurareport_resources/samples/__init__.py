"""Sample bank statements: a reportlab generator with many layout families and their truth.

The tests, the benchmark and the demo draw their statements here, so every
number the extraction engine reads can be compared with what was printed.
"""

from neurareport_resources.samples.families import FAMILIES, LAYOUT_FAMILIES
from neurareport_resources.samples.generator import (
    StatementSpec,
    StatementTruth,
    TruthTransaction,
    generate_statement,
    random_statement_spec,
)

__all__ = [
    "FAMILIES",
    "LAYOUT_FAMILIES",
    "StatementSpec",
    "StatementTruth",
    "TruthTransaction",
    "generate_statement",
    "random_statement_spec",
]
