/**
 * The profile commands and the status bar item. The server does the reading and the overlay;
 * this module picks files and URLs, shows progress, and shows the summary the server returns.
 */
import * as path from "node:path";
import * as vscode from "vscode";
import { LSPErrorCodes, ResponseError } from "vscode-languageclient/node";
import { DEFAULT_ENDPOINT, LAST_ENDPOINT_KEY, ServerCommands, Commands } from "./constants";
import { errorMessage, traceError, traceInfo } from "./log/logging";
import { type ServerManager, UserError } from "./server";
import {
  parseSummary,
  type ProfileSummary,
  resolveSiteFile,
  siteItems,
  statusText,
  statusTooltip,
  unplacedText,
} from "./summary";
import {
  createStatusBarItem,
  executeCommand,
  getWorkspaceFolders,
  showErrorMessage,
  showInformationMessage,
  showInputBox,
  showOpenDialog,
  showQuickPick,
  showTextDocumentAt,
  showWarningMessage,
  withProgress,
} from "./vscodeapi";

const PROFILE_FILTERS: Record<string, string[]> = {
  "Goroutine profiles": ["pb.gz", "pprof", "pb", "txt", "out", "log"],
  "All files": ["*"],
};

/** A path, a file URI or a URL given to a command by another extension or a test. */
function sourceArgument(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) {
    return arg.scheme === "file" ? arg.fsPath : arg.toString();
  }
  return typeof arg === "string" && arg !== "" ? arg : undefined;
}

function displayName(source: string): string {
  return /^https?:\/\//.test(source) ? source : path.basename(source);
}

