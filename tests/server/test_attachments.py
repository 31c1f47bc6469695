"""Attachments: streaming upload, limits, download rights, use in tickets and replies."""

from __future__ import annotations

import hashlib
import os
from typing import Any

import httpx

from tests.helpers import ALICE, ServerFactory, auth_headers, login_token, sql
from tests.server.conftest import assert_problem, new_ticket


def _upload(api: httpx.Client, headers: dict[str, str], content: bytes,
            filename: str = "receipt.pdf", content_type: str = "application/pdf",
            **extra: Any) -> httpx.Response:
    return api.post("/v1/attachments", headers=headers,
                    files={"file": (filename, content, content_type)}, **extra)


def test_upload_and_download_round_trip(api: httpx.Client, alice: dict[str, str]) -> None:
    content = bytes(range(256)) * 1000
    response = _upload(api, alice, content)
    assert response.status_code == 201, response.text
    att = response.json()
    assert att["id"].startswith("att_") and len(att["id"]) == 26
    assert att["size"] == len(content)
    assert att["sha256"] == hashlib.sha256(content).hexdigest()
    assert att["filename"] == "receipt.pdf" and att["content_type"] == "application/pdf"
    download = api.get(f"/v1/attachments/{att['id']}", headers=alice)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert "receipt.pdf" in download.headers["content-disposition"]


def test_filename_is_sanitised(api: httpx.Client, alice: dict[str, str]) -> None:
    raw = (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
           b"filename=\"..\\..\\etc/pass\x07wd.txt\"\r\nContent-Type: text/plain\r\n\r\n"
           b"x\r\n--b0undary--\r\n")
    response = api.post("/v1/attachments", content=raw, headers={
        **alice, "Content-Type": "multipart/form-data; boundary=b0undary"})
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == "passwd.txt"


def test_only_owner_or_agent_can_download(api: httpx.Client, alice: dict[str, str],
                                          bob: dict[str, str], agent: dict[str, str]) -> None:
    att = _upload(api, alice, b"private").json()
    assert_problem(api.get(f"/v1/attachments/{att['id']}", headers=bob), 404, "not-found")
    assert api.get(f"/v1/attachments/{att['id']}", headers=agent).content == b"private"
    assert_problem(api.get(f"/v1/attachments/{att['id']}"), 401, "unauthenticated")
    assert_problem(api.get("/v1/attachments/att_doesnotexist", headers=alice), 404, "not-found")


def test_zero_byte_upload_is_refused(api: httpx.Client, alice: dict[str, str]) -> None:
    body = assert_problem(_upload(api, alice, b""), 422, "validation")
    assert body["errors"][0]["field"] == "file"


def test_upload_needs_multipart_with_a_file(api: httpx.Client, alice: dict[str, str]) -> None:
    assert_problem(api.post("/v1/attachments", headers=alice, content=b"raw"), 415,
                   "unsupported-media-type")
    no_file = api.post("/v1/attachments", headers=alice, files={"other": ("a.txt", b"a")})
    assert_problem(no_file, 422, "validation")
    broken = api.post("/v1/attachments", content=b"--xyz\r\nnonsense",
                      headers={**alice, "Content-Type": "multipart/form-data; boundary=xyz"})
    assert broken.status_code == 400
    assert_problem(_upload(api, {}, b"data"), 401, "unauthenticated")


def test_oversized_upload_is_413(server_factory: ServerFactory) -> None:
    server = server_factory(max_upload_bytes=1000)
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        assert _upload(api, headers, b"a" * 1000).status_code == 201
        assert_problem(_upload(api, headers, b"a" * 1001), 413, "payload-too-large")
        assert_problem(_upload(api, headers, b"a" * 200_000), 413, "payload-too-large")
        # the server still works after refusing
        assert _upload(api, headers, b"small").status_code == 201


