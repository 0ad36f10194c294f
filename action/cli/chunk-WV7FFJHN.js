import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,infraFiles,rule}from"./chunk-WAFRYQTY.js";import"./chunk-G3CUHPWZ.js";import"./chunk-Y2S4GIBT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,infraFiles,rule};
