/**
 * Code lenses from the server, as the extension runs them. Nothing here imports `vscode` at run
 * time, so unit tests can use plain objects.
 *
 * The server's lens above each Test function runs `gostuck.server.runTests` directly: in VS Code
 * that would skip what "Run Tests with Leak Check" adds (its progress notification and, when
 * gostuck.allowToolExecution is off, the offer to turn it on), so the lens runs the extension's
 * command instead, with the same arguments (the file's URI and the test's name).
 */
import { Commands, ServerCommands } from "./constants";

/** The part of a lens's command this module reads and changes. */
export interface LensCommand {
  command: string;
  arguments?: unknown[];
}

/** The command a lens should run in VS Code: the extension's own where it has one. */
export function extensionLensCommand<T extends LensCommand>(command: T): T {
  if (command.command === ServerCommands.runTests) {
    command.command = Commands.runTestsWithLeakCheck;
  }
  return command;
}
