"""General rules for naming styles the tuning batches did not have (issue 11, branch contracts4):
SAP's standard field names, Spanish invoicing words, Hungarian notation, lowercase names
without separators, and the derived values and totals such schemas call for."""

from __future__ import annotations

import pytest

from neurareport_resources.contracts.vocabulary import canonical_words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        # SAP data elements are the same in every SAP system: read them as what they mean
        ("BUKRS", ["company", "code"]),
        ("BELNR", ["document", "number"]),
        ("BUDAT", ["posting", "date"]),
        ("BLDAT", ["document", "date"]),
        ("KOSTL", ["cost", "center"]),
        ("ORT01", ["city"]),
        # German bookkeeping words: a Beleg is an accounting document, not a till receipt
        ("Belegnr", ["document", "number"]),
        ("Hauswährung", ["local", "currency"]),
        ("Sachkonto", ["general", "ledger", "account"]),
        # Spanish: report bounds and invoice words
        ("fecha_desde", ["date", "start"]),
        ("fecha_hasta", ["date", "end"]),
        ("fecha_impresion", ["date", "print"]),
        ("fecha_expedicion", ["date", "issue"]),
        ("razon_social", ["company", "name"]),
        ("retencion_irpf", ["withholding", "irpf"]),
    ],
)
def test_sap_german_and_spanish_names(name: str, words: list[str]) -> None:
    assert canonical_words(name) == words
