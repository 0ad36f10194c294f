import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-JOOHR35C.js";
import "./chunk-Q2UX36BR.js";
import "./chunk-PGWALTPF.js";
import "./chunk-MI62G2ZM.js";
import "./chunk-X6BODPTN.js";
import "./chunk-BK22ERLS.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
};
