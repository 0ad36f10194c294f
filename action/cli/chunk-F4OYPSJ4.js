import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{countRequests,describeLedger,headersOf,rateLimitOf}from"./chunk-WSO43VKJ.js";import"./chunk-NQX4OKYB.js";export{countRequests,describeLedger,headersOf,rateLimitOf};
