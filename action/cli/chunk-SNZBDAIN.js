import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{applySuppressions}from"./chunk-NWLGWTD6.js";import"./chunk-5OO2EEXP.js";import"./chunk-NQX4OKYB.js";export{applySuppressions};
