import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import {
  clientSettings,
  type ConfigReader,
  didChangeConfigurationSettings,
  EXTENSION_ONLY_SETTING_KEYS,
  initializationOptions,
  resolveVariables,
  SERVER_SETTING_KEYS,
  serverSettings,
} from "../../common/settings";

/** A reader over a flat map of keys under `gostuck.`, as WorkspaceConfiguration.get reads them. */
function reader(values: Record<string, unknown>): ConfigReader {
  return {
    get(key: string): unknown {
      return values[key];
    },
  };
}

interface SettingSchema {
  type?: string;
  description?: string;
  markdownDescription?: string;
  scope?: string;
  enum?: string[];
  enumDescriptions?: string[];
  default?: unknown;
  additionalProperties?: SettingSchema;
  items?: SettingSchema;
}

const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as {
  contributes: { configuration: { properties: Record<string, SettingSchema> } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const properties = packageJson.contributes.configuration.properties;

describe("serverSettings", () => {
  it("nests dotted keys and keeps camelCase names", () => {
    const settings = serverSettings(
      reader({
        select: ["GS1"],
        ignore: [],
        minConfidence: "high",
        severityOverrides: { GS3001: "error" },
        includeTests: false,
        debounceMs: 300,
        "profile.minGoroutines": 2,
        "profile.warnGoroutines": 50,
        "profile.maxBytes": 1024,
        "profile.timeoutSeconds": 5,
        allowToolExecution: false,
      }),
    );
    assert.deepEqual(settings, {
      select: ["GS1"],
      ignore: [],
      minConfidence: "high",
      severityOverrides: { GS3001: "error" },
      includeTests: false,
      debounceMs: 300,
      profile: { minGoroutines: 2, warnGoroutines: 50, maxBytes: 1024, timeoutSeconds: 5 },
      allowToolExecution: false,
    });
  });

  it("leaves out keys without a value and never sends the extension's own settings", () => {
    const settings = serverSettings(
      reader({ minConfidence: "low", "server.python": "/usr/bin/python3", "server.command": ["x"] }),
    );
    assert.deepEqual(settings, { minConfidence: "low" });
  });

  it("sends the package.json defaults as they are", () => {
    const defaults: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(properties)) {
      defaults[key.slice("gostuck.".length)] = schema.default;
    }
    const settings = initializationOptions(reader(defaults));
    assert.deepEqual(settings, {
      select: [],
      ignore: [],
      minConfidence: "medium",
      severityOverrides: {},
      includeTests: true,
      debounceMs: 150,
      profile: { minGoroutines: 1, warnGoroutines: 100, maxBytes: 268435456, timeoutSeconds: 30 },
      allowToolExecution: false,
    });
  });

  it("wraps changed settings in the gostuck section", () => {
    assert.deepEqual(didChangeConfigurationSettings(reader({ debounceMs: 10 })), { gostuck: { debounceMs: 10 } });
  });
});

describe("package.json settings", () => {
  it("has exactly the server's keys and the extension's own, under gostuck.", () => {
    const expected = [...SERVER_SETTING_KEYS, ...EXTENSION_ONLY_SETTING_KEYS].map((k) => `gostuck.${k}`).sort();
    assert.deepEqual(Object.keys(properties).sort(), expected);
  });

  for (const [key, schema] of Object.entries(properties)) {
    it(`${key} has a description, a scope and enum descriptions`, () => {
      assert.ok((schema.description ?? schema.markdownDescription ?? "").length > 10, "description");
      assert.ok(
        ["application", "machine", "machine-overridable", "window", "resource", "language-overridable"].includes(
          schema.scope ?? "",
        ),
        `scope ${String(schema.scope)}`,
      );
      for (const s of [schema, schema.additionalProperties, schema.items]) {
        if (s?.enum !== undefined) {
          assert.equal(s.enumDescriptions?.length, s.enum.length, "one enumDescription per enum value");
        }
      }
      assert.ok("default" in schema, "default");
    });
  }
});

describe("package.json setting scopes (local and remote windows)", () => {
  // Where each setting may be set, as README.md says: the server's location is a path on the
  // machine that runs the server (in a remote window its Remote settings, or the workspace's,
  // which an untrusted workspace cannot use); running tools is the user's choice per machine,
  // never a workspace's; the analysis settings may differ per folder.
  const expected: Record<string, string> = {
    "gostuck.server.command": "machine-overridable",
    "gostuck.server.python": "machine-overridable",
    "gostuck.allowToolExecution": "machine",
    "gostuck.trace.server": "window",
  };
  for (const key of Object.keys(properties)) {
    it(`${key} is declared ${expected[key] ?? "resource"}`, () => {
      assert.equal(properties[key]?.scope, expected[key] ?? "resource");
    });
  }

  it("keeps the server's location out of untrusted workspaces", () => {
    const untrusted = packageJson.capabilities.untrustedWorkspaces;
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), [
      "gostuck.server.command",
      "gostuck.server.python",
    ]);
  });
});

describe("resolveVariables", () => {
  const ctx = { workspaceFolder: "/ws/proj", userHome: "/home/u", env: { VENV: "/opt/venv" } };

  it("expands workspace, home and environment variables", () => {
    assert.equal(resolveVariables("${workspaceFolder}/.venv/bin/python", ctx), "/ws/proj/.venv/bin/python");
    assert.equal(resolveVariables("${workspaceFolderBasename}", ctx), "proj");
    assert.equal(resolveVariables("${userHome}/bin/gostuck", ctx), "/home/u/bin/gostuck");
    assert.equal(resolveVariables("${env:VENV}/bin/python", ctx), "/opt/venv/bin/python");
    assert.equal(resolveVariables("~/py/bin/python", ctx), "/home/u/py/bin/python");
  });

  it("leaves unknown variables and a missing workspace alone, and empties unset env vars", () => {
    assert.equal(resolveVariables("${config:x}/a", ctx), "${config:x}/a");
    assert.equal(resolveVariables("${workspaceFolder}/a", { userHome: "/h" }), "${workspaceFolder}/a");
    assert.equal(resolveVariables("${env:NOPE}/a", ctx), "/a");
  });
});

describe("clientSettings", () => {
  it("resolves the command line and the interpreter", () => {
    const settings = clientSettings(
      reader({ "server.command": ["${workspaceFolder}/bin/gostuck", "lsp"], "server.python": " ~/venv/bin/python " }),
      { workspaceFolder: "/ws", userHome: "/home/u" },
    );
    assert.deepEqual(settings, { serverCommand: ["/ws/bin/gostuck", "lsp"], serverPython: "/home/u/venv/bin/python" });
  });

  it("treats missing, empty and malformed values as unset", () => {
    assert.deepEqual(clientSettings(reader({}), {}), { serverCommand: [], serverPython: "" });
    assert.deepEqual(clientSettings(reader({ "server.command": [""], "server.python": 3 }), {}), {
      serverCommand: [],
      serverPython: "",
    });
    assert.deepEqual(clientSettings(reader({ "server.command": "gostuck lsp" }), {}).serverCommand, []);
  });
});
