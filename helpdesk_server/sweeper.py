"""Housekeeping while the server runs: interrupted uploads and unclaimed attachments.

At startup alone was not enough: a long-running server kept the temporary file of every
upload cut off mid-body (a client gone, a killed worker) until its next restart.
"""

from __future__ import annotations

import logging

import anyio
from anyio import to_thread

from helpdesk_server.config import ServerSettings
from helpdesk_server.db import connect, write_transaction
from helpdesk_server.uploads import remove_interrupted_uploads, remove_stale_uploads

logger = logging.getLogger("helpdesk_server")


def sweep_once(settings: ServerSettings) -> None:
    """One pass; the file system part runs outside the write transaction."""
    remove_interrupted_uploads(settings.files_dir)
    conn = connect(settings.db_path)
    try:
        with write_transaction(conn):
            remove_stale_uploads(conn, settings.files_dir)
    finally:
        conn.close()


async def sweep_periodically(settings: ServerSettings) -> None:
    """Sweep every `settings.sweep_interval` seconds until cancelled (at shutdown)."""
    while True:
        await anyio.sleep(settings.sweep_interval)
        try:
            await to_thread.run_sync(sweep_once, settings)
        except Exception:  # a busy or failing sweep must not end the loop; retry next time
            logger.warning("periodic clean-up failed; retrying in %s s",
                           settings.sweep_interval, exc_info=True)
