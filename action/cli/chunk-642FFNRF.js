import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-YJ5ORNMA.js";import"./chunk-2XYHIQOT.js";import"./chunk-KC7SRTST.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-SF3K6AAM.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-674EVODN.js";import"./chunk-MLNCWFJT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
