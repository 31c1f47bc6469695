"""Streaming multipart upload straight to disk, with the size limit enforced on the way.

Starlette's form parser would spool the whole body before we could refuse it; here the
bytes of the `file` part go to a temporary file in the attachments directory chunk by
chunk, hashed as they pass, and the upload stops the moment it exceeds the limit. The
parser (and so every disk write and hash update) runs in a worker thread: the event loop
only receives the body, so slow disks never stall other requests.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import re
import sqlite3
import time
import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import IO

from anyio import to_thread
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header

from helpdesk_server.errors import ProblemError, field_error
from helpdesk_server.timeutil import iso, utcnow

_FORM_OVERHEAD = 64 * 1024  # headers, boundaries and small extra fields
_CONTENT_TYPE_RE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}")


@dataclass
class StoredUpload:
    """A file written under a temporary name; `move_to` publishes it."""

    path: Path
    filename: str
    content_type: str
    size: int
    sha256: str

    def move_to(self, dest: Path) -> None:
        self.path.replace(dest)
        self.path = dest

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()


def too_large(limit: int) -> ProblemError:
    return ProblemError(413, "payload-too-large",
                        f"The file is larger than the limit of {limit} bytes.")


_WHATWG_ESCAPES = {"%22": '"', "%0D": "\r", "%0A": "\n", "%0d": "\r", "%0a": "\n"}


def decode_form_filename(raw: str) -> str:
    """Undo the escapes browsers and httpx apply inside a quoted multipart `filename`.

    The HTML spec (WHATWG) writes `"` as %22 and CR/LF as %0D/%0A; nothing else is
    percent-encoded, so a literal `%41` in a name stays as it is.
    """
    return re.sub(r"%(?:22|0[dDaA])", lambda m: _WHATWG_ESCAPES[m.group(0)], raw)


def clean_filename(raw: str) -> str:
    """Keep only the last path component, printable characters and a sane length."""
    name = re.split(r"[\\/]", raw)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name)
                   if unicodedata.category(c)[0] != "C")
    name = name.strip().strip(".") or "upload"
    if len(name) > 200:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 190] + dot + ext[:9]) if dot and len(ext) <= 9 else name[:200]
    return name


def clean_content_type(raw: str, filename: str) -> str:
    value = raw.split(";")[0].strip().lower()
    if _CONTENT_TYPE_RE.fullmatch(value):
        return value
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


@dataclass
class _State:
    limit: int
    tmp_path: Path
    header_field: bytearray = field(default_factory=bytearray)
    header_value: bytearray = field(default_factory=bytearray)
    headers: dict[str, bytes] = field(default_factory=dict)
    in_file: bool = False
    files_seen: int = 0
    out: IO[bytes] | None = None
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    size: int = 0
    filename: str = ""
    content_type: str = ""
    done: bool = False

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        name = bytes(self.header_field).decode("latin-1").strip().lower()
        self.headers[name] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def on_part_begin(self) -> None:
        self.headers = {}

    def on_headers_finished(self) -> None:
        _disposition, options = parse_options_header(
            self.headers.get("content-disposition", b"").decode("latin-1")
        )
        self.in_file = options.get(b"name") == b"file"
        if not self.in_file:
            return
        self.files_seen += 1
        if self.files_seen > 1:
            raise field_error("file", "Send exactly one `file` part.")
        raw_name = decode_form_filename(
            options.get(b"filename", b"upload").decode("utf-8", "replace")
        )
        self.filename = clean_filename(raw_name)
        self.content_type = clean_content_type(
            self.headers.get("content-type", b"").decode("latin-1"), self.filename
        )
        self.out = open(self.tmp_path, "wb")  # noqa: SIM115  (closed in on_part_end / finally)

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if not self.in_file or self.out is None:
            return
        chunk = data[start:end]
        self.size += len(chunk)
        if self.size > self.limit:
            raise too_large(self.limit)
        self.digest.update(chunk)
        self.out.write(chunk)

    def on_part_end(self) -> None:
        if self.in_file and self.out is not None:
            self.out.close()
        self.in_file = False

    def on_end(self) -> None:
        self.done = True


async def receive_upload(
    content_type_header: str | None,
    content_length: str | None,
    stream: AsyncIterator[bytes],
    files_dir: Path,
    limit: int,
) -> StoredUpload:
    """Parse a multipart/form-data body, store its `file` part, and describe it."""
    ctype, options = parse_options_header(content_type_header or "")
    if ctype != b"multipart/form-data":
        raise ProblemError(415, "unsupported-media-type",
                           "Upload the file as multipart/form-data in a field named `file`.")
    boundary = options.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise ProblemError(400, "bad-request", "The multipart boundary is missing or invalid.")
    if content_length is not None and content_length.isdigit() and \
            int(content_length) > limit + _FORM_OVERHEAD:
        raise too_large(limit)
    state = _State(limit=limit, tmp_path=files_dir / f".upload-{uuid.uuid4().hex}")
    parser = MultipartParser(
        boundary,
        callbacks={
            "on_part_begin": state.on_part_begin,
            "on_part_data": state.on_part_data,
            "on_part_end": state.on_part_end,
            "on_header_field": state.on_header_field,
            "on_header_value": state.on_header_value,
            "on_header_end": state.on_header_end,
            "on_headers_finished": state.on_headers_finished,
            "on_end": state.on_end,
        },
    )
    received = 0
    try:
        async for chunk in stream:
            received += len(chunk)
            if received > limit + _FORM_OVERHEAD:
                raise too_large(limit)
            await to_thread.run_sync(parser.write, chunk)
        await to_thread.run_sync(parser.finalize)
    except MultipartParseError:
        await to_thread.run_sync(_discard, state)
        raise ProblemError(400, "bad-request", "The multipart body is malformed.") from None
    except BaseException:
        await to_thread.run_sync(_discard, state)
        raise
    finally:
        if state.out is not None:
            await to_thread.run_sync(state.out.close)
    if not state.done:
        await to_thread.run_sync(_discard, state)
        raise ProblemError(400, "bad-request", "The multipart body ended early.")
    if state.files_seen == 0:
        raise field_error("file", "No `file` part in the form.")
    if state.size == 0:
        await to_thread.run_sync(_discard, state)
        raise field_error("file", "The file is empty.")
    return StoredUpload(state.tmp_path, state.filename, state.content_type, state.size,
                        state.digest.hexdigest())


def _discard(state: _State) -> None:
    if state.out is not None:
        state.out.close()
    state.tmp_path.unlink(missing_ok=True)


UNCLAIMED_MAX_AGE_S = 24 * 3600
# A receiving upload writes its temporary file as the bytes arrive; one left untouched this
# long was cut off (the client vanished mid-body, or the server was killed).
INTERRUPTED_MAX_AGE_S = 15 * 60


def remove_interrupted_uploads(files_dir: Path, now: float | None = None) -> int:
    """Delete temporary files of uploads that stopped receiving; return how many."""
    cutoff = (time.time() if now is None else now) - INTERRUPTED_MAX_AGE_S
    removed = 0
    for leftover in files_dir.glob(".upload-*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < cutoff:
                leftover.unlink()
                removed += 1
    return removed


def remove_stale_uploads(conn: sqlite3.Connection, files_dir: Path) -> int:
    """Delete attachments no message claimed within a day (inside a write transaction).

    Without it, uploads that were never attached pile up forever. Returns how many
    attachments were removed.
    """
    # The real clock: ago() follows HELPDESK_SEED_CLOCK, which is for seeded demo data only.
    stamp = iso(utcnow() - timedelta(seconds=UNCLAIMED_MAX_AGE_S))
    rows = conn.execute(
        "SELECT id, public_id FROM attachments WHERE message_id IS NULL AND created_at < ?",
        (stamp,),
    ).fetchall()
    for row in rows:
        conn.execute("DELETE FROM attachments WHERE id = ?", (row["id"],))
        with contextlib.suppress(OSError):
            (files_dir / row["public_id"]).unlink()
    return len(rows)
