/**
 * A directory that can be stat'ed but not listed (EACCES: no read permission for a normal user;
 * tests run as root here, so the refusal is simulated by failing `readdirSync` for that one directory)
 * is an input error naming it, and the rest of the walk goes on.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";

const root = mkdtempSync(path.join(tmpdir(), "ag-inputs-"));
const locked = path.join(root, "locked");
mkdirSync(locked);
writeFileSync(path.join(locked, "hidden.template.json"), JSON.stringify({ Resources: { B: { Type: "AWS::S3::Bucket" } } }));
writeFileSync(path.join(root, "policy.json"), JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }));

const real = await import("node:fs");
jest.unstable_mockModule("node:fs", () => ({
  ...real,
  readdirSync: (dir: string, options?: unknown) => {
    if (dir === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${dir}'`), { code: "EACCES" });
    return (real.readdirSync as (d: string, o?: unknown) => unknown)(dir, options);
  },
}));
const { collectInputs } = await import("../../src/cli/inputs.js");

test("an unlistable directory is an error naming it; its siblings are still collected", async () => {
  const collected = await collectInputs([root]);
  expect(collected.errors).toEqual([{ file: locked, message: "cannot list directory: permission denied" }]);
  expect(collected.files.map((f) => path.basename(f.file))).toEqual(["policy.json"]);
});
