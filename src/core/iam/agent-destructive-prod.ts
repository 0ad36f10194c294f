/**
 * agent-destructive-prod: an agent principal that can delete (T1), turn off the protection of
 * (T2) or replace through CloudFormation (T3) production resources. One finding per principal.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { analyzeInput } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { findingEvidence, grantItems, principalLabel, sortedActions, summarize, unverifiableEvidence, unverifiableText } from "./finding-text.js";
import type { IamInput } from "./model.js";

export const rule = {
  id: "agent-destructive-prod",
  defaultSeverity: "error",
  evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue): Finding[] {
    const analysis = analyzeInput(input, policy, catalogue);
    const findings: Finding[] = [];
    for (const agent of analysis.agents) {
      const grants = analysis.destructiveGrants(agent.access);
      const unverifiable = unverifiableEvidence(agent);
      if (grants.length === 0 && unverifiable.length === 0) continue;
      const label = principalLabel(agent);
      const message = grants.length
        ? `${label} can delete or replace production resources: ${summarize(grantItems(grants))}`
        : `${label} cannot be verified not to delete or replace production resources: ${unverifiableText(agent)} (fail closed)`;
      findings.push({
        rule: "agent-destructive-prod",
        severity: "error",
        message,
        subject: agent.principal.subject,
        ...(grants.length ? { actions: sortedActions(grants) } : {}),
        evidence: findingEvidence(agent, grants.map((g) => g.statement), unverifiable),
        suppressed: null,
      });
    }
    return findings;
  },
} as const;
