import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  applySuppressions
} from "./chunk-WY7H33ES.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-EO4PYL33.js";
export {
  applySuppressions
};
