"""NeuraReport engines and Dagster resources.

The engines (extraction, warehouse, contracts, rendering, delivery) are plain
libraries; ``neurareport_resources.resources`` wraps them as Dagster
``ConfigurableResource`` classes. Nothing here imports ``neurareport_assets``.
"""
