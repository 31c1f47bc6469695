"""The root `helpdesk` app: global options, sub-apps per noun, and the one error boundary.

Core errors arrive with a kind; here they become the documented exit codes and one-line
messages (or JSON), with remedies worded as commands (`commands.errors`).

Startup cost matters (`--help`/`--version` budget 150 ms): this module and the command modules
import only typer and our light helpers; httpx, api_client, keyring, rich and the server are
imported inside the commands that need them.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from commands.errors import BUG_HINT, ERROR, INTERRUPTED, USAGE
from commands.roothelp import COMMANDS, EPILOG, OPTION_HELP, ROOT_HELP, command_rows
from commands.state import AppState, get_state
from helpdesk_cli import __version__
from helpdesk_cli.errors import HelpdeskError

_FLAGS = {"--json", "-v", "--verbose"}
_VALUED = {"--profile", "--server"}


def hoist_global_options(args: list[str]) -> list[str]:
    """Let global options appear anywhere (`helpdesk faq search q --json`), like gh's
    persistent flags: move them before the command name. Stops at `--`."""
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg in _FLAGS:
            front.append(arg)
        elif arg in _VALUED and i + 1 < len(args):
            front += [arg, args[i + 1]]
            i += 1
        elif "=" in arg and arg.split("=", 1)[0] in _VALUED:
            front.append(arg)
        else:
            rest.append(arg)
        i += 1
    return front + rest


class RootGroup(TyperGroup):
    """Root group: hoists global options, loads only the command being run, and maps every
    failure to an exit code."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        return load_command(cmd_name) if cmd_name in COMMANDS else None

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list from the table: `--help` imports none of the commands."""
        with formatter.section("Commands"):
            formatter.write_dl(command_rows(formatter.width))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        args = hoist_global_options(args)
        try:
            return super().parse_args(ctx, args)
        except typer.TyperException as exc:  # e.g. `helpdesk --json` without a command
            if not _is_usage_error(exc):
                raise
            from commands.output import Output

            end = args.index("--") if "--" in args else len(args)
            Output(json_mode="--json" in args[:end]).fail(
                USAGE, exc.format_message(), _usage_hint(exc), code="usage")
            raise typer.Exit(USAGE) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except HelpdeskError as exc:
            _report(ctx, exc)
        except typer.Exit:
            raise
        except BrokenPipeError:
            _stdout_to_devnull()
            raise typer.Exit(0) from None
        except (KeyboardInterrupt, typer.Abort) as exc:
            # click turns Ctrl-C (and Ctrl-D) at a prompt into Abort; both are the user
            # stopping us, which §3 reports as 130, not click's "Aborted!" with exit 1.
            sys.stderr.write("\n")
            draft_id = getattr(exc, "draft_id", None)  # set when a create/reply saved a draft
            get_state(ctx).out.fail(INTERRUPTED, "Interrupted.", code="interrupted",
                                    extra={"draft_id": draft_id} if draft_id else None)
            raise typer.Exit(INTERRUPTED) from None
        except typer.TyperException as exc:
            state = get_state(ctx)
            # An unknown command fails before the root callback stored --json in the state.
            if ctx.params.get("json_output"):
                state.json = True
            if _is_usage_error(exc):
                # One style for every error: click's "Usage:/Try/Error:" block becomes our
                # one `error: …` line (or the JSON error object).
                state.out.fail(USAGE, exc.format_message(), _usage_hint(exc), code="usage")
                raise typer.Exit(USAGE) from None
            raise
        except Exception as exc:
            if _is_api_error(exc):
                from commands.errors import from_api_error

                _report(ctx, from_api_error(exc))
            if _is_invalid_argument(exc):
                from commands.errors import usage

                _report(ctx, usage(f"Invalid argument: {exc}."))
            state = get_state(ctx)
            if state.verbose:
                import traceback

                traceback.print_exc(file=sys.stderr)
            state.out.fail(ERROR, f"unexpected failure: {type(exc).__name__}: {exc}", BUG_HINT,
                           code="internal")
            raise typer.Exit(ERROR) from None
        return None




def _is_usage_error(exc: Exception) -> bool:
    """A click usage error (typer vendors click, so match by exit code, not class), but not
    the "no arguments: show the help" signal."""
    return (getattr(exc, "exit_code", 1) == USAGE
            and type(exc).__name__ != "NoArgsIsHelpError" and hasattr(exc, "format_message"))


def _usage_hint(exc: Exception) -> str:
    """Point at the help of the command that was being parsed."""
    ctx = getattr(exc, "ctx", None)
    path = getattr(ctx, "command_path", None) or "helpdesk"
    return f"see `{path} --help`"


def _stdout_to_devnull() -> None:
    """The reader went away (`helpdesk ticket list | head -1`): that is success, like gh.

    Point fd 1 at /dev/null so the final flush at exit cannot raise EPIPE again.
    """
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass  # no real fd 1 (e.g. a test runner's buffer): nothing will be flushed to it


def _is_invalid_argument(exc: Exception) -> bool:
    """An id api_client refused before sending ("", ".", ".."): the user's input, exit 2."""
    mod = sys.modules.get("api_client.errors")
    return mod is not None and isinstance(exc, mod.InvalidArgumentError)


