import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/core/finding.ts
var RULE_IDS = [
  "agent-destructive-prod",
  "agent-privilege-escalation",
  "prod-resource-unprotected",
  "changeset-destroys-prod",
  "two-person-review",
  "adoption-dashboard-no-incidents"
];
function defineLazyLine(target, find) {
  Object.defineProperty(target, "line", {
    enumerable: true,
    configurable: true,
    get() {
      const line = find();
      if (line === void 0) delete this.line;
      else Object.defineProperty(this, "line", { value: line, enumerable: true, configurable: true, writable: true });
      return line;
    },
    set(value) {
      Object.defineProperty(this, "line", { value, enumerable: true, configurable: true, writable: true });
    }
  });
  return target;
}
var SEVERITY_RANK = { note: 0, warning: 1, error: 2 };
function compareFindings(a, b) {
  return compareText(a.rule, b.rule) || compareText(a.subject, b.subject) || compareText(a.evidence[0]?.file ?? "", b.evidence[0]?.file ?? "") || (a.evidence[0]?.line ?? 0) - (b.evidence[0]?.line ?? 0) || compareText(a.message, b.message);
}

export {
  RULE_IDS,
  defineLazyLine,
  SEVERITY_RANK,
  compareFindings
};
