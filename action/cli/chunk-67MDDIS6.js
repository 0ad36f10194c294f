import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  countRequests,
  describeLedger,
  headersOf,
  rateLimitOf
} from "./chunk-WKIRGQ22.js";
import "./chunk-EO4PYL33.js";
export {
  countRequests,
  describeLedger,
  headersOf,
  rateLimitOf
};
