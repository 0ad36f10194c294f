import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-L27ESYQC.js";import"./chunk-7PCGB4XK.js";import"./chunk-KC7SRTST.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-SF3K6AAM.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-M4LJML4M.js";import"./chunk-JTBXFGV7.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
