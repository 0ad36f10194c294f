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
} from "./chunk-U2GG3UGU.js";
import "./chunk-PGWALTPF.js";
import "./chunk-5VXMLTJZ.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-W4UO4LNM.js";
import {
  ConfigError,
  DEFAULTS_CACHE_FILE,
  DEFAULT_POLICIES_DIR,
  cachedDefaults,
  defaultsCodeFingerprint,
  normalizeLogin,
  readDefaultsCache
} from "./chunk-OLPIVFOI.js";
import "./chunk-7AX5E4TP.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-UWV76DWW.js";
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
