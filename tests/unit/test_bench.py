"""The benchmark's parsers: expected leaks, debug=2 dumps, and the verdict per leak."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import recall, repos
from bench.common import percent, table
from bench.corpus import GOKER, MAIN, ExpectedLeak, Instance, Truth, parse_dump, parse_expected

TEST_SOURCE = """
	microTests := []testCase{
		makeTest("NilRecv",
			`NilRecv\\.func1\\(.* \\[chan receive \\(nil chan\\)\\]`,
		),
		makeTest("Mixed",
			`Mixed\\.func1\\(.* \\[sync\\.WaitGroup\\.Wait\\]`,
			`Mixed\\.func1.1\\(.* \\[chan send\\]`,
		),
		makeTest("NoLeakGlobal"),
	}
	gokerTestCases := []testCase{
		makeFlakyTest("Cockroach584",
			`Cockroach584\\.func2\\(.* \\[sync\\.(RW)?Mutex\\.Lock\\]`,
		),
		// makeTest(testCase{name: "Kubernetes1321"},
		// 	`NewMux_kubernetes1321\\.gowrap1\\(.* \\[chan send\\]`,
		makeTest("Grpc862",
			`DialContext_grpc862\\.func2\\(.* \\[chan receive\\]`),
	}
"""


def test_parse_expected_reads_cases_programs_and_primitives() -> None:
    leaks = parse_expected(TEST_SOURCE)
    got = [(x.case, x.program, x.flaky, x.primitive, x.is_channel) for x in leaks]
    assert got == [
        ("NilRecv", MAIN, False, "chan receive (nil chan)", True),
        ("Mixed", MAIN, False, "sync.WaitGroup.Wait", False),
        ("Mixed", MAIN, False, "chan send", True),
        ("Cockroach584", GOKER, True, "sync.Mutex.Lock", False),
        ("Grpc862", GOKER, False, "chan receive", True),
    ]


DUMP = """goroutine 1 [running]:
main.main()
\t/src/corpus/main.go:38 +0x133

goroutine 8 [chan send (leaked)]:
main.helper(...)
\t/src/corpus/patterns.go:224
main.earlyReturn.func1()
\t/src/corpus/patterns.go:185 +0x34
created by main.earlyReturn in goroutine 7
\t/src/corpus/patterns.go:181 +0x76

goroutine 9 [select]:
main.worker()
\t/src/corpus/patterns.go:90 +0x34
created by main.start in goroutine 1
\t/src/corpus/patterns.go:80 +0x76
"""


def test_parse_dump_reads_frames_creator_and_leak_key() -> None:
    gs = parse_dump(DUMP)
    assert [g.leaked for g in gs] == [False, True, False]
    leaked = gs[1]
    assert leaked.leak_key == "earlyReturn.func1() [chan send]"
    assert [(f.file, f.line) for f in leaked.frames] == [
        ("/src/corpus/patterns.go", 224),
        ("/src/corpus/patterns.go", 185),
    ]
    assert leaked.created_by is not None
    assert (leaked.created_by.function, leaked.created_by.line) == ("main.earlyReturn", 181)
    assert gs[0].created_by is None


GO_FILE = """package p

func f(ch chan int) {
\tgo func() {
\t\tch <- 1
\t}()
\tgo g(
\t\tch)
}

