import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{decisionToFindings,infraFiles,rule}from"./chunk-5HONW3BY.js";import"./chunk-5OO2EEXP.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{decisionToFindings,infraFiles,rule};
