import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  BoundaryDataError,
  DENY_GROUPS,
  READ_ONLY_VERBS,
  deniedActions,
  isReadOnlyName,
  prefixMayMatchReadOnly
} from "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  BoundaryDataError,
  DENY_GROUPS,
  READ_ONLY_VERBS,
  deniedActions,
  isReadOnlyName,
  prefixMayMatchReadOnly
};
