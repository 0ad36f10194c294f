import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseJson}from"./chunk-OUGR6GBI.js";import{parseYaml}from"./chunk-OIR6VPHK.js";import{detectFormat,withoutByteOrderMark}from"./chunk-MLT3RBO2.js";function parseSource(text,options={}){let body=withoutByteOrderMark(text);return detectFormat(body)==="json"?parseJson(body):parseYaml(body,options)}export{parseSource};
