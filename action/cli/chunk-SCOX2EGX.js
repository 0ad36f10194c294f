import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule}from"./chunk-UKGZJGIT.js";import"./chunk-JJ7AYRRP.js";import"./chunk-EIMXPLQX.js";import"./chunk-E6NSBFYM.js";import"./chunk-NQX4OKYB.js";export{avoidance,describeProtections,evaluateChangeSet,replacementCauses,rule};
