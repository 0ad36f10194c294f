import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{parseYaml}from"./chunk-KN4JOUS4.js";import"./chunk-2VKIAH5D.js";import"./chunk-FSSVXCLG.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{parseYaml};
