import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{NESTED_STACK_TYPES,TEMPLATE_INPUT,countChanges,isOpaqueResourceType,sameTags}from"./chunk-WYUV4Y5H.js";import"./chunk-NQX4OKYB.js";export{NESTED_STACK_TYPES,TEMPLATE_INPUT,countChanges,isOpaqueResourceType,sameTags};
