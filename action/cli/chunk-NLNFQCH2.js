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
<<<<<<<< HEAD:action/cli/chunk-P5O2FVQ6.js
} from "./chunk-CFKOEX4T.js";
import "./chunk-6IL2J7SQ.js";
import "./chunk-B3R3YTJE.js";
========
} from "./chunk-JZWPTIP7.js";
import "./chunk-PGWALTPF.js";
import "./chunk-MI62G2ZM.js";
>>>>>>>> 1402f25 (tests follow main (issue 11's reason texts, literal markers, check-run writes retried instead of rejecting the delivery); action/ rebuilt from the sources):action/cli/chunk-NLNFQCH2.js
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
