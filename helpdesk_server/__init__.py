"""Reference implementation of the helpdesk-cli Self-Service API (FastAPI + SQLite)."""

__version__ = "0.1.0"
