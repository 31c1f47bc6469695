"""Typer sub-apps of the `helpdesk` command, one package per noun, one file per command.

Command modules import only typer and light helpers at import time; everything heavy (httpx,
api_client, keyring, rich, the server) is imported inside the command body.
"""
