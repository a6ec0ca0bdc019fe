/**
 * The extension's log: one output channel ("gostuck") shared with the language client.
 * Modules log through these functions so that unit tests can run without VS Code.
 */
import type { LogOutputChannel } from "vscode";

let channel: LogOutputChannel | undefined;

/** Send the log to this channel from now on. */
export function registerLogger(out: LogOutputChannel): void {
  channel = out;
}

export function traceInfo(message: string): void {
  channel?.info(message);
}

export function traceWarn(message: string): void {
  channel?.warn(message);
}

export function traceError(message: string, error?: unknown): void {
  if (error === undefined) {
    channel?.error(message);
  } else {
    channel?.error(`${message}: ${errorMessage(error)}`);
  }
}

/** A one-line description of anything thrown, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    return error.message;
  }
  if (typeof error === "string") {
    return error;
  }
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
