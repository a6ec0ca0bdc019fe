/**
 * "gostuck: Run Tests with Leak Check": asks the server to run `go test` on this package or
 * the workspace (gostuck.server.runTests). The server shows the leaks like a loaded profile
 * and a summary message; this module picks what to run and asks for permission once, since
 * running tests runs the workspace's code (the allowToolExecution setting).
 */
import * as vscode from "vscode";
import { LSPErrorCodes, ResponseError } from "vscode-languageclient/node";
import { CONFIG_SECTION, ServerCommands } from "./constants";
import { traceError, traceInfo } from "./log/logging";
import { type ServerManager, UserError } from "./server";
import { getWorkspaceFolders, showErrorMessage, showQuickPick, showWarningMessage, withProgress } from "./vscodeapi";

const ALLOW = "Allow and Run";

interface Target extends vscode.QuickPickItem {
  target: string;
}

/** What to run: a URI or path passed by a code lens or another extension, else a choice. */
async function pickTarget(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri) {
    return arg.toString();
  }
  if (typeof arg === "string" && arg !== "") {
    return arg;
  }
  const items: Target[] = [];
  const editor = vscode.window.activeTextEditor;
  if (editor?.document.languageId === "go" && editor.document.uri.scheme === "file") {
    items.push({
      label: "This package",
      description: editor.document.fileName,
      target: editor.document.uri.toString(),
    });
  }
  for (const folder of getWorkspaceFolders()) {
    items.push({ label: `Workspace: ${folder.name}`, description: "./...", target: folder.uri.toString() });
  }
  if (items.length <= 1) {
    return items[0]?.target;
  }
  const picked = await showQuickPick(items, { title: "gostuck: Run Tests with Leak Check" });
  return picked?.target;
}

function notAllowed(error: unknown): boolean {
  return (
    error instanceof ResponseError &&
    error.code === LSPErrorCodes.RequestFailed &&
    error.message.includes("allowToolExecution")
  );
}

/** Run the tests; the reply is the server's `{summary, leaks, problems}`. */
export async function runTestsWithLeakCheck(
  server: ServerManager,
  targetArg?: unknown,
  testArg?: unknown,
): Promise<unknown> {
  const target = await pickTarget(targetArg);
  if (target === undefined) {
    void showErrorMessage("gostuck: open a Go file or a folder to run its tests");
    return undefined;
  }
  const args = typeof testArg === "string" && testArg !== "" ? [target, testArg] : [target];
  const run = (): Thenable<unknown> =>
    withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `gostuck: running tests with leak check${args.length > 1 ? ` (${String(args[1])})` : ""}`,
      },
      () => server.execute(ServerCommands.runTests, args),
    );
  try {
    return await run();
  } catch (error) {
    if (notAllowed(error)) {
      const choice = await showWarningMessage(
        "gostuck: running tests builds and runs this workspace's code. Allow gostuck to run go test (the gostuck.allowToolExecution user setting)?",
        ALLOW,
      );
      if (choice !== ALLOW) {
        return undefined;
      }
      await vscode.workspace
        .getConfiguration(CONFIG_SECTION)
        .update("allowToolExecution", true, vscode.ConfigurationTarget.Global);
      await server.sendSettings();
      try {
        return await run();
      } catch (again) {
        report(again);
        return undefined;
      }
    }
    report(error);
    return undefined;
  }
}

function report(error: unknown): void {
  if (error instanceof UserError || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed)) {
    traceInfo(`run tests: ${error.message}`);
    void showErrorMessage(`gostuck: ${error.message}`);
    return;
  }
  traceError("run tests", error);
  void showErrorMessage("gostuck: running the tests failed (see gostuck: Show Output)");
}
