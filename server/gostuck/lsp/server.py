"""The gostuck language server: open documents, analysis runs, publishing, and plug-in hooks.

:class:`GostuckServer` holds the state; :mod:`gostuck.lsp.handlers` holds the thin LSP
handlers that call into it. Analysis runs in one worker thread, debounced per document
(``debounceMs``); the newest version of a document wins and a result for an older version is
never published.

Hook API for goroutine profiles (``gostuck.lsp.profiles``)
-----------------------------------------------------------

:func:`create_server` imports ``gostuck.lsp.profiles`` when it exists and calls its
``register(ls: GostuckServer) -> None`` before the server starts. ``register`` adds the
profile commands with ``ls.command("gostuck.server.loadProfile")`` etc. (see
``docs/settings.md``) and sets ``ls.profile_state`` to an object with the methods of
:class:`ProfileHooks`. The server then:

- merges ``profile_state.diagnostics_for(uri, doc)`` into every ``publishDiagnostics`` it
  sends, for open documents and for every URI in ``profile_state.uris()`` (files that are not
  open may carry profile diagnostics too). Items may be core ``Finding`` values (converted like
  static findings, GS9xxx codes) or ready ``lsprotocol`` diagnostics;
- replaces each static diagnostic that ``profile_state.confirmed_for(uri, doc)`` (optional)
  pairs with a finding carrying the profile's counts: one problem per leak, an error;
- appends ``profile_state.hover(uri, doc, line, byte_col)`` (markdown or None) to its hover;
- answers ``textDocument/codeLens`` with ``profile_state.code_lenses(uri, doc)``.

``doc`` is the open :class:`~gostuck.lsp.documents.Document` or None. After loading or
clearing a profile, call ``ls.republish()`` (and ``ls.refresh_code_lenses()``). Useful state:
``ls.settings.profile`` (thresholds), ``ls.workspace_files()`` (indexed ``.go`` paths),
``ls.lines_for(path)`` and ``ls.encoding`` with :mod:`gostuck.lsp.convert` for ranges. A hook
that raises is logged and skipped; it never takes the server down.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import importlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Final, Protocol

from lsprotocol import types
from pygls import io_
from pygls.exceptions import JsonRpcException, JsonRpcInvalidParams, JsonRpcMethodNotFound
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.language_server import lsp_method
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from tree_sitter import Tree

from gostuck import __version__
from gostuck.analysis.api import analyze_source
from gostuck.analysis.flow import module
from gostuck.analysis.model import AnalysisError, Finding, Options, Result, Span
from gostuck.analysis.partner import syncfacts
from gostuck.lsp import actions, catalog, config, convert, documents, hover, incremental
from gostuck.lsp.documents import Document, DocumentStore, Snapshot
from gostuck.lsp.profiles import REQUEST_FAILED
from gostuck.lsp.scheduler import Debouncer

log = logging.getLogger(__name__)

NAME: Final = "gostuck"
# Documents opened or edited most recently keep their syntax tree and last result between
# keystrokes (incremental reparse and re-analysis); the others drop them (a tree of a
# 1k-line file is about 0.7 MiB) and pay one whole parse and analysis when editing starts.
HOT_DOCUMENTS: Final = 16
# The workspace index stops here; a bigger tree is read file by file as packages are opened.
INDEX_LIMIT: Final = 20_000
INDEX_BATCH: Final = 64
# Bytes read from stdin at once at most (see _ChunkedStdin).
CHUNK: Final = 1 << 16


class ProfileHooks(Protocol):
    """What ``gostuck.lsp.profiles`` provides as ``ls.profile_state`` (see module docs)."""

    def uris(self) -> Iterable[str]:
        """Return the URIs of files that have profile diagnostics, open or not."""
        ...

    def diagnostics_for(self, uri: str, doc: Document | None) -> Sequence[Any]:
        """Return profile diagnostics (``Finding`` or ``types.Diagnostic``) for one file."""
        ...

    def hover(self, uri: str, doc: Document | None, line: int, byte_col: int) -> str | None:
        """Return markdown about the profile at a byte position, or None."""
        ...

    def code_lenses(self, uri: str, doc: Document | None) -> Sequence[types.CodeLens]:
        """Return the code lenses of one file."""
        ...

    # Optional: confirmed_for(uri, doc) -> [(static finding, finding with the profile's
    # counts)], merged into the static diagnostic (see GostuckServer._with_confirmations).


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one analysis run produced (computed in the worker thread)."""

    result: Result
    tree: Tree
    names: frozenset[bytes]
    dependants: tuple[str, ...]
    seconds: float


