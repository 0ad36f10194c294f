import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  collectInputs,
  isCloudAssembly,
  readParsedFile
} from "./chunk-KHZYA5M3.js";
import {
  DEFAULT_MAX_FILE_BYTES
} from "./chunk-USGXGEIQ.js";
import "./chunk-5IOC6RBJ.js";
import "./chunk-X6BODPTN.js";
import "./chunk-IE2V5DSZ.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  DEFAULT_MAX_FILE_BYTES,
  collectInputs,
  isCloudAssembly,
  readParsedFile
};
