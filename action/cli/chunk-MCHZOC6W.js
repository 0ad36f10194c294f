import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{ConfigError,DEFAULTS_CACHE_FILE,DEFAULT_FILE_NAMES,DEFAULT_POLICIES_DIR,cachedDefaults,defaultsCodeFingerprint,loadedDefaults,mergePolicy,normalizeLogin,readDefaultTexts,readDefaultsCache,readText}from"./chunk-PMQWFZBG.js";import"./chunk-NQX4OKYB.js";export{ConfigError,DEFAULTS_CACHE_FILE,DEFAULT_FILE_NAMES,DEFAULT_POLICIES_DIR,cachedDefaults,defaultsCodeFingerprint,loadedDefaults,mergePolicy,normalizeLogin,readDefaultTexts,readDefaultsCache,readText};
