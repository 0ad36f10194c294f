/**
 * agent-destructive-prod: an agent principal that can delete (T1), turn off the protection of
 * (T2) or replace through CloudFormation (T3) production resources. One finding per principal.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import { analyzeInput, type AnalysisOptions } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { principalFindings, summarizeGrants } from "./finding-text.js";
import type { IamInput } from "./model.js";

// Outside the `as const` object below: Stryker does not mutate inside a type assertion.
function evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue, options: AnalysisOptions = {}): Finding[] {
  const analysis = analyzeInput(input, policy, catalogue, options);
  return principalFindings("agent-destructive-prod", analysis.agents, (agent) => analysis.destructiveGrants(agent.access), {
    grants: (label, grants, actions) => `${label} can delete or replace production resources: ${summarizeGrants(grants, 3, actions)}`,
    unverifiable: "delete or replace production resources",
  });
}

export const rule = {
  id: "agent-destructive-prod",
  defaultSeverity: "error",
  evaluate,
} as const;
