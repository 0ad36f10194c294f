import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{applySuppressions}from"./chunk-X2RCA6RV.js";import"./chunk-CH2QIG72.js";import"./chunk-NQX4OKYB.js";export{applySuppressions};
