import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-WKJBGHLA.js";
import "./chunk-TVQNJ3BZ.js";
import "./chunk-LH4YORGX.js";
import "./chunk-AECFORZA.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-A3E6RNAN.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
