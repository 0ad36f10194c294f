import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
var NESTED_STACK_TYPES=new Set(["AWS::CloudFormation::Stack","AWS::Serverless::Application"]);function isOpaqueResourceType(type){if(type==="AWS::CloudFormation::CustomResource")return!0;let ns=type.split("::")[0]??"";return!["AWS","Alexa"].includes(ns)}function countChanges(facts){return facts.changes.reduce((n,c)=>n+1+(c.nested?countChanges(c.nested):0),0)}export{NESTED_STACK_TYPES,isOpaqueResourceType,countChanges};
