"""``gostuck lsp``: run the language server over stdio (default) or TCP (for debugging)."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from typing import Any


def register(sub: Any) -> None:
    """Add the ``lsp`` subcommand."""
    p: argparse.ArgumentParser = sub.add_parser(
        "lsp", help="run the language server (stdio unless --tcp is given)"
    )
    p.add_argument("--stdio", action="store_true", help="talk over stdin/stdout (the default)")
    p.add_argument(
        "--tcp",
        metavar="HOST:PORT",
        help="listen on a TCP address instead of stdio, for debugging",
    )
    p.add_argument(
        "--log-level",
        default="INFO",
        choices=["DEBUG", "INFO", "WARNING", "ERROR"],
        help="what the server logs to stderr (default: INFO)",
    )
    p.add_argument("--log-file", metavar="PATH", help="also write the log to this file")
    p.set_defaults(run=run)


def parse_address(value: str) -> tuple[str, int]:
    """Split ``HOST:PORT`` (``[::1]:PORT`` for IPv6) into its parts."""
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"expected HOST:PORT, got {value!r}")
    return host.strip("[]") or "127.0.0.1", int(port)


def run(args: argparse.Namespace) -> int:
    """Start the server and serve until the client says ``exit``."""
    from gostuck.lsp.logs import configure
    from gostuck.lsp.server import create_server

    address = None
    if args.tcp:
        try:
            address = parse_address(args.tcp)
        except ValueError as err:
            print(f"gostuck lsp: {err}", file=sys.stderr)
            return 2
    ls = create_server()
    configure(ls, level=getattr(logging, args.log_level), log_file=args.log_file)
    # Everything imported so far lives as long as the process: keep it out of every
    # collection, and collect young objects less often (a keystroke allocates thousands).
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    if address is not None:
        ls.start_tcp(*address)
    else:
        ls.start_io()
    return 0
