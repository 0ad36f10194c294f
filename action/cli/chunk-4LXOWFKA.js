import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  errorMessage
} from "./chunk-WCBOMLMT.js";
import "./chunk-EO4PYL33.js";
export {
  errorMessage
};
