"""Pure domain rules the asset checks use (no Dagster, no I/O)."""
