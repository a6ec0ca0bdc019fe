/**
 * The language client: finds the server (python.ts), starts it for Go files with the settings as
 * `initializationOptions`, sends changed settings, and restarts it, one operation at a time.
 */
import * as vscode from "vscode";
import {
  type CancellationToken,
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { Commands, CONFIG_SECTION, INSTALL_DOCS_ANCHOR, SERVER_ID, SERVER_NAME } from "./constants";
import { codeOfDocUrl, docCommandUri, ignoreSnippet, rewriteDocLinks, SHOW_CHECK_DOC } from "./docs";
import { errorMessage, traceError, traceInfo, traceWarn } from "./log/logging";
import { type Attempt, describeAttempts, type Discovery, findServer, runProbe, type ServerLaunch } from "./python";
import { selectedInterpreter } from "./pythonExtension";
import { extensionLensCommand } from "./lenses";
import { findReadme } from "./readme";
import { clientSettings, didChangeConfigurationSettings, initializationOptions, serverSettings } from "./settings";
import {
  createStatusBarItem,
  executeCommand,
  getConfiguration,
  getWorkspaceFolders,
  showErrorMessage,
  showWarningMessage,
} from "./vscodeapi";

/** An error whose message is meant for the user as it is. */
export class UserError extends Error {}

/**
 * A LanguageClient that logs start-up failures without its own notifications: the manager
 * shows one notification per failure instead of the client's two.
 */
class GostuckClient extends LanguageClient {
  quietStart = true;

  override error(message: string, data?: unknown, showNotification: boolean | "force" = true): void {
    super.error(message, data, this.quietStart ? false : showNotification);
  }
}

/** What the last (re)start found and did; shown in the log and used by the end-to-end test. */
export interface ServerState {
  running: boolean;
  launch?: ServerLaunch;
  attempts: Attempt[];
  error?: string;
}

const OPEN_SETTING = "Open Setting";
const INSTALL_DOCS = "Install Docs";
const SHOW_OUTPUT = "Show Output";

export class ServerManager implements vscode.Disposable {
  private client: GostuckClient | undefined;
  private lastState: ServerState = { running: false, attempts: [] };
  private queue: Promise<unknown> = Promise.resolve();
  private restartTimer: NodeJS.Timeout | undefined;
  private notifiedMissing = false;
  private readonly startedEmitter = new vscode.EventEmitter<void>();
  private readonly failedEmitter = new vscode.EventEmitter<void>();
  /** The server's state when it is not running: "$(error) gostuck", click for the output. */
  private readonly status: vscode.StatusBarItem;

  /** Fires after each successful (re)start. */
  readonly onDidStart = this.startedEmitter.event;
  /** Fires after each (re)start that left no server running. */
  readonly onDidFail = this.failedEmitter.event;

  constructor(
    private readonly extensionPath: string,
    private readonly outputChannel: vscode.LogOutputChannel,
  ) {
    this.status = createStatusBarItem("gostuck.server", 49);
    this.status.name = "gostuck server";
    this.status.command = Commands.showOutput;
  }

  /** The workspace folder whose settings the server gets and where it runs. */
  private scope(): vscode.WorkspaceFolder | undefined {
    return getWorkspaceFolders()[0];
  }

  private config(scope?: vscode.ConfigurationScope): vscode.WorkspaceConfiguration {
    return getConfiguration(CONFIG_SECTION, scope ?? this.scope()?.uri);
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  /**
   * Restart the server. Every failure shows in the status bar; a person's action (Restart
   * Server, a changed setting) also gets a message, even when the last failure had one.
   */
  restart(reason: string, byUser = true): Promise<void> {
    traceInfo(`restarting the server: ${reason}`);
    if (byUser) {
      this.notifiedMissing = false;
    }
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  /** Restart once the settings have stopped changing for a moment. */
  scheduleRestart(reason: string, byUser = true, delayMs = 1000): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      void this.restart(reason, byUser);
    }, delayMs);
  }

  /** Send the current settings (workspace/didChangeConfiguration). */
  async sendSettings(): Promise<void> {
    const client = this.client;
    if (client?.isRunning() !== true) {
      return;
    }
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: didChangeConfigurationSettings(this.config()),
    });
  }

  isRunning(): boolean {
    return this.client?.isRunning() === true;
  }

  state(): ServerState {
    return { ...this.lastState, running: this.isRunning() };
  }

  /** Whether the running server announced `command`. */
  supports(command: string): boolean {
    const commands = this.client?.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
    return commands.includes(command);
  }

  /** Run one of the server's commands (workspace/executeCommand), after any pending (re)start. */
  async execute(command: string, args: unknown[], token?: CancellationToken): Promise<unknown> {
    await this.queue;
    const client = this.client;
    if (client?.isRunning() !== true) {
      throw new UserError("the gostuck language server is not running (see gostuck: Show Output)");
    }
    if (!this.supports(command)) {
      throw new UserError(`this version of the gostuck server does not support ${command}`);
    }
    return client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }, token);
  }

  dispose(): void {
    clearTimeout(this.restartTimer);
    this.startedEmitter.dispose();
    this.failedEmitter.dispose();
    this.status.dispose();
    void this.stop();
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async discover(): Promise<Discovery> {
    const folder = this.scope();
    const settings = clientSettings(this.config(), { workspaceFolder: folder?.uri.fsPath });
    let interpreter: Promise<string | undefined> | undefined;
    return findServer(
      {
        ...settings,
        extensionPath: this.extensionPath,
        pythonExtensionInterpreter: () => (interpreter ??= selectedInterpreter(folder?.uri)),
        pathEnv: process.env.PATH,
      },
      runProbe,
    );
  }

  private async doStart(): Promise<void> {
    const discovery = await this.discover();
    traceInfo(`looking for the server:\n${describeAttempts(discovery.attempts)}`);
    const launch = discovery.launch;
    this.lastState = { running: false, launch, attempts: discovery.attempts };
    if (launch === undefined) {
      this.lastState.error = "no gostuck language server found";
      this.showDown(this.lastState.error);
      this.notifyMissing();
      return;
    }
    const skipped = discovery.attempts.filter((a) => !a.ok && a.source.startsWith("server."));
    if (skipped.length > 0) {
      void showWarningMessage(
        `gostuck: gostuck.${skipped[0]?.source ?? ""} does not work (${skipped[0]?.detail ?? ""}); using ${launch.command} instead.`,
      );
    }
    const client = this.createClient(launch);
    this.client = client;
    try {
      await client.start();
      client.quietStart = false;
      traceInfo(`server started: ${[launch.command, ...launch.args].join(" ")}`);
      this.notifiedMissing = false;
      this.status.hide();
      this.startedEmitter.fire();
    } catch (error) {
      traceError("the server failed to start", error);
      this.lastState.error = errorMessage(error);
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      this.showDown(`the server failed to start: ${this.lastState.error}`);
      void showErrorMessage(
        `gostuck: the language server (${launch.command}) failed to start: ${errorMessage(error)}`,
        SHOW_OUTPUT,
      ).then((choice) => {
        if (choice === SHOW_OUTPUT) {
          this.outputChannel.show();
        }
      });
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) {
      return;
    }
    try {
      if (client.state !== State.Stopped) {
        await client.stop(2000);
      }
      await client.dispose();
    } catch (error) {
      traceWarn(`stopping the server: ${errorMessage(error)}`);
    }
  }

  private createClient(launch: ServerLaunch): GostuckClient {
    const folder = this.scope();
    const serverOptions: ServerOptions = {
      command: launch.command,
      args: launch.args,
      transport: TransportKind.stdio,
      options: { cwd: folder?.uri.fsPath, env: { ...process.env, ...launch.env } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: "file", language: "go" },
        { scheme: "untitled", language: "go" },
      ],
      outputChannel: this.outputChannel,
      initializationOptions: initializationOptions(this.config()),
      // A failed initialize is reported once, by doStart (the client's own handler would
      // add a bare "write EPIPE" notification).
      initializationFailedHandler: () => false,
      middleware: {
        // Code links open the docs shipped with the extension (docs.ts).
        handleDiagnostics: (uri, diagnostics, next) => {
          for (const diagnostic of diagnostics) {
            const code = diagnostic.code;
            if (typeof code === "object") {
              const doc = codeOfDocUrl(code.target.toString(true));
              if (doc !== undefined) {
                diagnostic.code = { value: code.value, target: vscode.Uri.parse(docCommandUri(doc)) };
              }
            }
          }
          next(uri, diagnostics);
        },
        provideHover: async (document, position, token, next) => {
          const hover = await next(document, position, token);
          if (hover === null || hover === undefined) {
            return hover;
          }
          const contents = hover.contents.map((c) => {
            // The client gives MarkdownStrings; the deprecated MarkedString shapes are text.
            const text = c instanceof vscode.MarkdownString ? c.value : typeof c === "string" ? c : "";
            const markdown = new vscode.MarkdownString(rewriteDocLinks(text));
            markdown.isTrusted = { enabledCommands: [SHOW_CHECK_DOC] };
            return markdown;
          });
          return new vscode.Hover(contents, hover.range);
        },
        // A test's lens runs Run Tests with Leak Check, not the server's command (lenses.ts).
        provideCodeLenses: async (document, token, next) => {
          const lenses = await next(document, token);
          for (const lens of lenses ?? []) {
            if (lens.command !== undefined) {
              extensionLensCommand(lens.command);
            }
          }
          return lenses;
        },
        // The ignore fix inserts a snippet: the reason is a tab stop to type over.
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          for (const action of actions ?? []) {
            if (action instanceof vscode.CodeAction && action.edit !== undefined) {
              const entries = action.edit.entries();
              const [uri, edits] = entries[0] ?? [];
              const only = edits?.length === 1 ? edits[0] : undefined;
              const snippet = only !== undefined ? ignoreSnippet(only.newText) : undefined;
              if (entries.length === 1 && uri !== undefined && only !== undefined && snippet !== undefined) {
                const edit = new vscode.WorkspaceEdit();
                edit.set(uri, [new vscode.SnippetTextEdit(only.range, new vscode.SnippetString(snippet))]);
                action.edit = edit;
              }
            }
          }
          return actions;
        },
        workspace: {
          // The server may pull settings: give it the same shape as initializationOptions.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return params.items.map((item, i): unknown =>
              item.section === CONFIG_SECTION
                ? serverSettings(this.config(item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri)))
                : result[i],
            );
          },
        },
      },
    };
    return new GostuckClient(SERVER_ID, SERVER_NAME, serverOptions, clientOptions);
  }

  /** Show in the status bar that no server runs, and why; click for the output. */
  private showDown(why: string): void {
    this.status.text = "$(error) gostuck";
    this.status.tooltip = `gostuck: ${why}\nClick for the output`;
    this.status.show();
    this.failedEmitter.fire();
  }

  /**
   * A notification when no server was found: once for restarts nobody asked for (an
   * interpreter change), again after each thing a person did (restart, a changed setting).
   */
  private notifyMissing(): void {
    if (this.notifiedMissing) {
      return;
    }
    this.notifiedMissing = true;
    traceError("no gostuck language server found (see the attempts above)");
    void showErrorMessage(
      "gostuck: no language server found. The bundled server needs Python 3.11 or newer (python3 on PATH, or the interpreter selected in the Python extension); or set gostuck.server.python to a Python with gostuck installed.",
      OPEN_SETTING,
      INSTALL_DOCS,
    ).then((choice) => {
      if (choice === OPEN_SETTING) {
        void executeCommand("workbench.action.openSettings", "gostuck.server.python");
      } else if (choice === INSTALL_DOCS) {
        const readme = findReadme(this.extensionPath);
        if (readme === undefined) {
          this.outputChannel.show();
          return;
        }
        void executeCommand("markdown.showPreview", vscode.Uri.file(readme).with({ fragment: INSTALL_DOCS_ANCHOR }));
      }
    });
  }
}
