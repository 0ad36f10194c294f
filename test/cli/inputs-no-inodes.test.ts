/**
 * A file system without inode numbers (some network and FAT mounts report 0 for every file):
 * directories are then told apart by their resolved paths, so every directory is still walked.
 * Were they known by an inode of 0, the first would hide all the others (a silent pass).
 */
import { mkdirSync, mkdtempSync, writeFileSync, type Stats } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";

const root = mkdtempSync(path.join(tmpdir(), "ag-inodes-"));
for (const dir of ["network", "orders"]) {
  mkdirSync(path.join(root, dir));
  writeFileSync(path.join(root, dir, `${dir}.template.json`), JSON.stringify({ Resources: { B: { Type: "AWS::S3::Bucket" } } }));
}

const real = await import("node:fs");
jest.unstable_mockModule("node:fs", () => ({
  ...real,
  statSync: (file: string, options?: unknown) => {
    const stats = (real.statSync as (f: string, o?: unknown) => Stats)(file, options);
    return Object.assign(Object.create(Object.getPrototypeOf(stats) as object) as Stats, stats, { ino: 0 });
  },
}));
const { collectInputs } = await import("../../src/cli/inputs.js");

test("with every inode number 0, each directory is still walked, and one given twice still once", async () => {
  const collected = await collectInputs([root, path.join(root, "orders")]);
  expect(collected.errors).toEqual([]);
  expect(collected.files.map((f) => path.relative(root, f.file))).toEqual([path.join("network", "network.template.json"), path.join("orders", "orders.template.json")]);
});
