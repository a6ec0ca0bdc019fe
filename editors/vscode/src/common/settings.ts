/**
 * Reading gostuck's settings and turning them into what the server expects.
 *
 * Names are camelCase on the wire and in package.json (docs/settings.md). Dotted keys such as
 * `profile.minGoroutines` become nested objects, as VS Code itself nests them. Nothing here
 * imports `vscode` at run time: callers pass a reader, so unit tests can use a plain object.
 */
import * as os from "node:os";
import * as path from "node:path";

/** Settings sent to the server, in docs/settings.md order. */
export const SERVER_SETTING_KEYS = [
  "select",
  "ignore",
  "minConfidence",
  "severityOverrides",
  "includeTests",
  "debounceMs",
  "profile.minGoroutines",
  "profile.warnGoroutines",
  "profile.maxBytes",
  "profile.timeoutSeconds",
  "allowToolExecution",
] as const;

/** Settings the extension keeps to itself (never sent to the server). */
export const EXTENSION_ONLY_SETTING_KEYS = ["server.command", "server.python", "trace.server"] as const;

export type ServerSettingKey = (typeof SERVER_SETTING_KEYS)[number];

/** The part of `vscode.WorkspaceConfiguration` this module needs. */
export interface ConfigReader {
  get(key: string): unknown;
}

/** A JSON object as sent to the server. */
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

/**
 * The server's settings, from a reader of the `gostuck` section: every server key that has a
 * value, nested at the dots. Keys without a value are left out, so the server's defaults apply.
 */
export function serverSettings(config: ConfigReader): JsonObject {
  const out: JsonObject = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = config.get(key);
    if (value === undefined) {
      continue;
    }
    setNested(out, key.split("."), value as JsonValue);
  }
  return out;
}

/** What the server receives as `initializationOptions`: the `gostuck` section. */
export function initializationOptions(config: ConfigReader): JsonObject {
  return serverSettings(config);
}

/** The `settings` of a `workspace/didChangeConfiguration` notification. */
export function didChangeConfigurationSettings(config: ConfigReader): JsonObject {
  return { gostuck: serverSettings(config) };
}

function setNested(target: JsonObject, parts: string[], value: JsonValue): void {
  const [head, ...rest] = parts;
  if (head === undefined) {
    return;
  }
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const child: JsonObject =
    existing !== null && typeof existing === "object" && !Array.isArray(existing) ? existing : {};
  target[head] = child;
  setNested(child, rest, value);
}

/** Values that `${...}` variables in path settings stand for. */
export interface VariableContext {
  workspaceFolder?: string;
  userHome?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * Resolve `${workspaceFolder}`, `${workspaceFolderBasename}`, `${userHome}`, `${env:NAME}` and a
 * leading `~` in a path or command-line setting. Unknown variables are left as written.
 */
export function resolveVariables(value: string, ctx: VariableContext): string {
  const home = ctx.userHome ?? os.homedir();
  const env = ctx.env ?? process.env;
  let out = value.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
    if (name === "workspaceFolder") {
      return ctx.workspaceFolder ?? whole;
    }
    if (name === "workspaceFolderBasename") {
      return ctx.workspaceFolder === undefined ? whole : path.basename(ctx.workspaceFolder);
    }
    if (name === "userHome") {
      return home;
    }
    if (name.startsWith("env:")) {
      return env[name.slice("env:".length)] ?? "";
    }
    return whole;
  });
  if (out === "~" || out.startsWith("~/")) {
    out = home + out.slice(1);
  }
  return out;
}

/** The extension's own settings, resolved. */
export interface ClientSettings {
  /** `gostuck.server.command`: a full command line, or empty. */
  serverCommand: string[];
  /** `gostuck.server.python`: an interpreter with gostuck installed, or "". */
  serverPython: string;
}

/** Read `gostuck.server.*`, dropping empty values and resolving variables. */
export function clientSettings(config: ConfigReader, ctx: VariableContext): ClientSettings {
  const command = config.get("server.command");
  const python = config.get("server.python");
  const serverCommand = Array.isArray(command)
    ? command.filter((part): part is string => typeof part === "string").map((part) => resolveVariables(part, ctx))
    : [];
  return {
    serverCommand: serverCommand.length > 0 && serverCommand[0] !== "" ? serverCommand : [],
    serverPython: typeof python === "string" ? resolveVariables(python.trim(), ctx) : "",
  };
}
