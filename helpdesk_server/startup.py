"""What a server does before taking requests: schema, files directory, demo data."""

from __future__ import annotations

import sqlite3

from helpdesk_server.config import ServerSettings
from helpdesk_server.db import SchemaTooNewError, connect, init_db, other_writers_excluded


class StorageError(RuntimeError):
    """The database or files directory cannot be used; the message says which and why."""


def prepare(settings: ServerSettings) -> None:
    """Migrate the database (creating it if needed) and seed it when asked.

    Failures become one StorageError naming the path, so `python -m helpdesk_server` and
    `helpdesk server` can print a sentence instead of a traceback.
    """
    try:
        init_db(settings.db_path)
        settings.files_dir.mkdir(parents=True, exist_ok=True)
        _clean_uploads(settings)
        if settings.seed_demo:
            _seed(settings)
    except SchemaTooNewError as exc:
        raise StorageError(f"{settings.db_path}: {exc}") from exc
    except (sqlite3.Error, OSError) as exc:
        raise StorageError(f"cannot use the database {settings.db_path}: {exc}") from exc


def _clean_uploads(settings: ServerSettings) -> None:
    from helpdesk_server.sweeper import sweep_once

    sweep_once(settings)


def _seed(settings: ServerSettings) -> None:
    from helpdesk_server.seed import seed_demo

    conn = connect(settings.db_path)
    try:
        with other_writers_excluded(conn):  # a server may be running on this database
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
