import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule}from"./chunk-Y5B5JQTG.js";import"./chunk-GJRWVICT.js";import"./chunk-EIMXPLQX.js";import"./chunk-E6NSBFYM.js";import"./chunk-NQX4OKYB.js";export{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule};
