import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks}from"./chunk-U722N43I.js";import"./chunk-535ESA6H.js";import"./chunk-6FX4V5EQ.js";import"./chunk-E6NSBFYM.js";import"./chunk-BYXOBA52.js";import"./chunk-X2XKW22N.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-GX7E466Y.js";import"./chunk-PILPLFY2.js";import"./chunk-5OO2EEXP.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{auditAccount,evaluateStacks,fetchAuthorizationDetails,fetchStacks};
