import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  evaluateNormalized,
  isRecord,
  normalizeCloudWatch
} from "./chunk-XPMFZEZE.js";
import {
  collectExports,
  readTemplate,
  resolveText,
  templateProductionVerdict
} from "./chunk-D5C2KM27.js";
import {
  evaluateIam
} from "./chunk-ZG3MDNI7.js";
import "./chunk-AECFORZA.js";
import {
  parsePointer
} from "./chunk-IYA5QU4J.js";
import "./chunk-RS5OFJDG.js";
import {
  RULE_IDS,
  compareFindings
} from "./chunk-CZPWBJK5.js";
import "./chunk-ZKYDBKFZ.js";
import "./chunk-QI6GDGWH.js";
import "./chunk-UWV76DWW.js";
import "./chunk-EO4PYL33.js";

// src/core/dashboards/cloudwatch-resource.ts
var BARE_PLACEHOLDER = /([:[,]\s*)\*(?=\s*[,\]}])/g;
function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    const quoted = text.replace(BARE_PLACEHOLDER, '$1"*"');
    if (quoted === text) throw e;
    try {
      return JSON.parse(quoted);
    } catch {
      throw e;
    }
  }
}
function evaluateCloudWatchDashboardBody(input, policy) {
  const file = input.evidence.file ?? input.subject;
  const at = (message) => ({ file, ...input.evidence.line !== void 0 ? { line: input.evidence.line } : {}, message });
  let body;
  try {
    body = parseBody(input.body);
  } catch (e) {
    return { findings: [], errors: [at(`DashboardBody of ${input.subject} is not valid JSON: ${e.message}`)] };
  }
  if (!isRecord(body) || !Array.isArray(body["widgets"])) {
    return { findings: [], errors: [at(`DashboardBody of ${input.subject} is not a CloudWatch dashboard body (expected {"widgets": [...]})`)] };
  }
  const d = normalizeCloudWatch(body, "");
  if (input.dashboardName) d.title = input.dashboardName;
  const subject = input.dashboardName ? `dashboard "${input.dashboardName}" (${input.subject})` : input.subject;
  return evaluateNormalized(
    d,
    {
      file,
      subject,
      lineOf: () => input.evidence.line,
      evidenceFor: (panel) => ({ ...input.evidence, note: `widget ${panel.path} in the dashboard body` })
    },
    policy
  );
}

