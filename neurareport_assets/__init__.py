"""NeuraReport's Dagster asset graph (the dg project root module)."""
