"""The checked-in protobuf module is what protoc makes from profile.proto today."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[2] / "server"
PROTO = SERVER / "gostuck" / "profile" / "profile.proto"
GENERATED = ("profile_pb2.py", "profile_pb2.pyi")


def test_generated_module_is_current(tmp_path: Path) -> None:
    pytest.importorskip("grpc_tools")
    src = tmp_path / "src"
    (src / "gostuck" / "profile").mkdir(parents=True)
    shutil.copy(PROTO, src / "gostuck" / "profile" / "profile.proto")
    out = tmp_path / "out"
    out.mkdir()
    # The command documented at the top of profile.proto, pointed at a temp dir.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{src}",
            f"--python_out={out}",
            f"--pyi_out={out}",
            str(src / "gostuck" / "profile" / "profile.proto"),
        ],
        check=True,
    )
    for name in GENERATED:
        fresh = (out / "gostuck" / "profile" / name).read_text()
        committed = (SERVER / "gostuck" / "profile" / name).read_text()
        assert fresh == committed, f"{name} is stale: regenerate it (see profile.proto)"


def test_generated_module_reads_the_wire_format() -> None:
    from gostuck.profile import profile_pb2

    p = profile_pb2.Profile()
    p.string_table.extend(["", "goroutine", "count"])
    p.sample_type.add(type=1, unit=2)
    p.sample.add(location_id=[1, 2], value=[5])
    data = p.SerializeToString()
    # Field 1 (sample_type) is a length-delimited message; field 2 (sample) follows.
    assert data[0] == (1 << 3) | 2
    back = profile_pb2.Profile.FromString(data)
    assert list(back.sample[0].location_id) == [1, 2]
    assert back.sample[0].value[0] == 5
