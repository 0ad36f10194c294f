import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  avoidance,
  describeProtections,
  evaluateChangeSet,
  replacementCauses,
  rule
} from "./chunk-QZ7UEGIT.js";
import "./chunk-AECFORZA.js";
import "./chunk-OKNGMZ7G.js";
import "./chunk-EO4PYL33.js";
export {
  avoidance,
  describeProtections,
  evaluateChangeSet,
  replacementCauses,
  rule
};
