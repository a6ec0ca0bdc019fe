import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeWaitReasons,
  formatCount,
  parseSummary,
  resolveSiteFile,
  shortName,
  siteItems,
  statusText,
  statusTooltip,
  unplacedText,
} from "../../common/summary";

const reply = {
  name: "goroutine.pb.gz",
  formats: ["pprof"],
  total: 48213,
  sites: [
    {
      file: "/build/svc/leak.go",
      line: 12,
      function: "main.handler.func1",
      count: 48000,
      waitReasons: { "chan send": 48000 },
    },
    {
      file: "worker.go",
      line: 7,
      function: "main.worker",
      count: 213,
      waitReasons: { select: 200, "chan receive": 13 },
    },
    { file: "bad.go", line: "7", count: 1 },
    { file: "moved.go", line: null, function: "main.moved", count: 5, waitReasons: {} },
  ],
  unplaced: 1,
  warnings: ["no creation sites in this format"],
};

describe("parseSummary", () => {
  it("reads a summary and drops malformed sites", () => {
    const summary = parseSummary(reply);
    assert.ok(summary !== undefined);
    assert.equal(summary.total, 48213);
    assert.deepEqual(
      summary.sites.map((s) => [s.file, s.line, s.count]),
      [
        ["/build/svc/leak.go", 12, 48000],
        ["worker.go", 7, 213],
        ["moved.go", null, 5],
      ],
    );
    assert.equal(summary.unplaced, 1);
    assert.deepEqual(summary.warnings, ["no creation sites in this format"]);
  });

  it("returns undefined for null (no profile loaded) and throws on anything else", () => {
    assert.equal(parseSummary(null), undefined);
    assert.throws(() => parseSummary({ total: 3 }), /no name or total/);
    assert.throws(() => parseSummary([1, 2]), /no name or total/);
  });
});

describe("status bar and quick pick", () => {
  const summary = parseSummary(reply);
  assert.ok(summary !== undefined);

  it("shows the name and the goroutine total", () => {
    const placed = { ...summary, unplaced: 0 };
    assert.equal(statusText(placed), "$(pulse) goroutine.pb.gz: 48,213 goroutines");
    assert.match(statusTooltip(placed), /48,213 goroutines at 3 sites/);
    assert.doesNotMatch(statusTooltip(placed), /source changed/);
    assert.equal(statusText({ ...placed, total: 1 }), "$(pulse) goroutine.pb.gz: 1 goroutine");
  });

  it("says how many sites the changed source does not show", () => {
    assert.equal(statusText(summary), "$(pulse) goroutine.pb.gz: 48,213 goroutines $(warning) 1 not shown");
    assert.match(statusTooltip(summary), /source changed since the profile: 1 site not shown/);
    assert.equal(unplacedText({ ...summary, unplaced: 3 }), "source changed since the profile: 3 sites not shown");
  });

  it("lists sites with count, function, file:line and wait reasons", () => {
    const items = siteItems(summary);
    assert.deepEqual(
      items.map((i) => [i.label, i.description, i.detail]),
      [
        ["48,000  main.handler.func1", "leak.go:12", "chan send ×48,000"],
        ["213  main.worker", "worker.go:7", "select ×200, chan receive ×13"],
        ["5  main.moved", "moved.go: source changed since the profile", "moved.go"],
      ],
    );
  });

  it("shortens URLs and long names for the status bar", () => {
    assert.equal(
      shortName("http://127.0.0.1:6060/debug/pprof/goroutine?debug=2"),
      "127.0.0.1:6060/debug/pprof/goroutine",
    );
    assert.equal(shortName("goroutine.pb.gz"), "goroutine.pb.gz");
    const long = shortName("a".repeat(30) + "b".repeat(30), 21);
    assert.equal(long, "aaaaaaaaaa…bbbbbbbbbb");
    assert.equal(long.length, 21);
    assert.match(
      statusText({ ...summary, name: "https://svc.internal/debug/pprof/goroutine?debug=2" }),
      /^\$\(pulse\) svc\.internal\/debug\/pprof\/goroutine: /,
    );
  });

  it("formats counts with thousands separators", () => {
    assert.equal(formatCount(0), "0");
    assert.equal(formatCount(999), "999");
    assert.equal(formatCount(1234567), "1,234,567");
    assert.equal(describeWaitReasons({}), "");
  });
});

describe("resolveSiteFile", () => {
  const files = new Set(["/ws/a/svc/leak.go", "/ws/b/worker.go", "/abs/x.go"]);
  const exists = (p: string): boolean => files.has(p);

  it("keeps an absolute path that exists", () => {
    assert.equal(resolveSiteFile("/abs/x.go", ["/ws/a"], exists), "/abs/x.go");
  });

  it("finds a build machine's path by its longest suffix in a workspace folder", () => {
    assert.equal(resolveSiteFile("/home/ci/src/svc/leak.go", ["/ws/a", "/ws/b"], exists), "/ws/a/svc/leak.go");
    assert.equal(resolveSiteFile("worker.go", ["/ws/a", "/ws/b"], exists), "/ws/b/worker.go");
  });

  it("gives up on files outside the workspace", () => {
    assert.equal(resolveSiteFile("/elsewhere/none.go", ["/ws/a"], exists), undefined);
  });
});
