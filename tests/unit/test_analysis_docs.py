"""docs/checks/ is generated from the checks' Doc data and must be current."""

from __future__ import annotations

from pathlib import Path

from gostuck.analysis import registry
from gostuck.checks import docs

DOCS = Path(__file__).resolve().parents[2] / "docs" / "checks"


def test_docs_are_current() -> None:
    for name, text in docs.expected().items():
        path = DOCS / name
        assert path.exists(), f"{path} missing: run python -m gostuck.checks.docs"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is stale: run python -m gostuck.checks.docs"
        )


def test_every_check_has_a_page_with_its_examples() -> None:
    for c in registry.CHECKS:
        page = docs.render(c)
        assert page.startswith(f"# {c.code}: {c.doc.title}")
        assert c.name in page
        if c.doc.before:
            assert c.doc.before.splitlines()[0] in page


def test_check_mode_reports_stale(tmp_path: Path) -> None:
    assert docs.main([str(tmp_path), "--check"]) == 1
    assert docs.main([str(tmp_path)]) == 0
    assert docs.main([str(tmp_path), "--check"]) == 0
