import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseJson}from"./chunk-OUGR6GBI.js";import{parseYaml}from"./chunk-K2TRLDHG.js";import{detectFormat,withoutByteOrderMark}from"./chunk-MLT3RBO2.js";function parseSource(text){let body=withoutByteOrderMark(text);return detectFormat(body)==="json"?parseJson(body):parseYaml(body)}export{parseSource};
