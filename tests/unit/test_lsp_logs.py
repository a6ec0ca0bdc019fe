"""Server logging: each record once, and a refused request as one line (lsp/logs.py)."""

from __future__ import annotations

import logging
import sys

from gostuck.lsp.logs import REQUEST_FAILED, is_user_failure
from gostuck.lsp.profiles import REQUEST_FAILED as PROFILE_REQUEST_FAILED
from pygls.exceptions import JsonRpcException


def record(error: BaseException | None) -> logging.LogRecord:
    exc_info = (type(error), error, None) if error is not None else None
    return logging.LogRecord("pygls", logging.ERROR, __file__, 1, "failed", None, exc_info)


def test_refused_requests_are_user_failures() -> None:
    assert REQUEST_FAILED == PROFILE_REQUEST_FAILED
    refused = JsonRpcException(message="x is not a goroutine profile", code=REQUEST_FAILED)
    assert is_user_failure(record(refused))
    assert not is_user_failure(record(JsonRpcException(message="boom", code=-32603)))
    assert not is_user_failure(record(ValueError("boom")))
    assert not is_user_failure(record(None))
    assert sys.exc_info() == (None, None, None)
