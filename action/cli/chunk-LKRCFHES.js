import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-E7YQZZVW.js";import"./chunk-5U5CTZN4.js";import"./chunk-6FX4V5EQ.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-SF3K6AAM.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-674EVODN.js";import"./chunk-MLNCWFJT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
