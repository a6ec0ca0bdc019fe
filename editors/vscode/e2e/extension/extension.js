// Test-only extension, installed next to gostuck by the end-to-end test (src/test/e2e/).
// It does what a user would, through the VS Code API, and writes what it saw to JSON files in
// $GOSTUCK_E2E_DIR. After each step it writes step-NN-name.json and waits for the test to take
// a screenshot and write step-NN-name.ack. Outside the test (no GOSTUCK_E2E_DIR) it does nothing.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const vscode = require("vscode");

const GOSTUCK_ID = "gostuck.gostuck";
const LEAK_FILE = "leak.go";
const TEST_FILE = "leak_test.go";
const PROFILE_FILE = path.join("profiles", "leak.goroutine.txt");

function activate() {
  const dir = process.env.GOSTUCK_E2E_DIR;
  if (!dir) {
    return;
  }
  const log = [];
  const started = Date.now();
  const note = (message) => {
    log.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${message}`);
    fs.writeFileSync(path.join(dir, "log.txt"), log.join("\n") + "\n");
  };
  const state = {};
  run(dir, note, started, state).then(
    (result) => write(dir, "result.json", { ...result, log }),
    async (error) => {
      // Show gostuck's output for the failure screenshot, then report.
      note(`failed: ${String(error)}`);
      await vscode.commands.executeCommand("gostuck.showOutput").then(undefined, () => undefined);
      await sleep(1500);
      await step(dir, "failure", {});
      write(dir, "result.json", { ...state, error: String((error && error.stack) || error), log });
    },
  );
}

function write(dir, name, value) {
  const file = path.join(dir, name);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  fs.renameSync(`${file}.tmp`, file);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll(what, timeoutMs, get) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await get();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    }
    await sleep(200);
  }
}

let stepNumber = 0;

/** Tell the test a step is on screen and wait (bounded) for its screenshot. */
async function step(dir, name, data) {
  stepNumber += 1;
  const base = `step-${String(stepNumber).padStart(2, "0")}-${name}`;
  write(dir, `${base}.json`, data || {});
  const ack = path.join(dir, `${base}.ack`);
  const deadline = Date.now() + 20000;
  while (!fs.existsSync(ack) && Date.now() < deadline) {
    await sleep(100);
  }
}

function codeOf(diagnostic) {
  const code = diagnostic.code;
  if (code !== null && typeof code === "object") {
    return String(code.value);
  }
  return code === undefined ? "" : String(code);
}

function plainDiagnostic(diagnostic, root) {
  return {
    code: codeOf(diagnostic),
    message: diagnostic.message,
    source: diagnostic.source,
    severity: vscode.DiagnosticSeverity[diagnostic.severity],
    range: plainRange(diagnostic.range),
    related: (diagnostic.relatedInformation || []).map((r) => ({
      file: path.relative(root, r.location.uri.fsPath),
      range: plainRange(r.location.range),
      message: r.message,
    })),
  };
}

function plainRange(range) {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

function codeTarget(diagnostic) {
  const code = diagnostic.code;
  return code !== null && typeof code === "object" && code.target ? code.target.toString(true) : "";
}

function confirmedLeaks(diagnostics) {
  return diagnostics.filter((d) => codeOf(d) === "GS1001" && d.message.includes("profile confirms"));
}

async function lensesAt(uri) {
  const lenses = (await vscode.commands.executeCommand("vscode.executeCodeLensProvider", uri, 100)) || [];
  return lenses
    .filter((lens) => lens.command)
    .map((lens) => ({
      line: lens.range.start.line,
      title: lens.command.title,
      command: lens.command.command,
      arguments: lens.command.arguments || [],
    }));
}

function hoverText(hovers) {
  const parts = [];
  for (const hover of hovers || []) {
    for (const content of hover.contents) {
      parts.push(typeof content === "string" ? content : content.value);
    }
  }
  return parts.join("\n---\n");
}

async function run(dir, note, started, result) {
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!folder) {
    throw new Error("no workspace folder is open");
  }
  const root = folder.uri.fsPath;
  result.root = root;

  const gostuck = vscode.extensions.getExtension(GOSTUCK_ID);
  if (!gostuck) {
    throw new Error(`${GOSTUCK_ID} is not installed`);
  }
  const api = await gostuck.activate();
  await api.ready;
  result.serverRunning = api.isServerRunning();
  result.serverState = api.serverState();
  note(`gostuck activated, server running: ${result.serverRunning}`);
  if (!result.serverRunning) {
    throw new Error(`the gostuck server is not running: ${JSON.stringify(result.serverState)}`);
  }

  // 1. Open the leaking file and wait for the server's diagnostics.
  const uri = vscode.Uri.file(path.join(root, LEAK_FILE));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const opened = Date.now();
  const gostuckDiagnostics = () => vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d).startsWith("GS"));
  const staticDiagnostics = await poll("a GS1001 diagnostic", 90000, () => {
    const found = gostuckDiagnostics();
    return found.some((d) => codeOf(d) === "GS1001") ? found : undefined;
  });
  result.diagnosticsSeconds = (Date.now() - opened) / 1000;
  result.staticDiagnostics = staticDiagnostics.map((d) => plainDiagnostic(d, root));
  result.codeTarget = codeTarget(staticDiagnostics.find((d) => codeOf(d) === "GS1001"));
  note(`${staticDiagnostics.length} diagnostics after ${result.diagnosticsSeconds}s`);
  await vscode.commands.executeCommand("workbench.actions.view.problems");
  await sleep(500);
  await step(dir, "diagnostics", { diagnostics: result.staticDiagnostics });

  // 2. Hover on the leaking go statement.
  const leak = staticDiagnostics.find((d) => codeOf(d) === "GS1001");
  const position = leak.range.start;
  const hovers = await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, position);
  result.hover = hoverText(hovers);
  note(`hover: ${result.hover.length} characters`);
  await vscode.window.showTextDocument(document, { preserveFocus: false });
  editor.selection = new vscode.Selection(position, position);
  await vscode.commands.executeCommand("editor.action.showHover");
  await sleep(1000);
  await step(dir, "hover", { hover: result.hover });

  // 3. A changed setting reaches the running server: GS1001 shown as an error, then back.
  const gostuckConfig = () => vscode.workspace.getConfiguration("gostuck");
  const severityOfLeak = () => {
    const found = gostuckDiagnostics().find((d) => codeOf(d) === "GS1001");
    return found === undefined ? undefined : vscode.DiagnosticSeverity[found.severity];
  };
  await gostuckConfig().update("severityOverrides", { GS1001: "error" }, vscode.ConfigurationTarget.Workspace);
  result.severityWithOverride = await poll("GS1001 as an error", 20000, () =>
    severityOfLeak() === "Error" ? "Error" : undefined,
  ).catch(() => severityOfLeak());
  await gostuckConfig().update("severityOverrides", undefined, vscode.ConfigurationTarget.Workspace);
  result.severityWithoutOverride = await poll("GS1001 as a warning again", 20000, () =>
    severityOfLeak() === "Warning" ? "Warning" : undefined,
  ).catch(() => severityOfLeak());
  note(`severity with override: ${result.severityWithOverride}, without: ${result.severityWithoutOverride}`);

  // 4. Load the goroutine profile captured from this program, if the server can.
  const commands = await vscode.commands.getCommands(true);
  result.serverProfileCommands = commands.filter((c) => c.startsWith("gostuck.server."));
  result.serverHasLoadProfile = result.serverProfileCommands.includes("gostuck.server.loadProfile");
  if (result.serverHasLoadProfile) {
    const profile = path.join(root, PROFILE_FILE);
    result.summary = await vscode.commands.executeCommand("gostuck.loadProfile", profile);
    note(`profile loaded: ${JSON.stringify(result.summary && result.summary.total)} goroutines`);
    // One problem per leak: the GS1001 on the `go` statement carries the runtime count.
    await poll("GS1001 confirmed by the profile", 30000, () =>
      confirmedLeaks(gostuckDiagnostics()).length > 0 ? true : undefined,
    );
    result.profileDiagnostics = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
    const blocking = confirmedLeaks(gostuckDiagnostics())[0].relatedInformation.find((r) =>
      r.message.includes("(profile)"),
    ).location.range.start;
    result.profileHover = hoverText(await vscode.commands.executeCommand("vscode.executeHoverProvider", uri, blocking));
    await vscode.commands.executeCommand("workbench.action.closeAllGroups");
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand("workbench.actions.view.problems");
    // The editor keeps the focus, as after Load Goroutine Profile from the Command Palette
    // (VS Code draws the lenses of an editor it just opened once that editor has the focus).
    await vscode.window.showTextDocument(document);
    await sleep(1000);
    await step(dir, "profile", { diagnostics: result.profileDiagnostics, summary: result.summary });

    // The lens on the blocking line, clicked in the page by the test as a person would: the
    // editor jumps to the `go` statement. The cursor starts on the first line.
    result.lenses = await lensesAt(uri);
    const sendLens = result.lenses.find((lens) => lens.line === blocking.line);
    if (sendLens) {
      const before = await vscode.window.showTextDocument(document);
      before.selection = new vscode.Selection(0, 0, 0, 0);
      before.revealRange(new vscode.Range(blocking, blocking), vscode.TextEditorRevealType.InCenter);
      await step(dir, "lens", { lenses: result.lenses, click: sendLens.title });
      const where = () => {
        const active = vscode.window.activeTextEditor;
        return active
          ? { file: path.relative(root, active.document.uri.fsPath), line: active.selection.active.line }
          : null;
      };
      result.lensJumpedTo = await poll("the clicked lens to show the go statement", 20000, () => {
        const at = where();
        return at && at.line === leak.range.start.line ? at : undefined;
      }).catch(() => where());
      note(`lens clicked: ${JSON.stringify(result.lensJumpedTo)}`);
    }

    // The code's link opens the page shipped with the extension.
    await vscode.commands.executeCommand("gostuck.showCheckDoc", "GS9001");
    await sleep(1500);
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    result.docTab = tab ? tab.label : "";
    await vscode.commands.executeCommand("workbench.action.closeActiveEditor");

    // The hover on the blocking send now tells what the runtime saw there.
    const shown = await vscode.window.showTextDocument(document);
    shown.selection = new vscode.Selection(blocking, blocking);
    await vscode.commands.executeCommand("editor.action.showHover");
    await sleep(1000);
    await step(dir, "profilehover", { hover: result.profileHover });

    // The status bar item's quick pick of top sites, from another file: the test takes its
    // screenshot and presses Enter, which must open the top site, leak.go at the send.
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(root, "main.go")));
    const picking = vscode.commands.executeCommand("gostuck.showProfileSites");
    await sleep(1000);
    await step(dir, "sites", {});
    await Promise.race([picking, sleep(5000)]);
    const active = vscode.window.activeTextEditor;
    result.jumpedTo = active
      ? { file: path.relative(root, active.document.uri.fsPath), line: active.selection.active.line }
      : null;
    await vscode.window.showTextDocument(document);

    // 5. Restart Server: the server comes back and the extension loads the same profile again.
    await vscode.commands.executeCommand("gostuck.restartServer");
    result.runningAfterRestart = api.isServerRunning();
    result.profileDiagnosticsAfterRestart = await poll("the profile again after a restart", 30000, () => {
      const found = confirmedLeaks(gostuckDiagnostics());
      return found.length > 0 ? found.length : undefined;
    }).catch(() => 0);
    note(
      `after restart: running ${result.runningAfterRestart}, ${result.profileDiagnosticsAfterRestart} profile diagnostics`,
    );

    // 5b. The source moves on (2 lines above fetch, 1 inside it, saved) and the same profile
    // is loaded again: every count must be on the moved lines, none on the old ones.
    const original = document.getText();
    const moved = original
      .replace("// fetch asks a worker", "// added above, line 1\n// added above, line 2\n// fetch asks a worker")
      .replace("\tch := make(chan int)\n", "\tch := make(chan int)\n\t// added inside\n");
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(original.length));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, whole, moved);
    await vscode.workspace.applyEdit(edit);
    await document.save();
    await vscode.commands.executeCommand("gostuck.loadProfile", profile);
    await poll("the moved leak confirmed", 30000, () => {
      const found = confirmedLeaks(gostuckDiagnostics());
      return found.length > 0 && found[0].range.start.line !== leak.range.start.line ? true : undefined;
    }).catch(() => undefined);
    result.movedDiagnostics = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
    result.movedLenses = await lensesAt(uri);
    result.movedSummary = api.profile.current() || null;
    await sleep(500);
    await step(dir, "moved", { diagnostics: result.movedDiagnostics, lenses: result.movedLenses });
    // Restart Server with the moved source: the profile is loaded again, placed the same way.
    await vscode.commands.executeCommand("gostuck.restartServer");
    await poll("the moved leak confirmed after a restart", 30000, () => {
      const found = confirmedLeaks(gostuckDiagnostics());
      return found.length > 0 && found[0].range.start.line !== leak.range.start.line ? true : undefined;
    }).catch(() => undefined);
    result.movedAfterRestart = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
    result.movedLensesAfterRestart = await lensesAt(uri);
    result.movedSummaryAfterRestart = api.profile.current() || null;
    const back = new vscode.WorkspaceEdit();
    back.replace(
      uri,
      new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
      original,
    );
    await vscode.workspace.applyEdit(back);
    await document.save();
    await vscode.commands.executeCommand("gostuck.loadProfile", profile);

    // 6. Capture Profile from Endpoint: the test serves the same profile over HTTP on 127.0.0.1.
    const endpoint = process.env.GOSTUCK_E2E_ENDPOINT;
    if (endpoint) {
      const captured = await vscode.commands.executeCommand("gostuck.captureProfile", endpoint);
      result.endpointTotal = captured ? captured.total : null;
      note(`captured from ${endpoint}: ${result.endpointTotal} goroutines`);

      // Asked again, the command offers the URL it was given last (the test reads the input
      // box, then presses Escape).
      const asking = vscode.commands.executeCommand("gostuck.captureProfile");
      await sleep(1000);
      await step(dir, "endpoint", {});
      result.captureCancelled = (await Promise.race([asking, sleep(5000).then(() => "still open")])) === undefined;
    }

    // 7. Compare With Earlier Profile (the same file twice: no growth anywhere).
    const compared = await vscode.commands.executeCommand("gostuck.compareProfile", profile, profile);
    result.compareSummary = compared || null;
    note(`compared: ${JSON.stringify(compared && compared.sites.map((site) => site.count))}`);

    // 8. Clear Profile: the profile's diagnostics and the status bar item go away.
    await vscode.commands.executeCommand("gostuck.clearProfile");
    const fromProfile = () =>
      gostuckDiagnostics().filter((d) => codeOf(d).startsWith("GS9") || d.message.includes("profile confirms")).length;
    result.profileDiagnosticsAfterClear = await poll("the profile diagnostics to go", 20000, () =>
      fromProfile() === 0 ? 0 : undefined,
    ).catch(() => fromProfile());
    result.profileShownAfterClear = api.profile.current() !== undefined;
    result.staticAfterClear = gostuckDiagnostics().filter((d) => codeOf(d) === "GS1001").length;

    // 9. A file that is no profile: one clear notification, no summary, nothing shown. First a
    // pause, as a person would make: VS Code drops toasts that come too fast (spam protection).
    await sleep(2000);
    const bad = await vscode.commands.executeCommand("gostuck.loadProfile", path.join(root, "go.mod"));
    result.badProfileSummary = bad === undefined ? null : bad;
    await sleep(1500);
    await step(dir, "badprofile", {});

    // 10. Run Tests with Leak Check, from the Command Palette with leak.go open: the test
    // presses Enter on the first choice (this package). `go` is on the editor's PATH and
    // gostuck.allowToolExecution is in the user's settings of this (remote) machine.
    result.serverHasRunTests = result.serverProfileCommands.includes("gostuck.server.runTests");
    if (result.serverHasRunTests) {
      await runTests(dir, note, result, { root, uri, document, gostuckDiagnostics });
    }
  } else {
    note("the server does not announce gostuck.server.loadProfile: profile step not run");
  }

  // 10. The ignore quick fix inserts a snippet: the reason is a tab stop, selected to type over.
  const shownLeak = await vscode.window.showTextDocument(document);
  const goLine = leak.range.start.line;
  const actions =
    (await vscode.commands.executeCommand("vscode.executeCodeActionProvider", uri, leak.range, "quickfix")) || [];
  const ignore = actions.find((a) => a.title.startsWith("Ignore GS1001"));
  if (ignore && ignore.edit) {
    const beforeIgnore = document.getText();
    await vscode.workspace.applyEdit(ignore.edit);
    await sleep(500);
    result.ignoreLine = shownLeak.document.lineAt(goLine).text;
    result.ignoreSelection = shownLeak.document.getText(shownLeak.selection);
    await step(dir, "ignore", { line: result.ignoreLine, selection: result.ignoreSelection });
    // Typing a reason over the tab stop suppresses the leak: neither GS1001 nor GS0002 is left.
    const typing = await vscode.window.showTextDocument(document);
    const directive = typing.document.lineAt(goLine).text;
    const at = directive.lastIndexOf(result.ignoreSelection || "reason");
    typing.selection = new vscode.Selection(goLine, at, goLine, directive.length);
    await vscode.commands.executeCommand("type", { text: "the caller always drains ch" });
    result.reasonLine = typing.document.lineAt(goLine).text;
    result.codesWithReason = await poll("the leak suppressed by the directive", 20000, () => {
      const codes = gostuckDiagnostics().map(codeOf);
      return codes.length === 0 ? codes : undefined;
    }).catch(() => gostuckDiagnostics().map(codeOf));
    note(`with a reason: ${JSON.stringify(result.codesWithReason)}`);
    const back = new vscode.WorkspaceEdit();
    back.replace(
      uri,
      new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)),
      beforeIgnore,
    );
    await vscode.workspace.applyEdit(back);
    await document.save();
  }

  // 11. A server that fails to start, three times: each failure shows (status bar and a
  // message), not only the first; then the bundled server comes back when the setting is
  // removed. The first command is a workspace setting; the second is set as the user's
  // (ConfigurationTarget.Global: in a remote window such as code-server's, VS Code keeps a
  // machine-overridable setting in the Remote settings of that machine, where the README says
  // to set it); the third failure is an explicit Restart Server with that setting still there.
  result.remoteName = vscode.env.remoteName || null;
  await vscode.commands.executeCommand("notifications.clearAll");
  await sleep(2000);
  result.startFailures = [];
  result.commandSettings = [];
  for (const [n, command, target] of [
    ["first", ["/bin/false"], vscode.ConfigurationTarget.Workspace],
    ["second", ["/bin/sh", "-c", "exit 7"], vscode.ConfigurationTarget.Global],
    ["restart", ["/bin/sh", "-c", "exit 7"], undefined],
  ]) {
    const before = api.serverState().attempts;
    if (target === vscode.ConfigurationTarget.Global) {
      // Only the user's value is left (a workspace value would win over it).
      await gostuckConfig().update("server.command", undefined, vscode.ConfigurationTarget.Workspace);
    }
    if (target === undefined) {
      await vscode.commands.executeCommand("gostuck.restartServer");
    } else {
      await gostuckConfig().update("server.command", command, target);
    }
    const state = await poll(`start failure ${n}`, 30000, () => {
      const s = api.serverState();
      return !s.running && s.error && s.launch && s.launch.command === command[0] && s.attempts !== before
        ? s
        : undefined;
    }).catch(() => api.serverState());
    result.startFailures.push(state);
    const inspected = gostuckConfig().inspect("server.command");
    result.commandSettings.push({
      globalValue: inspected.globalValue,
      workspaceValue: inspected.workspaceValue,
      value: gostuckConfig().get("server.command"),
    });
    await sleep(1500);
    await step(dir, `${n}failure`, { state });
    await vscode.commands.executeCommand("notifications.clearAll");
    await sleep(2000);
  }
  await gostuckConfig().update("server.command", undefined, vscode.ConfigurationTarget.Global);
  await gostuckConfig().update("server.command", undefined, vscode.ConfigurationTarget.Workspace);
  result.runningAfterFix = await poll("the server to come back", 30000, () =>
    api.isServerRunning() ? true : undefined,
  ).catch(() => false);
  note(`start failures: ${JSON.stringify(result.startFailures.map((s) => s.error))}; back: ${result.runningAfterFix}`);
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** The leak a test run proves: the static finding on the `go` statement, confirmed. */
async function untilConfirmed(what, gostuckDiagnostics) {
  await poll(what, 120000, () => (confirmedLeaks(gostuckDiagnostics()).length > 0 ? true : undefined));
}

/** Clear Profile takes a test run's results away: only the static finding is left. */
async function clearTestRun(gostuckDiagnostics) {
  await vscode.commands.executeCommand("gostuck.clearProfile");
  await poll("the test run's results to go", 20000, () =>
    confirmedLeaks(gostuckDiagnostics()).length === 0 && !gostuckDiagnostics().some((d) => codeOf(d).startsWith("GS9"))
      ? true
      : undefined,
  );
}

async function runTests(dir, note, result, { root, document, gostuckDiagnostics }) {
  const inspected = vscode.workspace.getConfiguration("gostuck").inspect("allowToolExecution");
  result.allowToolExecution = {
    globalValue: inspected.globalValue,
    workspaceValue: inspected.workspaceValue,
    value: vscode.workspace.getConfiguration("gostuck").get("allowToolExecution"),
  };
  await vscode.commands.executeCommand("notifications.clearAll");
  await vscode.window.showTextDocument(document);
  const running = vscode.commands.executeCommand("gostuck.runTestsWithLeakCheck");
  await step(dir, "testpick", {});
  result.testRun = (await running) || null;
  note(`test run: ${JSON.stringify(result.testRun && result.testRun.summary)}`);
  await untilConfirmed("the leak confirmed by the test run", gostuckDiagnostics);
  result.testRunDiagnostics = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
  const testUri = vscode.Uri.file(path.join(root, TEST_FILE));
  result.testFileDiagnostics = vscode.languages
    .getDiagnostics(testUri)
    .filter((d) => codeOf(d).startsWith("GS"))
    .map((d) => plainDiagnostic(d, root));
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand("workbench.actions.view.problems");
  await vscode.window.showTextDocument(document);
  await step(dir, "testrun", { result: result.testRun, diagnostics: result.testRunDiagnostics });
  await clearTestRun(gostuckDiagnostics);

  // 11. The code lens above the test, clicked in the page by the test: the same run for that
  // test alone, and the same problem on leak.go.
  const testDocument = await vscode.workspace.openTextDocument(testUri);
  const testEditor = await vscode.window.showTextDocument(testDocument);
  testEditor.selection = new vscode.Selection(0, 0, 0, 0);
  result.testLenses = await poll("the lens above the test", 30000, async () => {
    const lenses = await lensesAt(testUri);
    return lenses.length > 0 ? lenses : undefined;
  });
  await vscode.commands.executeCommand("notifications.clearAll");
  await step(dir, "testlens", { lenses: result.testLenses });
  await untilConfirmed("the leak confirmed by the lens's run", gostuckDiagnostics);
  result.lensRunDiagnostics = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
  note(`lens run: ${JSON.stringify(result.lensRunDiagnostics.map((d) => d.message))}`);
  await vscode.window.showTextDocument(document);
  await step(dir, "testlensrun", { diagnostics: result.lensRunDiagnostics });

  // 12. With GS1001 ignored, no static finding confirms the leak: the run's own problem,
  // GS9001 where the goroutine blocks, names the test.
  const config = vscode.workspace.getConfiguration("gostuck");
  await config.update("ignore", ["GS1001"], vscode.ConfigurationTarget.Workspace);
  result.runtimeOnlyDiagnostics = await poll("GS9001 from the test run", 30000, () => {
    const found = gostuckDiagnostics();
    return found.some((d) => codeOf(d) === "GS9001") && !found.some((d) => codeOf(d) === "GS1001")
      ? found.map((d) => plainDiagnostic(d, root))
      : undefined;
  }).catch(() => gostuckDiagnostics().map((d) => plainDiagnostic(d, root)));
  await step(dir, "testruntime", { diagnostics: result.runtimeOnlyDiagnostics });
  await config.update("ignore", undefined, vscode.ConfigurationTarget.Workspace);
  await untilConfirmed("the leak confirmed again without the ignore", gostuckDiagnostics);
  await clearTestRun(gostuckDiagnostics);
  result.afterTestRunsCleared = gostuckDiagnostics().map((d) => plainDiagnostic(d, root));
}

module.exports = { activate };
