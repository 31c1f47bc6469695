"""The UI-free core of helpdesk-cli: what the CLI (`commands`) and the TUI (`screens`) share."""

# Kept literal (not importlib.metadata) so `helpdesk --version` stays cheap; a test checks
# it matches the installed distribution.
__version__ = "0.1.0"
