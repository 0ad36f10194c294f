import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  exitCode,
  mergeReports,
  render,
  summarize
} from "./chunk-24DWAAAN.js";
import {
  FAIL_ON,
  FORMATS
} from "./chunk-IE2V5DSZ.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-EO4PYL33.js";
export {
  FAIL_ON,
  FORMATS,
  exitCode,
  mergeReports,
  render,
  summarize
};
