"""One folder per stage: intake, extraction, ledger, contracts, reports; plus global resources."""