export function isEndpoint(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export class ProfileController implements vscode.Disposable {
  private readonly status: vscode.StatusBarItem;
  private summary: ProfileSummary | undefined;
  /** The source of the loaded profile: reloaded after a server restart when it is a file. */
  private loadedSource: string | undefined;

  constructor(
    private readonly server: ServerManager,
    private readonly context: vscode.ExtensionContext,
  ) {
    this.status = createStatusBarItem("gostuck.profile", 50);
    this.status.name = "gostuck profile";
    this.status.command = Commands.showProfileSites;
  }

  /** "Load Goroutine Profile...": a file picker, unless a path or URI is passed. */
  async load(arg?: unknown): Promise<ProfileSummary | undefined> {
    let source = sourceArgument(arg);
    if (source === undefined) {
      const picked = await showOpenDialog({
        title: "Load Goroutine Profile",
        openLabel: "Load Profile",
        canSelectMany: false,
        filters: PROFILE_FILTERS,
      });
      source = picked?.[0]?.fsPath;
    }
    if (source === undefined) {
      return undefined;
    }
    return this.run(`Loading goroutine profile ${displayName(source)}`, ServerCommands.loadProfile, [source], source);
  }

  /** "Capture Profile from Endpoint...": a URL, remembered for next time. */
  async capture(arg?: unknown): Promise<ProfileSummary | undefined> {
    let url = sourceArgument(arg);
    if (url === undefined) {
      const last =
        this.context.workspaceState.get<string>(LAST_ENDPOINT_KEY) ??
        this.context.globalState.get<string>(LAST_ENDPOINT_KEY) ??
        DEFAULT_ENDPOINT;
      url = await showInputBox({
        title: "Capture Goroutine Profile from Endpoint",
        prompt: "A pprof goroutine endpoint; debug=2 names the go statements that created each goroutine",
        value: last,
        ignoreFocusOut: true,
        validateInput: (value) => (isEndpoint(value.trim()) ? undefined : "Enter an http:// or https:// URL"),
      });
      url = url?.trim();
    }
    if (url === undefined || url === "") {
      return undefined;
    }
    if (!isEndpoint(url)) {
      void showErrorMessage(`gostuck: not an http or https URL: ${url}`);
      return undefined;
    }
    await this.context.workspaceState.update(LAST_ENDPOINT_KEY, url);
    await this.context.globalState.update(LAST_ENDPOINT_KEY, url);
    return this.run(`Capturing goroutine profile from ${url}`, ServerCommands.loadProfile, [url], url);
  }

  /** "Compare With Earlier Profile...": the loaded profile (or a picked one) against an earlier one. */
  async compare(baseArg?: unknown, currentArg?: unknown): Promise<ProfileSummary | undefined> {
    let current = sourceArgument(currentArg) ?? this.loadedSource;
    if (current === undefined) {
      const picked = await showOpenDialog({
        title: "Compare: the later profile",
        openLabel: "Later Profile",
        canSelectMany: false,
        filters: PROFILE_FILTERS,
      });
      current = picked?.[0]?.fsPath;
    }
    if (current === undefined) {
      return undefined;
    }
    let base = sourceArgument(baseArg);
    if (base === undefined) {
      const picked = await showOpenDialog({
        title: `Compare ${displayName(current)} with an earlier profile`,
        openLabel: "Earlier Profile",
        canSelectMany: false,
        filters: PROFILE_FILTERS,
      });
      base = picked?.[0]?.fsPath;
    }
    if (base === undefined) {
      return undefined;
    }
    return this.run(
      `Comparing ${displayName(base)} with ${displayName(current)}`,
      ServerCommands.compareProfile,
      [base, current],
      current,
    );
  }

  async clear(): Promise<void> {
    try {
      await this.server.execute(ServerCommands.clearProfile, []);
    } catch (error) {
      this.showError("could not clear the profile", error);
      return;
    }
    this.show(undefined, undefined);
  }

  /** The quick pick of top sites; choosing one opens its file at its line. */
  async showSites(): Promise<void> {
    const summary = this.summary;
    if (summary === undefined) {
      void showInformationMessage("gostuck: no goroutine profile is loaded");
      return;
    }
    const picked = await showQuickPick(siteItems(summary), {
      title: `${summary.name}: top sites`,
      placeHolder: "Go to a site where goroutines wait",
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (picked === undefined) {
      return;
    }
    const folders = getWorkspaceFolders().map((f) => f.uri.fsPath);
    const file = resolveSiteFile(picked.site.file, folders);
    if (file === undefined) {
      void showWarningMessage(`gostuck: ${picked.site.file} is not in this workspace`);
      return;
    }
    if (picked.site.line === null) {
      void showWarningMessage(
        `gostuck: ${path.basename(file)} changed since the profile was taken; the line of ${picked.site.function} is not known`,
      );
      return;
    }
    await showTextDocumentAt(file, picked.site.line);
  }

  /** The server is down: it holds no profile any more, so the status bar shows none. */
  serverDown(): void {
    this.show(undefined, this.loadedSource);
  }

  /** After a server restart: the server forgot the profile, so load the same file again. */
  async afterRestart(): Promise<void> {
    const source = this.loadedSource;
    if (source === undefined) {
      return;
    }
    if (isEndpoint(source) || !this.server.supports(ServerCommands.loadProfile)) {
      this.show(undefined, undefined);
      return;
    }
    await this.run(`Reloading goroutine profile ${displayName(source)}`, ServerCommands.loadProfile, [source], source);
  }

  current(): ProfileSummary | undefined {
    return this.summary;
  }

  dispose(): void {
    this.status.dispose();
  }

  private async run(
    title: string,
    command: string,
    args: string[],
    source: string,
  ): Promise<ProfileSummary | undefined> {
    try {
      const reply = await withProgress(
        { location: vscode.ProgressLocation.Notification, title: `gostuck: ${title}`, cancellable: true },
        (_progress, token) => this.server.execute(command, args, token),
      );
      const summary = parseSummary(reply);
      this.show(summary, summary === undefined ? undefined : source);
      if (summary !== undefined) {
        // The server logs the profile it loaded; the output says it once.
        const unplaced = unplacedText(summary);
        if (unplaced !== undefined) {
          traceInfo(unplaced);
        }
        for (const warning of summary.warnings) {
          void showWarningMessage(`gostuck: ${warning}`);
        }
      }
      return summary;
    } catch (error) {
      this.showError(title.charAt(0).toLowerCase() + title.slice(1), error);
      return undefined;
    }
  }

  private show(summary: ProfileSummary | undefined, source: string | undefined): void {
    this.summary = summary;
    this.loadedSource = source;
    void executeCommand("setContext", "gostuck.profileLoaded", summary !== undefined);
    if (summary === undefined) {
      this.status.hide();
      return;
    }
    this.status.text = statusText(summary);
    this.status.tooltip = statusTooltip(summary);
    this.status.show();
  }

  private showError(what: string, error: unknown): void {
    if (error instanceof UserError) {
      void showErrorMessage(`gostuck: ${error.message}`);
      return;
    }
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) {
      traceInfo(`${what}: cancelled`);
      return;
    }
    if (error instanceof ResponseError && error.code === LSPErrorCodes.RequestFailed) {
      // The server's own words: "x is not a goroutine profile: expected ...", which it
      // has logged already.
      void showErrorMessage(`gostuck: ${error.message}`);
      return;
    }
    traceError(what, error);
    void showErrorMessage(`gostuck: ${what} failed: ${errorMessage(error)}`);
  }
}
