import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import{NESTED_STACK_TYPES,STACK_SET_TEMPLATE_INPUTS,STACK_SET_TYPE,TEMPLATE_INPUT,countChanges,isOpaqueResourceType,sameTags}from"./chunk-YM62GHWK.js";import"./chunk-NQX4OKYB.js";export{NESTED_STACK_TYPES,STACK_SET_TEMPLATE_INPUTS,STACK_SET_TYPE,TEMPLATE_INPUT,countChanges,isOpaqueResourceType,sameTags};
