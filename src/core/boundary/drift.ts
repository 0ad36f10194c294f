/**
 * Drift of the guardrail boundary (scan, audit, the CDK Aspect): where an input uses the
 * generated boundary, every production agent role or user should carry it, built from a
 * catalogue at least as new as the shipped one. Reported as `agent-destructive-prod` warnings
 * (no new rule id): a role without it ("missing"), or one whose boundary no longer denies every
 * destructive/escalation action of the current catalogue ("older", with the count it misses).
 * An input that does not use the guardrail boundary at all gets no drift warning: the IAM rules
 * already judge its roles.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { actionPatternRegExp, type ActionCatalogue } from "../iam/catalogue.js";
import type { PolicySource, Principal } from "../iam/model.js";
import { decodePolicyDocument } from "../iam/policy-document.js";
import { deniedActions } from "./denied.js";
import { exceptionRules, SID_PREFIX, versionOfSid } from "./generate.js";
import { isRecord } from "../is-record.js";

/** A value or list as a list; the callers keep only records or strings, so a missing value gives nothing. */
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

interface GuardrailPart {
  source: PolicySource;
  /** Action patterns of its unconditional tier Denies. */
  denies: string[];
  versions: string[];
  isBoundary: boolean;
}

/** The guardrail statements of a document (Sids starting AgentGuardrail), or undefined. */
function guardrailPart(source: PolicySource, isBoundary: boolean, excepted: ReadonlySet<string>): GuardrailPart | undefined {
  let document: unknown;
  try {
    document = decodePolicyDocument(source.document);
  } catch {
    return undefined; // not readable: the IAM rules report the document itself as an input error
  }
  if (!isRecord(document)) return undefined;
  const statements = list(document["Statement"]).filter(isRecord);
  const ours = statements.filter((s) => typeof s["Sid"] === "string" && s["Sid"].startsWith(SID_PREFIX));
  if (ours.length === 0) return undefined;
  const denies = ours
    .filter((s) => s["Effect"] === "Deny" && s["Condition"] === undefined && (s["Sid"] as string).startsWith(`${SID_PREFIX}Deny`) && deniesTierResources(s, excepted))
    .flatMap((s) => list(s["Action"]).filter((a): a is string => typeof a === "string"));
  const versions = [...new Set(ours.map((s) => versionOfSid(s["Sid"])).filter((v): v is string => v !== undefined))];
  return { source, denies, versions, isBoundary: isBoundary && ours.some((s) => (s["Sid"] as string).startsWith(`${SID_PREFIX}AllowOther`)) };
}

/**
 * A Deny on `*`, or one that leaves out only resources where nothing escalates (the generator's
 * `NotResource` of the `notEscalation` rules): a wider exception is no guardrail Deny.
 */
function deniesTierResources(statement: Record<string, unknown>, excepted: ReadonlySet<string>): boolean {
  if (statement["NotResource"] === undefined) return statement["Resource"] === "*" || list(statement["Resource"]).includes("*");
  return statement["Resource"] === undefined && list(statement["NotResource"]).every((r) => typeof r === "string" && excepted.has(r));
}

function partsOf(principal: Principal, excepted: ReadonlySet<string>): GuardrailPart[] {
  const parts: GuardrailPart[] = [];
  if (principal.boundary && principal.boundary !== "unresolved") {
    const part = guardrailPart(principal.boundary, true, excepted);
    if (part) parts.push(part);
  }
  for (const source of principal.policies) {
    const part = guardrailPart(source, false, excepted);
    if (part) parts.push(part);
  }
  return parts;
}

/** The denied actions no pattern covers (patterns grouped by service: one regex pass each). */
function uncovered(denied: readonly string[], patterns: readonly string[]): string[] {
  const byService = new Map<string, RegExp[]>();
  for (const p of patterns) {
    const service = p.slice(0, p.indexOf(":")).toLowerCase();
    const res = byService.get(service);
    if (res) res.push(actionPatternRegExp(p));
    else byService.set(service, [actionPatternRegExp(p)]);
  }
  return denied.filter((a) => !(byService.get(a.slice(0, a.indexOf(":")).toLowerCase()) ?? []).some((re) => re.test(a)));
}