def test_attachments_on_tickets_and_replies(api: httpx.Client, alice: dict[str, str],
                                            bob: dict[str, str]) -> None:
    first = _upload(api, alice, b"photo-1", "tent.jpg", "image/jpeg").json()
    second = _upload(api, alice, b"photo-2", "pole.jpg", "image/jpeg").json()
    ticket = new_ticket(api, alice, attachment_ids=[first["id"]])
    assert ticket["messages"][0]["attachments"] == [first]
    reply = api.post(f"/v1/tickets/{ticket['id']}/messages", headers=alice,
                     json={"body": "one more", "attachment_ids": [second["id"]]})
    assert reply.status_code == 201 and reply.json()["attachments"] == [second]
    # an attachment belongs to one message only
    reused = api.post("/v1/tickets", headers=alice, json={
        "subject": "s", "body": "b", "attachment_ids": [first["id"]]})
    assert_problem(reused, 422, "validation")
    # someone else's upload cannot be attached
    bobs = _upload(api, bob, b"bob's").json()
    foreign = api.post(f"/v1/tickets/{ticket['id']}/messages", headers=alice,
                       json={"body": "x", "attachment_ids": [bobs["id"]]})
    body = assert_problem(foreign, 422, "validation")
    assert body["errors"][0]["field"] == "attachment_ids.0"
    too_many = api.post("/v1/tickets", headers=alice, json={
        "subject": "s", "body": "b", "attachment_ids": [f"att_{i}" for i in range(11)]})
    assert_problem(too_many, 422, "validation")


def test_quotes_in_filenames_round_trip(api: httpx.Client, alice: dict[str, str]) -> None:
    name = 'résumé "final"; v2.pdf'
    response = _upload(api, alice, b"%PDF-1.4", filename=name)  # httpx sends " as %22
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == name
    download = api.get(f"/v1/attachments/{response.json()['id']}", headers=alice)
    disposition = download.headers["content-disposition"]
    assert disposition == (
        'attachment; filename="r_sum_ _final__ v2.pdf"; '
        "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22%3B%20v2.pdf"
    )


def test_encoded_line_breaks_are_decoded_then_dropped(api: httpx.Client,
                                                      alice: dict[str, str]) -> None:
    raw = (b"--b0undary\r\nContent-Disposition: form-data; name=\"file\"; "
           b"filename=\"a%0D%0Ab%0a%41.txt\"\r\nContent-Type: text/plain\r\n\r\n"
           b"x\r\n--b0undary--\r\n")
    response = api.post("/v1/attachments", content=raw, headers={
        **alice, "Content-Type": "multipart/form-data; boundary=b0undary"})
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == "ab%41.txt"  # only %22, %0D, %0A are escapes


def test_unclaimed_uploads_expire_at_restart(server_factory: ServerFactory) -> None:
    server = server_factory()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        stale = _upload(api, headers, b"never used").json()
        fresh = _upload(api, headers, b"just uploaded").json()
        claimed = _upload(api, headers, b"in a ticket").json()
        new_ticket(api, headers, attachment_ids=[claimed["id"]])
    sql(server.db_path, "UPDATE attachments SET created_at = '2020-01-01T00:00:00Z'"
        " WHERE public_id IN (?, ?)", stale["id"], claimed["id"])
    leftover = server.db_path.parent / f"{server.db_path.stem}-files" / ".upload-crashed"
    leftover.write_bytes(b"partial")
    os.utime(leftover, (0, 0))
    server.stop()
    server.start()
    headers = auth_headers(login_token(server.url, ALICE))
    with httpx.Client(base_url=server.url) as api:
        assert_problem(api.get(f"/v1/attachments/{stale['id']}", headers=headers), 404,
                       "not-found")
        for kept in (fresh, claimed):
            assert api.get(f"/v1/attachments/{kept['id']}", headers=headers).status_code == 200
    assert not leftover.exists()
    assert not (leftover.parent / stale["id"]).exists()
