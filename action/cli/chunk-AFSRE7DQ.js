import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule}from"./chunk-WM4LRTRK.js";import"./chunk-6FX4V5EQ.js";import"./chunk-T4XONHBZ.js";import"./chunk-NQX4OKYB.js";export{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule};
