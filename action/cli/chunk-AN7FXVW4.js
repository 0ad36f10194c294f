import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  evaluateTemplateSet,
  guardedEvaluation
} from "./chunk-UFMR4CJN.js";
import "./chunk-UOL4YUVM.js";
import "./chunk-EO4PYL33.js";
export {
  evaluateTemplateSet,
  guardedEvaluation
};
