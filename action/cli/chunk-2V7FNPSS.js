import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import {
  SEVERITY_RANK,
  compareFindings
} from "./chunk-CZPWBJK5.js";
import {
  compareText
} from "./chunk-UWV76DWW.js";

// src/report/json.ts
function renderJson(report, tool) {
  const body = {
    tool: { name: tool.name, version: tool.version },
    findings: [...report.findings].sort(compareFindings),
    errors: report.errors.map((e) => ({ file: e.file, line: e.line ?? null, message: e.message })),
    summary: summarize(report),
    ...report.notes?.length ? { notes: report.notes } : {}
  };
  return JSON.stringify(body, null, 2) + "\n";
}

// src/report/rule-docs.ts
var RULE_DOCS = {
  "agent-destructive-prod": {
    name: "AgentDestructiveProd",
    short: "An agent principal can delete, replace, or strip protection from production resources.",
    full: "An IAM role or user used by an AI agent can delete (T1), switch off the protection of (T2), or recreate through CloudFormation (T3) production resources. Remove those actions or scope them to non-production resources.",
    level: "error"
  },
  "agent-privilege-escalation": {
    name: "AgentPrivilegeEscalation",
    short: "An agent principal can grant itself, or a principal it can become, more access.",
    full: "An IAM role or user used by an AI agent can change IAM policies, pass a role to new compute, assume a role not proven compliant, or run code as another identity (T4). Remove the action or bound it with a permission boundary.",
    level: "error"
  },
  "prod-resource-unprotected": {
    name: "ProdResourceUnprotected",
    short: "A production stack or stateful resource would be destroyed by a stack delete or replacement.",
    full: "A production stack has no termination protection, or a stateful production resource has no Retain/Snapshot deletion policy or deletion protection. Turn them on so a mistaken delete-and-recreate cannot destroy data.",
    level: "error"
  },
  "changeset-destroys-prod": {
    name: "ChangesetDestroysProd",
    short: "A CloudFormation change set removes or replaces production resources.",
    full: "Executing this change set would remove or replace production resources. Review the change, or make the resource replacement-safe, before deploying.",
    level: "error"
  },
  "two-person-review": {
    name: "TwoPersonReview",
    short: "An agent-authored pull request touching infrastructure lacks two independent human approvals of its head.",
    full: "Pull requests written by AI agents that change infrastructure need approvals from two distinct humans who did not author, co-author or request the change, on the current head commit.",
    level: "error"
  },
  "adoption-dashboard-no-incidents": {
    name: "AdoptionDashboardNoIncidents",
    short: "A dashboard tracks AI-tool adoption but records no incidents, outages or rollbacks.",
    full: "A dashboard that measures AI-tool usage (active users, acceptance rate, usage targets) without incidents, rollbacks or change failure rate rewards use and hides risk. Add an incident panel beside the adoption panels.",
    level: "warning"
  }
};

// src/report/sarif.ts
function level(severity) {
  return severity;
}
function artifactUri(file) {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}
function locations(f) {
  const located = f.evidence.filter((e) => e.file);
  const physical = located.map((e) => ({
    physicalLocation: {
      artifactLocation: { uri: artifactUri(e.file) },
      ...e.line ? { region: { startLine: e.line } } : {}
    },
    ...e.pointer ? { logicalLocations: [{ fullyQualifiedName: e.pointer, kind: "object" }] } : {}
  }));
  if (physical.length) return physical;
  return [{ logicalLocations: [{ fullyQualifiedName: f.subject, kind: "resource" }] }];
}
function renderSarif(report, tool) {
  const findings = [...report.findings].sort(compareFindings);
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const rules = ruleIds.map((id) => ({
    id,
    name: RULE_DOCS[id].name,
    shortDescription: { text: RULE_DOCS[id].short },
    fullDescription: { text: RULE_DOCS[id].full },
    help: { text: RULE_DOCS[id].full },
    defaultConfiguration: { level: RULE_DOCS[id].level },
    properties: { tags: ["security", "ai-agents"], precision: "high" }
  }));
  const results = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: level(f.severity),
    message: { text: f.actions?.length ? `${f.message} [actions: ${f.actions.join(", ")}]` : f.message },
    locations: locations(f),
    partialFingerprints: { subjectRule: `${f.rule}:${f.subject}` },
    properties: { subject: f.subject, ...f.actions ? { actions: f.actions } : {} },
    ...f.suppressed ? { suppressions: [{ kind: "external", status: "accepted", justification: `${f.suppressed.reason} (${f.suppressed.by})` }] } : {}
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, rules } },
        invocations: [
          {
            executionSuccessful: report.errors.length === 0,
            toolExecutionNotifications: report.errors.map((e) => ({
              level: "error",
              message: { text: e.message },
              locations: [
                { physicalLocation: { artifactLocation: { uri: artifactUri(e.file) }, ...e.line ? { region: { startLine: e.line } } : {} } }
              ]
            }))
          }
        ],
        results
      }
    ]
  };
  return JSON.stringify(log, null, 2) + "\n";
}

