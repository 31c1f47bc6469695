"""Config file, profiles and env overrides through `helpdesk config`."""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path

import pytest
from conftest import Run, err_json, ok_json

from helpdesk_cli import config


def test_path_list_set_get_roundtrip(run: Run) -> None:
    path = Path(ok_json(run("config", "path", "--json"))["path"])
    assert path.parent.parent == Path(os.environ["XDG_CONFIG_HOME"])
    assert not path.exists()
    ok_json(run("config", "set", "server", "https://help.example.com/", "--json"))
    ok_json(run("--profile", "work", "config", "set", "email", "me@example.com", "--json"))
    got = ok_json(run("config", "get", "server", "--json"))
    assert got == {"key": "server", "value": "https://help.example.com", "profile": "default",
                   "source": "profile default", "stored": "https://help.example.com"}
    assert ok_json(run("config", "get", "email", "--json"))["value"] is None
    assert ok_json(run("config", "get", "email", "--profile", "work", "--json"))["value"] == (
        "me@example.com")
    listing = ok_json(run("config", "list", "--json"))
    assert listing["server"] == "https://help.example.com"
    assert listing["server_source"] == "profile default"
    assert listing["profiles"]["work"] == {"email": "me@example.com"}
    parsed = tomllib.loads(path.read_text())
    assert parsed["profiles"]["default"]["server"] == "https://help.example.com"


def test_human_get_prints_bare_value(run: Run) -> None:
    run("config", "set", "server", "https://a.example")
    result = run("config", "get", "server")
    assert result.exit_code == 0
    assert result.stdout == "https://a.example\n"


def test_env_and_flag_precedence(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run("config", "set", "server", "https://file.example")
    monkeypatch.setenv("HELPDESK_SERVER", "https://env.example")
    assert ok_json(run("config", "list", "--json"))["server"] == "https://env.example"
    data = ok_json(run("--server", "https://flag.example", "config", "list", "--json"))
    assert (data["server"], data["server_source"]) == ("https://flag.example", "--server")
    monkeypatch.setenv("HELPDESK_PROFILE", "other")
    assert ok_json(run("config", "list", "--json"))["profile"] == "other"


def test_default_profile_switch(run: Run) -> None:
    run("--profile", "work", "config", "set", "server", "https://work.example")
    ok_json(run("config", "set", "default_profile", "work", "--json"))
    data = ok_json(run("config", "list", "--json"))
    assert (data["profile"], data["server"]) == ("work", "https://work.example")


@pytest.mark.parametrize("args", [
    ["config", "set", "colour", "x"],
    ["config", "set", "server", "ftp://x"],
    ["config", "set", "email", "not-an-email"],
    ["--profile", "bad name", "config", "list"],
    ["config", "get", "nope"],
])
def test_bad_input_is_usage_error(run: Run, args: list[str]) -> None:
    doc = err_json(run(*args, "--json"), 2)
    assert doc["code"] == "usage"


def test_broken_config_file_is_clear_error(run: Run) -> None:
    path = config.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("this is [not toml")
    result = run("config", "list")
    assert result.exit_code == 1
    assert "Cannot read config file" in result.stderr
    assert "Traceback" not in result.stderr


def test_writer_escapes_and_roundtrips() -> None:
    cfg = config.Config(default_profile="p-1", profiles={
        "p-1": {"server": 'http://x/"q"\\', "email": "a\tb\u0001c@x"}})
    text = config.dumps(cfg)
    back = tomllib.loads(text)
    assert back["profiles"]["p-1"] == cfg.profiles["p-1"]
    assert back["default_profile"] == "p-1"


def test_config_file_written_atomically(run: Run) -> None:
    run("config", "set", "server", "https://a.example")
    folder = config.config_path().parent
    assert [p.name for p in folder.iterdir()] == ["config.toml"]
    assert json.dumps(config.load().profiles) == '{"default": {"server": "https://a.example"}}'
