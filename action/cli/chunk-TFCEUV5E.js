import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{exitCode,mergeReports,render,summarize}from"./chunk-W3UIWZJJ.js";import{FAIL_ON,FORMATS}from"./chunk-MQUDWU7V.js";import"./chunk-AXN5ZVZQ.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{FAIL_ON,FORMATS,exitCode,mergeReports,render,summarize};
