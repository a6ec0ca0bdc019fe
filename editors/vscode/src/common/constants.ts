/** Names shared by the extension's modules: ids, command names, setting keys. */

export const EXTENSION_ID = "gostuck.gostuck";
export const SERVER_ID = "gostuck";
export const SERVER_NAME = "gostuck";
export const CONFIG_SECTION = "gostuck";

/** The extension's own commands (contributed in package.json). */
export const Commands = {
  loadProfile: "gostuck.loadProfile",
  captureProfile: "gostuck.captureProfile",
  compareProfile: "gostuck.compareProfile",
  clearProfile: "gostuck.clearProfile",
  showProfileSites: "gostuck.showProfileSites",
  showOutput: "gostuck.showOutput",
  restartServer: "gostuck.restartServer",
  runTestsWithLeakCheck: "gostuck.runTestsWithLeakCheck",
} as const;

/** Commands the language server announces (docs/settings.md, "Server commands"). */
export const ServerCommands = {
  loadProfile: "gostuck.server.loadProfile",
  compareProfile: "gostuck.server.compareProfile",
  clearProfile: "gostuck.server.clearProfile",
  profileSummary: "gostuck.server.profileSummary",
  runTests: "gostuck.server.runTests",
} as const;

/** Settings read by the extension only; changing one restarts the server. */
export const CLIENT_SETTING_KEYS = ["server.command", "server.python"] as const;

/** Where to read how to install the server; shipped inside the extension. */
export const INSTALL_DOCS_ANCHOR = "installing-the-server";

/** The default for "Capture Profile from Endpoint...". */
export const DEFAULT_ENDPOINT = "http://127.0.0.1:6060/debug/pprof/goroutine?debug=2";

/** Keys under which the last endpoint is remembered (workspace, then global state). */
export const LAST_ENDPOINT_KEY = "gostuck.lastEndpoint";
