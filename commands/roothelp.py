"""`helpdesk --help` without loading typer: the root page, laid out as click lays it out.

The root page is what people and shell completion ask for most, and it has a budget: below a
bare Typer app's `--help` (benchmarks/cli_bench.py). Its content is fixed (the global options
and the command table, both defined here and used by `commands.main`), so the console script
prints it from here; `tests/cli/test_cli_startup.py` checks it is byte for byte what Typer
renders, at several terminal widths, so the two can never drift apart.
"""

from __future__ import annotations

import os
import sys

ROOT_HELP = "Help desk and account self-service from the terminal: FAQ, tickets, orders."
EPILOG = (
    "Global options may also follow the command: helpdesk ticket list --json.\n\n"
    "A server that does not answer is given up after 30 s (exit code 6); set "
    "HELPDESK_TIMEOUT=SECONDS to change that (0: no limit). On a terminal, a line shows "
    "what the command is waiting for."
)
# The help of each global option, as the root callback declares it.
OPTION_HELP = {
    "--profile": "Config profile to use [env: HELPDESK_PROFILE].",
    "--server": "Self-Service API base URL [env: HELPDESK_SERVER].",
    "--json": "Print stable JSON on stdout (errors as JSON on stderr).",
    "--verbose": "Log each HTTP attempt to stderr; tracebacks for bugs.",
    "--version": "Show the version and exit.",
}
# The Options section: ours, then the two Typer adds (completion) and the help option.
_OPTION_ROWS = [
    ("--profile NAME", OPTION_HELP["--profile"]),
    ("--server URL", OPTION_HELP["--server"]),
    ("--json", OPTION_HELP["--json"]),
    ("-v, --verbose", OPTION_HELP["--verbose"]),
    ("--version", OPTION_HELP["--version"]),
    ("--install-completion", "Install completion for the current shell."),
    ("--show-completion", "Show completion for the current shell, to copy it or customize "
                          "the installation."),
    ("-h, --help", "Show this message and exit."),
]

# Every command, in `--help` order: the module that defines it, the attribute (a sub-app or
# a command function) and its one-line help. Only the module of the command being run is
# imported, so `helpdesk --version` or `helpdesk faq search` does not pay for the others;
# `tests/cli/test_cli_startup.py` checks these lines match the commands' own help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "auth": ("commands.auth", "app", "Log in, log out and inspect credentials."),
    "faq": ("commands.faq", "app", "Search and read the knowledge base."),
    "ticket": ("commands.ticket", "app", "Open, follow and answer support tickets."),
    "account": ("commands.account", "app", "Your account: profile and password."),
    "orders": ("commands.orders", "app", "Your orders, shipments and returns."),
    "chat": ("commands.chat", "app", "Chat with support, or list and read your chat transcripts."),
    "tui": ("commands.tui", "tui",
            "Open the full-screen help desk (Ctrl+P lists every action, F1 the keys)."),
    "config": ("commands.config", "app",
               "Read and change settings (per profile; see --profile)."),
    "agent": ("commands.agent", "app", "Tools for support agents."),
    "server": ("commands.server", "server",
               "Run the reference Self-Service API server until Ctrl-C."),
    "demo": ("commands.demo", "demo",
             "Start the reference server with demo data and sign in as alice@example.com."),
    "help": ("commands.help", "help_command",
             "Show the help of a command: helpdesk help ticket create."),
}


def short(text: str, width: int) -> str:
    """Click's own shortening of a help line (whole words, then "...")."""
    if len(text) <= width:
        return text
    cut = text[: width - 3].rsplit(" ", 1)[0]
    return cut + "..."


def command_rows(width: int) -> list[tuple[str, str]]:
    """The Commands section's rows, shortened to fit as `RootGroup.format_commands` does."""
    room = width - 6 - max(len(name) for name in COMMANDS)
    return [(name, short(help_text, room)) for name, (_m, _a, help_text) in COMMANDS.items()]


def help_width() -> int:
    """Click's help width: the terminal's (COLUMNS first), at most 80, minus 2, at least 50."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return max(min(columns or 80, 80) - 2, 50)


def render(width: int | None = None) -> str:
    """The whole root help page."""
    import textwrap

    width = width or help_width()

    def fill(text: str, room: int, first: str = "", rest: str = "") -> str:
        return textwrap.TextWrapper(room, initial_indent=first, subsequent_indent=rest,
                                    replace_whitespace=False).fill(text)

    def paragraphs(text: str, indent: str) -> str:
        return "\n\n".join(fill(p, width, indent, indent) for p in text.split("\n\n"))

    def dl(rows: list[tuple[str, str]]) -> list[str]:
        first_col = min(max(len(first) for first, _ in rows), 30) + 2
        out: list[str] = []
        for first, second in rows:
            lines = fill(second, max(width - first_col - 2, 10)).splitlines()
            if len(first) <= first_col - 2:
                out.append("  " + first + " " * (first_col - len(first)) + lines[0])
            else:
                out += ["  " + first, " " * (first_col + 2) + lines[0]]
            out += [" " * (first_col + 2) + line for line in lines[1:]]
        return out

    usage = "Usage: helpdesk "
    lines = [fill("[OPTIONS] COMMAND [ARGS]...", width, usage, " " * len(usage)), "",
             paragraphs(ROOT_HELP, "  "), "", "Options:", *dl(_OPTION_ROWS), "",
             "Commands:", *dl(command_rows(width)), "", paragraphs(EPILOG, "  ")]
    return "\n".join(lines) + "\n"
