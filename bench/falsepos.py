"""False positives on real, correct code: findings per 100k lines on ``$GOROOT/src``.

The Go standard library and toolchain are taken as correct code: every finding there is a
candidate false positive to review. The scan uses the CLI's defaults (no ``testdata/``, no
``vendor/``, no ``_test.go``). "Default" findings are those ``gostuck check`` prints without
flags (checks on by default, confidence medium or high); each is listed with its source line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Final

from bench.common import CheckRun, goroot, run_check, table

DEFAULT_CONFIDENCE: Final = ("medium", "high")


def scan_goroot() -> CheckRun:
    """Check ``$GOROOT/src`` at every confidence level."""
    return run_check([str(goroot() / "src")], "--min-confidence", "low")


def _source_line(path: str, line: int) -> str:
    try:
        lines = Path(path).read_bytes().split(b"\n")
    except OSError:
        return ""
    return lines[line - 1].decode("utf-8", "replace").strip() if line <= len(lines) else ""


def report(run: CheckRun) -> tuple[str, float]:
    """Return the false-positive tables as text and the default findings per 100k lines."""
    stats = run.doc["stats"]
    lines = int(stats["lines"])
    findings = run.findings
    default = [f for f in findings if f["confidence"] in DEFAULT_CONFIDENCE]
    per_100k = 100_000 * len(default) / lines if lines else 0.0
    base = str(goroot() / "src") + "/"

    by_code: Counter[tuple[str, str]] = Counter((f["code"], f["confidence"]) for f in findings)
    codes = sorted({code for code, _ in by_code})
    rows = [
        [
            code,
            by_code[(code, "high")],
            by_code[(code, "medium")],
            by_code[(code, "low")],
            by_code[(code, "high")] + by_code[(code, "medium")],
        ]
        for code in codes
    ]
    out = [
        f"files {stats['files']}, lines {lines:,}, errors {len(run.errors)}",
        "",
        "Findings per code and confidence",
        table(["code", "high", "medium", "low", "default"], rows) if rows else "(none)",
        "",
        f"Default findings: {len(default)} = {per_100k:.2f} per 100k lines "
        f"(all confidences: {len(findings)} = {100_000 * len(findings) / max(lines, 1):.2f})",
    ]
    for f in default:
        where = f"{str(f['file']).removeprefix(base)}:{f['line']}"
        out.append(f"  {where}: {f['code']} [{f['confidence']}] {f['message']}")
        out.append(f"      {_source_line(f['file'], f['line'])}")
        for rel in f["related"]:
            if rel["role"] == "block":
                out.append(
                    f"      block {str(rel['file']).removeprefix(base)}:{rel['line']}: "
                    f"{_source_line(rel['file'], rel['line'])}"
                )
    for err in run.errors[:10]:
        out.append(f"  error: {err['file']}: {err['message']}")
    return "\n".join(out), per_100k


def main(run: CheckRun | None = None) -> tuple[float, CheckRun]:
    """Print the false-positive report; return default findings per 100k lines and the run."""
    print("== False positives on $GOROOT/src (no testdata, vendor or _test.go) ==")
    run = run or scan_goroot()
    text, per_100k = report(run)
    print(text)
    return per_100k, run
