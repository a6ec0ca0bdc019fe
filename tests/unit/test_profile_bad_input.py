"""Input that is not a readable goroutine profile gives a clear ProfileError, never a crash."""

from __future__ import annotations

import gzip
import io
import random
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from gostuck.profile import ProfileError, load, read_bytes, read_path, sites
from gostuck.profile import profile_pb2 as pb

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PB = FIXTURES / "closures.goroutine.pb.gz"
DEBUG2 = FIXTURES / "closures.goroutineleak.debug2.txt"
MIB = 1024 * 1024


def read_error(data: bytes, **kw: int) -> str:
    with pytest.raises(ProfileError) as e:
        read_bytes(data, "input.prof", **kw)
    return str(e.value)


def test_empty() -> None:
    assert read_error(b"") == (
        "input.prof is empty: expected a gzipped pprof protobuf (debug=0), text starting "
        "'goroutine profile: total N' (debug=1), goroutine tracebacks starting "
        "'goroutine 1 [running]:' (debug=2), or a panic, deadlock, test-timeout or SIGQUIT dump"
    )


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.pb.gz"
    path.write_bytes(b"")
    with pytest.raises(ProfileError, match=r"empty\.pb\.gz is empty"):
        read_path(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match=r"cannot open .*nope\.txt"):
        load(str(tmp_path / "nope.txt"))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="is a directory"):
        read_path(tmp_path)


