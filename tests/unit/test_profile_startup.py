"""Start-up of ``gostuck profile``: only what reading a profile needs is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gostuck.cli import COMMANDS, _parser, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"


def _imported(code: str, cwd: Path) -> set[str]:
    """Run ``code`` in a fresh interpreter and return the modules it imported."""
    script = f"import sys\n{code}\nprint(' '.join(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return set(out.stdout.split())


def test_help_lists_every_subcommand_with_its_modules_help() -> None:
    full = build_parser().format_help()
    assert _parser(()).format_help() == full
    for name in COMMANDS:
        assert name in full


def test_help_line_table_matches_each_module() -> None:
    parser = build_parser()
    sub = next(
        a
        for a in parser._actions  # argparse keeps the subcommands here
        if a.dest == "command"
    )
    helps = {c.dest: c.help for c in sub._choices_actions}  # type: ignore[attr-defined]
    assert helps == COMMANDS


def test_profile_does_not_import_the_analysis(tmp_path: Path) -> None:
    profile = FIXTURES / "closures.goroutineleak.debug2.txt"
    modules = _imported(
        "from gostuck.cli import main\n"
        f"import contextlib, io\nwith contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['profile', {str(profile)!r}])",
        tmp_path,
    )
    assert "gostuck.profile.text" in modules
    assert not {m for m in modules if m.startswith(("gostuck.analysis", "gostuck.checks"))}
    assert "gostuck.cli.check" not in modules
    assert "pygls" not in modules
    # Text input needs no protobuf runtime.
    assert "google.protobuf" not in modules


def test_unknown_subcommand_lists_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["nosuch"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    for name in COMMANDS:
        assert name in err


def test_no_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "profile" in capsys.readouterr().err
