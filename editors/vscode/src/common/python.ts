/**
 * Finding a gostuck language server to start, in this order:
 *
 *   1. `gostuck.server.command`, a full command line;
 *   2. `gostuck.server.python`, an interpreter that has gostuck installed;
 *   3. a server bundled inside the extension (`bundled/libs`), run by the Python extension's
 *      interpreter or a `python3` on PATH;
 *   4. the interpreter selected in the Python extension, when that extension is installed;
 *   5. `gostuck` on PATH.
 *
 * Each candidate is verified before it is used (`python -c "import gostuck.lsp.server"`, which
 * loads the native libraries too, so a bundle built for another Python is refused; or the command
 * exists). Nothing here imports `vscode`: the caller passes the Python extension's interpreter
 * as a function and a probe that runs processes, so discovery is unit-tested without VS Code.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

export type ServerSource = "server.command" | "server.python" | "bundled" | "python-extension" | "path";

/** A verified way to start the server. */
export interface ServerLaunch {
  source: ServerSource;
  command: string;
  args: string[];
  /** Extra environment variables (PYTHONPATH for the bundled server). */
  env: Record<string, string>;
}

/** One candidate looked at, for the log and the failure notification. */
export interface Attempt {
  source: ServerSource;
  ok: boolean;
  detail: string;
}

export interface Discovery {
  launch?: ServerLaunch;
  attempts: Attempt[];
}

export interface ProbeResult {
  ok: boolean;
  /** Why it failed (first line of stderr, exit code), or what it printed. */
  detail: string;
}

/** Runs a short command to check a candidate. */
export type Probe = (command: string, args: string[], env: Record<string, string>) => Promise<ProbeResult>;

export interface DiscoveryInputs {
  serverCommand: string[];
  serverPython: string;
  /** The extension's install folder, where `bundled/libs` would be. */
  extensionPath: string;
  /** The Python extension's interpreter for this workspace, or undefined when there is none. */
  pythonExtensionInterpreter: () => Promise<string | undefined>;
  /** PATH to search for `gostuck` and `python3`. */
  pathEnv: string | undefined;
}

/** Checks whether a file exists and can be executed; replaceable in tests. */
export type IsExecutable = (file: string) => boolean;

export const IMPORT_CHECK = ["-c", "import gostuck.lsp.server"];
export const LSP_ARGS = ["-m", "gostuck", "lsp"];

