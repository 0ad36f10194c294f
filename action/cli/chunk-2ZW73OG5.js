import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{BoundaryDataError,DENY_GROUPS,READ_ONLY_VERBS,deniedActions,isReadOnlyName,prefixMayMatchReadOnly}from"./chunk-IDKHOZCY.js";import"./chunk-2OYMWL3U.js";import"./chunk-2UIEA5DE.js";import"./chunk-CH2QIG72.js";import"./chunk-WR3AC2MD.js";import"./chunk-NQX4OKYB.js";export{BoundaryDataError,DENY_GROUPS,READ_ONLY_VERBS,deniedActions,isReadOnlyName,prefixMayMatchReadOnly};
