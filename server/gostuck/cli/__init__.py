"""The ``gostuck`` command line: ``check``, ``explain``, ``profile``, ``test`` and ``lsp``.

Each subcommand lives in its own module, imported only when that subcommand runs:
``gostuck profile`` does not load the analysis, and ``gostuck --help`` loads none of
them. :data:`COMMANDS` holds each subcommand's one-line help for the listing; a test
checks it against the help each module registers.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from gostuck import __version__

# typing.TYPE_CHECKING, without importing typing (start-up time: see gostuck/__init__.py)
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# Subcommand name -> one-line help, in the order ``gostuck --help`` lists them.
COMMANDS: Final = {
    "check": "check Go files and directories for goroutines that can never exit",
    "explain": "show what a check finds and how to fix it",
    "profile": "read goroutine profiles and show where goroutines wait",
    "test": "run go test and report the goroutines the tests leak",
    "lsp": "run the language server (stdio unless --tcp is given)",
}
# Subcommands that hand the words after `--` on to another tool.
PASSTHROUGH: Final = frozenset({"test"})
# The version of the JSON that `check` and `test` write with `--format json`.
JSON_VERSION: Final = 1


def _parser(full: Sequence[str]) -> argparse.ArgumentParser:
    """Build a parser whose subcommands in ``full`` are registered by their modules.

    The others get a placeholder with only their help line, enough for the listing.
    """
    parser = argparse.ArgumentParser(
        prog="gostuck", description="Find goroutines that can never exit."
    )
    parser.add_argument("--version", action="version", version=f"gostuck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_line in COMMANDS.items():
        if name in full:
            importlib.import_module(f"gostuck.cli.{name}").register(sub)
        else:
            sub.add_parser(name, help=help_line)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """Return the parser with every subcommand registered."""
    return _parser(tuple(COMMANDS))


def _command(argv: Sequence[str]) -> str | None:
    """Return the subcommand named in ``argv``: its first word that is not an option."""
    for arg in argv:
        if arg == "--":
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the return value is the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    command = _command(args_list)
    parser = _parser((command,) if command is not None else ())
    # `gostuck test PKGS -- GO TEST FLAGS`: what follows `--` is go test's, not ours.
    after: list[str] = []
    if command in PASSTHROUGH and "--" in args_list:
        cut = args_list.index("--")
        args_list, after = args_list[:cut], args_list[cut + 1 :]
    args = parser.parse_args(args_list)
    if command in PASSTHROUGH:
        args.passthrough = after
    run = getattr(args, "run", None)
    if run is None:
        parser.print_help(sys.stderr)
        return 2
    code: int = run(args)
    return code
