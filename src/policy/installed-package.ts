/** Find an installed npm package's root directory and version through Node's own resolution. */
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The root and version of `name` as `require` resolves it, or undefined when it is not installed.
 * Package `exports` often do not reach package.json: walk up from the entry point to the
 * directory whose package.json names the package.
 */
export function findInstalledPackage(name: string, require: NodeJS.Require): { root: string; version: string } | undefined {
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  let dir = path.dirname(entry);
  for (;;) {
    const version = packageVersion(dir, name);
    if (version !== undefined) return { root: dir, version };
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${name}: package root not found from ${entry}`);
    dir = parent;
  }
}

/** The version when `dir` holds the package's own package.json, else undefined (keep walking up). */
function packageVersion(dir: string, name: string): string | undefined {
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as typeof manifest;
  } catch {
    return undefined; // no (readable) package.json here: keep walking up; the root check ends the walk
  }
  if (manifest.name !== name) return undefined;
  if (typeof manifest.version !== "string") throw new Error(`${path.join(dir, "package.json")}: no version`);
  return manifest.version;
}
