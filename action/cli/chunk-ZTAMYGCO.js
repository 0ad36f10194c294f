import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  evaluateDashboardFile,
  isDashboard
} from "./chunk-XPMFZEZE.js";
import {
  isCloudFormationTemplate
} from "./chunk-D5C2KM27.js";
import {
  isAuthorizationDetails,
  readAuthorizationDetails
} from "./chunk-7AXEP7NJ.js";
import {
  evaluateIam
} from "./chunk-ZG3MDNI7.js";
import "./chunk-AECFORZA.js";
import "./chunk-IYA5QU4J.js";
import "./chunk-RS5OFJDG.js";
import "./chunk-CZPWBJK5.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/core/iam/policy-file.ts
var isRecord = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function isPolicyDocument(value) {
  if (!isRecord(value) || !("Statement" in value)) return false;
  if ("Resources" in value || "AWSTemplateFormatVersion" in value) return false;
  const statements = Array.isArray(value["Statement"]) ? value["Statement"] : [value["Statement"]];
  if ("Version" in value) return true;
  return statements.length > 0 && statements.every((s) => isRecord(s) && ("Effect" in s || "Action" in s || "NotAction" in s));
}
function readPolicyDocumentFile(value, file, lineOf) {
  const line = lineOf?.("");
  const principal = {
    kind: "role",
    subject: file,
    name: file,
    production: true,
    tags: {},
    policies: [
      {
        name: file,
        document: value,
        evidence: { file, pointer: "", ...line !== void 0 ? { line } : {} },
        ...lineOf ? { lineOf } : {}
      }
    ],
    evidence: { file, ...line !== void 0 ? { line } : {} },
    assumeAgent: "a bare policy document is evaluated as if attached to an agent role in a production account",
    label: `Policy ${file}, if attached to an agent role,`
  };
  return { input: { principals: [principal], production: true }, errors: [] };
}

// src/core/inputs.ts
function detectKind(value) {
  if (isCloudFormationTemplate(value)) return "cloudformation-template";
  if (isAuthorizationDetails(value)) return "authorization-details";
  if (isPolicyDocument(value)) return "policy-document";
  if (isDashboard(value)) return "dashboard";
  return void 0;
}
function evaluateInput(input, kind, policy, catalogue) {
  switch (kind) {
    case "authorization-details": {
      const read = readAuthorizationDetails(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "policy-document": {
      const read = readPolicyDocumentFile(input.value, input.file, input.lineOf);
      const evaluated = evaluateIam(read.input, policy, catalogue);
      return { findings: evaluated.findings, errors: [...read.errors, ...evaluated.errors] };
    }
    case "dashboard":
      return evaluateDashboardFile(input, policy);
  }
}
export {
  detectKind,
  evaluateInput
};
