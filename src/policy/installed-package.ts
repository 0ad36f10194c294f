/** Find an installed npm package's root directory and version where Node looks for packages. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { errorMessage } from "../core/error-message.js";

/**
 * The root and version of `name` as `require` would find it, or undefined when it is not
 * installed. The package directory is looked up in the directories `require` searches, in its
 * order, without resolving the package's entry point: the data packages are read by their files,
 * and resolving an entry through its `exports` loaded Node's ES module resolver into every run
 * (about 1.7 ms of a one-template scan, issue 17).
 */
export function findInstalledPackage(name: string, require: NodeJS.Require): { root: string; version: string } | undefined {
  for (const dir of require.resolve.paths(name) ?? []) {
    const root = path.join(dir, name);
    const manifest = path.join(root, "package.json");
    let text: string;
    try {
      text = readFileSync(manifest, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") continue; // not installed here: look in the next directory
      throw new Error(`${manifest}: ${errorMessage(error)}`, { cause: error });
    }
    return { root, version: packageVersion(manifest, text, name) };
  }
  return undefined;
}

/** The version of the package whose manifest this is; a manifest that is broken or names another package is an error. */
function packageVersion(file: string, text: string, name: string): string {
  let manifest: { name?: unknown; version?: unknown };
  try {
    manifest = JSON.parse(text) as typeof manifest;
  } catch (error) {
    throw new Error(`${file}: ${errorMessage(error)}`, { cause: error });
  }
  if (manifest === null || typeof manifest !== "object") throw new Error(`${file}: not a package manifest`);
  if (manifest.name !== name) throw new Error(`${file}: names ${JSON.stringify(manifest.name)}, not ${name}`);
  if (typeof manifest.version !== "string") throw new Error(`${file}: no version`);
  return manifest.version;
}
