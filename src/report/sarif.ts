/**
 * SARIF 2.1.0 for GitHub code scanning: rule metadata, physical locations with region lines,
 * suppressed findings as `suppressions`, and unevaluable inputs as failed tool notifications.
 */
import { compareFindings, type Finding, type RuleId, type Severity } from "../core/finding.js";
import type { Report, ToolInfo } from "./index.js";
import { RULE_DOCS } from "./rule-docs.js";

function level(severity: Severity): "error" | "warning" | "note" {
  return severity;
}

/** SARIF URIs are relative and forward-slashed so code scanning can place them in the repository. */
function artifactUri(file: string): string {
  return file.replace(/\\/g, "/").replace(/^\.\//, "");
}

function locations(f: Finding) {
  const located = f.evidence.filter((e) => e.file);
  const physical = located.map((e) => ({
    physicalLocation: {
      artifactLocation: { uri: artifactUri(e.file as string) },
      ...(e.line ? { region: { startLine: e.line } } : {}),
    },
    ...(e.pointer ? { logicalLocations: [{ fullyQualifiedName: e.pointer, kind: "object" }] } : {}),
  }));
  if (physical.length) return physical;
  return [{ logicalLocations: [{ fullyQualifiedName: f.subject, kind: "resource" }] }];
}

export function renderSarif(report: Report, tool: ToolInfo): string {
  const findings = [...report.findings].sort(compareFindings);
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort() as RuleId[];
  const rules = ruleIds.map((id) => ({
    id,
    name: RULE_DOCS[id].name,
    shortDescription: { text: RULE_DOCS[id].short },
    fullDescription: { text: RULE_DOCS[id].full },
    help: { text: RULE_DOCS[id].full },
    defaultConfiguration: { level: RULE_DOCS[id].level },
    properties: { tags: ["security", "ai-agents"], precision: "high" },
  }));
  const results = findings.map((f) => ({
    ruleId: f.rule,
    ruleIndex: ruleIds.indexOf(f.rule),
    level: level(f.severity),
    message: { text: f.actions?.length ? `${f.message} [actions: ${f.actions.join(", ")}]` : f.message },
    locations: locations(f),
    partialFingerprints: { subjectRule: `${f.rule}:${f.subject}` },
    properties: { subject: f.subject, ...(f.actions ? { actions: f.actions } : {}) },
    ...(f.suppressed ? { suppressions: [{ kind: "external", status: "accepted", justification: `${f.suppressed.reason} (${f.suppressed.by})` }] } : {}),
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
                { physicalLocation: { artifactLocation: { uri: artifactUri(e.file) }, ...(e.line ? { region: { startLine: e.line } } : {}) } },
              ],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
