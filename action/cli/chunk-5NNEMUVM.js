import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-IPFHO4TP.js";
import "./chunk-YK5UZH6X.js";
import "./chunk-E5DDUO4Z.js";
import "./chunk-2Y573YT4.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-4OJSI4QI.js";
import "./chunk-MX5QVTRB.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
