import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  avoidance,
  describeProtections,
  evaluateChangeSet,
  replacementCauses,
  rule
} from "./chunk-KNU25QI7.js";
import "./chunk-LUTF7EEY.js";
import "./chunk-OKNGMZ7G.js";
import "./chunk-EO4PYL33.js";
export {
  avoidance,
  describeProtections,
  evaluateChangeSet,
  replacementCauses,
  rule
};
