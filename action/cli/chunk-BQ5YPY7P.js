import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-N52Z5PWT.js";
import "./chunk-3GANCJ3J.js";
import "./chunk-PGWALTPF.js";
import "./chunk-VDUMS43M.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-W4UO4LNM.js";
import "./chunk-F3KQZO4N.js";
import "./chunk-KMHTBPPB.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
};
