import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{applySuppressions}from"./chunk-GHMAODFZ.js";import"./chunk-SF3K6AAM.js";import"./chunk-NQX4OKYB.js";export{applySuppressions};
