import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,hasUnknownWriters,infraFiles,mayTouchInfra,rule}from"./chunk-N7GBDHOW.js";import"./chunk-SROQXPWE.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,hasUnknownWriters,infraFiles,mayTouchInfra,rule};
