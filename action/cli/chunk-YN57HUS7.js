import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,infraFiles,rule}from"./chunk-AXHLXRS5.js";import"./chunk-SF3K6AAM.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,infraFiles,rule};