// src/core/cfn/prod-resource-unprotected.ts
var RETAINING = /* @__PURE__ */ new Set(["Retain", "RetainExceptOnCreate"]);
var UNKNOWN_TYPE = { snapshot: false, source: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-deletionpolicy.html" };
function policyGap(value, fallback, row, type) {
  if (value !== void 0 && typeof value !== "string") return "is not a literal value (an intrinsic cannot be shown to protect)";
  const policy = value ?? fallback;
  if (RETAINING.has(policy)) return void 0;
  if (policy === "Snapshot") return row.snapshot ? void 0 : `is Snapshot, which CloudFormation does not support for ${type}`;
  return `is ${policy}${value === void 0 ? " (the default)" : ""}`;
}
function deletionProtectionOn(resource, row) {
  const dp = row.deletionProtection;
  if (!dp) return false;
  const value = resource.Properties?.[dp.property];
  if (value === void 0) return dp.default;
  return dp.enabled.some((v) => v === value);
}
function advice(gaps, row, cdk) {
  const dp = row.deletionProtection?.property;
  if (cdk) {
    const removal = `removalPolicy: RemovalPolicy.${row.snapshot ? "SNAPSHOT (or RETAIN)" : "RETAIN"}`;
    if (!gaps.delete) return `Set ${removal} so the replaced resource is kept too (deletion protection does not stop a replacement).`;
    return `Set ${removal}${dp ? `, or turn on deletion protection (${dp}) against deletes` : ""}.`;
  }
  const attrs = gaps.delete ? "DeletionPolicy and UpdateReplacePolicy" : "UpdateReplacePolicy";
  return `Set ${attrs} to ${row.snapshot ? "Retain or Snapshot" : "Retain"}${gaps.delete && dp ? ` (or ${dp} against deletes)` : ""}.`;
}
var rule = {
  id: "prod-resource-unprotected",
  defaultSeverity: "error",
  evaluate(input, read, policy) {
    if (!read.production) return [];
    const findings = [];
    const at = (pointer) => {
      const line = input.lineOf?.(pointer);
      return { file: input.file, pointer, ...line !== void 0 ? { line } : {} };
    };
    const stateful = new Set(policy.destructive.statefulResourceTypes);
    const cdkStack = input.stagePath !== void 0;
    if (input.nestedIn === void 0 && input.terminationProtection !== true) {
      const known = input.terminationProtection === false;
      findings.push({
        rule: rule.id,
        severity: known ? "error" : "warning",
        message: known ? `Production stack ${read.stackLabel} has no termination protection: one DeleteStack destroys it. ${cdkStack ? "Set terminationProtection: true on the stack." : "Turn on termination protection for the stack (aws cloudformation update-termination-protection)."}` : `Production stack ${read.stackLabel}: termination protection cannot be read from a template file; make sure the deployed stack has it.`,
        subject: read.stackLabel,
        evidence: [{ ...at(""), note: known ? "terminationProtection is off in the cloud assembly" : "template file without stack settings" }],
        suppressed: null
      });
    }
    for (const [id, resource] of Object.entries(read.resources)) {
      if (!stateful.has(resource.Type)) continue;
      const row = policy.protection[resource.Type] ?? UNKNOWN_TYPE;
      if (row.partOf && resource.Properties?.[row.partOf.property] !== void 0) continue;
      const protectedFromDelete = deletionProtectionOn(resource, row);
      const deleteGap = protectedFromDelete ? void 0 : policyGap(resource.DeletionPolicy, row.defaultDeletionPolicy ?? "Delete", row, resource.Type);
      const replaceGap = policyGap(resource.UpdateReplacePolicy, "Delete", row, resource.Type);
      if (!deleteGap && !replaceGap) continue;
      const gaps = [
        ...deleteGap ? [`a stack delete destroys it (DeletionPolicy ${deleteGap})`] : [],
        ...replaceGap ? [`a replacement destroys it (UpdateReplacePolicy ${replaceGap}${protectedFromDelete ? "; deletion protection does not stop a replacement" : ""})`] : []
      ];
      const cdk = typeof resource.Metadata?.["aws:cdk:path"] === "string" || cdkStack;
      findings.push({
        rule: rule.id,
        severity: "error",
        message: `Stateful production resource ${id} (${resource.Type}) is unprotected: ${gaps.join("; ")}. ${advice({ delete: deleteGap !== void 0 }, row, cdk)}`,
        subject: `${read.stackLabel}/${id}`,
        evidence: [{ ...at(`/Resources/${id}`), note: `protection per CloudFormation: ${row.source}` }],
        suppressed: null
      });
    }
    return findings;
  }
};

// src/core/cfn/evaluate.ts
var SUPPRESSION_METADATA_KEY = "agent-guardrail";
var MIN_REASON_LENGTH = 10;
var isRecord2 = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
function readSuppressions(metadata, by, pointer, input, errors) {
  const block = isRecord2(metadata) ? metadata[SUPPRESSION_METADATA_KEY] : void 0;
  if (block === void 0) return [];
  const entries = isRecord2(block) && Array.isArray(block["suppressions"]) ? block["suppressions"] : void 0;
  const line = input.lineOf?.(pointer);
  const fail = (message) => errors.push({ file: input.file, ...line !== void 0 ? { line } : {}, message: `${message} at ${pointer}; it suppresses nothing` });
  if (!entries) {
    fail(`metadata "${SUPPRESSION_METADATA_KEY}" needs a "suppressions" list`);
    return [];
  }
  const out = [];
  for (const entry of entries) {
    const ruleId = isRecord2(entry) ? entry["rule"] : void 0;
    const reason = isRecord2(entry) && typeof entry["reason"] === "string" ? entry["reason"].trim() : "";
    if (typeof ruleId !== "string" || !RULE_IDS.includes(ruleId)) fail(`suppression for unknown rule ${JSON.stringify(ruleId)}`);
    else if (reason.length < MIN_REASON_LENGTH) fail(`suppression of ${ruleId} needs a reason of at least ${MIN_REASON_LENGTH} characters`);
    else out.push({ rule: ruleId, reason, by });
  }
  return out;
}
function resourcesOfFinding(finding, read, file) {
  const ids = /* @__PURE__ */ new Set();
  const prefix = `${read.stackLabel}/`;
  if (finding.subject.startsWith(prefix)) ids.add(finding.subject.slice(prefix.length));
  for (const e of finding.evidence) {
    if (e.file !== file || !e.pointer?.startsWith("/Resources/")) continue;
    const id = parsePointer(e.pointer)[1];
    if (id) ids.add(id);
  }
  return ids;
}
function applyMetadataSuppressions(findings, input, read, errors) {
  const stackWide = readSuppressions(isRecord2(input.value) ? input.value["Metadata"] : void 0, `${read.stackLabel} template metadata`, "/Metadata", input, errors);
  const byResource = /* @__PURE__ */ new Map();
  for (const [id, r] of Object.entries(read.resources)) {
    const list = readSuppressions(r.Metadata, `${read.stackLabel}/${id} metadata`, `/Resources/${id}/Metadata`, input, errors);
    if (list.length) byResource.set(id, list);
  }
  if (!stackWide.length && !byResource.size) return findings;
  return findings.map((f) => {
    if (f.suppressed) return f;
    const resources = resourcesOfFinding(f, read, input.file);
    const candidates = [...resources].flatMap((id) => byResource.get(id) ?? []).concat(resources.size === 0 ? stackWide : []);
    const match = candidates.find((s) => s.rule === f.rule);
    return match ? { ...f, suppressed: { reason: match.reason, by: match.by } } : f;
  });
}
function dashboardFindings(input, read, policy) {
  const findings = [];
  const errors = [];
  for (const [id, r] of Object.entries(read.resources)) {
    if (r.Type !== "AWS::CloudWatch::Dashboard" || r.Properties?.["DashboardBody"] === void 0) continue;
    const pointer = `/Resources/${id}/Properties/DashboardBody`;
    const line = input.lineOf?.(pointer);
    const name = r.Properties["DashboardName"] !== void 0 ? resolveText(r.Properties["DashboardName"], read.context).text : void 0;
    const result = evaluateCloudWatchDashboardBody(
      {
        body: resolveText(r.Properties["DashboardBody"], read.context).text,
        subject: `${read.stackLabel}/${id}`,
        evidence: { file: input.file, pointer, ...line !== void 0 ? { line } : {} },
        ...name && !name.includes("*") ? { dashboardName: name } : {}
      },
      policy
    );
    findings.push(...result.findings);
    errors.push(...result.errors);
  }
  return { findings, errors };
}
function withProductionReason(findings, input, read, policy) {
  const verdict = templateProductionVerdict(input, policy);
  if (!verdict.production || !verdict.failClosed) return findings;
  const note = ` Stack ${read.stackLabel} counts as production because ${verdict.reason}.`;
  const sentence = (m) => /[.!?]$/.test(m.trimEnd()) ? m.trimEnd() : `${m.trimEnd()}.`;
  return findings.map((f) => PRODUCTION_RULES.has(f.rule) ? { ...f, message: `${sentence(f.message)}${note}` } : f);
}
var PRODUCTION_RULES = /* @__PURE__ */ new Set(["agent-destructive-prod", "agent-privilege-escalation", "prod-resource-unprotected"]);
function evaluateTemplates(inputs, policy, catalogue) {
  const exports = /* @__PURE__ */ new Map();
  for (const input of inputs) collectExports(input, policy, exports);
  const findings = [];
  const errors = [];
  for (const input of inputs) {
    const read = readTemplate(input, policy, exports);
    errors.push(...read.errors);
    const iam = evaluateIam(read.iam, policy, catalogue);
    errors.push(...iam.errors);
    const dashboards = dashboardFindings(input, read, policy);
    errors.push(...dashboards.errors);
    const own = withProductionReason([...iam.findings, ...rule.evaluate(input, read, policy), ...dashboards.findings], input, read, policy);
    findings.push(...applyMetadataSuppressions(own, input, read, errors));
  }
  return { findings: findings.sort(compareFindings), errors };
}
export {
  MIN_REASON_LENGTH,
  SUPPRESSION_METADATA_KEY,
  evaluateTemplates
};
