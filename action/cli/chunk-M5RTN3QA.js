import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  decisionToFindings,
  infraFiles,
  rule
} from "./chunk-DFBAHAI2.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  decisionToFindings,
  infraFiles,
  rule
};
