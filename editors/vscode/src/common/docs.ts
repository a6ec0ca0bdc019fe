/**
 * Links to the check docs shipped with the extension, and the ignore quick fix as a snippet.
 *
 * The server links each code to its page on the web (`.../docs/checks/GS1001.md`); the
 * extension ships those pages (docs/checks/, copied in by `npm run package`) and turns the
 * links into `command:gostuck.showCheckDoc?["GS1001"]`, which opens the bundled page in the
 * Markdown preview, offline and in remote windows alike. Nothing here imports `vscode`.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const SHOW_CHECK_DOC = "gostuck.showCheckDoc";

/** The web address the server gives for a code's page (server/gostuck/analysis/check.py). */
const DOC_URL = /https:\/\/github\.com\/gostuck\/gostuck\/blob\/main\/docs\/checks\/(GS\d{4})\.md/g;
const CODE = /^GS\d{4}$/;

/** `command:gostuck.showCheckDoc?["GS1001"]`, the link that opens the bundled page. */
export function docCommandUri(code: string): string {
  return `command:${SHOW_CHECK_DOC}?${encodeURIComponent(JSON.stringify([code]))}`;
}

/** The code a server docs link names, or undefined for any other address. */
export function codeOfDocUrl(url: string): string | undefined {
  DOC_URL.lastIndex = 0;
  const match = DOC_URL.exec(url);
  return match?.[1];
}

/** Markdown with every server docs link pointing at the bundled page instead. */
export function rewriteDocLinks(markdown: string): string {
  return markdown.replace(DOC_URL, (_url, code: string) => docCommandUri(code));
}

/**
 * The bundled page of a code: docs/checks/ inside the extension, else (running from the
 * repository) the repository's docs/checks/. Undefined for an unknown code.
 */
export function findCheckDoc(
  extensionPath: string,
  code: string,
  exists: (p: string) => boolean = fs.existsSync,
): string | undefined {
  if (!CODE.test(code)) {
    return undefined;
  }
  for (const dir of [
    path.join(extensionPath, "docs", "checks"),
    path.join(extensionPath, "..", "..", "docs", "checks"),
  ]) {
    const file = path.join(dir, `${code}.md`);
    if (exists(file)) {
      return file;
    }
  }
  return undefined;
}

const IGNORE = /^(\s*\/\/gostuck:ignore [A-Z0-9,]+ )<reason>(\s*)$/;

/**
 * The snippet for the server's ignore fix: `//gostuck:ignore GS1001 <reason>` with the reason
 * as a tab stop (`${1:reason}`), or undefined when the text is not that fix.
 */
export function ignoreSnippet(newText: string): string | undefined {
  const match = IGNORE.exec(newText);
  if (match === null) {
    return undefined;
  }
  const escape = (s: string): string => s.replace(/[\\$}]/g, (c) => `\\${c}`);
  return `${escape(match[1] ?? "")}\${1:reason}${escape(match[2] ?? "")}`;
}
