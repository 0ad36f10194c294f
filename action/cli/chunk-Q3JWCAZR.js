import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseJson}from"./chunk-AAIZI4F5.js";import{parseYaml}from"./chunk-KN4JOUS4.js";import{detectFormat,withoutByteOrderMark}from"./chunk-2VKIAH5D.js";function parseSource(text){let body=withoutByteOrderMark(text);return detectFormat(body)==="json"?parseJson(body):parseYaml(body)}export{parseSource};
