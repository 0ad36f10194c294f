import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-6QC64N53.js";
import "./chunk-CFKOEX4T.js";
import "./chunk-6IL2J7SQ.js";
import "./chunk-B3R3YTJE.js";
import "./chunk-X6BODPTN.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
};
