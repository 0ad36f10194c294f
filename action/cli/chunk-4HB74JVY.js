import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  readAssemblyManifest
} from "./chunk-MNW5IKPQ.js";
import "./chunk-EO4PYL33.js";
export {
  readAssemblyManifest
};
