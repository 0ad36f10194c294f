import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  parseUserConfig,
  resolvePolicy
} from "./chunk-U2GG3UGU.js";
import {
  ConfigError
} from "./chunk-OLPIVFOI.js";

// src/github/config.ts
var CONFIG_PATH = ".github/agent-guardrail.yml";
var MAX_EXTENDS = 3;
async function readRepoFile(api, owner, repo, path, ref) {
  try {
    const res = await api.request("GET /repos/{owner}/{repo}/contents/{path}", {
      owner,
      repo,
      path,
      ...ref ? { ref } : {},
      mediaType: { format: "raw" }
    });
    if (typeof res.data === "string") return res.data;
    throw new Error(`${owner}/${repo}:${path} is not a file`);
  } catch (error) {
    if (error.status === 404) return void 0;
    throw error;
  }
}
function parseExtends(value, owner) {
  const m = /^(?:([A-Za-z0-9_.-]+)\/)?([A-Za-z0-9_.-]+)(?::(.+))?$/.exec(value.trim());
  if (!m?.[2]) throw new Error(`_extends "${value}" is not "repo", "owner/repo" or "owner/repo:path"`);
  return { owner: m[1] ?? owner, repo: m[2], path: m[3] ?? CONFIG_PATH };
}
function overlay(base, top) {
  const out = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const below = out[key];
    out[key] = value && typeof value === "object" && !Array.isArray(value) && below && typeof below === "object" && !Array.isArray(below) ? { ...below, ...value } : value;
  }
  delete out["_extends"];
  return out;
}
async function loadRepoPolicy(api, owner, repo, baseRef) {
  const source = `${owner}/${repo}:${CONFIG_PATH}@${baseRef}`;
  const text = await readRepoFile(api, owner, repo, CONFIG_PATH, baseRef);
  if (text === void 0) return resolvePolicy({}, "defaults");
  let config = parseUserConfig(source, text);
  const seen = /* @__PURE__ */ new Set([`${owner}/${repo}:${CONFIG_PATH}`.toLowerCase()]);
  let from = { owner, repo };
  const chain = [source];
  for (let depth = 0; config._extends !== void 0; depth++) {
    const file = chain[chain.length - 1] ?? source;
    if (depth >= MAX_EXTENDS) throw new ConfigError(file, `_extends goes deeper than ${MAX_EXTENDS} files`);
    let target;
    try {
      target = parseExtends(config._extends, from.owner);
    } catch (error) {
      throw new ConfigError(file, error.message);
    }
    const key = `${target.owner}/${target.repo}:${target.path}`;
    if (seen.has(key.toLowerCase())) throw new ConfigError(file, `_extends "${config._extends}" loops back to ${key}`);
    seen.add(key.toLowerCase());
    const parentText = await readRepoFile(api, target.owner, target.repo, target.path);
    if (parentText === void 0) throw new ConfigError(file, `_extends "${config._extends}": ${key} not found (or the app is not installed there)`);
    const parent = parseUserConfig(key, parentText);
    config = overlay(parent, config);
    if (parent._extends !== void 0) config._extends = parent._extends;
    chain.push(key);
    from = target;
  }
  return resolvePolicy(config, chain.join(" extends "));
}

export {
  CONFIG_PATH,
  readRepoFile,
  parseExtends,
  loadRepoPolicy
};