/** Walk the candidates in order and return the first that works, with every attempt made. */
export async function findServer(
  inputs: DiscoveryInputs,
  probe: Probe,
  isExecutable: IsExecutable = isExecutableFile,
): Promise<Discovery> {
  const attempts: Attempt[] = [];
  const done = (launch: ServerLaunch, detail: string): Discovery => {
    attempts.push({ source: launch.source, ok: true, detail });
    return { launch, attempts };
  };

  // 1. A full command line: verified by finding its executable.
  if (inputs.serverCommand.length > 0) {
    const [exe = "", ...rest] = inputs.serverCommand;
    const resolved = which(exe, inputs.pathEnv, isExecutable);
    if (resolved !== undefined) {
      return done({ source: "server.command", command: resolved, args: rest, env: {} }, resolved);
    }
    attempts.push({ source: "server.command", ok: false, detail: `${exe}: not found or not executable` });
  }

  // 2. An interpreter named in the settings.
  if (inputs.serverPython !== "") {
    const result = await checkInterpreter(inputs.serverPython, {}, probe, inputs.pathEnv, isExecutable);
    if (result.ok) {
      return done(pythonLaunch("server.python", result.detail, {}), result.detail);
    }
    attempts.push({ source: "server.python", ok: false, detail: `${inputs.serverPython}: ${result.detail}` });
  }

  // 3. A server bundled with the extension, run by any Python we can find.
  const libs = path.join(inputs.extensionPath, "bundled", "libs");
  if (fs.existsSync(path.join(libs, "gostuck", "__init__.py"))) {
    const env = { PYTHONPATH: libs };
    const interpreters = [await safely(inputs.pythonExtensionInterpreter), "python3", "python"];
    const failures: string[] = [];
    for (const interpreter of interpreters) {
      if (interpreter === undefined) {
        continue;
      }
      const result = await checkInterpreter(interpreter, env, probe, inputs.pathEnv, isExecutable);
      if (result.ok) {
        return done(pythonLaunch("bundled", result.detail, env), `${result.detail} with ${libs}`);
      }
      failures.push(`${interpreter}: ${result.detail}`);
    }
    attempts.push({ source: "bundled", ok: false, detail: failures.join("; ") });
  } else {
    attempts.push({ source: "bundled", ok: false, detail: "no server bundled with the extension" });
  }

  // 4. The Python extension's interpreter, if that extension is installed.
  const selected = await safely(inputs.pythonExtensionInterpreter);
  if (selected === undefined) {
    attempts.push({ source: "python-extension", ok: false, detail: "no interpreter from the Python extension" });
  } else {
    const result = await checkInterpreter(selected, {}, probe, inputs.pathEnv, isExecutable);
    if (result.ok) {
      return done(pythonLaunch("python-extension", result.detail, {}), result.detail);
    }
    attempts.push({ source: "python-extension", ok: false, detail: `${selected}: ${result.detail}` });
  }

  // 5. A `gostuck` script on PATH.
  const script = which("gostuck", inputs.pathEnv, isExecutable);
  if (script === undefined) {
    attempts.push({ source: "path", ok: false, detail: "gostuck is not on PATH" });
  } else {
    const result = await probe(script, ["--version"], {});
    if (result.ok) {
      return done({ source: "path", command: script, args: ["lsp"], env: {} }, script);
    }
    attempts.push({ source: "path", ok: false, detail: `${script}: ${result.detail}` });
  }
  return { attempts };
}

function pythonLaunch(source: ServerSource, interpreter: string, env: Record<string, string>): ServerLaunch {
  return { source, command: interpreter, args: [...LSP_ARGS], env };
}

async function checkInterpreter(
  interpreter: string,
  env: Record<string, string>,
  probe: Probe,
  pathEnv: string | undefined,
  isExecutable: IsExecutable,
): Promise<ProbeResult> {
  const resolved = which(interpreter, pathEnv, isExecutable);
  if (resolved === undefined) {
    return { ok: false, detail: "not found or not executable" };
  }
  const result = await probe(resolved, IMPORT_CHECK, env);
  return result.ok ? { ok: true, detail: resolved } : { ok: false, detail: `cannot import gostuck (${result.detail})` };
}

async function safely(get: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    const value = await get();
    return value === undefined || value === "" ? undefined : value;
  } catch {
    return undefined;
  }
}

/** The path of an executable: `file` itself when it has a slash, else the first match on PATH. */
export function which(
  file: string,
  pathEnv: string | undefined,
  isExecutable: IsExecutable = isExecutableFile,
): string | undefined {
  if (file === "") {
    return undefined;
  }
  if (file.includes("/") || file.includes(path.sep)) {
    return isExecutable(file) ? file : undefined;
  }
  for (const dir of (pathEnv ?? "").split(path.delimiter)) {
    if (dir === "") {
      continue;
    }
    const candidate = path.join(dir, file);
    if (isExecutable(candidate)) {
      return candidate;
    }
  }
  return undefined;
}

export function isExecutableFile(file: string): boolean {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The real probe: runs the command with a time limit and reports the first line of stderr. */
export const runProbe: Probe = (command, args, env) =>
  new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: { ...process.env, ...env }, timeout: 20_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ ok: true, detail: stdout.trim() });
          return;
        }
        const lines = stderr.trim().split("\n");
        const last = lines[lines.length - 1] ?? "";
        const code = typeof error.code === "number" ? `exit code ${error.code}` : error.message;
        resolve({ ok: false, detail: last === "" ? code : `${last}, ${code}` });
      },
    );
  });

/** A short summary of why no server was found, for the notification's log. */
export function describeAttempts(attempts: Attempt[]): string {
  return attempts.map((a) => `${a.ok ? "ok" : "no"} ${a.source}: ${a.detail}`).join("\n");
}
