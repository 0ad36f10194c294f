import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  parseYaml
} from "./chunk-7AX5E4TP.js";
import "./chunk-ORPBBT7N.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  parseYaml
};
