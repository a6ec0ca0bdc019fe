import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extensionLensCommand } from "../../common/lenses";

describe("extensionLensCommand", () => {
  it("runs a test through Run Tests with Leak Check, with the lens's arguments", () => {
    const lens = {
      title: "gostuck: run with leak check",
      command: "gostuck.server.runTests",
      arguments: ["file:///m/a_test.go", "TestA"],
    };
    assert.deepEqual(extensionLensCommand(lens), {
      title: "gostuck: run with leak check",
      command: "gostuck.runTestsWithLeakCheck",
      arguments: ["file:///m/a_test.go", "TestA"],
    });
  });

  it("leaves the profile's lenses to the server", () => {
    const lens = { command: "gostuck.server.showLocation", arguments: ["file:///m/a.go", 11] };
    assert.deepEqual(extensionLensCommand({ ...lens }), lens);
  });
});
