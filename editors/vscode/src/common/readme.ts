/** Where the install instructions are: the extension's README, whatever case the package gave it. */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The README in the extension's folder. vsce stores it as `readme.md`, a checkout has
 * `README.md`, and file names are case-sensitive on Linux: look for either.
 */
export function findReadme(extensionPath: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(extensionPath);
  } catch {
    return undefined;
  }
  const name = names.find((n) => n.toLowerCase() === "readme.md");
  return name === undefined ? undefined : path.join(extensionPath, name);
}