@dataclass(slots=True)
class _Stats:
    """Counters for logs and benchmarks."""

    runs: int = 0
    incremental_runs: int = 0
    last_seconds: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)


class GostuckProtocol(LanguageServerProtocol):
    """pygls' protocol, minus its own incremental text sync (the server keeps the bytes).

    pygls rebuilds a document line by line on every change, which costs more than the
    whole analysis of a keystroke in a large file. :meth:`GostuckServer.change_document`
    applies the change to gostuck's own copy and gives pygls' workspace a view of it
    (:class:`_LiveText`), so ``ls.workspace.get_text_document(uri).source`` stays right for
    anyone reading it without a copy of the whole text per keystroke.
    """

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(
        self, params: types.DidChangeTextDocumentParams
    ) -> Generator[Any, Any, None]:
        """Call the server's handler; it updates both copies of the text."""
        handler = self.fm.features.get(types.TEXT_DOCUMENT_DID_CHANGE)
        if handler is not None:
            yield handler, (params,), None

    def structure_message(self, data: dict[str, Any]) -> Any:
        """Read one message; a request whose params do not validate is answered, not dropped.

        pygls raises out of its JSON decoding for such a request and never answers it, so a
        client waiting for the response (a hover at line -1) would wait forever. JSON-RPC
        says every request gets a response: here an InvalidParams error.
        """
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            if "id" in data and "method" in data and "result" not in data:
                self._send_response(data["id"], error=error.to_response_error())
            raise

    def _handle_notification(self, method_name: str, params: Any) -> None:
        """Handle a notification, then forget the futures of those that have finished.

        pygls 2.1 files the future of every notification run by a generator, coroutine or
        thread handler (didOpen, didChange and didClose are generators) under a fresh id
        that only a response would remove: about 2 KiB kept per keystroke, for good.
        """
        super()._handle_notification(method_name, params)
        futures = self._request_futures
        for msg_id, future in list(futures.items()):  # one C-level copy: thread-safe
            if future.done():
                futures.pop(msg_id, None)


class _ChunkedStdin:
    """Reads stdin a chunk at a time (whatever has arrived) and serves lines from the chunk.

    pygls' stdio reader hops to a thread for every header line and every body: four
    round trips through the event loop per message, which is what an edit storm (thousands
    of ``didChange`` in a row) spends its time on. Here a thread read happens only when the
    buffer runs dry; the loop still gets a turn after every message body.
    """

    def __init__(self, stdin: BinaryIO, executor: concurrent.futures.Executor | None) -> None:
        self._stdin = stdin
        self._executor = executor
        self._buf = bytearray()
        self._eof = False

    async def _fill(self) -> bool:
        if self._eof:
            return False
        read = getattr(self._stdin, "read1", None)
        loop = asyncio.get_running_loop()
        if read is not None:
            chunk = await loop.run_in_executor(self._executor, read, CHUNK)
        else:
            chunk = await loop.run_in_executor(self._executor, self._stdin.readline)
        if not chunk:
            self._eof = True
            return False
        self._buf += chunk
        return True

    async def readline(self) -> bytes:
        """Return the next line with its line break (what is left at the end of input)."""
        while True:
            end = self._buf.find(b"\n")
            if end >= 0:
                line = bytes(self._buf[: end + 1])
                del self._buf[: end + 1]
                return line
            if not await self._fill():
                line = bytes(self._buf)
                self._buf.clear()
                return line

    async def readexactly(self, n: int) -> bytes:
        """Return the next ``n`` bytes (fewer at the end of input)."""
        if len(self._buf) >= n:
            await asyncio.sleep(0)  # let the loop run between buffered messages
        while len(self._buf) < n:
            if not await self._fill():
                break
        data = bytes(self._buf[:n])
        del self._buf[:n]
        return data


class _LiveText(TextDocument):
    """pygls' copy of an open document whose text is gostuck's, decoded when read."""

    def __init__(self, old: TextDocument, doc: Document) -> None:
        super().__init__(
            old.uri,
            None,
            old.version,
            old.language_id,
            position_codec=old.position_codec,
        )
        self.doc = doc
        self._decoded: tuple[bytes, str] = (b"", "")

    @property
    def source(self) -> str:
        """Return the document's current text."""
        raw = self.doc.source
        if self._decoded[0] is not raw:
            self._decoded = (raw, raw.decode("utf-8", errors="replace"))
        return self._decoded[1]


