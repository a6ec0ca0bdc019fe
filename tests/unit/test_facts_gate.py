"""The text gate before the go-statement query never hides a go statement."""

from __future__ import annotations

import re

from conftest import SAMPLES
from gostuck.analysis.flow import facts
from gostuck.syntax import parse

FORMS = [
    "func f() {\n\tgo g()\n}",
    "func f() { go g() }",
    "func f() { x := 1; go g(x) }",
    "func f(c int) {\n\tswitch c {\n\tcase 1: go g()\n\t}\n}",
    "func f() {\nL:\n\tgo g()\n\tgoto L\n}",
    "func f() {\n\t/* why */ go g()\n}",
    "func f() {\n\tgo (func() {})()\n}",
    "func f(fs []func()) {\n\tgo fs[0]()\n}",
    "func f(p *T) {\n\tgo (*p).m()\n}",
]


def test_every_go_statement_passes_the_gate() -> None:
    for body in FORMS:
        src = f"package p\nfunc g(...int) {{}}\n{body}\n".encode()
        tree = parse.parse(src)
        assert len(facts.find_go_statements(tree.root_node)) == 1, body


def test_prose_about_go_skips_the_query() -> None:
    src = b"package p\n// Run go vet and go test first.\n/*\ngo doc fmt\n*/\nfunc f() {}\n"
    assert facts.may_hold_go(src)  # a block comment line may still pass
    src2 = b"package p\n// Run go vet and go test first.\nfunc f() {}\n"
    assert not facts.may_hold_go(src2)


def test_gate_needs_go_to_start_a_statement() -> None:
    assert facts.may_hold_go(b"go f()")  # the very start of the text
    assert facts.may_hold_go(b"x := 1;\t go f()")
    assert facts.may_hold_go(b"/* c */go f()")
    assert not facts.may_hold_go(b"ago f()")  # part of a longer word
    assert not facts.may_hold_go(b"x = go f()")  # not where a statement starts
    assert not facts.may_hold_go(b"// go f()")


def test_find_word_matches_the_word_boundary_regex() -> None:
    texts = [
        b"Run(x); xRun(y); Run (z); _Run(); Run9(); run(); \xc3\xa9Run(); Run(",
        b"type T struct{}; type TT struct{}; type T  struct {}; typeT struct",
        b"",
        b"Run",
    ]
    for text in texts:
        for name, after in ((b"Run", rb"\s*\("), (b"Run", rb"\b"), (b"T", rb"\s+struct\b")):
            want = [m.span() for m in re.finditer(rb"\b" + re.escape(name) + after, text)]
            got = [m.span() for m in parse.find_word(name, text, after)]
            assert got == want, (name, after, text)
    # A whole sample file, every identifier in it.
    src = (SAMPLES / "classic" / "buffered.go").read_bytes()
    for name in set(re.findall(rb"[A-Za-z_]\w*", src)):
        want = [m.span() for m in re.finditer(rb"\b" + re.escape(name) + rb"\b", src)]
        assert [m.span() for m in parse.find_word(name, src)] == want, name
