import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  collectInputs,
  isCloudAssembly,
  readParsedFile
} from "./chunk-SHGDKHMW.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-WZGX34GI.js";
import "./chunk-MI62G2ZM.js";
import "./chunk-X6BODPTN.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  collectInputs,
  isCloudAssembly,
  readParsedFile
};
