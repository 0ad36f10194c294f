import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseYaml,unknownTagMessage}from"./chunk-CSMB4BAX.js";import"./chunk-MLT3RBO2.js";import"./chunk-E6NSBFYM.js";import"./chunk-2MQSJUUE.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{parseYaml,unknownTagMessage};
