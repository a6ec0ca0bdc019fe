"""The LSP handlers: each one finds the document, calls one server method and returns.

Every handler is wrapped by :func:`guarded`: an exception is logged (and shown once) and the
client gets an empty answer, so a bug in one feature never takes the server down.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar, cast

from lsprotocol import types
from pygls.uris import to_fs_path

from gostuck.lsp.server import GostuckServer

log = logging.getLogger(__name__)

P = TypeVar("P")
R = TypeVar("R")

Handler = Callable[[GostuckServer, P], R]


def guarded(ls: GostuckServer, handler: Handler[P, Any], default: Any = None) -> Any:
    """Bind ``handler`` to ``ls`` and turn any exception it raises into ``default``."""
    name = handler.__name__
    if inspect.iscoroutinefunction(handler):
        coro = cast(Callable[[GostuckServer, P], Awaitable[Any]], handler)

        async def run_async(params: P) -> Any:
            try:
                return await coro(ls, params)
            except asyncio.CancelledError:
                raise
            except Exception as err:
                _report(ls, name, err)
                return default

        return _named(run_async, handler)

    def run(params: P) -> Any:
        try:
            return handler(ls, params)
        except Exception as err:
            _report(ls, name, err)
            return default

    return _named(run, handler)


def _named(wrapper: Callable[..., Any], handler: Callable[..., Any]) -> Callable[..., Any]:
    # Copy the name for logs, but not ``__wrapped__``: pygls would follow it to the ``ls``
    # parameter and pass the server a second time.
    wrapper.__name__ = wrapper.__qualname__ = handler.__name__
    wrapper.__doc__ = handler.__doc__
    return wrapper


def _report(ls: GostuckServer, name: str, err: Exception) -> None:
    log.exception("handler %s failed", name)
    try:
        ls.show_once(f"gostuck: {name} failed ({type(err).__name__}); see the log")
    except Exception:
        log.exception("cannot show the failure of %s", name)


def initialize(ls: GostuckServer, params: types.InitializeParams) -> None:
    """Read the settings sent as ``initializationOptions``."""
    ls.apply_settings(params.initialization_options)


async def initialized(ls: GostuckServer, params: types.InitializedParams) -> None:
    """Watch Go files and build the workspace index (with progress)."""
    await ls.watch_files()
    await ls.build_index()


def shutdown(ls: GostuckServer, params: None) -> None:
    """Stop analysing; ``exit`` follows."""
    ls.shutdown_work()


def did_open(ls: GostuckServer, params: types.DidOpenTextDocumentParams) -> None:
    """Track and analyse a newly opened document."""
    td = params.text_document
    ls.open_document(td.uri, td.version, td.text)


def did_change(ls: GostuckServer, params: types.DidChangeTextDocumentParams) -> None:
    """Apply edits and schedule a debounced analysis."""
    td = params.text_document
    ls.change_document(td.uri, td.version, params.content_changes)


def did_save(ls: GostuckServer, params: types.DidSaveTextDocumentParams) -> None:
    """Re-analyse the open files of the package: they may depend on the saved file."""
    path = to_fs_path(params.text_document.uri)
    if path:
        ls.files_changed([path])


def did_close(ls: GostuckServer, params: types.DidCloseTextDocumentParams) -> None:
    """Forget a document and clear its diagnostics."""
    ls.close_document(params.text_document.uri)


async def did_change_configuration(
    ls: GostuckServer, params: types.DidChangeConfigurationParams
) -> None:
    """Take new settings, pulling them when the notification does not carry them."""
    await ls.reload_settings(params.settings)


def did_change_watched_files(ls: GostuckServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Forget changed files and re-analyse the open files of their packages."""
    ls.files_changed(p for c in params.changes if (p := to_fs_path(c.uri)))


def hover(ls: GostuckServer, params: types.HoverParams) -> types.Hover | None:
    """Explain the finding (or profile site) under the cursor."""
    doc = ls.documents.get(params.text_document.uri)
    return ls.hover_at(doc, params.position) if doc is not None else None


def code_action(ls: GostuckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Offer each finding's fixes and an ignore directive."""
    doc = ls.documents.get(params.text_document.uri)
    return ls.code_actions(doc, params.range, params.context) if doc is not None else []


def code_lens(ls: GostuckServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    """Show what a loaded profile says about this file."""
    uri = params.text_document.uri
    return ls.profile_code_lenses(uri, ls.documents.get(uri))


def register(ls: GostuckServer) -> None:
    """Register every handler on ``ls``."""
    features: list[tuple[str, Handler[Any, Any], Any, Any]] = [
        (types.INITIALIZE, initialize, None, None),
        (types.INITIALIZED, initialized, None, None),
        (types.SHUTDOWN, shutdown, None, None),
        (types.TEXT_DOCUMENT_DID_OPEN, did_open, None, None),
        (types.TEXT_DOCUMENT_DID_CHANGE, did_change, None, None),
        (types.TEXT_DOCUMENT_DID_SAVE, did_save, None, None),
        (types.TEXT_DOCUMENT_DID_CLOSE, did_close, None, None),
        (types.WORKSPACE_DID_CHANGE_CONFIGURATION, did_change_configuration, None, None),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, did_change_watched_files, None, None),
        (types.TEXT_DOCUMENT_HOVER, hover, None, None),
        (
            types.TEXT_DOCUMENT_CODE_ACTION,
            code_action,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
            [],
        ),
        (types.TEXT_DOCUMENT_CODE_LENS, code_lens, types.CodeLensOptions(), []),
    ]
    for method, handler, options, default in features:
        ls.feature(method, options)(guarded(ls, handler, default))