def test_truncated_gzip() -> None:
    data = PB.read_bytes()
    assert "is cut short: the gzip stream ends early" in read_error(data[: len(data) // 2])


def test_corrupt_gzip() -> None:
    data = bytearray(PB.read_bytes())
    data[20:40] = bytes(20)
    assert "is not a valid gzip file" in read_error(bytes(data))


def test_gzip_bomb_stops_at_the_cap() -> None:
    bomb = io.BytesIO()
    with gzip.GzipFile(fileobj=bomb, mode="wb") as g:
        chunk = bytes(MIB)
        for _ in range(64):
            g.write(chunk)
    assert len(bomb.getvalue()) < 100 * 1024
    message = read_error(bomb.getvalue(), max_bytes=4 * MIB)
    assert "decompresses to more than 4,194,304 bytes (profile.maxBytes)" in message


def test_random_bytes() -> None:
    data = random.Random(4).randbytes(4096)
    assert not data.startswith(b"\x1f\x8b")
    assert read_error(data).startswith("input.prof is not a goroutine profile: expected")


def test_text_that_is_not_a_profile() -> None:
    assert "is not a goroutine profile" in read_error(b"hello\nworld\n" * 100)


def test_gzipped_random_bytes() -> None:
    data = gzip.compress(random.Random(5).randbytes(4096))
    assert "is gzip-compressed but not a pprof profile" in read_error(data)


def test_pprof_of_another_kind() -> None:
    p = pb.Profile()
    p.string_table.extend(["", "cpu", "nanoseconds"])
    p.sample_type.add(type=1, unit=2)
    message = read_error(gzip.compress(p.SerializeToString()))
    assert "is a pprof profile but a cpu profile" in message


def test_delta_profile_is_flagged() -> None:
    p = pb.Profile()
    p.string_table.extend(["", "goroutine", "count", "main.f", "/a/b.go"])
    p.sample_type.add(type=1, unit=2)
    p.function.add(id=1, name=3, filename=4)
    p.location.add(id=1).line.add(function_id=1, line=3)
    p.sample.add(location_id=[1], value=[-2])
    p.duration_nanos = 5_000_000_000
    profile = read_bytes(gzip.compress(p.SerializeToString()), "delta")
    assert "delta profile" in profile.warnings[0]


def test_debug2_cut_at_64_mib() -> None:
    """The runtime stops writing debug=2 at 64 MiB, in the middle of a line."""
    head = (
        b"goroutine 7 [chan send (leaked)]:\n"
        b"main.fetch.func1()\n"
        b"\t/build/app/samples/leakdemo/closures/main.go:16 +0x1e\n"
    )
    block = head + (
        b"created by main.fetch in goroutine 1\n"
        b"\t/build/app/samples/leakdemo/closures/main.go:15 +0x76\n\n"
    )
    limit = 64 * MIB
    data = (block * (limit // len(block) + 1))[:limit]
    assert not data.endswith(b"\n")
    full, part = divmod(limit, len(block))
    # The cut goroutine counts when its first frame (where it waits) came through whole.
    expected = full + (1 if part >= len(head) else 0)
    profile = read_bytes(data, "cut.txt")
    assert profile.truncated
    assert profile.total == expected
    (site,) = sites(profile)
    assert (site.line, site.count, site.leaked) == (16, expected, expected)
    assert profile.warnings == (
        f"cut.txt was cut: it ends in the middle of a line (the runtime stops writing "
        f"debug=2 profiles at 64 MiB); read the {expected:,} goroutines before the cut",
    )


def test_text_over_the_cap_is_read_up_to_it() -> None:
    data = DEBUG2.read_bytes()
    profile = read_bytes(data, "big.txt", max_bytes=2000)
    assert profile.truncated
    assert any("larger than the 2,000-byte limit" in w for w in profile.warnings)


def test_corrupt_gzip_of_text_mid_stream() -> None:
    data = gzip.compress(DEBUG2.read_bytes() * 50)
    cut = data[: len(data) // 2]
    with pytest.raises(ProfileError, match="cut short"):
        read_bytes(cut, "x.txt.gz")


def test_gzipped_text_is_read() -> None:
    profile = read_bytes(gzip.compress(DEBUG2.read_bytes()), "x.txt.gz")
    assert profile.formats == ("goroutineleak debug=2",)
    assert profile.total == 17


# A local endpoint on 127.0.0.1 that misbehaves in the ways a real one can.


class Endpoint(BaseHTTPRequestHandler):
    stop = threading.Event()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _send(self, body: bytes, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/ok":
            self._send(DEBUG2.read_bytes())
        elif path == "/auth":
            if self.headers.get("Authorization") == "Basic dXNlcjpzM2NyZXQ=":
                self._send(DEBUG2.read_bytes())
            else:
                self._send(b"no", 401)
        elif path == "/stall":
            self.send_response(200)
            self.end_headers()
            self.wfile.flush()
            self.stop.wait(10)
        elif path == "/trickle":
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"goroutine 1 [running]:\n")
            while not self.stop.wait(0.05):
                self.wfile.write(b"m")
                self.wfile.flush()
        elif path == "/huge":
            self.send_response(200)
            self.end_headers()
            chunk = b"goroutine 1 [running]:\nmain.f()\n\t/a.go:1 +0x1\n\n" * 1000
            try:
                while not self.stop.is_set():
                    self.wfile.write(chunk)
            except OSError:
                pass
        elif path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif path == "/to-ok":
            self.send_response(302)
            self.send_header("Location", "/ok")
            self.end_headers()
        else:
            self._send(b"not found", 404)


@pytest.fixture
def endpoint() -> Iterator[str]:
    Endpoint.stop.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        Endpoint.stop.set()
        server.shutdown()
        server.server_close()


def test_url_ok(endpoint: str) -> None:
    profile = load(f"{endpoint}/ok")
    assert profile.source == f"{endpoint}/ok"
    assert profile.total == 17


def test_url_redirect_to_http_is_followed(endpoint: str) -> None:
    assert load(f"{endpoint}/to-ok").total == 17


def test_url_redirect_to_file_is_refused(endpoint: str) -> None:
    with pytest.raises(ProfileError, match=r"redirects to a file: URL .*only http and https"):
        load(f"{endpoint}/to-file")


def test_url_that_stalls(endpoint: str) -> None:
    with pytest.raises(ProfileError, match=r"within 0.5 s \(profile.timeoutSeconds\)"):
        load(f"{endpoint}/stall", timeout=0.5)


def test_url_that_trickles_hits_the_total_time_limit(endpoint: str) -> None:
    with pytest.raises(ProfileError, match=r"within 0.5 s"):
        load(f"{endpoint}/trickle", timeout=0.5)


def test_url_that_sends_too_much(endpoint: str) -> None:
    with pytest.raises(ProfileError, match=r"sent more than 1,048,576 bytes"):
        load(f"{endpoint}/huge", max_bytes=MIB)


def test_url_not_found(endpoint: str) -> None:
    with pytest.raises(ProfileError, match="answered HTTP 404"):
        load(f"{endpoint}/missing")


def test_url_credentials_are_sent_but_never_shown(endpoint: str) -> None:
    secret_url = endpoint.replace("http://", "http://user:s3cret@") + "/auth"
    profile = load(secret_url)
    assert profile.total == 17
    assert "s3cret" not in profile.source
    with pytest.raises(ProfileError) as e:
        load(endpoint.replace("http://", "http://user:wrong@") + "/auth")
    assert "wrong" not in str(e.value)
    assert "answered HTTP 401" in str(e.value)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "file:///etc/passwd"])
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(ProfileError, match="only http and https URLs"):
        load(url)


def test_connection_refused() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Endpoint)
    port = server.server_address[1]
    server.server_close()
    with pytest.raises(ProfileError, match=f"cannot fetch http://127.0.0.1:{port}/ok"):
        load(f"http://127.0.0.1:{port}/ok", timeout=2)


def test_zlib_errors_do_not_escape() -> None:
    # A valid gzip header followed by a deflate stream with a bad block type.
    data = gzip.compress(b"x" * 100)[:10] + b"\xff" * 40
    with pytest.raises(ProfileError, match="not a valid gzip file"):
        read_bytes(data, "bad.gz")