// src/report/text.ts
var MAX_ACTIONS_SHOWN = 12;
function formatEvidence(e) {
  const parts = [];
  if (e.file) parts.push(e.line ? `${e.file}:${e.line}` : e.file);
  if (e.pointer) parts.push(e.pointer);
  if (e.arn) parts.push(e.arn);
  if (e.policyName) parts.push(`policy ${e.policyName}`);
  if (e.statementIndex !== void 0) parts.push(`statement ${e.statementIndex}`);
  if (e.reviewId !== void 0) parts.push(`review ${e.reviewId}`);
  if (e.commitSha) parts.push(`commit ${e.commitSha}`);
  if (e.url) parts.push(e.url);
  if (e.note) parts.push(`(${e.note})`);
  return parts.join("  ");
}
function paint(color, code, text) {
  return color ? `\x1B[${code}m${text}\x1B[0m` : text;
}
function findingLines(f, color) {
  const label = f.suppressed !== null ? paint(color, 90, "suppressed") : f.severity === "error" ? paint(color, 31, "error     ") : f.severity === "warning" ? paint(color, 33, "warning   ") : "note      ";
  const lines = [`  ${label} ${f.rule}  ${f.message}`];
  if (f.actions?.length) {
    const shown = f.actions.slice(0, MAX_ACTIONS_SHOWN).join(", ");
    const more = f.actions.length > MAX_ACTIONS_SHOWN ? ` (+${f.actions.length - MAX_ACTIONS_SHOWN} more)` : "";
    lines.push(`      actions: ${shown}${more}`);
  }
  for (const e of f.evidence) lines.push(`      at ${formatEvidence(e)}`);
  if (f.suppressed) lines.push(`      suppressed by ${f.suppressed.by}: ${f.suppressed.reason}`);
  return lines;
}
function renderText(report, options = {}) {
  const color = options.color ?? false;
  const out = [];
  const bySubject = /* @__PURE__ */ new Map();
  for (const f of [...report.findings].sort(compareFindings)) {
    const list = bySubject.get(f.subject) ?? [];
    list.push(f);
    bySubject.set(f.subject, list);
  }
  for (const [subject, findings] of [...bySubject].sort(([a], [b]) => compareText(a, b))) {
    out.push(paint(color, 1, subject));
    for (const f of findings) out.push(...findingLines(f, color));
    out.push("");
  }
  if (report.errors.length) {
    out.push(paint(color, 1, "Inputs that could not be evaluated (fail closed):"));
    for (const e of report.errors) out.push(`  ${paint(color, 31, "error")} ${e.file}${e.line ? `:${e.line}` : ""}  ${e.message}`);
    out.push("");
  }
  for (const note of report.notes ?? []) out.push(`note: ${note}`);
  const s = summarize(report);
  const errors = report.findings.filter((f) => f.suppressed === null && f.severity === "error").length;
  const warnings = report.findings.filter((f) => f.suppressed === null && f.severity === "warning").length;
  out.push(
    `${s.findings} finding${s.findings === 1 ? "" : "s"} (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}), ${s.suppressed} suppressed, ${s.errors} input error${s.errors === 1 ? "" : "s"} in ${s.inputs} input${s.inputs === 1 ? "" : "s"}`
  );
  return out.join("\n") + "\n";
}

// src/report/index.ts
function render(report, format, tool, options = {}) {
  switch (format) {
    case "json":
      return renderJson(report, tool);
    case "sarif":
      return renderSarif(report, tool);
    case "text":
      return renderText(report, options);
  }
}
function exitCode(report, failOn) {
  if (report.errors.length > 0) return 2;
  if (failOn === "never") return 0;
  const threshold = SEVERITY_RANK[failOn];
  return report.findings.some((f) => f.suppressed === null && SEVERITY_RANK[f.severity] >= threshold) ? 1 : 0;
}
function mergeReports(reports) {
  const notes = reports.flatMap((r) => r.notes ?? []);
  return {
    findings: reports.flatMap((r) => r.findings),
    errors: reports.flatMap((r) => r.errors),
    inputs: reports.reduce((n, r) => n + r.inputs, 0),
    ...notes.length ? { notes: [...new Set(notes)] } : {}
  };
}
function summarize(report) {
  return {
    inputs: report.inputs,
    findings: report.findings.filter((f) => f.suppressed === null).length,
    errors: report.errors.length,
    suppressed: report.findings.filter((f) => f.suppressed !== null).length
  };
}

export {
  render,
  exitCode,
  mergeReports,
  summarize
};
