"""Streaming upload (multipart from a path) and download (to a temp file, renamed at the end).

The sync and async send loops share these objects: an upload hands out a fresh body stream
per attempt (so a retry re-reads the file, with the same boundary so the idempotent replay
sees the same body), a download hands out a sink per attempt that only becomes the
destination file once complete. The file work itself is blocking; the async loop runs it in
worker threads (a slow or network home directory must not stall a TUI) and keeps the
progress callbacks on the event loop, so the methods that touch files are kept apart from
the ones that report progress.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO
from urllib.parse import unquote

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

    def _report(self, sent: int) -> None:
        if self.progress is not None:
            self.progress(sent, self.size)

    def _check_size(self, sent: int) -> None:
        if sent != self.size:
            raise OSError(f"{self.path} changed size while uploading")

    def _open(self) -> IO[bytes]:
        return self.path.open("rb")

    def sync_stream(self) -> Iterator[bytes]:
        yield self._head
        with self._open() as fh:
            sent = 0
            self._report(sent)
            while chunk := fh.read(CHUNK):
                sent += len(chunk)
                yield chunk
                self._report(sent)
            self._check_size(sent)
        yield self._tail

    async def async_stream(self) -> AsyncIterator[bytes]:
        yield self._head
        import asyncio  # here: the blocking CLI never pays for the event loop (~15 ms)

        fh = await asyncio.to_thread(self._open)
        try:
            sent = 0
            self._report(sent)
            while chunk := await asyncio.to_thread(fh.read, CHUNK):
                sent += len(chunk)
                yield chunk
                self._report(sent)
            self._check_size(sent)
        finally:
            fh.close()  # read-only: nothing to flush, so closing cannot block on the disk
        yield self._tail


class Download:
    """Where and how to save a downloaded body.

    The server's filename is untrusted (any https server, possibly hostile): inside a ``dest``
    directory only a sanitized basename is used, and no existing file is ever replaced.
    """

    def __init__(
        self,
        dest: str | os.PathLike[str],
        progress: Progress | None = None,
        *,
        overwrite: bool = False,
        fallback_name: str = "attachment",
    ) -> None:
        self.dest = Path(dest)
        self.progress = progress
        self.overwrite = overwrite
        self.fallback_name = fallback_name
        if not overwrite and not self.dest.is_dir() and os.path.lexists(self.dest):
            raise FileExistsError(f"{self.dest} already exists (pass overwrite=True to replace)")

    def open(self, response: httpx.Response) -> DownloadSink:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        if self.dest.is_dir():
            name = safe_filename(response.headers.get("Content-Disposition"), self.fallback_name)
            return DownloadSink(self.dest, name, total, self.progress, unique=True)
        return DownloadSink(
            self.dest.parent, self.dest.name, total, self.progress,
            unique=False, overwrite=self.overwrite,
        )


class DownloadSink:
    """A temp file in the target directory; ``commit`` moves it into place, ``abort`` removes it.

    ``commit`` hard-links the temp file to the final name, which fails instead of replacing
    an existing file, so a check-then-write race cannot clobber anything either.
    """

    def __init__(
        self,
        directory: Path,
        name: str,
        total: int | None,
        progress: Progress | None,
        *,
        unique: bool,
        overwrite: bool = False,
    ) -> None:
        self.directory = directory
        self.name = name
        self.unique = unique
        self.overwrite = overwrite
        self.total = total
        self.progress = progress
        self.received = 0
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".hd-download-", suffix=".part")
        self._tmp = Path(tmp)
        self._fh = os.fdopen(fd, "wb")

    def store(self, data: bytes) -> None:
        """Append to the temp file (blocking; the async client runs it in a thread)."""
        self._fh.write(data)

    def advance(self, count: int) -> None:
        """Count received bytes and tell the progress callback (on the caller's thread)."""
        self.received += count
        if self.progress is not None:
            self.progress(self.received, self.total)

    def write(self, chunk: bytes) -> None:
        self.store(chunk)
        self.advance(len(chunk))

    def commit(self) -> Path:
        self._fh.close()
        # mkstemp made the file 0600; a saved download gets the mode any new file would.
        os.chmod(self._tmp, 0o666 & ~_UMASK)
        try:
            if self.overwrite:
                target = self.directory / self.name
                os.replace(self._tmp, target)
                return target
            for candidate in _candidates(self.name, self.unique):
                target = self.directory / candidate
                if _place(self._tmp, target):
                    return target
            raise FileExistsError(f"{self.directory / self.name} already exists")
        finally:
            self._tmp.unlink(missing_ok=True)

    def abort(self) -> None:
        self._fh.close()
        self._tmp.unlink(missing_ok=True)


def _read_umask() -> int:
    """The process umask. Reading it means setting it and putting it back, which other
    threads could observe, so it is read once, at import."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


_MAX_NAME_BYTES = 200  # below the usual 255-byte limit, leaving room for " (123)"
_MAX_SUFFIX = 999


def _candidates(name: str, unique: bool) -> Iterator[str]:
    yield name
    if not unique:
        return
    stem, dot, ext = name.rpartition(".")
    if not stem:  # no extension
        stem, dot, ext = name, "", ""
    for n in range(1, _MAX_SUFFIX + 1):
        yield f"{stem} ({n}){dot}{ext}"


def _place(tmp: Path, target: Path) -> bool:
    """Give ``tmp``'s content the name ``target`` unless that name exists; False if it does."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError:
        pass  # no hard links here (some network/FUSE filesystems): reserve the name instead
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    os.close(fd)
    os.replace(tmp, target)
    return True


def _clean_name(raw: str) -> str:
    """One harmless file name: last path part, no control/format chars, no leading dot."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf", "Cs"})
    name = name.strip().rstrip(".")
    if name.startswith("."):
        name = "_" + name.lstrip(".")
    encoded = name.encode()
    if len(encoded) > _MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        if not stem or len(ext.encode()) > 20:
            stem, dot, ext = name, "", ""
        room = _MAX_NAME_BYTES - len((dot + ext).encode())
        stem = stem.encode()[:room].decode(errors="ignore").rstrip()
        name = stem + dot + ext
    return name


def local_filename(name: str, fallback: str = "attachment") -> str:
    """A server-supplied file name made safe to create in a directory of the user's.

    Public so that a caller choosing its own target path (the CLI checks for clashes before
    writing anything) cleans names by the same rules as ``download()`` does.
    """
    return _clean_name(name) or _clean_name(fallback) or "attachment"


def safe_filename(disposition: str | None, fallback: str = "attachment") -> str:
    """The filename of a Content-Disposition header, made safe to create in a directory.

    Empty or unusable names become ``fallback`` (the attachment id), itself cleaned.
    """
    name = ""
    if disposition:
        for part in disposition.split(";"):
            key, _, value = part.strip().partition("=")
            if key.lower() == "filename*" and "''" in value:
                name = unquote(value.split("''", 1)[1])
                break
            if key.lower() == "filename":
                name = value.strip().strip('"')
    return local_filename(name, fallback)
