"""What a server does before taking requests: schema, files directory, demo data."""

from __future__ import annotations

from helpdesk_server.config import ServerSettings
from helpdesk_server.db import connect, init_db


def prepare(settings: ServerSettings) -> None:
    """Migrate the database (creating it if needed) and seed it when asked."""
    init_db(settings.db_path)
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    if settings.seed_demo:
        from helpdesk_server.seed import seed_demo

        conn = connect(settings.db_path)
        try:
            conn.execute("BEGIN IMMEDIATE")
            seed_demo(conn)
            if conn.in_transaction:  # the seed may have committed on its own
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
