import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  loadDefaults,
  loadPolicy,
  parseUserConfig,
  readUserConfig,
  resolvePolicy,
  validate,
  writeDefaultsCache
} from "./chunk-Q2UX36BR.js";
import "./chunk-PGWALTPF.js";
import "./chunk-MI62G2ZM.js";
import "./chunk-X6BODPTN.js";
import {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_POLICIES_DIR,
  cachedDefaults,
  defaultsCodeFingerprint,
  normalizeLogin,
  readDefaultsCache
} from "./chunk-BK22ERLS.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_POLICIES_DIR,
  cachedDefaults,
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
