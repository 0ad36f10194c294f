import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  exitCode,
  mergeReports,
  render,
  summarize
} from "./chunk-2V7FNPSS.js";
import {
  FAIL_ON,
  FORMATS
} from "./chunk-IE2V5DSZ.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  FAIL_ON,
  FORMATS,
  exitCode,
  mergeReports,
  render,
  summarize
};
