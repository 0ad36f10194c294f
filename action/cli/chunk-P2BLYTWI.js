import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  countRequests,
  describeLedger
} from "./chunk-HHZDQI7D.js";
import "./chunk-EO4PYL33.js";
export {
  countRequests,
  describeLedger
};
