"""The chat outbox: nothing typed in a chat is lost to a dropped connection.

A message goes into the outbox first (:meth:`Outbox.add`, which gives it its client message
id), then to the server (:meth:`Outbox.flush`). It stays listed by :meth:`Outbox.pending`
until the server *echoes* it (a ``message`` event or a transcript carrying its id:
:meth:`Outbox.acknowledge`), so a front end shows it as pending until then. Entries are sent
in the order they were added, each with the same client message id on every attempt, which
the server uses to store a resent message once. A message the server refuses (chat closed,
too long) is marked ``failed`` with the reason; :meth:`Outbox.retry` puts it back in line.

On disk (CLI and TUI) the outbox is one JSON file per server and profile under the data dir,
mode 0600 (it holds what people wrote), replaced atomically on every change; ``Outbox()``
without a path keeps it in memory. Methods are thread-safe, so TUI workers may share one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from helpdesk_cli.fsutil import atomic_write

if TYPE_CHECKING:
    from api_client import AsyncClient, Client
    from api_client.chat_models import ChatMessage
    from helpdesk_cli.config import Resolved

OutgoingState = Literal["pending", "sent", "failed"]


@dataclass(frozen=True)
class Outgoing:
    """A chat message on its way: ``pending`` (not yet accepted by the server), ``sent``
    (accepted, its echo not seen yet) or ``failed`` (refused; ``error`` says why)."""

    client_id: str
    chat_id: str
    body: str
    created_at: str
    state: OutgoingState = "pending"
    error: str | None = None
    message_id: str | None = None  # the server's id, once accepted


@dataclass(frozen=True)
class FlushResult:
    """What one flush did: ids sent, ids refused, and whether it stopped early because the
    server could not be reached (the rest stays pending, in order, for the next flush)."""

    sent: list[str]
    failed: list[str]
    interrupted: bool = False


def new_client_id() -> str:
    """A client message id the API accepts (``[A-Za-z0-9._:-]``, at most 64 characters)."""
    return f"c-{uuid.uuid4().hex}"


def outbox_path(resolved: Resolved) -> Path:
    """The outbox file of a server and profile (messages belong to where they were typed)."""
    from helpdesk_cli.config import data_dir

    key = hashlib.sha256(f"{resolved.server}\n{resolved.profile}".encode()).hexdigest()[:16]
    return data_dir() / "outbox" / f"{key}.json"


class Outbox:
    """Chat messages not yet echoed by the server, in the order they were written."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._flushing = threading.Lock()  # one flush at a time keeps the order
        self._entries: list[Outgoing] = self._read()

    @classmethod
    def for_profile(cls, resolved: Resolved) -> Outbox:
        """The on-disk outbox of this server and profile."""
        return cls(outbox_path(resolved))

    def __repr__(self) -> str:
        return f"<Outbox {self.path or 'in memory'}: {len(self._entries)} waiting>"

    # --- what front ends call ---------------------------------------------------------

    def add(self, chat_id: str, body: str) -> str:
        """Keep a message for ``chat_id``; returns its client message id."""
        entry = Outgoing(new_client_id(), chat_id, body,
                         datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
        with self._lock:
            self._entries = [*self._read(), entry]
            self._save()
        return entry.client_id

    def pending(self, chat_id: str | None = None) -> list[Outgoing]:
        """Every message not yet echoed (pending, sent or failed), oldest first."""
        with self._lock:
            return [e for e in self._entries if chat_id is None or e.chat_id == chat_id]

    def get(self, client_id: str) -> Outgoing | None:
        with self._lock:
            return next((e for e in self._entries if e.client_id == client_id), None)

    def acknowledge(self, item: Any) -> Outgoing | None:
        """The server echoed a message (a ``MessageEvent`` or a ``ChatMessage``): forget
        the entry with its client message id; returns it, or None if it was not ours."""
        message: ChatMessage = getattr(item, "message", item)
        client_id = getattr(message, "client_message_id", None)
        if not client_id:
            return None
        with self._lock:
            self._entries = self._read()
            found = next((e for e in self._entries if e.client_id == client_id
                          and e.chat_id == message.chat_id), None)
            if found is not None:
                self._entries.remove(found)
                self._save()
            return found

    def retry(self, client_id: str) -> None:
        """Put a failed message back in line (it keeps its place and its id)."""
        self._update(client_id, state="pending", error=None)

    def discard(self, client_id: str) -> None:
        """Drop a message the writer no longer wants sent."""
        with self._lock:
            self._entries = [e for e in self._read() if e.client_id != client_id]
            self._save()

    def flush(self, client: Client, chat_id: str | None = None) -> FlushResult:
        """Send the pending messages (of ``chat_id``, else all) in order with the blocking
        client. Stops at the first transport or server failure; raises AuthenticationError
        (log in again) after keeping everything. Sequential: a second flush waits."""
        with self._flushing:
            outcome = _Outcome()
            for entry in self._due(chat_id):
                try:
                    message = client.chats.send(entry.chat_id, entry.body, entry.client_id)
                except Exception as exc:
                    if not self._refused(entry, exc, outcome):
                        raise
                    if outcome.interrupted:
                        break
                    continue
                self._accepted(entry, message.id, outcome)
            return outcome.result()

    async def aflush(self, client: AsyncClient, chat_id: str | None = None) -> FlushResult:
        """:meth:`flush` with the asyncio client (for the TUI's async workers)."""
        import asyncio

        await asyncio.to_thread(self._flushing.acquire)
        try:
            outcome = _Outcome()
            for entry in self._due(chat_id):
                try:
                    message = await client.chats.send(entry.chat_id, entry.body,
                                                      entry.client_id)
                except Exception as exc:
                    if not self._refused(entry, exc, outcome):
                        raise
                    if outcome.interrupted:
                        break
                    continue
                self._accepted(entry, message.id, outcome)
            return outcome.result()
        finally:
            self._flushing.release()

    # --- internals ------------------------------------------------------------------------

    def _due(self, chat_id: str | None) -> list[Outgoing]:
        with self._lock:
            self._entries = self._read()
            return [e for e in self._entries if e.state == "pending"
                    and (chat_id is None or e.chat_id == chat_id)]

    def _accepted(self, entry: Outgoing, message_id: str, outcome: _Outcome) -> None:
        # The echo may have arrived (and removed the entry) before the POST returned.
        self._update(entry.client_id, state="sent", message_id=message_id)
        outcome.sent.append(entry.client_id)

    def _refused(self, entry: Outgoing, exc: Exception, outcome: _Outcome) -> bool:
        """Decide about a failed send; False means "not ours to handle: re-raise"."""
        from api_client import errors as e

        if isinstance(exc, e.TransportError | e.ServerError | e.RateLimitedError):
            outcome.interrupted = True  # offline or busy: keep it and what follows, in order
            return True
        if isinstance(exc, e.AuthenticationError):
            return False  # everything stays pending; the front end asks for a login
        if isinstance(exc, e.ApiError):
            self._update(entry.client_id, state="failed", error=exc.detail or str(exc))
            outcome.failed.append(entry.client_id)
            return True
        return False

    def _update(self, client_id: str, **changes: Any) -> None:
        with self._lock:
            self._entries = [replace(e, **changes) if e.client_id == client_id else e
                             for e in self._read()]
            self._save()

    def _read(self) -> list[Outgoing]:
        """The entries on disk (another process may have changed them), else in memory."""
        if self.path is None:
            return list(getattr(self, "_entries", []))
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            known = set(Outgoing.__dataclass_fields__)
            return [Outgoing(**{k: v for k, v in item.items() if k in known})
                    for item in raw.get("entries", [])]
        except FileNotFoundError:
            return []
        except (OSError, ValueError, TypeError, AttributeError):
            # A damaged file must not stop the chat; it is kept aside for a person to read.
            self._keep_damaged()
            return []

    def _save(self) -> None:
        if self.path is None:
            return
        doc = {"version": 1, "entries": [asdict(e) for e in self._entries]}
        atomic_write(self.path, json.dumps(doc, indent=2) + "\n", mode=0o600)

    def _keep_damaged(self) -> None:
        assert self.path is not None
        with contextlib.suppress(OSError):
            self.path.replace(self.path.with_suffix(".damaged"))


class _Outcome:
    """What a flush has done so far."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.failed: list[str] = []
        self.interrupted = False

    def result(self) -> FlushResult:
        return FlushResult(list(self.sent), list(self.failed), self.interrupted)
