import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  countChanges,
  isOpaqueResourceType
} from "./chunk-OKNGMZ7G.js";
import "./chunk-EO4PYL33.js";
export {
  countChanges,
  isOpaqueResourceType
};
