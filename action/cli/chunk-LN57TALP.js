import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  isRecord
} from "./chunk-ERERLVZB.js";
import "./chunk-EO4PYL33.js";

// src/aws/template-impact.ts
import { createRequire } from "node:module";
import { diffResource } from "@aws-cdk/cloudformation-diff/lib/diff/index.js";
import { deepEqual } from "@aws-cdk/cloudformation-diff/lib/diff/util.js";
var require2 = createRequire(new URL("../aws/template-impact.js", import.meta.url).href);
var versionOf = (pkg) => require2(`${pkg}/package.json`).version;
var IMPACT_SOURCE = `@aws-cdk/cloudformation-diff ${versionOf("@aws-cdk/cloudformation-diff")} (CloudFormation registry schemas from @aws-cdk/aws-service-spec ${versionOf("@aws-cdk/aws-service-spec")})`;
var MARK = " (changed by this update)";
var SUB_REFERENCE = /\$\{([^!}.][^}.]*)(\.[^}]*)?\}/g;
function resources(template) {
  const r = isRecord(template) ? template["Resources"] : void 0;
  return isRecord(r) ? r : {};
}
function referencedNames(value, out = /* @__PURE__ */ new Set()) {
  if (Array.isArray(value)) {
    for (const v of value) referencedNames(v, out);
  } else if (isRecord(value)) {
    const ref = value["Ref"];
    if (typeof ref === "string") out.add(ref);
    const getAtt = value["Fn::GetAtt"];
    if (Array.isArray(getAtt) && typeof getAtt[0] === "string") out.add(getAtt[0]);
    if (typeof getAtt === "string") out.add(getAtt.split(".")[0] ?? getAtt);
    const sub = value["Fn::Sub"];
    const subText = typeof sub === "string" ? sub : Array.isArray(sub) && typeof sub[0] === "string" ? sub[0] : void 0;
    if (subText !== void 0) {
      for (const m of subText.matchAll(SUB_REFERENCE)) if (m[1]) out.add(m[1]);
    }
    for (const v of Object.values(value)) referencedNames(v, out);
  }
  return out;
}
function markReferences(value, names) {
  let changed = false;
  if (Array.isArray(value)) {
    for (const v of value) changed = markReferences(v, names) || changed;
    return changed;
  }
  if (!isRecord(value)) return false;
  const ref = value["Ref"];
  if (typeof ref === "string" && names.has(ref)) {
    value["Ref"] = `${ref}${MARK}`;
    return true;
  }
  const getAtt = value["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && names.has(getAtt[0])) {
    getAtt[0] = `${getAtt[0]}${MARK}`;
    return true;
  }
  const sub = value["Fn::Sub"];
  const mark = (text) => text.replace(SUB_REFERENCE, (all, name, attr) => names.has(name) ? `\${${name}${MARK}${attr ?? ""}}` : all);
  if (typeof sub === "string" && mark(sub) !== sub) {
    value["Fn::Sub"] = mark(sub);
    changed = true;
  } else if (Array.isArray(sub) && typeof sub[0] === "string" && mark(sub[0]) !== sub[0]) {
    sub[0] = mark(sub[0]);
    changed = true;
  }
  for (const v of Object.values(value)) changed = markReferences(v, names) || changed;
  return changed;
}
function attributeImpacts(id, change, base, head, replaced, changedParameters) {
  const out = [];
  const baseProps = resources(base)[id]?.["Properties"];
  const headProps = resources(head)[id]?.["Properties"];
  for (const [name, diff] of Object.entries(change.propertyUpdates)) {
    const impact = diff.changeImpact;
    const known = impact !== void 0 && impact !== "NO_CHANGE";
    const oldValue = isRecord(baseProps) ? baseProps[name] : void 0;
    const newValue = isRecord(headProps) ? headProps[name] : void 0;
    const causedBy = deepEqual(oldValue, newValue) ? [...referencedNames(newValue)].filter((n) => replaced.has(n) || changedParameters.has(n)).sort() : [];
    out.push({ attribute: "Properties", name, ...known ? { impact } : {}, ...causedBy.length ? { causedBy } : {} });
  }
  for (const name of Object.keys(change.otherChanges)) out.push({ attribute: name, name, impact: "WILL_UPDATE" });
  return out;
}
function normalized(value) {
  if (value === void 0) return value;
  const copy = structuredClone(value);
  const visit = (v) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isRecord(v)) {
      const getAtt = v["Fn::GetAtt"];
      if (typeof getAtt === "string") v["Fn::GetAtt"] = getAtt.includes(".") ? [getAtt.slice(0, getAtt.indexOf(".")), getAtt.slice(getAtt.indexOf(".") + 1)] : [getAtt];
      if (typeof v["DependsOn"] === "string") v["DependsOn"] = [v["DependsOn"]];
      Object.values(v).forEach(visit);
    }
  };
  visit(copy);
  return copy;
}
function templateImpacts(base, head, options = {}) {
  const changedParameters = new Set(options.changedParameters ?? []);
  const before = resources(base);
  const after = resources(head);
  const work = /* @__PURE__ */ new Map();
  const mark = (id, names) => {
    const raw = after[id];
    if (raw === void 0 || ![...referencedNames(raw)].some((n) => names.has(n))) return false;
    const copy = work.get(id) ?? normalized(raw);
    if (!markReferences(copy, names)) return false;
    work.set(id, copy);
    return true;
  };
  const ids = [.../* @__PURE__ */ new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const diffs = /* @__PURE__ */ new Map();
  const judge = (id) => {
    const [a, b] = [before[id], work.get(id) ?? after[id]];
    if (deepEqual(a, b)) {
      diffs.delete(id);
      return;
    }
    const change = diffResource(normalized(a), work.get(id) ?? normalized(b), id);
    if (change.isDifferent) diffs.set(id, change);
    else diffs.delete(id);
  };
  if (changedParameters.size) for (const id of ids) mark(id, changedParameters);
  for (const id of ids) judge(id);
  const marked = /* @__PURE__ */ new Set();
  for (let round = 0; round <= ids.length; round++) {
    const fresh = new Set([...diffs].filter(([id, d]) => String(d.changeImpact) === "WILL_REPLACE" && !marked.has(id)).map(([id]) => id));
    if (!fresh.size) break;
    for (const id of fresh) marked.add(id);
    for (const id of ids) if (mark(id, fresh)) judge(id);
  }
  const replaced = marked;
  const out = [];
  for (const [logicalId, change] of diffs) {
    const impact = String(change.changeImpact);
    if (impact === "NO_CHANGE" && !change.isDifferent) continue;
    out.push({
      logicalId,
      ...change.oldResourceType !== void 0 ? { oldType: change.oldResourceType } : {},
      ...change.newResourceType !== void 0 ? { newType: change.newResourceType } : {},
      impact,
      changes: change.oldResourceType !== void 0 && change.oldResourceType === change.newResourceType ? attributeImpacts(logicalId, change, base, head, replaced, changedParameters) : []
    });
  }
  const nestedParameters = {};
  for (const [id, r] of Object.entries(resources(head))) {
    const old = before[id];
    if (r["Type"] !== "AWS::CloudFormation::Stack" || old?.["Type"] !== "AWS::CloudFormation::Stack") continue;
    const oldParams = isRecord(old["Properties"]) ? old["Properties"]["Parameters"] : void 0;
    const newParams = isRecord(r["Properties"]) ? r["Properties"]["Parameters"] : void 0;
    const names = /* @__PURE__ */ new Set([...Object.keys(isRecord(oldParams) ? oldParams : {}), ...Object.keys(isRecord(newParams) ? newParams : {})]);
    nestedParameters[id] = [...names].filter((name) => {
      const a = isRecord(oldParams) ? oldParams[name] : void 0;
      const b = isRecord(newParams) ? newParams[name] : void 0;
      return !deepEqual(a, b) || [...referencedNames(b)].some((n) => replaced.has(n) || changedParameters.has(n));
    }).sort();
  }
  return { resources: out, nestedParameters };
}
export {
  IMPACT_SOURCE,
  referencedNames,
  templateImpacts
};
