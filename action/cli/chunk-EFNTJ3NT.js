import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  BoundaryDataError,
  DENY_GROUPS,
  READ_ONLY_VERBS,
  deniedActions,
  isReadOnlyName,
  prefixMayMatchReadOnly
} from "./chunk-5ODDB3JW.js";
import "./chunk-LDEBAZNP.js";
import "./chunk-EO4PYL33.js";
export {
  BoundaryDataError,
  DENY_GROUPS,
  READ_ONLY_VERBS,
  deniedActions,
  isReadOnlyName,
  prefixMayMatchReadOnly
};