def _is_api_error(exc: Exception) -> bool:
    mod = sys.modules.get("api_client.errors")
    if mod is None:
        return False
    return isinstance(exc, mod.ApiError | mod.InsecureTransportError)


def _report(ctx: Any, exc: HelpdeskError) -> None:
    from commands.errors import exit_code, hint_for, in_cli_words, public_extra

    exc = in_cli_words(exc)
    code = exit_code(exc)
    get_state(ctx).out.fail(code, exc.message, hint_for(exc), code=exc.code,
                            extra=public_extra(exc))
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"helpdesk-cli {__version__}\n")
        raise typer.Exit()


app = typer.Typer(
    name="helpdesk",
    cls=RootGroup,
    help=ROOT_HELP,
    # The page itself is printed by commands.roothelp (the console script's fast path).
    epilog=EPILOG,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain click help: Typer's Rich help imports rich.markdown/syntax and costs ~90 ms,
    # which would break the 150 ms startup budget of `helpdesk --help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    profile: Annotated[str | None, typer.Option(
        "--profile", metavar="NAME", help=OPTION_HELP["--profile"],
        show_default=False)] = None,
    server: Annotated[str | None, typer.Option(
        "--server", metavar="URL", help=OPTION_HELP["--server"],
        show_default=False)] = None,
    json_output: Annotated[bool, typer.Option(
        "--json", help=OPTION_HELP["--json"])] = False,
    verbose: Annotated[bool, typer.Option(
        "-v", "--verbose", help=OPTION_HELP["--verbose"])] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help=OPTION_HELP["--version"])] = False,
) -> None:
    """Help desk and account self-service from the terminal: FAQ, tickets, orders."""
    ctx.obj = AppState(profile=profile, server=server, json=json_output, verbose=verbose)




def load_command(name: str) -> Any:
    """The click command for `name`, importing only its module."""
    import importlib

    from typer.main import get_command, get_group

    module, attr, _help = COMMANDS[name]
    target = getattr(importlib.import_module(module), attr)
    command: Any
    if isinstance(target, typer.Typer):  # a noun: always a group, even with one verb
        command = get_group(target)
    else:  # a single command function
        # No --install-completion here: that belongs to `helpdesk` itself.
        single = typer.Typer(rich_markup_mode=None, add_completion=False)
        single.command(name)(target)
        command = get_command(single)
    command.name = name
    _uppercase_metavars(command)
    return command


def _uppercase_metavars(command: Any) -> None:
    """One metavar style in every help page: Typer draws options without a metavar as
    `<str>` or `<int range>` while ours say TEXT, N, FILE; name them in the same style,
    for commands added later too."""
    for param in getattr(command, "params", []):
        if param.param_type_name == "option" and param.metavar is None and not (
                param.is_flag or param.count):
            choices = getattr(param.type, "choices", None)
            if choices:
                param.metavar = "[" + "|".join(str(getattr(c, "value", c)) for c in choices) + "]"
            else:
                kind = param.type.name.lower()
                param.metavar = ("N" if "int" in kind else "NUMBER" if "float" in kind
                                 else "PATH" if "path" in kind else "TEXT")
    for sub in getattr(command, "commands", {}).values():
        _uppercase_metavars(sub)


def run() -> None:
    """Console-script entry point."""
    app(prog_name="helpdesk")
