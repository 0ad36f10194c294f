import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-IOPWCUNR.js";import"./chunk-A3DC5AC6.js";import"./chunk-6FX4V5EQ.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-HQE2ZNWS.js";import"./chunk-R26TCVA7.js";import"./chunk-Y2S4GIBT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
