"""Fetch a profile from a live endpoint (``/debug/pprof/goroutine?debug=2``).

Only http and https, with a time limit on the whole transfer (not just each read), a cap
on the bytes received, and redirects followed only to http or https (at most five).
Credentials in the URL (``http://user:pass@host/``) are sent as basic authentication and
never appear in messages: every message names the URL without them.
"""

from __future__ import annotations

import base64
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPMessage
from typing import IO, Final

from gostuck.profile.model import ProfileError

ALLOWED_SCHEMES: Final = ("http", "https")
MAX_REDIRECTS: Final = 5
CHUNK: Final = 64 * 1024


def redact(url: str) -> str:
    """Return ``url`` without user name or password."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects only to http/https URLs, and only a few times."""

    max_redirections = MAX_REDIRECTS

    def _check(self, req: urllib.request.Request, newurl: str) -> None:
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, newurl)).scheme
        if scheme.lower() not in ALLOWED_SCHEMES:
            raise ProfileError(
                f"{redact(req.full_url)} redirects to a {scheme or 'relative'}: URL "
                f"({redact(newurl)}); only http and https are followed"
            )

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
    ) -> IO[bytes] | None:
        """Refuse a redirect to another scheme before urllib looks at it."""
        newurl = headers.get("location") or headers.get("uri")
        if newurl:
            self._check(req, newurl)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        self._check(req, newurl)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if (
            new is not None
            and urllib.parse.urlsplit(newurl).netloc != urllib.parse.urlsplit(req.full_url).netloc
        ):
            # Never carry credentials to another host.
            new.remove_header("Authorization")
        return new


def _opener() -> urllib.request.OpenerDirector:
    # Only the handlers for http and https: no file:, ftp: or data: handlers at all.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
        _SameSchemeRedirects(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, *, max_bytes: int, timeout: float) -> tuple[bytes, str]:
    """Download a profile; return its bytes and the URL to show (without credentials)."""
    parts = urllib.parse.urlsplit(url)
    shown = redact(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise ProfileError(
            f"{shown}: only http and https URLs can be fetched (got {parts.scheme}:)"
        )
    if not parts.hostname:
        raise ProfileError(f"{shown}: the URL has no host")
    request = urllib.request.Request(shown, headers={"Accept-Encoding": "identity"})
    if parts.username is not None:
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password or "")
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        request.add_unredirected_header("Authorization", f"Basic {token}")
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    received = 0
    try:
        with _opener().open(request, timeout=timeout) as response:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock = getattr(getattr(response, "fp", None), "raw", None)
                sock = getattr(sock, "_sock", None)
                if isinstance(sock, socket.socket):
                    sock.settimeout(left)
                chunk = response.read1(min(CHUNK, max_bytes + 1 - received))
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise ProfileError(
                        f"{shown} sent more than {max_bytes:,} bytes (profile.maxBytes); "
                        "stopped reading"
                    )
    except ProfileError:
        raise
    except urllib.error.HTTPError as e:
        raise ProfileError(f"{shown} answered HTTP {e.code} {e.reason}") from None
    except TimeoutError:
        raise ProfileError(
            f"{shown} did not send the profile within {timeout:g} s (profile.timeoutSeconds)"
        ) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError):
            raise ProfileError(
                f"{shown} did not answer within {timeout:g} s (profile.timeoutSeconds)"
            ) from None
        raise ProfileError(f"cannot fetch {shown}: {reason}") from None
    except (OSError, ValueError) as e:
        raise ProfileError(f"cannot fetch {shown}: {e}") from None
    return b"".join(chunks), shown
