import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{ApiCounter,READ_ONLY_OPERATIONS,ReadOnlyViolation,assumeRole,closeSession,explainAwsError,nextPageToken,openSession,organizationsClient,sessionOptions}from"./chunk-IVOH4NKY.js";import"./chunk-NQX4OKYB.js";export{ApiCounter,READ_ONLY_OPERATIONS,ReadOnlyViolation,assumeRole,closeSession,explainAwsError,nextPageToken,openSession,organizationsClient,sessionOptions};
