import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{NOT_AN_INPUT,collectInputs,isCloudAssembly,isWithin,readParsedFile}from"./chunk-4ARMWCLN.js";import"./chunk-FUJ6EFSF.js";import{DEFAULT_MAX_FILE_BYTES}from"./chunk-RH5RNB7B.js";import"./chunk-LO7NGB6S.js";import"./chunk-X2XKW22N.js";import"./chunk-MLT3RBO2.js";import"./chunk-2MQSJUUE.js";import"./chunk-MQUDWU7V.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{DEFAULT_MAX_FILE_BYTES,NOT_AN_INPUT,collectInputs,isCloudAssembly,isWithin,readParsedFile};
