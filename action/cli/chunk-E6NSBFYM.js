import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
var isRecord=value=>value!==null&&typeof value=="object"&&!Array.isArray(value);export{isRecord};