const KIND_LABEL = { role: "Role", user: "User", group: "Group" } as const;

export function boundaryDrift(agents: readonly Principal[], policy: Policy, catalogue: ActionCatalogue, inputAccount?: string): Finding[] {
  const excepted = new Set(exceptionRules(policy).flatMap((r) => r.resources));
  const withParts = agents.map((principal) => ({ principal, parts: partsOf(principal, excepted) }));
  if (!withParts.some((a) => a.parts.some((p) => p.isBoundary))) return [];
  const inProduction = (p: Principal): boolean => {
    if (p.production === false) return false;
    const account = p.account ?? inputAccount;
    return !(account !== undefined && policy.production.nonProductionAccounts.includes(account));
  };
  let current: { actions: string[]; uncatalogued: string[] } | undefined;
  const findings: Finding[] = [];
  for (const { principal, parts } of withParts) {
    if (principal.kind === "group" || !inProduction(principal)) continue;
    const label = principal.label ?? `${KIND_LABEL[principal.kind]} ${principal.name}`;
    const boundary = parts.find((p) => p.isBoundary);
    if (!boundary) {
      // Another boundary is judged by the IAM rules as it is; drift is about a missing one.
      if (principal.boundary !== undefined) continue;
      findings.push({
        rule: "agent-destructive-prod",
        severity: "warning",
        message: `${label} has no guardrail boundary, while other agent principals here carry it: set it (agent-guardrail boundary, AgentGuardrails.enforce, or audit --remediation) so AWS denies this agent the destructive tiers.`,
        subject: principal.subject,
        evidence: [{ ...principal.evidence, note: "agent principal in production without the guardrail boundary" }],
        suppressed: null,
      });
      continue;
    }
    if (!current) {
      const d = deniedActions(catalogue, policy.destructive);
      current = { actions: [...d.groupOf.keys()], uncatalogued: d.uncatalogued.map((u) => u.pattern) };
    }
    const patterns = parts.flatMap((p) => p.denies);
    const missing = uncovered(current.actions, patterns);
    const missingUncatalogued = current.uncatalogued.filter((u) => !patterns.some((p) => p.toLowerCase() === u.toLowerCase()));
    const total = missing.length + missingUncatalogued.length;
    if (total === 0) continue;
    const versions = [...new Set(parts.flatMap((p) => p.versions))];
    const examples = [...missing, ...missingUncatalogued].slice(0, 3).join(", ");
    const counted = `${total} destructive/escalation action${total === 1 ? "" : "s"} (${examples}${total > 3 ? ", ..." : ""})`;
    const attached = parts.filter((p) => !p.isBoundary).length;
    // Built from the very catalogue the check uses, the boundary is not older: what it misses was
    // in a part that is not attached (or a Deny was edited). Regenerating would print the same.
    const fromShipped = catalogue.version !== undefined && versions.length > 0 && versions.every((v) => v === catalogue.version);
    findings.push({
      rule: "agent-destructive-prod",
      severity: "warning",
      message: fromShipped
        ? `${label}'s guardrail boundary (built from the shipped catalogue ${versions.join(", ")}, with ${attached} part${attached === 1 ? "" : "s"} attached beside it) leaves ${counted} undenied: a part is not attached, or a Deny of it was edited. Attach every part agent-guardrail boundary printed (their names contain "agent-guardrail") and keep its Denies as generated; regenerating prints the same policies.`
        : catalogue.version === undefined
          ? `${label}'s guardrail boundary (built from catalogue ${versions.join(", ") || "of unknown version"}) misses ${counted}: it is older than the shipped catalogue, or a part of it is not attached. Regenerate it (agent-guardrail boundary) and attach every part.`
          : `${label}'s guardrail boundary (built from catalogue ${versions.join(", ") || "of unknown version"}) is older than the shipped catalogue: it misses ${counted}. Regenerate it: agent-guardrail boundary.`,
      subject: principal.subject,
      ...(missing.length ? { actions: missing } : {}),
      evidence: [...parts.map((p) => ({ ...p.source.evidence, note: `guardrail ${p.isBoundary ? "boundary" : "part"} ${p.source.name}` })), principal.evidence],
      suppressed: null,
    });
  }
  return findings;
}
