import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{BoundaryDataError,DENY_GROUPS,READ_ONLY_VERBS,deniedActions,isReadOnlyName,prefixMayMatchReadOnly}from"./chunk-2NIETXU3.js";import"./chunk-34EMAVNC.js";import"./chunk-Y2S4GIBT.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{BoundaryDataError,DENY_GROUPS,READ_ONLY_VERBS,deniedActions,isReadOnlyName,prefixMayMatchReadOnly};
