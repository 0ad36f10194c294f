import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{collectInputs,isCloudAssembly,readParsedFile}from"./chunk-RASEG6FA.js";import{DEFAULT_MAX_FILE_BYTES}from"./chunk-M5SKCWMA.js";import"./chunk-AAIZI4F5.js";import"./chunk-X2XKW22N.js";import"./chunk-2VKIAH5D.js";import"./chunk-FSSVXCLG.js";import"./chunk-MQUDWU7V.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{DEFAULT_MAX_FILE_BYTES,collectInputs,isCloudAssembly,readParsedFile};
