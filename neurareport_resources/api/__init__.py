"""The upload API: per-tenant API keys, uploads into the statement store, status reads.

``create_app`` builds the FastAPI application; ``make api`` serves it with uvicorn as its
own process beside the Dagster webserver and daemon (docs/upload-api.md).
"""
