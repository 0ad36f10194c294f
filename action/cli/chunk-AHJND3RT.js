import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  BoundaryError,
  DEFAULT_MAX_COLLATERAL,
  DEFAULT_SCP_TAG_KEY,
  MAX_SCPS_PER_TARGET,
  PART_NAME_MARKERS,
  POLICY_SIZE_LIMIT,
  SID_PREFIX,
  compareVersions,
  generateBoundary,
  scpAlternative,
  versionOfSid,
  versionTag
} from "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";
export {
  BoundaryError,
  DEFAULT_MAX_COLLATERAL,
  DEFAULT_SCP_TAG_KEY,
  MAX_SCPS_PER_TARGET,
  PART_NAME_MARKERS,
  POLICY_SIZE_LIMIT,
  SID_PREFIX,
  compareVersions,
  generateBoundary,
  scpAlternative,
  versionOfSid,
  versionTag
};
