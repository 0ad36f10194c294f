import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  auditAccount,
  evaluateStacks,
  fetchAuthorizationDetails,
  fetchStacks
} from "./chunk-VJ5GBHYQ.js";
import "./chunk-CJY4LFYY.js";
import "./chunk-3RPMOAJD.js";
import "./chunk-GSIIM2B5.js";
import "./chunk-OGOW77EF.js";
import "./chunk-2QL3WTTD.js";
import "./chunk-7BAHBOSR.js";
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
