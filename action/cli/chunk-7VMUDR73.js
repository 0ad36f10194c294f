import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,hasUnknownWriters,infraFiles,rule}from"./chunk-4JLKH37K.js";import"./chunk-GC42S63W.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,hasUnknownWriters,infraFiles,rule};
