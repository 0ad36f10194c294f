import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-LQDVUKV6.js";
import "./chunk-5WQ6HDOQ.js";
import "./chunk-AECFORZA.js";
import "./chunk-ERERLVZB.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-CZPWBJK5.js";
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
