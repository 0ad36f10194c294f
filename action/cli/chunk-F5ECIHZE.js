import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{countChanges,isOpaqueResourceType}from"./chunk-T4XONHBZ.js";import"./chunk-NQX4OKYB.js";export{countChanges,isOpaqueResourceType};
