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

/**
 * An input error's "file" may name an API call instead (`aws:sts:AssumeRole`, `organizations:ListAccounts`):
 * written as a URI it would be an absolute URI of another scheme than the checkout root's `file:`, which can make
 * code scanning reject the upload (GitHub's "SARIF support", root location for source files), so it is a logical
 * location. A drive letter (one letter before the colon) is a path.
 */
function isApiLabel(file: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]+:(?![\\/])/.test(file);
}

/** What RFC 3986 allows in a path unescaped; anything else (a space, `#`, `?`, `%`, non-ASCII) is percent-encoded as UTF-8. */
function encodePath(path: string): string {
  return path.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) => (c.length === 1 && c >= "\ud800" && c <= "\udfff" ? "%EF%BF%BD" : encodeURIComponent(c)));
}

/**
 * SARIF URIs are URI references (SARIF 2.1.0 §3.10): a relative path stays relative and forward-slashed so
 * code scanning places it in the repository, with every character a URI cannot hold percent-encoded (a space
 * or `#` in a directory name made upload-sarif warn "not a valid URI" and a `#` cut the path at a fragment);
 * an absolute path is a `file:` URI, which code scanning makes relative to the checkout.
 */
function artifactUri(file: string): string {
  const path = file.replace(/\\/g, "/");
  if (/^[A-Za-z]:\//.test(path)) return `file:///${encodePath(path)}`;
  if (path.startsWith("/")) return `file://${encodePath(path)}`;
  const relative = encodePath(path.replace(/^(\.\/)+/, ""));
  // A colon in the first segment would make it a scheme (RFC 3986 §4.2).
  return /^[^/]*:/.test(relative) ? `./${relative}` : relative;
}

function physicalOrLogical(file: string, line: number | undefined) {
  if (isApiLabel(file)) return { logicalLocations: [{ fullyQualifiedName: file, kind: "resource" }] };
  return { physicalLocation: { artifactLocation: { uri: artifactUri(file) }, ...(line ? { region: { startLine: line } } : {}) } };
}

function locations(f: Finding) {
  const located = f.evidence.filter((e) => e.file);
  const physical = located.map((e) => {
    const where = physicalOrLogical(e.file as string, e.line);
    const pointer = e.pointer ? [{ fullyQualifiedName: e.pointer, kind: "object" }] : [];
    return "physicalLocation" in where
      ? { ...where, ...(pointer.length ? { logicalLocations: pointer } : {}) }
      : { logicalLocations: [...where.logicalLocations, ...pointer] };
  });
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
              locations: [physicalOrLogical(e.file, e.line)],
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
