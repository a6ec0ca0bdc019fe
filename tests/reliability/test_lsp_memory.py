"""Memory the server keeps per message: none once the message is handled.

A long editing session sends hundreds of thousands of notifications; anything kept per
notification is a leak (bench/edit_storm.py shows it as RSS that grows storm after storm).
"""

from __future__ import annotations

import asyncio

from gostuck.lsp.server import create_server
from lsprotocol import types


async def test_handled_notifications_are_not_kept() -> None:
    ls = create_server()
    protocol = ls.protocol
    uri = "file:///storm/x.go"
    for version in range(1, 201):
        protocol._handle_notification(
            types.TEXT_DOCUMENT_DID_CHANGE,
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                [types.TextDocumentContentChangeWholeDocument(text="package p\n")],
            ),
        )
    await asyncio.sleep(0.2)
    kept = [f for f in protocol._request_futures.values() if f.done()]
    assert kept == [], f"{len(kept)} finished notifications still held"