class GostuckServer(LanguageServer):
    """The language server and its state."""

    def __init__(self) -> None:
        super().__init__(NAME, __version__, protocol_cls=GostuckProtocol)
        self.settings = config.Settings()
        self.documents = DocumentStore()
        self.disk = documents.DiskFiles()
        self.profile_state: ProfileHooks | None = None
        # More code lenses from plug-ins (``gostuck.lsp.testruns``): (uri, doc) -> lenses.
        self.code_lens_hooks: list[Callable[[str, Document | None], Sequence[types.CodeLens]]] = []
        self.stats = _Stats()
        self._executor = concurrent.futures.ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="gostuck-analysis"
        )
        self._debouncer = Debouncer()
        self._cascade: dict[str, bool] = {}
        self._declared: dict[str, frozenset[bytes]] = {}
        # The last complete result per document, read and written by the worker thread only:
        # the next edit re-analyses just what it can affect (gostuck.lsp.incremental).
        self._basis: dict[str, incremental.Basis] = {}
        self._shown: set[str] = set()
        self._hot: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._index: list[str] = []
        self._indexed = threading.Event()

    # ----- plumbing -------------------------------------------------------------------

    def _start_io_async(
        self, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None
    ) -> None:
        """Serve over stdio like pygls does, reading with :class:`_ChunkedStdin`."""
        self._stop_event = threading.Event()
        self.protocol.set_writer(io_.StdoutWriter(stdout or sys.stdout.buffer))
        reader = _ChunkedStdin(stdin or sys.stdin.buffer, self.thread_pool)
        try:
            asyncio.run(
                io_.run_async(
                    stop_event=self._stop_event,
                    reader=reader,
                    protocol=self.protocol,
                    logger=log,
                    error_handler=self.report_server_error,
                )
            )
        except BrokenPipeError:
            log.error("lost the connection to the client; shutting down")
        except (KeyboardInterrupt, SystemExit):
            pass
        finally:
            self.shutdown()  # type: ignore[no-untyped-call]

    @property
    def encoding(self) -> str:
        """Return the position encoding agreed with the client."""
        try:
            return convert.encoding_of(self.workspace.position_encoding)
        except RuntimeError:  # not initialised yet
            return convert.UTF16

    def show_once(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """Show a message to the user, but only the first time it comes up."""
        if message in self._shown:
            return
        self._shown.add(message)
        self.window_show_message(types.ShowMessageParams(type=kind, message=message))

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Log errors pygls catches outside gostuck's handlers; show each kind once.

        A message the client got wrong (invalid params, an unknown method) is the client's
        problem: it is logged as a warning, and a request among them was already answered
        with an error. A request that failed on purpose (RequestFailed, e.g. a file that is
        no profile) was answered with its reason, which the client shows: no second popup.
        """
        if isinstance(error, JsonRpcException) and error.code in (
            JsonRpcInvalidParams.CODE,
            JsonRpcMethodNotFound.CODE,
        ):
            log.warning("ignored a message the client got wrong: %s", error)
            return
        if isinstance(error, JsonRpcException) and error.code == REQUEST_FAILED:
            log.info("request failed: %s", error)
            return
        log.error("error in a handler: %s", error)
        self.show_once(f"gostuck: internal error ({type(error).__name__}); see the log")

    def lines_for(self, path: str) -> convert.Lines | None:
        """Return the lines of a file: the open buffer, else the file on disk."""
        doc = self.documents.by_path(path)
        if doc is not None:
            return doc
        source = self.disk.read(path)
        return documents.BytesLines(source) if source is not None else None

    def workspace_files(self) -> list[str]:
        """Return the ``.go`` files the workspace index found (empty until it is built)."""
        return list(self._index)

    def shutdown_work(self) -> None:
        """Stop pending analyses and the worker thread (at ``shutdown``)."""
        self._debouncer.cancel_all()
        self._executor.shutdown(wait=False, cancel_futures=True)

    # ----- settings -------------------------------------------------------------------

    def apply_settings(self, raw: Any) -> None:
        """Take new settings from the client; bad values are logged, shown once, defaulted."""
        settings, problems = config.structure(config.Settings, config.section(raw))
        for problem in problems:
            log.warning("%s", problem)
            if problem.message != "unknown setting":
                self.show_once(str(problem))
        old, self.settings = self.settings, settings
        if (old.options(), old.severity_overrides) != (
            settings.options(),
            settings.severity_overrides,
        ):
            log.info("settings changed: analysing the open documents again")
            for doc in self.documents:
                self.schedule(doc.uri, delay=0.0)

    async def reload_settings(self, raw: Any) -> None:
        """Handle ``workspace/didChangeConfiguration``.

        The notification carries ``{"gostuck": {...}}`` (VS Code) or nothing useful (clients
        that expect a pull); then the server asks with ``workspace/configuration``. Settings
        that name none of gostuck's keys leave the current ones alone.
        """
        if isinstance(raw, Mapping) and config.SECTION in raw:
            self.apply_settings(raw[config.SECTION])
            return
        ws = self.client_capabilities.workspace
        if ws is not None and ws.configuration:
            result = await self.workspace_configuration_async(
                types.ConfigurationParams(items=[types.ConfigurationItem(section=config.SECTION)])
            )
            self.apply_settings(result[0] if result else None)
            return
        known = {key.split(".")[0] for key in config.wire_keys(config.Settings)}
        if isinstance(raw, Mapping) and known & set(raw):
            self.apply_settings(raw)

    # ----- documents and analysis -----------------------------------------------------

    def open_document(self, uri: str, version: int, text: str) -> Document:
        """Start tracking a document and analyse it right away."""
        path = to_fs_path(uri) or uri
        doc = Document(uri, path, version, text)
        self.documents.open(doc)
        self._warm(uri)  # the file just opened is the one most likely to be edited next
        self.schedule(uri, delay=0.0)
        return doc

    def change_document(
        self,
        uri: str,
        version: int,
        changes: Sequence[types.TextDocumentContentChangeEvent],
    ) -> None:
        """Apply edits to an open document and schedule its analysis."""
        doc = self.documents.get(uri)
        if doc is None:
            log.warning("change for a document that is not open: %s", uri)
            return
        encoding = self.encoding
        for change in changes:
            doc.apply_change(change, version, encoding)
        self._sync_workspace(uri, version, doc)
        for other in self.documents.in_dir(doc.dir):
            if other is not doc:
                other.diagnostic_cache = {}  # their related places may live in this file
        self._warm(uri)
        self.schedule(uri)

    def _warm(self, uri: str) -> None:
        """Mark a document as being worked on; the least recent beyond the limit cool down."""
        self._hot[uri] = None
        self._hot.move_to_end(uri)
        while len(self._hot) > HOT_DOCUMENTS:
            cold, _ = self._hot.popitem(last=False)
            self._cool(cold)

    def _cool(self, uri: str) -> None:
        """Drop the tree and the incremental basis of a document nobody is editing."""
        doc = self.documents.get(uri)
        if doc is not None:  # a run already under way keeps its own reference
            doc.tree = None
            doc.tree_is_current = False
            self._basis.pop(uri, None)

    def _sync_workspace(self, uri: str, version: int, doc: Document) -> None:
        """Point pygls' copy of the document at gostuck's (see :class:`GostuckProtocol`)."""
        try:
            texts = self.workspace.text_documents
        except RuntimeError:
            return
        pygls_doc = texts.get(uri)
        if pygls_doc is None:
            return
        if not isinstance(pygls_doc, _LiveText) or pygls_doc.doc is not doc:
            pygls_doc = texts[uri] = _LiveText(pygls_doc, doc)
        pygls_doc.version = version

    def close_document(self, uri: str) -> None:
        """Stop tracking a document and clear its diagnostics."""
        self._debouncer.cancel(uri)
        self._cascade.pop(uri, None)
        self._declared.pop(uri, None)
        self._basis.pop(uri, None)
        self._hot.pop(uri, None)
        self.documents.close(uri)
        self.publish(uri)

    def schedule(self, uri: str, *, delay: float | None = None, cascade: bool = True) -> None:
        """Analyse a document after ``delay`` seconds (default: the debounce setting).

        ``cascade`` also re-analyses the open files of the package that mention what this
        file declares; a pending cascade is never downgraded by a later plain request.
        """
        pending = self._debouncer.pending(uri) and self._cascade.get(uri, False)
        self._cascade[uri] = cascade or pending
        wait = self.settings.debounce_ms / 1000 if delay is None else delay
        self._debouncer.schedule(uri, wait, lambda: self._analyse(uri))

    async def _analyse(self, uri: str) -> None:
        doc = self.documents.get(uri)
        if doc is None:
            return
        cascade = self._cascade.pop(uri, False)
        snap = doc.snapshot()
        settings = self.settings
        open_buffers = {d.path: d.source for d in self.documents.in_dir(doc.dir)}
        # What the module-wide questions read of other packages (importers of this one, the
        # constructors it calls): the open documents as the user sees them, saved or not.
        module.set_buffers({d.path: d.source for d in self.documents})
        loop = asyncio.get_running_loop()
        outcome = await loop.run_in_executor(
            self._executor,
            self._run,
            snap,
            open_buffers,
            settings.options(),
            self._declared.get(uri, frozenset()),
        )
        if self.documents.get(uri) is not doc or doc.version != snap.version:
            return  # a newer version is on its way; never publish for an old one
        doc.adopt_tree(snap, outcome.tree)
        if uri not in self._hot:
            self._cool(uri)  # cooled down while it was analysed
        self._declared[uri] = outcome.names
        self.stats.runs += 1
        self.stats.last_seconds = outcome.seconds
        for error in outcome.result.errors:
            self._report_analysis_error(error)
        doc.findings = tuple(f for f in outcome.result.findings if f.span.path in (doc.path, ""))
        doc.findings_version = snap.version
        self.publish(uri)
        if cascade:
            for path in outcome.dependants:
                other = self.documents.by_path(path)
                if other is not None:
                    self.schedule(other.uri, cascade=False)

    def _run(
        self,
        snap: Snapshot,
        open_buffers: Mapping[str, bytes],
        options: Options,
        old_names: frozenset[bytes],
    ) -> Outcome:
        """Parse and analyse one snapshot (in the worker thread)."""
        started = time.perf_counter()
        tree = (
            snap.tree
            if snap.tree is not None and snap.tree_is_current
            else documents.parse(snap.source, snap.tree)
        )
        names: frozenset[bytes] | None = None
        if not options.include_tests and documents.is_test_file(snap.path):
            result = Result(snap.path, ())
        else:
            package = documents.package_sources(
                snap.path, open_buffers, self.disk, include_tests=options.include_tests
            )
            try:
                out = incremental.update(
                    analyze_source,
                    self._basis.get(snap.uri),
                    snap.path,
                    snap.source,
                    tree,
                    package,
                    options,
                )
                self._basis[snap.uri] = out.basis
                result = out.result
                names = out.declared_names()
                self.stats.incremental_runs += out.incremental
            except Exception as err:  # the server outlives any analysis bug
                self._basis.pop(snap.uri, None)
                log.exception("analysis of %s failed", snap.path)
                result = Result(
                    snap.path,
                    (),
                    (AnalysisError(snap.path, f"{type(err).__name__}: {err}", "crash"),),
                )
        _forget_per_file_caches()
        if names is None:
            names = frozenset(documents.declared_names(tree))
        mentioned = names | old_names
        dependants = tuple(
            path
            for path, source in open_buffers.items()
            if path != snap.path and any(name in source for name in mentioned)
        )
        return Outcome(result, tree, names, dependants, time.perf_counter() - started)

    def _report_analysis_error(self, error: AnalysisError) -> None:
        key = error.code or error.message
        self.stats.errors[key] = self.stats.errors.get(key, 0) + 1
        log.error("analysing %s: %s", error.path, error.message)
        self.show_once(f"gostuck could not analyse a file: {error.message} (see the log)")

    # ----- publishing -----------------------------------------------------------------

    def diagnostics(self, doc: Document) -> list[dict[str, Any]]:
        """Return the diagnostics of a document's last findings, as JSON-ready objects.

        Converting is cached per finding: a keystroke changes a few findings at most, and
        the others keep their diagnostics (the key holds everything a diagnostic is made of,
        including the text before each column, so a changed line is converted again). The
        cache holds the wire form too, so unchanged diagnostics are not serialised again.
        """
        stamp = (self.settings, self.encoding)
        cache = doc.diagnostic_cache if doc.diagnostic_stamp == stamp else {}
        fresh: dict[object, dict[str, Any]] = {}
        out: list[dict[str, Any]] = []
        ascii_text = doc.source.isascii()
        for finding in doc.findings:
            try:
                key = _diagnostic_key(finding, doc, ascii_text)
                payload = cache.get(key)
                if payload is None:
                    payload = self._wire(self.finding_diagnostic(finding, doc))
            except Exception:
                log.exception("cannot convert a %s finding in %s", finding.code, doc.path)
                continue
            fresh[key] = payload
            out.append(payload)
        doc.diagnostic_cache = fresh
        doc.diagnostic_stamp = stamp
        return out

    def _wire(self, value: Any) -> dict[str, Any]:
        wire: dict[str, Any] = self.protocol._converter.unstructure(value)
        return wire

    def finding_diagnostic(self, finding: Finding, lines: convert.Lines) -> types.Diagnostic:
        """Return the diagnostic of one finding (static or from a profile)."""
        info = catalog.lookup(finding.code)
        # A profile finding's severity follows its counts (gostuck.lsp.profiles), not a
        # check's default.
        runtime = finding.code in catalog.PROFILE_CODES
        default = info.severity if info is not None and not runtime else finding.severity
        return convert.diagnostic(
            finding,
            lines,
            self.encoding,
            severity=self.settings.severity_for(finding.code, default, finding.confidence),
            docs_url=info.url if info is not None else catalog.docs_url(finding.code),
            lines_for=self.lines_for,
            data={
                "code": finding.code,
                "key": finding_key(finding),
                **dict(finding.data),
            },
        )

    def publish(self, uri: str) -> None:
        """Send the diagnostics of one file: its static findings plus any profile ones."""
        doc = self.documents.get(uri)
        diagnostics = self.diagnostics(doc) if doc is not None else []
        if doc is not None:
            diagnostics = self._with_confirmations(doc, diagnostics)
        diagnostics += [self._wire(d) for d in self._profile_diagnostics(uri, doc)]
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if doc is not None and doc.findings_version is not None:
            params["version"] = doc.findings_version
        # The payload is already JSON-shaped (see diagnostics()): send it as it is rather
        # than through lsprotocol again, which costs milliseconds for hundreds of findings.
        self.protocol._send_data(
            {
                "jsonrpc": "2.0",
                "method": types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
                "params": params,
            }
        )

    def republish(self, uris: Iterable[str] | None = None) -> None:
        """Send diagnostics again (after a profile is loaded or cleared).

        Without ``uris``: every open document and every file the profile mentions. A
        document with an analysis pending is skipped; that run publishes soon anyway, and
        publishing now would pair old findings with a newer version.
        """
        targets = set(uris) if uris is not None else {d.uri for d in self.documents}
        if uris is None:
            targets |= self._profile_uris()
        for uri in sorted(targets):
            if self._debouncer.pending(uri):
                continue
            self.publish(uri)

    def refresh_code_lenses(self) -> None:
        """Ask the client to fetch code lenses again, if it supports that."""
        ws = self.client_capabilities.workspace
        if ws is not None and ws.code_lens is not None and ws.code_lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    def _profile_uris(self) -> set[str]:
        if self.profile_state is None:
            return set()
        try:
            return set(self.profile_state.uris())
        except Exception:
            log.exception("profile hook uris() failed")
            return set()

    def _with_confirmations(
        self, doc: Document, diagnostics: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Put the profile's counts into the static findings it confirms (one problem each).

        The hook's ``confirmed_for`` gives (static finding, the same with the runtime
        count); the static diagnostic is replaced by the merged one, shown as an error
        unless the user set a severity for the code.
        """
        confirmed_for = getattr(self.profile_state, "confirmed_for", None)
        if confirmed_for is None:
            return diagnostics
        try:
            pairs = confirmed_for(doc.uri, doc)
            if not pairs:
                return diagnostics
            merged: dict[str, dict[str, Any]] = {}
            for static, finding in pairs:
                diagnostic = self.finding_diagnostic(finding, doc)
                if finding.code not in self.settings.severity_overrides:
                    diagnostic.severity = types.DiagnosticSeverity.Error
                merged[finding_key(static)] = self._wire(diagnostic)
        except Exception:
            log.exception("profile hook confirmed_for() failed for %s", doc.uri)
            return diagnostics
        out = []
        for payload in diagnostics:
            data = payload.get("data")
            key = data.get("key") if isinstance(data, dict) else None
            out.append(merged.get(key, payload) if isinstance(key, str) else payload)
        return out

    def _profile_diagnostics(self, uri: str, doc: Document | None) -> list[types.Diagnostic]:
        if self.profile_state is None:
            return []
        try:
            items = self.profile_state.diagnostics_for(uri, doc)
            out: list[types.Diagnostic] = []
            for item in items:
                if isinstance(item, types.Diagnostic):
                    out.append(item)
                elif isinstance(item, Finding):
                    lines = doc if doc is not None else self.lines_for(item.span.path)
                    if lines is not None:
                        out.append(self.finding_diagnostic(item, lines))
            return out
        except Exception:
            log.exception("profile hook diagnostics_for() failed for %s", uri)
            return []

    def profile_hover(self, uri: str, doc: Document | None, line: int, byte_col: int) -> str | None:
        """Return the profile's markdown for a position, or None."""
        if self.profile_state is None:
            return None
        try:
            return self.profile_state.hover(uri, doc, line, byte_col)
        except Exception:
            log.exception("profile hook hover() failed for %s", uri)
            return None

    def profile_code_lenses(self, uri: str, doc: Document | None) -> list[types.CodeLens]:
        """Return the profile's code lenses for a file, then the other plug-ins'."""
        lenses: list[types.CodeLens] = []
        try:
            if self.profile_state is not None:
                lenses.extend(self.profile_state.code_lenses(uri, doc))
        except Exception:
            log.exception("profile hook code_lenses() failed for %s", uri)
        for hook in self.code_lens_hooks:
            try:
                lenses.extend(hook(uri, doc))
            except Exception:
                log.exception("code lens hook failed for %s", uri)
        return lenses

    # ----- features -------------------------------------------------------------------

    def current_findings(self, directory: str) -> list[Finding]:
        """Return the up-to-date findings of the open documents of one package."""
        out: list[Finding] = []
        for doc in self.documents.in_dir(directory):
            if doc.findings_version == doc.version:
                out.extend(doc.findings)
        return out

    def hover_at(self, doc: Document, pos: types.Position) -> types.Hover | None:
        """Return the hover at a position: findings with a place there, then the profile."""
        line, byte_col = convert.byte_position(doc, pos, self.encoding)
        hits = hover.hits_at(self.current_findings(doc.dir), doc.path, line, byte_col)
        parts = [hover.render(hits)] if hits else []
        profile = self.profile_hover(doc.uri, doc, line, byte_col)
        if profile:
            parts.append(profile)
        if not parts:
            return None
        rng = None
        if hits:
            rng = convert.span_range(convert.underline(hits[0].span, doc), doc, self.encoding)
        return convert.hover("\n\n---\n\n".join(parts), rng)

    def code_actions(
        self, doc: Document, rng: types.Range, context: types.CodeActionContext
    ) -> list[types.CodeAction]:
        """Return the quick fixes for the findings in a range, and an ignore action for each."""
        if context.only is not None and not any(
            types.CodeActionKind.QuickFix.value.startswith(kind) for kind in context.only
        ):
            return []
        if doc.findings_version != doc.version:
            return []  # the findings describe older text; new ones are on their way
        encoding = self.encoding
        start = convert.byte_position(doc, rng.start, encoding)
        end = convert.byte_position(doc, rng.end, encoding)
        by_key = {
            d.data.get("key"): d
            for d in context.diagnostics
            if d.source == convert.SOURCE and isinstance(d.data, dict)
        }
        versions = {d.uri: d.version for d in self.documents}
        edit_caps = self.client_capabilities.workspace
        document_changes = bool(
            edit_caps is not None
            and edit_caps.workspace_edit is not None
            and edit_caps.workspace_edit.document_changes
        )
        out: list[types.CodeAction] = []
        for finding in actions.findings_in(doc.findings, start, end):
            diag = by_key.get(finding_key(finding)) or self.finding_diagnostic(finding, doc)
            line_start = doc.offset(finding.span.start_line, 0)
            fixes = [*finding.fixes, actions.ignore_fix(finding, doc, line_start)]
            for i, fix in enumerate(fixes):
                out.append(
                    convert.code_action(
                        fix,
                        self.lines_for,
                        encoding,
                        versions=versions,
                        document_changes=document_changes,
                        diagnostics=[diag],
                        preferred=i == 0 and bool(finding.fixes),
                    )
                )
        return out

    # ----- workspace ------------------------------------------------------------------

    def files_changed(self, paths: Iterable[str]) -> None:
        """React to files changed on disk: forget them, re-analyse open files that use them."""
        dirs: set[str] = set()
        for path in paths:
            self.disk.forget(path)
            dirs.add(os.path.dirname(path))
            if path.endswith(".go") and path not in self._index:
                self._index.append(path)
        for doc in self.documents:
            doc.diagnostic_cache = {}  # related places in changed files move
            if doc.dir in dirs:
                self.schedule(doc.uri, cascade=False)

    async def build_index(self) -> None:
        """Find and read the workspace's Go files, reporting ``$/progress`` if the client can.

        Reading them now makes the first analysis of each package cheap (siblings are cached).
        """
        roots = self.workspace_roots()
        if not roots:
            self._indexed.set()
            return
        token = f"gostuck-index-{os.getpid()}-{time.monotonic_ns()}"
        progress = await self._progress_begin(token, "gostuck: indexing Go files")
        loop = asyncio.get_running_loop()
        try:
            files: list[str] = []
            for root in roots:
                files += await loop.run_in_executor(None, _list_go_files, root)
            for start in range(0, len(files), INDEX_BATCH):
                batch = files[start : start + INDEX_BATCH]
                await loop.run_in_executor(None, self.disk.read_all, batch)
                if progress:
                    done = start + len(batch)
                    self.work_done_progress.report(
                        token,
                        types.WorkDoneProgressReport(
                            message=f"{done}/{len(files)} files",
                            percentage=done * 100 // max(len(files), 1),
                        ),
                    )
            self._index = files
            log.info("indexed %d Go files under %s", len(files), ", ".join(roots))
        finally:
            self._indexed.set()
            if progress:
                self.work_done_progress.end(
                    token, types.WorkDoneProgressEnd(message=f"{len(self._index)} Go files")
                )

    def workspace_roots(self) -> list[str]:
        """Return the filesystem paths of the workspace folders (or the root URI)."""
        roots: list[str] = []
        try:
            folders = list(self.workspace.folders.values())
            root_uri = self.workspace.root_uri
        except RuntimeError:
            return roots
        uris = [f.uri for f in folders] or ([root_uri] if root_uri else [])
        for uri in uris:
            path = to_fs_path(uri)
            if path and os.path.isdir(path) and path not in roots:
                roots.append(path)
        return roots

    async def _progress_begin(self, token: str, title: str) -> bool:
        window = self.client_capabilities.window
        if window is None or not window.work_done_progress:
            return False
        try:
            await self.work_done_progress.create_async(token)
        except Exception as err:
            log.info("client refused a progress token: %s", err)
            return False
        self.work_done_progress.begin(
            token, types.WorkDoneProgressBegin(title=title, percentage=0, cancellable=False)
        )
        return True

    async def watch_files(self) -> None:
        """Register for ``**/*.go`` file events when the client allows dynamic registration."""
        ws = self.client_capabilities.workspace
        watched = ws.did_change_watched_files if ws is not None else None
        if watched is None or not watched.dynamic_registration:
            log.info("client cannot watch files for us; siblings are re-read by mtime")
            return
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern="**/*.go")]
        )
        await self.client_register_capability_async(
            types.RegistrationParams(
                registrations=[
                    types.Registration(
                        id="gostuck-watch-go",
                        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                        register_options=options,
                    )
                ]
            )
        )


