import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { codeOfDocUrl, docCommandUri, findCheckDoc, ignoreSnippet, rewriteDocLinks } from "../../common/docs";

const URL = "https://github.com/gostuck/gostuck/blob/main/docs/checks/GS1001.md";

describe("links to the bundled check docs", () => {
  it("turns the server's web links into the command that opens the bundled page", () => {
    assert.equal(docCommandUri("GS9001"), "command:gostuck.showCheckDoc?%5B%22GS9001%22%5D");
    assert.equal(codeOfDocUrl(URL), "GS1001");
    assert.equal(codeOfDocUrl("https://example.com/GS1001.md"), undefined);
    assert.equal(
      rewriteDocLinks(`[GS1001 documentation](${URL}) and [x](https://example.com)`),
      `[GS1001 documentation](${docCommandUri("GS1001")}) and [x](https://example.com)`,
    );
  });

  it("finds the page inside the extension, then in the repository", () => {
    const files = new Set(["/ext/docs/checks/GS1001.md", "/repo/docs/checks/GS9002.md"]);
    const exists = (p: string): boolean => files.has(p);
    assert.equal(findCheckDoc("/ext", "GS1001", exists), "/ext/docs/checks/GS1001.md");
    assert.equal(findCheckDoc("/repo/editors/vscode", "GS9002", exists), "/repo/docs/checks/GS9002.md");
    assert.equal(findCheckDoc("/ext", "../../etc/passwd", exists), undefined);
  });
});

describe("the ignore fix as a snippet", () => {
  it("makes the reason a tab stop", () => {
    assert.equal(ignoreSnippet("\t//gostuck:ignore GS1001 <reason>\n"), "\t//gostuck:ignore GS1001 ${1:reason}\n");
    assert.equal(ignoreSnippet("x := 1\n"), undefined);
  });
});
