/** app.yml: least privilege, and every event the app listens to is subscribed. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { PULL_EVENTS } from "../../src/github/app.js";

const manifest = parse(readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "../../app.yml"), "utf8")) as {
  default_events: string[];
  default_permissions: Record<string, string>;
};

describe("app.yml", () => {
  it("subscribes to every event the app handles", () => {
    const needed = new Set([...PULL_EVENTS.map((e) => e.split(".")[0]), "check_run", "check_suite", "merge_group", "push"]);
    expect([...needed].filter((e) => !manifest.default_events.includes(e as string))).toEqual([]);
  });

  it("asks for write access to check runs only", () => {
    const writes = Object.entries(manifest.default_permissions).filter(([, level]) => level !== "read");
    expect(writes).toEqual([["checks", "write"]]);
    expect(manifest.default_permissions).toEqual(expect.objectContaining({ pull_requests: "read", issues: "read", contents: "read", metadata: "read" }));
  });
});