def _forget_per_file_caches() -> None:
    """Drop what the analysis cached for the file just analysed.

    TODO: gostuck.analysis.partner.syncfacts keeps a WeakKeyDictionary from FileFacts to SyncFacts,
    whose values refer to their keys, so entries never go away (about 1.3 MiB per analysis
    of a 1k-line file); until the analysis stores them on the FileFacts itself, a
    long-running server clears it after each run (one analysis at a time: nothing is lost).
    """
    cache = getattr(syncfacts, "_CACHE", None)
    if cache is not None and hasattr(cache, "clear"):
        cache.clear()


def _diagnostic_key(finding: Finding, doc: Document, ascii_text: bool) -> object:
    """Return everything the diagnostic of ``finding`` is made of.

    Client columns depend on the text before them only when it is not ASCII; the underline
    depends on the bytes at the finding's start (is it a `go` keyword).
    """
    span = finding.span
    line = doc.line(span.start_line)

    def place(s: Span) -> object:
        where = (s.path, s.start_line, s.start_col, s.end_line, s.end_col)
        if ascii_text or s.path != doc.path:
            return where
        return where, doc.line(s.start_line)[: s.start_col], doc.line(s.end_line)[: s.end_col]

    return (
        finding.code,
        finding.message,
        finding.confidence,
        finding.severity,
        finding.data,
        place(span),
        line[span.start_col : span.start_col + 3],
        tuple((r.role, r.message, place(r.span)) for r in finding.related),
    )


def _list_go_files(root: str) -> list[str]:
    return list(documents.walk_go_files(root, INDEX_LIMIT))


def finding_key(finding: Finding) -> str:
    """Return a key that finds a finding again from its diagnostic's ``data``."""
    s = finding.span
    return f"{finding.code}:{s.start_line}:{s.start_col}:{s.end_line}:{s.end_col}"


def create_server() -> GostuckServer:
    """Return a server with every handler and plug-in registered."""
    from gostuck.lsp import handlers

    ls = GostuckServer()
    handlers.register(ls)
    _load_plugins(ls)
    return ls


PLUGINS: Final = ("gostuck.lsp.profiles", "gostuck.lsp.testruns")


def _load_plugins(ls: GostuckServer) -> None:
    """Let optional modules add commands and hooks; a broken one is logged and skipped."""
    for name in PLUGINS:
        try:
            module = importlib.import_module(name)
            register = getattr(module, "register", None)
            if callable(register):
                register(ls)
        except ModuleNotFoundError as err:
            if err.name != name:
                log.exception("cannot load %s", name)
            else:
                log.info("%s is not installed", name)
        except Exception:
            log.exception("cannot load %s", name)
