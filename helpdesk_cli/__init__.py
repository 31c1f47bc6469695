"""Wiring shared by the `helpdesk` commands and the TUI: config, credentials, output."""

# Kept literal (not importlib.metadata) so `helpdesk --version` stays cheap; a test checks
# it matches the installed distribution.
__version__ = "0.1.0"
