import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_POLICIES_DIR,
  defaultsCodeFingerprint,
  loadDefaults,
  loadPolicy,
  normalizeLogin,
  parseUserConfig,
  readDefaultsCache,
  readUserConfig,
  resolvePolicy,
  validate,
  writeDefaultsCache
} from "./chunk-CFKOEX4T.js";
import "./chunk-6IL2J7SQ.js";
import "./chunk-B3R3YTJE.js";
import "./chunk-X6BODPTN.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_POLICIES_DIR,
  defaultsCodeFingerprint,
  loadDefaults,
  loadPolicy,
  normalizeLogin,
  parseUserConfig,
  readDefaultsCache,
  readUserConfig,
  resolvePolicy,
  validate,
  writeDefaultsCache
};
