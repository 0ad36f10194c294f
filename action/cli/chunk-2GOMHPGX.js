import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule}from"./chunk-W7QMBAKU.js";import"./chunk-KC7SRTST.js";import"./chunk-T5JE2HBQ.js";import"./chunk-NQX4OKYB.js";export{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule};
