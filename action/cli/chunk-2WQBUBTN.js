import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseYaml,unknownTagMessage}from"./chunk-NTXNRVWD.js";import"./chunk-JAKIZC5L.js";import"./chunk-2MQSJUUE.js";import"./chunk-E6NSBFYM.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{parseYaml,unknownTagMessage};
