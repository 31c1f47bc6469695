"""Issue 9: drafts belong to the server and profile they were written for, and
`helpdesk demo` keeps its drafts and config out of the user's own directories."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from conftest import HELPDESK, Run, err_json, ok_json


def _draft_for(run: Run, url: str) -> str:
    result = run("--server", url, "--json", "ticket", "create", "-s", "Kept", "-b", "Text",
                 env={"HELPDESK_TOKEN": "hdp_test"})
    return str(err_json(result, 6)["draft_id"])


def test_drafts_are_listed_and_resent_only_where_they_were_written(
        run: Run, dead_url: str, server_env: str) -> None:
    draft_id = _draft_for(run, dead_url)
    here = ok_json(run("--json", "ticket", "drafts"))["data"]
    assert draft_id not in [d["id"] for d in here]
    there = ok_json(run("--server", dead_url, "--json", "ticket", "drafts"))["data"]
    assert draft_id in [d["id"] for d in there]
    everywhere = ok_json(run("--json", "ticket", "drafts", "--all"))["data"]
    assert draft_id in [d["id"] for d in everywhere]
    refused = err_json(run("--json", "ticket", "create", "--recover", draft_id,
                           env={"HELPDESK_TOKEN": "hdp_test"}), 2)
    assert dead_url in refused["message"] and "--any-server" in refused["hint"]
    other_profile = err_json(run("--server", dead_url, "--profile", "work", "--json", "ticket",
                                 "create", "--recover", draft_id,
                                 env={"HELPDESK_TOKEN": "hdp_test"}), 2)
    assert "profile default" in other_profile["message"]


def test_demo_keeps_drafts_and_config_in_its_own_dir(dead_url: str) -> None:
    demo = subprocess.Popen([str(HELPDESK), "--json", "demo", "--no-shell", "--for", "60"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert demo.stdout is not None
    lines = []
    for line in demo.stdout:  # the announcement: one indented JSON document
        lines.append(line)
        if line == "}\n":
            break
    announced = json.loads("".join(lines))
    try:
        env = dict(os.environ)
        for line in Path(announced["env_file"]).read_text().splitlines():
            if line.startswith("export HELPDESK_"):
                key, _, value = line.removeprefix("export ").partition("=")
                env[key] = value
        env["HELPDESK_SERVER"] = dead_url  # fail the send: the text becomes a draft
        made = subprocess.run([str(HELPDESK), "ticket", "create", "-s", "Demo", "-b", "x"],
                              env=env, capture_output=True, text=True, timeout=60)
        assert made.returncode == 6 and "draft" in made.stderr
        demo_data = Path(env["HELPDESK_DATA_DIR"])
        assert list((demo_data / "drafts").glob("*.json"))
        user_data = Path(os.environ["XDG_DATA_HOME"])
        assert not list(user_data.rglob("*.json")), list(user_data.rglob("*"))
    finally:
        demo.terminate()
        demo.wait(timeout=30)
