"""Logging for the server: gostuck's records to the client, the rest to stderr, each once.

stdout carries the protocol, so nothing may print there. The client sees gostuck's records
(INFO and up) as ``window/logMessage`` in its output panel; records from worker threads are
handed to the event loop first, because the protocol writer is not thread-safe. A client
such as VS Code also shows the server's stderr in that panel, so a record sent as a message
is not written to stderr too, and an expected failure (a request the server refuses with a
message for the user, RequestFailed) is one line, never pygls's traceback of it.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Final

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer

_LEVELS: Final = (
    (logging.ERROR, types.MessageType.Error),
    (logging.WARNING, types.MessageType.Warning),
    (logging.INFO, types.MessageType.Info),
)
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class ClientLogHandler(logging.Handler):
    """Forward log records to the client as ``window/logMessage``."""

    def __init__(self, ls: LanguageServer, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.ls = ls
        self.loop: asyncio.AbstractEventLoop | None = None
        self._busy = threading.local()
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        """Send one record, from whichever thread logged it."""
        if getattr(self._busy, "on", False):
            return  # sending itself logged something: do not loop
        kind = next((k for lvl, k in _LEVELS if record.levelno >= lvl), types.MessageType.Log)
        params = types.LogMessageParams(type=kind, message=self.format(record))
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is not None:
            self.loop = loop
            self._send(params)
        elif self.loop is not None and not self.loop.is_closed():
            self.loop.call_soon_threadsafe(self._send, params)

    def _send(self, params: types.LogMessageParams) -> None:
        self._busy.on = True
        try:
            if self.ls.protocol.writer is not None:
                self.ls.window_log_message(params)
        except Exception:  # the client went away; stderr still has the record
            pass
        finally:
            self._busy.on = False


REQUEST_FAILED: Final = -32803


def is_user_failure(record: logging.LogRecord) -> bool:
    """Say whether a record is pygls reporting a request refused on purpose (RequestFailed)."""
    if record.exc_info is None or record.exc_info[1] is None:
        return False
    error = record.exc_info[1]
    return isinstance(error, JsonRpcException) and error.code == REQUEST_FAILED


def configure(ls: LanguageServer, *, level: int, log_file: str | None = None) -> None:
    """Log gostuck's records to the client, the others to stderr (everything to ``log_file``)."""
    root = logging.getLogger()
    root.setLevel(level)
    client_level = max(level, logging.INFO)
    stderr = logging.StreamHandler()
    stderr.setFormatter(logging.Formatter(FORMAT))
    stderr.addFilter(
        lambda r: (
            not (r.name.startswith("gostuck") and r.levelno >= client_level)
            and not is_user_failure(r)
        )
    )
    root.addHandler(stderr)
    if log_file:
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(file_handler)
    # pygls logs every message at INFO; keep its chatter out unless debugging.
    logging.getLogger("pygls").setLevel(max(level, logging.WARNING))
    logging.getLogger("gostuck").addHandler(ClientLogHandler(ls, client_level))
