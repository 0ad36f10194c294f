import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{NOT_AN_INPUT,collectInputs,isCloudAssembly,isWithin,readParsedFile}from"./chunk-PW5HXGCK.js";import"./chunk-4THMWUVO.js";import{DEFAULT_MAX_FILE_BYTES}from"./chunk-WGAQPWGN.js";import"./chunk-CZAC3OT5.js";import"./chunk-FHWH7JB2.js";import"./chunk-MLT3RBO2.js";import"./chunk-2MQSJUUE.js";import"./chunk-MQUDWU7V.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{DEFAULT_MAX_FILE_BYTES,NOT_AN_INPUT,collectInputs,isCloudAssembly,isWithin,readParsedFile};
