import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import {
  type DiscoveryInputs,
  findServer,
  IMPORT_CHECK,
  type Probe,
  type ProbeResult,
  runProbe,
  which,
} from "../../common/python";

interface Call {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** A probe that answers from a table and records what it was asked. */
function fakeProbe(answers: Record<string, ProbeResult>): { probe: Probe; calls: Call[] } {
  const calls: Call[] = [];
  const probe: Probe = (command, args, env) => {
    calls.push({ command, args, env });
    return Promise.resolve(answers[command] ?? { ok: false, detail: "No module named 'gostuck', exit code 1" });
  };
  return { probe, calls };
}

const executables = new Set([
  "/usr/bin/python3",
  "/venv/bin/python",
  "/opt/ext/python",
  "/usr/local/bin/gostuck",
  "/opt/gostuck/bin/gostuck-server",
]);
const isExecutable = (file: string): boolean => executables.has(file);

let extensionPath: string;

function inputs(overrides: Partial<DiscoveryInputs> = {}): DiscoveryInputs {
  return {
    serverCommand: [],
    serverPython: "",
    extensionPath,
    pythonExtensionInterpreter: () => Promise.resolve(undefined),
    pathEnv: "/usr/local/bin:/usr/bin",
    ...overrides,
  };
}

function bundle(): string {
  const libs = path.join(extensionPath, "bundled", "libs");
  fs.mkdirSync(path.join(libs, "gostuck", "lsp"), { recursive: true });
  for (const file of ["__init__.py", "lsp/__init__.py", "lsp/server.py"]) {
    fs.writeFileSync(path.join(libs, "gostuck", file), "");
  }
  return libs;
}

beforeEach(() => {
  extensionPath = fs.mkdtempSync(path.join(os.tmpdir(), "gostuck-ext-"));
});

afterEach(() => {
  fs.rmSync(extensionPath, { recursive: true, force: true });
});

describe("findServer", () => {
  it("uses gostuck.server.command first, as given", async () => {
    const { probe, calls } = fakeProbe({ "/venv/bin/python": { ok: true, detail: "" } });
    const found = await findServer(
      inputs({
        serverCommand: ["/opt/gostuck/bin/gostuck-server", "lsp", "--stdio"],
        serverPython: "/venv/bin/python",
      }),
      probe,
      isExecutable,
    );
    assert.deepEqual(found.launch, {
      source: "server.command",
      command: "/opt/gostuck/bin/gostuck-server",
      args: ["lsp", "--stdio"],
      env: {},
    });
    assert.equal(calls.length, 0);
  });

  it("looks the command up on PATH and falls through when it is missing", async () => {
    const { probe } = fakeProbe({ "/venv/bin/python": { ok: true, detail: "" } });
    const onPath = await findServer(inputs({ serverCommand: ["gostuck", "lsp"] }), probe, isExecutable);
    assert.equal(onPath.launch?.command, "/usr/local/bin/gostuck");
    const missing = await findServer(
      inputs({ serverCommand: ["/nope/gostuck", "lsp"], serverPython: "/venv/bin/python" }),
      probe,
      isExecutable,
    );
    assert.equal(missing.launch?.source, "server.python");
    assert.deepEqual(missing.attempts[0], {
      source: "server.command",
      ok: false,
      detail: "/nope/gostuck: not found or not executable",
    });
  });

  it("verifies gostuck.server.python by importing gostuck, then runs python -m gostuck lsp", async () => {
    const { probe, calls } = fakeProbe({ "/venv/bin/python": { ok: true, detail: "" } });
    const found = await findServer(inputs({ serverPython: "/venv/bin/python" }), probe, isExecutable);
    assert.deepEqual(found.launch, {
      source: "server.python",
      command: "/venv/bin/python",
      args: ["-m", "gostuck", "lsp"],
      env: {},
    });
    assert.deepEqual(calls, [{ command: "/venv/bin/python", args: IMPORT_CHECK, env: {} }]);
  });

  it("prefers a bundled server over the Python extension and PATH, with PYTHONPATH set", async () => {
    const libs = bundle();
    const { probe, calls } = fakeProbe({
      "/usr/bin/python3": { ok: true, detail: "" },
      "/opt/ext/python": { ok: true, detail: "" },
    });
    const found = await findServer(
      inputs({
        serverPython: "/venv/bin/python",
        pythonExtensionInterpreter: () => Promise.resolve("/opt/ext/python"),
      }),
      probe,
      isExecutable,
    );
    // The configured interpreter lacks gostuck; the bundled libs run on the Python extension's interpreter.
    assert.deepEqual(found.launch, {
      source: "bundled",
      command: "/opt/ext/python",
      args: ["-m", "gostuck", "lsp"],
      env: { PYTHONPATH: libs },
    });
    assert.deepEqual(
      calls.map((c) => [c.command, c.env]),
      [
        ["/venv/bin/python", {}],
        ["/opt/ext/python", { PYTHONPATH: libs }],
      ],
    );
    assert.deepEqual(
      found.attempts.map((a) => [a.source, a.ok]),
      [
        ["server.python", false],
        ["bundled", true],
      ],
    );
  });

  it("runs the bundled server with python3 from PATH when there is no Python extension", async () => {
    const libs = bundle();
    const { probe } = fakeProbe({ "/usr/bin/python3": { ok: true, detail: "" } });
    const found = await findServer(inputs(), probe, isExecutable);
    assert.deepEqual(found.launch?.command, "/usr/bin/python3");
    assert.deepEqual(found.launch.env, { PYTHONPATH: libs });
  });

  it("uses the Python extension's interpreter when it has gostuck", async () => {
    const { probe } = fakeProbe({ "/opt/ext/python": { ok: true, detail: "" } });
    const found = await findServer(
      inputs({ pythonExtensionInterpreter: () => Promise.resolve("/opt/ext/python") }),
      probe,
      isExecutable,
    );
    assert.equal(found.launch?.source, "python-extension");
    assert.deepEqual(found.launch.args, ["-m", "gostuck", "lsp"]);
  });

  it("survives a Python extension that throws", async () => {
    const { probe } = fakeProbe({ "/usr/local/bin/gostuck": { ok: true, detail: "gostuck 0.1.0" } });
    const found = await findServer(
      inputs({ pythonExtensionInterpreter: () => Promise.reject(new Error("not activated")) }),
      probe,
      isExecutable,
    );
    assert.deepEqual(found.launch, { source: "path", command: "/usr/local/bin/gostuck", args: ["lsp"], env: {} });
  });

  it("falls back to gostuck on PATH, checked with --version", async () => {
    const { probe, calls } = fakeProbe({ "/usr/local/bin/gostuck": { ok: true, detail: "gostuck 0.1.0" } });
    const found = await findServer(inputs(), probe, isExecutable);
    assert.equal(found.launch?.source, "path");
    assert.deepEqual(calls, [{ command: "/usr/local/bin/gostuck", args: ["--version"], env: {} }]);
  });

  it("reports every candidate when none works", async () => {
    const { probe } = fakeProbe({});
    const found = await findServer(
      inputs({
        serverCommand: ["missing-server"],
        serverPython: "/venv/bin/python",
        pythonExtensionInterpreter: () => Promise.resolve("/opt/ext/python"),
      }),
      probe,
      isExecutable,
    );
    assert.equal(found.launch, undefined);
    assert.deepEqual(
      found.attempts.map((a) => [a.source, a.ok]),
      [
        ["server.command", false],
        ["server.python", false],
        ["bundled", false],
        ["python-extension", false],
        ["path", false],
      ],
    );
    assert.match(found.attempts[1]?.detail ?? "", /cannot import gostuck \(No module named 'gostuck'/);
    assert.match(found.attempts[2]?.detail ?? "", /no server bundled/);
  });

  it("says when gostuck is not on PATH", async () => {
    const { probe } = fakeProbe({});
    const found = await findServer(inputs({ pathEnv: "/usr/bin" }), probe, isExecutable);
    assert.deepEqual(found.attempts.at(-1), { source: "path", ok: false, detail: "gostuck is not on PATH" });
  });
});

describe("which", () => {
  it("takes a path with a slash as it is and searches PATH otherwise", () => {
    assert.equal(which("/usr/bin/python3", "", isExecutable), "/usr/bin/python3");
    assert.equal(which("/usr/bin/python9", "", isExecutable), undefined);
    assert.equal(which("python3", "/nope::/usr/bin", isExecutable), "/usr/bin/python3");
    assert.equal(which("python3", undefined, isExecutable), undefined);
    assert.equal(which("", "/usr/bin", isExecutable), undefined);
  });
});

describe("findServer with real processes", () => {
  const python3 = which("python3", process.env.PATH);

  it(
    "finds a bundled gostuck with the real python3 and rejects an interpreter without it",
    { skip: python3 === undefined ? "no python3 on PATH" : false },
    async () => {
      const libs = bundle();
      const found = await findServer(inputs({ serverPython: process.execPath, pathEnv: process.env.PATH }), runProbe);
      // node is no Python: `node -c "import gostuck.lsp.server"` fails, so the bundled server is next.
      assert.equal(found.attempts[0]?.source, "server.python");
      assert.equal(found.attempts[0].ok, false);
      assert.equal(found.launch?.source, "bundled");
      assert.equal(found.launch.env.PYTHONPATH, libs);
      assert.deepEqual(found.launch.args, ["-m", "gostuck", "lsp"]);
    },
  );

  it(
    "reports the import error of an interpreter without gostuck",
    { skip: python3 === undefined ? "no python3 on PATH" : false },
    async () => {
      const result = await runProbe(python3 ?? "python3", ["-c", "import gostuck_not_a_module"], {});
      assert.equal(result.ok, false);
      assert.match(result.detail, /ModuleNotFoundError: No module named 'gostuck_not_a_module', exit code 1/);
    },
  );
});