func g(ch chan int) { ch <- 1 }
"""


def _truth(tmp_path: Path) -> tuple[Truth, str]:
    path = tmp_path / "p.go"
    path.write_text(GO_FILE)
    leak = ExpectedLeak("Case", MAIN, r"f\.func1\(.* \[chan send\]", flaky=False)
    inst = Instance(str(path), 4, str(path), 5, ((str(path), 5),))
    return Truth(leak, [inst]), str(path)


def _finding(path: str, line: int, block: int) -> dict[str, object]:
    return {
        "code": "GS1001",
        "file": path,
        "line": line,
        "confidence": "high",
        "message": "m",
        "related": [{"role": "block", "file": path, "line": block, "column": 3, "message": ""}],
    }


def test_judge_needs_the_go_statement_and_the_blocking_line(tmp_path: Path) -> None:
    truth, path = _truth(tmp_path)
    assert recall.judge(truth, [_finding(path, 4, 5)]).outcome == recall.FOUND
    assert recall.judge(truth, [_finding(path, 4, 9)]).outcome == recall.GO_ONLY
    assert recall.judge(truth, [_finding(path, 7, 5)]).outcome == recall.MISSED
    assert recall.judge(Truth(truth.leak, []), []).outcome == recall.UNSEEN


def test_go_line_maps_any_line_of_a_go_statement_to_its_first(tmp_path: Path) -> None:
    _, path = _truth(tmp_path)
    assert recall.go_line(path, 6) == 4
    assert recall.go_line(path, 8) == 7
    assert recall.go_line(path, 11) == 11


def test_report_counts_channel_recall_and_lists_misses(tmp_path: Path) -> None:
    truth, path = _truth(tmp_path)
    text, value = recall.report([truth], [_finding(path, 4, 5)])
    assert value == 100.0
    assert "1/1 = 100.0%" in text
    text, value = recall.report([truth], [])
    assert value == 0.0
    assert "Channel leaks not found" in text


def test_table_aligns_numbers_right() -> None:
    out = table(["name", "n"], [["a", 1], ["long", 100]])
    assert out.splitlines() == ["name    n", "----  ---", "a       1", "long  100"]
    assert percent(1, 3) == "33.3%"
    assert percent(0, 0) == "n/a"


def test_false_positive_report_counts_default_findings_per_100k_lines(tmp_path: Path) -> None:
    from bench import falsepos
    from bench.common import CheckRun

    src = tmp_path / "x.go"
    src.write_text("package x\n\nfunc f() {\n\tgo g()\n}\n")
    findings = [
        {**_finding(str(src), 4, 4), "confidence": conf, "code": code}
        for conf, code in (("high", "GS4001"), ("medium", "GS1001"), ("low", "GS4002"))
    ]
    doc = {"findings": findings, "errors": [], "stats": {"files": 1, "lines": 400_000}}
    text, per_100k = falsepos.report(CheckRun(doc, 1, 1.0))
    assert per_100k == 0.5
    assert "Default findings: 2 = 0.50 per 100k lines (all confidences: 3 = 0.75)" in text
    assert text.count("GS4001 [high]") == 1
    assert "GS4002 [low]" not in text
    assert "      go g()" in text


def test_speed_report_compares_the_one_process_scan_with_the_parse() -> None:
    from bench import speed

    timings = [
        speed.Timing("parse", 2.0, 2.0, 1000, 2.0),
        speed.Timing("check --jobs 1", 3.0, 3.2, 1000, 3.5),
        speed.Timing("check", 2.5, 2.7, 1000, 4.0),
    ]
    text, ratio = speed.report(timings)
    assert ratio == 1.75
    assert "elapsed: 1.50x" in text
    assert "CPU time: 1.75x, within the 2x target" in text
    assert "500" in text  # parse lines/s
    text, ratio = speed.report([timings[0], speed.Timing("slow", 5.0, 5.0, 1000, 5.0)])
    assert ratio == 2.5
    assert "over the 2x target" in text


def test_primitive_tells_a_range_loop_from_a_plain_receive(tmp_path: Path) -> None:
    path = tmp_path / "r.go"
    path.write_text(
        "package r\n\nfunc f(ch chan int) {\n\tfor v := range ch {\n\t\t_ = v\n\t}\n}\n"
    )
    leak = ExpectedLeak("Case", MAIN, r"f\.func1\(.* \[chan receive\]", flaky=False)
    at_range = Instance(str(path), 3, str(path), 4, ((str(path), 4),))
    at_body = Instance(str(path), 3, str(path), 5, ((str(path), 5),))
    assert recall.primitive(recall.judge(Truth(leak, [at_range]), [])) == recall.RANGE
    assert recall.primitive(recall.judge(Truth(leak, [at_body]), [])) == "chan receive"


def test_refresh_adds_to_the_cached_observations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import corpus

    (tmp_path / "src" / "runtime").mkdir(parents=True)
    (tmp_path / corpus.TEST_REL).write_text(TEST_SOURCE)
    monkeypatch.setattr(corpus, "goroot", lambda: tmp_path)
    monkeypatch.setattr(corpus, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(corpus, "_fingerprint", lambda: "fp")
    first = Instance("a.go", 1, "a.go", 2, (("a.go", 2),))
    second = Instance("a.go", 1, "a.go", 3, (("a.go", 3),))
    seen = iter([[first], [second]])

    def fake_observe(
        expected: list[ExpectedLeak], cases: object, *, log: bool = True
    ) -> list[Truth]:
        found = next(seen)
        return [Truth(leak, list(found) if i == 0 else []) for i, leak in enumerate(expected)]

    monkeypatch.setattr(corpus, "observe", fake_observe)
    assert corpus.ground_truth(log=False)[0].instances == [first]
    assert corpus.ground_truth(log=False)[0].instances == [first]  # from the cache
    assert corpus.ground_truth(refresh=True, log=False)[0].instances == [second, first]
    assert corpus.ground_truth(log=False)[0].instances == [second, first]


SELECT_FILE = """package p

