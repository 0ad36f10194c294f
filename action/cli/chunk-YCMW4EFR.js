import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule}from"./chunk-RLGIPC5C.js";import"./chunk-M4UE3JTI.js";import"./chunk-YM62GHWK.js";import"./chunk-E6NSBFYM.js";import"./chunk-NQX4OKYB.js";export{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule};
