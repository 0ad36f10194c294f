import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-ICVXZZX4.js";
import "./chunk-RB6GGOCB.js";
import "./chunk-PGWALTPF.js";
import "./chunk-2EAR4WRL.js";
import "./chunk-T2JSGQHI.js";
import "./chunk-W4UO4LNM.js";
import "./chunk-F3KQZO4N.js";
import "./chunk-WCBOMLMT.js";
import "./chunk-3ES7WRDP.js";
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
