"""Downloads never trust the server's filename and never replace an existing file."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from api_client import Client, errors

from . import faults
from .faults import FaultTransport

Faulty = Callable[..., tuple[Client, FaultTransport]]


def _upload(client: Client, tmp_path: Path, name: str, data: bytes) -> str:
    source = tmp_path / "src" / name
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(data)
    return client.attachments.upload(source).id


def test_directory_download_adds_a_suffix_instead_of_overwriting(alice: Client,
                                                                 tmp_path: Path) -> None:
    first = _upload(alice, tmp_path, "notes.txt", b"first")
    second = _upload(alice, tmp_path, "notes.txt", b"second")
    into = tmp_path / "dl"
    into.mkdir()
    (into / "notes.txt").write_bytes(b"mine")
    a = alice.attachments.download(first, into)
    b = alice.attachments.download(second, into)
    assert (a.name, b.name) == ("notes (1).txt", "notes (2).txt")
    assert [(into / n).read_bytes() for n in ("notes.txt", "notes (1).txt", "notes (2).txt")] == [
        b"mine", b"first", b"second"]
    assert not list(into.glob(".*"))  # no temp file left behind


def test_existing_file_dest_needs_overwrite(faulty: Faulty, tmp_path: Path) -> None:
    client, transport = faulty()
    att = _upload(client, tmp_path, "a.bin", b"new bytes")
    dest = tmp_path / "keep.bin"
    dest.write_bytes(b"old")
    transport.log.clear()
    with pytest.raises(FileExistsError):
        client.attachments.download(att, dest)
    assert transport.log == [] and dest.read_bytes() == b"old"  # refused before any request
    assert client.attachments.download(att, dest, overwrite=True) == dest
    assert dest.read_bytes() == b"new bytes"


@pytest.mark.parametrize(("disposition", "expected"), [
    ("attachment; filename*=utf-8''..%2F.bashrc", "_bashrc"),
    ('attachment; filename="..\\\\.profile"', "_profile"),
    ("attachment; filename*=utf-8''a%00b.txt", "ab.txt"),
    ("attachment; filename*=utf-8''%1B%5B2Jx%C2%9B.txt", "[2Jx.txt"),
    ("attachment; filename*=utf-8''%E2%80%AEgnp.exe", "gnp.exe"),
    ('attachment; filename="..."', None),  # nothing left: the attachment id
    ("attachment", None),
    ("attachment; filename*=utf-8''" + "%C3%A9" * 300 + ".pdf", "é" * 98 + ".pdf"),
])
def test_hostile_server_filenames_are_sanitized(faulty: Faulty, tmp_path: Path,
                                                disposition: str, expected: str | None) -> None:
    client, transport = faulty()
    att = _upload(client, tmp_path, "x.txt", b"payload")
    into = tmp_path / "home"
    into.mkdir()
    (into / ".bashrc").write_bytes(b"safe")
    transport.add(faults.set_header("Content-Disposition", disposition))
    saved = client.attachments.download(att, into)
    assert saved.parent == into and saved.name == (expected or att)
    assert saved.read_bytes() == b"payload" and (into / ".bashrc").read_bytes() == b"safe"
    assert sorted(p.name for p in into.iterdir()) == sorted([".bashrc", saved.name])


def test_download_of_a_dot_id_is_refused(alice: Client, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="attachment id"):
        alice.attachments.download("..", tmp_path)


def test_download_errors_are_typed(alice: Client, tmp_path: Path) -> None:
    with pytest.raises(errors.NotFoundError):
        alice.attachments.download("att_doesnotexist", tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_saved_download_gets_the_usual_file_mode(alice: Client, tmp_path: Path) -> None:
    """The temp file is private while it fills; the saved file follows the umask like any
    file the user creates (not 0600, which would surprise whoever shares the folder)."""
    src = tmp_path / "notes.txt"
    src.write_text("packing list")
    att = alice.attachments.upload(src)
    out = tmp_path / "out"
    out.mkdir()
    saved = alice.attachments.download(att.id, out)
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o666 & ~mask
    assert saved.read_text() == "packing list"
