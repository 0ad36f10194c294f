import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseJson}from"./chunk-LSHIMEAT.js";import{parseYaml}from"./chunk-NTXNRVWD.js";import{detectFormat,withoutByteOrderMark}from"./chunk-JAKIZC5L.js";function parseSource(text,options={}){let body=withoutByteOrderMark(text);return detectFormat(body)==="json"?parseJson(body,options):parseYaml(body,options)}export{parseSource};
