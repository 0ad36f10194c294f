import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseJson}from"./chunk-CZAC3OT5.js";import{parseYaml}from"./chunk-CSMB4BAX.js";import{detectFormat,withoutByteOrderMark}from"./chunk-MLT3RBO2.js";function parseSource(text,options={}){let body=withoutByteOrderMark(text);return detectFormat(body)==="json"?parseJson(body,options):parseYaml(body,options)}export{parseSource};
