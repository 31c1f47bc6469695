"""Per-invocation state from the global options, shared by every command via ctx.obj."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from helpdesk_cli.config import Resolved
    from helpdesk_cli.output import Output


@dataclass
class AppState:
    """Global options, plus lazily built config resolution and output helper."""

    profile: str | None = None
    server: str | None = None
    json: bool = False
    verbose: bool = False
    _resolved: Resolved | None = field(default=None, repr=False)
    _out: Output | None = field(default=None, repr=False)

    @property
    def out(self) -> Output:
        """The output helper honouring --json."""
        if self._out is None:
            from helpdesk_cli.output import Output

            self._out = Output(self.json)
        return self._out

    @property
    def resolved(self) -> Resolved:
        """Profile, server and stored settings after flags, env and config file."""
        if self._resolved is None:
            from helpdesk_cli import config

            self._resolved = config.resolve(self.profile, self.server)
        return self._resolved


def get_state(ctx: typer.Context) -> AppState:
    """The root context's AppState (a default one when a command runs stand-alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj
