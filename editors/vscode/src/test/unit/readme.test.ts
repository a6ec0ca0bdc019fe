import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { findReadme } from "../../common/readme";

describe("findReadme", () => {
  it("finds the README as a checkout names it and as vsce packages it", () => {
    for (const name of ["README.md", "readme.md"]) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gostuck-readme-"));
      try {
        fs.writeFileSync(path.join(dir, name), "# gostuck\n");
        fs.writeFileSync(path.join(dir, "package.json"), "{}");
        assert.equal(findReadme(dir), path.join(dir, name));
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("gives up when there is none or no folder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gostuck-readme-"));
    try {
      assert.equal(findReadme(dir), undefined);
      assert.equal(findReadme(path.join(dir, "missing")), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
