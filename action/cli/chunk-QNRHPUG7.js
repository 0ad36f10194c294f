import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  ApiCounter,
  READ_ONLY_OPERATIONS,
  ReadOnlyViolation,
  assumeRole,
  closeSession,
  explainAwsError,
  openSession,
  organizationsClient,
  sessionOptions
} from "./chunk-6AEDFH4L.js";
import "./chunk-EO4PYL33.js";
export {
  ApiCounter,
  READ_ONLY_OPERATIONS,
  ReadOnlyViolation,
  assumeRole,
  closeSession,
  explainAwsError,
  openSession,
  organizationsClient,
  sessionOptions
};
