/** Activation: creates the log, the server manager and the profile controller, and wires them up. */
import * as vscode from "vscode";
import { CLIENT_SETTING_KEYS, Commands, CONFIG_SECTION } from "./common/constants";
import { findCheckDoc, SHOW_CHECK_DOC } from "./common/docs";
import { registerLogger, traceWarn } from "./common/log/logging";
import { ProfileController } from "./common/profile";
import { onDidChangeInterpreter } from "./common/pythonExtension";
import { ServerManager, type ServerState } from "./common/server";
import { SERVER_SETTING_KEYS } from "./common/settings";
import { runTestsWithLeakCheck } from "./common/testRuns";
import { createOutputChannel, executeCommand, onDidChangeConfiguration, registerCommand } from "./common/vscodeapi";

let server: ServerManager | undefined;

/** What the extension exports: used by its end-to-end test. */
export interface GostuckApi {
  ready: Promise<void>;
  profile: ProfileController;
  isServerRunning(): boolean;
  serverState(): ServerState;
}

export function activate(context: vscode.ExtensionContext): GostuckApi {
  const output = createOutputChannel("gostuck");
  registerLogger(output);
  server = new ServerManager(context.extensionPath, output);
  const profile = new ProfileController(server, context);
  const manager = server;

  context.subscriptions.push(
    output,
    manager,
    profile,
    registerCommand(Commands.loadProfile, (arg) => profile.load(arg)),
    registerCommand(Commands.captureProfile, (arg) => profile.capture(arg)),
    registerCommand(Commands.compareProfile, (base, current) => profile.compare(base, current)),
    registerCommand(Commands.clearProfile, () => profile.clear()),
    registerCommand(Commands.showProfileSites, () => profile.showSites()),
    registerCommand(Commands.showOutput, () => {
      output.show();
    }),
    registerCommand(Commands.restartServer, () => manager.restart("Restart Server command")),
    registerCommand(Commands.runTestsWithLeakCheck, (target, test) => runTestsWithLeakCheck(manager, target, test)),
    registerCommand(SHOW_CHECK_DOC, (code) => {
      const file = typeof code === "string" ? findCheckDoc(context.extensionPath, code) : undefined;
      if (file === undefined) {
        traceWarn(`no bundled documentation for ${String(code)}; \`gostuck explain CODE\` prints it`);
        return;
      }
      return executeCommand("markdown.showPreview", vscode.Uri.file(file));
    }),
    onDidChangeConfiguration((e) => {
      if (CLIENT_SETTING_KEYS.some((key) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`))) {
        manager.scheduleRestart("server settings changed");
      } else if (SERVER_SETTING_KEYS.some((key) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`))) {
        void manager.sendSettings();
      }
    }),
    manager.onDidStart(() => void profile.afterRestart()),
    manager.onDidFail(() => {
      profile.serverDown();
    }),
  );
  void onDidChangeInterpreter(() => {
    manager.scheduleRestart("the Python extension's interpreter changed", false);
  }).then((d) => {
    if (d !== undefined) {
      context.subscriptions.push(d);
    }
  });

  const ready = manager.start();
  return {
    ready,
    profile,
    isServerRunning: () => manager.isRunning(),
    serverState: () => manager.state(),
  };
}

export async function deactivate(): Promise<void> {
  await server?.stop();
  server = undefined;
}
