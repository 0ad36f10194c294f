import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
} from "./chunk-M6K7WQ7X.js";
import "./chunk-YFNP2QFS.js";
import "./chunk-PGWALTPF.js";
import "./chunk-5IOC6RBJ.js";
import "./chunk-X6BODPTN.js";
import "./chunk-BK22ERLS.js";
import "./chunk-A3E6RNAN.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  CONFIG_PATH,
  loadRepoPolicy,
  parseExtends,
  readRepoFile
};
