"""Issue 9, "80 columns": ids a user must copy are never cut, statuses are typed as read."""

from __future__ import annotations

import json
import re
import uuid

from conftest import ALICE, Run, ok_json
from helpers import login_token
from ptyrun import run_pty


def test_ids_are_never_cut_at_80_columns(run: Run, alice: str) -> None:
    name = "a personal token for the nightly backup of everything " + uuid.uuid4().hex
    created = ok_json(run("--json", "auth", "tokens", "create", name))
    env = {"HELPDESK_TOKEN": login_token(alice, ALICE)}
    screen = run_pty(["auth", "tokens", "list"], env=env, cols=80).screen
    assert created["id"] in screen, screen
    assert not re.search(r"pat_\w*…", screen)


def test_status_filter_takes_the_words_people_read(run: Run, alice: str) -> None:
    spaced = ok_json(run("ticket", "list", "-S", "on hold", "--json"))["data"]
    assert spaced and {t["status"] for t in spaced} == {"on_hold"}


def test_draft_ids_and_commands_are_never_cut_at_80_columns(run: Run, dead_url: str) -> None:
    subject = "A long subject that takes the room of the other columns " + uuid.uuid4().hex
    failed = run("--server", dead_url, "--json", "ticket", "create", "-s", subject, "-b", "x",
                 env={"HELPDESK_TOKEN": "hdp_test"})
    draft_id = json.loads(failed.stderr)["error"]["draft_id"]
    screen = run_pty(["--server", dead_url, "ticket", "drafts"], cols=80).screen
    assert draft_id in screen, screen
