import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-GI7G5G6I.js";
import "./chunk-U2GG3UGU.js";
import "./chunk-PGWALTPF.js";
import "./chunk-5VXMLTJZ.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-W4UO4LNM.js";
import "./chunk-OLPIVFOI.js";
import "./chunk-7AX5E4TP.js";
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
