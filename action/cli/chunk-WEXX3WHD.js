import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-KWOCZCC4.js";
import "./chunk-YK5UZH6X.js";
import "./chunk-6WPVGN4N.js";
import "./chunk-2Y573YT4.js";
import "./chunk-OGOW77EF.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-VV563U4Y.js";
import "./chunk-HDBVTYGY.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
};
