import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-PMRJ5XHR.js";
import "./chunk-R7TIOT6H.js";
import "./chunk-ZZLN7UL7.js";
import "./chunk-LUTF7EEY.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-3WHYWZNO.js";
import "./chunk-5ODDB3JW.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
