import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  collectInputs,
  isCloudAssembly,
  readParsedFile
} from "./chunk-XTOAPGA6.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-5HVCDFU6.js";
import "./chunk-VOIQVE24.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  collectInputs,
  isCloudAssembly,
  readParsedFile
};
