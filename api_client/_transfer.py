"""Streaming upload (multipart from a path) and download (to a temp file, renamed at the end).

Both are I/O-neutral objects the sync and async send loops share: an upload hands out a fresh
body stream per attempt (so a retry re-reads the file, with the same boundary so the
idempotent replay sees the same body), a download hands out a sink per attempt that only
becomes the destination file once complete.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO

from ._httpx import httpx

Progress = Callable[[int, "int | None"], None]
CHUNK = 64 * 1024


def _quote_param(value: str) -> str:
    """Make a filename safe inside a quoted multipart header parameter."""
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "").replace("\n", "")


class Upload:
    """One file as ``multipart/form-data`` field ``file``, streamed in chunks."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        content_type: str | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise FileNotFoundError(f"no such file: {self.path}")
        if content_type is None:
            import mimetypes

            content_type = mimetypes.guess_type(self.path.name)[0] or "application/octet-stream"
        self.size = self.path.stat().st_size
        self.progress = progress
        self.boundary = "hd-" + secrets.token_hex(16)
        self._head = (
            f"--{self.boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; '
            f'filename="{_quote_param(self.path.name)}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        self._tail = f"\r\n--{self.boundary}--\r\n".encode()

    def headers(self) -> dict[str, str]:
        length = len(self._head) + self.size + len(self._tail)
        return {
            "Content-Type": f"multipart/form-data; boundary={self.boundary}",
            "Content-Length": str(length),
        }

    def _chunks(self, fh: IO[bytes]) -> Iterator[bytes]:
        sent = 0
        if self.progress is not None:
            self.progress(0, self.size)
        while chunk := fh.read(CHUNK):
            sent += len(chunk)
            yield chunk
            if self.progress is not None:
                self.progress(sent, self.size)
        if sent != self.size:
            raise OSError(f"{self.path} changed size while uploading")

    def sync_stream(self) -> Iterator[bytes]:
        yield self._head
        with self.path.open("rb") as fh:
            yield from self._chunks(fh)
        yield self._tail

    async def async_stream(self) -> AsyncIterator[bytes]:
        # Local file reads of 64 KiB are short enough to run inline on the event loop.
        yield self._head
        with self.path.open("rb") as fh:
            for chunk in self._chunks(fh):
                yield chunk
        yield self._tail


class Download:
    """Where and how to save a downloaded body."""

    def __init__(self, dest: str | os.PathLike[str], progress: Progress | None = None) -> None:
        self.dest = Path(dest)
        self.progress = progress

    def target(self, response: httpx.Response) -> Path:
        """The final path: ``dest`` itself, or the server's filename inside a ``dest`` dir."""
        if self.dest.is_dir():
            return self.dest / _safe_filename(response.headers.get("Content-Disposition"))
        return self.dest

    def open(self, response: httpx.Response) -> DownloadSink:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        return DownloadSink(self.target(response), total, self.progress)


class DownloadSink:
    """A temp file next to the target; ``commit`` renames it into place, ``abort`` removes it."""

    def __init__(self, target: Path, total: int | None, progress: Progress | None) -> None:
        self.target = target
        self.total = total
        self.progress = progress
        self.received = 0
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
        self._tmp = Path(tmp)
        self._fh = os.fdopen(fd, "wb")
        if progress is not None:
            progress(0, total)

    def write(self, chunk: bytes) -> None:
        self._fh.write(chunk)
        self.received += len(chunk)
        if self.progress is not None:
            self.progress(self.received, self.total)

    def commit(self) -> Path:
        self._fh.close()
        os.replace(self._tmp, self.target)
        return self.target

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


def _safe_filename(disposition: str | None) -> str:
    """The filename of a Content-Disposition header, stripped of any path parts."""
    name = ""
    if disposition:
        for part in disposition.split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "filename*" and "''" in value:
                from urllib.parse import unquote

                name = unquote(value.split("''", 1)[1])
                break
            if key.lower() == "filename":
                name = value.strip().strip('"')
    name = name.replace("\\", "/").rsplit("/", 1)[-1].strip()
    if name in {"", ".", ".."}:
        return "attachment"
    return name