func s(a, b chan int) {
\tgo func() {
\t\tselect {
\t\tcase v := <-a:
\t\t\t_ = v
\t\tcase b <- 1:
\t\t}
\t}()
}
"""


def test_a_select_and_its_cases_are_one_blocking_line(tmp_path: Path) -> None:
    path = tmp_path / "s.go"
    path.write_text(SELECT_FILE)
    p = str(path)
    assert [recall.block_line(p, n) for n in (4, 5, 6, 7, 8, 9)] == [4, 5, 5, 7, 5, 9]
    leak = ExpectedLeak("Case", MAIN, r"s\.func1\(.* \[select\]", flaky=False)
    truth = Truth(leak, [Instance(p, 4, p, 5, ((p, 5),))])
    assert recall.judge(truth, [_finding(p, 4, 8)]).outcome == recall.FOUND
    assert recall.judge(truth, [_finding(p, 4, 7)]).outcome == recall.GO_ONLY


def test_unseen_report_scores_kinds_and_counts_findings_in_correct_programs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bench import unseen

    monkeypatch.setattr(unseen, "CORPUS", tmp_path)
    truth, path = _truth(tmp_path)
    sync_leak = ExpectedLeak("leak_b", "realistic", "sync.WaitGroup.Wait", flaky=False)
    sync_truth = Truth(sync_leak, [Instance(path, 7, path, 9, ((path, 9),))])
    ok_dir = tmp_path / "ok_a"
    ok_dir.mkdir()
    ok_file = ok_dir / "main.go"
    ok_file.write_text("package main\n\nfunc main() {\n\tgo f()\n}\n")
    progs = [
        unseen.Program("leak_a", "leak", [truth]),
        unseen.Program("leak_b", "leak", [sync_truth]),
        unseen.Program("ok_a", "ok"),
    ]
    held = tmp_path / unseen.HELDOUT / "ok_h" / "main.go"
    findings = [_finding(path, 4, 5), _finding(str(ok_file), 4, 4), _finding(str(held), 4, 4)]
    text, scores = unseen.report(progs, findings, unseen.Corpus("realistic", tmp_path))
    assert (scores.channel_found, scores.channel_total) == (1, 1)
    assert (scores.sync_found, scores.sync_total) == (0, 1)
    assert scores.ok_findings == 1
    assert "ok_a/main.go:4: GS1001" in text
    assert "ok_h" not in text  # the held-out programs are their own corpus
    assert scores.extra_findings == 0
    assert "Leaks not found at default confidence" in text
    assert unseen.kind_of("sync.Mutex.Lock (leaked)") == unseen.SYNC_KIND
    assert unseen.kind_of("select") == unseen.CHANNEL_KIND


def _repo_run(findings: list[dict[str, object]], lines: int) -> repos.RepoRun:
    from bench.common import CheckRun

    doc = {"findings": findings, "errors": [], "stats": {"files": 1, "lines": lines}}
    count = repos.GoCount(files=3, lines=lines + 50, test_files=1, test_lines=50)
    return repos.RepoRun("svc", "0123456789abcdef", count, CheckRun(doc, 1, 2.0, 1.5))


def test_repos_counts_go_files_as_the_go_tool_walks_them(tmp_path: Path) -> None:
    (tmp_path / "a.go").write_text("package a\n\nfunc f() {}\n")
    (tmp_path / "a_test.go").write_text("package a\n\nfunc TestF() {}")  # no final newline
    for skipped in ("vendor", "testdata", ".git", "_old"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "x.go").write_text("package x\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.go").write_text("package sub\n")
    count = repos.count_go(tmp_path)
    assert count == repos.GoCount(files=3, lines=7, test_files=1, test_lines=3)
    assert (count.non_test_files, count.non_test_lines) == (2, 4)


def test_repos_table_has_a_row_per_repository_and_a_total() -> None:
    findings = [
        {**_finding("pkg/x.go", 4, 5), "confidence": conf, "message": "leaks\nmore"}
        for conf in ("high", "medium", "low")
    ]
    run = _repo_run(findings, 200_000)
    rows = repos.summary_rows([run, run])
    assert rows[0] == ["svc", "0123456789ab", 200_050, 200_000, 2, 1.5, 2.0, 2, 1.0]
    assert rows[-1] == ["total", "", 400_100, 400_000, 4, 3.0, 4.0, 4, 1.0]
    text = repos.report([run])
    assert "Default findings: 2" in text
    assert text.count("svc/pkg/x.go:4: GS1001 [") == 2
    assert "leaks" in text and "more" not in text  # the message's first line only
    assert "block pkg/x.go:5" in text


def test_repos_finds_modules_and_says_how_to_get_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert repos.main(base=str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "No Go checkouts under" in out
    assert "git clone --depth 1 https://github.com/etcd-io/etcd.git" in out
    (tmp_path / "mod").mkdir()
    (tmp_path / "mod" / "go.mod").write_text("module m\n")
    (tmp_path / "notgo").mkdir()
    assert repos.find_checkouts(tmp_path) == [tmp_path / "mod"]
    (tmp_path / "mod" / "REVISION").write_text("abc123\n")
    assert repos.revision(tmp_path / "mod") == "abc123"
    assert repos.per_100k(3, 0) == 0.0
