import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{applySuppressions}from"./chunk-QCDYGOOC.js";import"./chunk-Y2S4GIBT.js";import"./chunk-NQX4OKYB.js";export{applySuppressions};
