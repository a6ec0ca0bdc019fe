/**
 * The interpreter selected in the Python extension (ms-python.python), when it is installed.
 * The extension is never a dependency: every step is optional and checked.
 */
import type { Disposable, Uri } from "vscode";
import { traceWarn, errorMessage } from "./log/logging";
import { getExtension } from "./vscodeapi";

export const PYTHON_EXTENSION_ID = "ms-python.python";

interface EnvironmentPath {
  path: string;
}
interface ResolvedEnvironment {
  executable?: { uri?: Uri };
}
interface PythonApi {
  environments?: {
    getActiveEnvironmentPath(resource?: Uri): EnvironmentPath;
    resolveEnvironment(env: EnvironmentPath | string): Promise<ResolvedEnvironment | undefined>;
    onDidChangeActiveEnvironmentPath?: (listener: () => unknown) => Disposable;
  };
}

async function pythonApi(): Promise<PythonApi | undefined> {
  const extension = getExtension(PYTHON_EXTENSION_ID);
  if (extension === undefined) {
    return undefined;
  }
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    return exports !== null && typeof exports === "object" ? exports : undefined;
  } catch (error) {
    traceWarn(`the Python extension did not activate: ${errorMessage(error)}`);
    return undefined;
  }
}

/** The selected interpreter's executable for `resource`, or undefined. */
export async function selectedInterpreter(resource?: Uri): Promise<string | undefined> {
  const environments = (await pythonApi())?.environments;
  if (environments === undefined) {
    return undefined;
  }
  try {
    const active = environments.getActiveEnvironmentPath(resource);
    const resolved = await environments.resolveEnvironment(active);
    return resolved?.executable?.uri?.fsPath ?? active.path;
  } catch (error) {
    traceWarn(`could not ask the Python extension for its interpreter: ${errorMessage(error)}`);
    return undefined;
  }
}

/** Call `listener` when the user selects another interpreter in the Python extension. */
export async function onDidChangeInterpreter(listener: () => unknown): Promise<Disposable | undefined> {
  const environments = (await pythonApi())?.environments;
  return environments?.onDidChangeActiveEnvironmentPath?.(listener);
}
