import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-DBYARB2U.js";import"./chunk-KHCFQ4N2.js";import"./chunk-6FX4V5EQ.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-7NY4U7EN.js";import"./chunk-BIL7Q4KQ.js";import"./chunk-Y2S4GIBT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
