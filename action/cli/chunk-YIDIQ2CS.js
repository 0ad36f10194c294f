import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-CJHBBYNO.js";
import "./chunk-R7TIOT6H.js";
import "./chunk-6242QVBU.js";
import "./chunk-LUTF7EEY.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-A3E6RNAN.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
