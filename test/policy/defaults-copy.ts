/** A scratch copy of the shipped policies/ for tests that edit or damage it, removed after the file's tests. */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_POLICIES_DIR } from "../../src/policy/load.js";

const copies: string[] = [];

export function copyOfDefaults(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-policies-"));
  cpSync(DEFAULT_POLICIES_DIR, dir, { recursive: true });
  copies.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});
