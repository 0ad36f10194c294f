import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,infraFiles,rule}from"./chunk-T66ZD542.js";import"./chunk-6XSNKA35.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,infraFiles,rule};
