/** Both IAM rules over the agent principals of one input, plus the input errors found on the way. */
import { compareFindings, type Finding, type InputError } from "../finding.js";
import type { Policy } from "../policy.js";
import { rule as destructive } from "./agent-destructive-prod.js";
import { rule as escalation } from "./agent-privilege-escalation.js";
import { analyzeInput, type AnalysisOptions } from "./analysis.js";
import { boundaryDrift } from "../boundary/drift.js";
import type { ActionCatalogue } from "./catalogue.js";
import type { IamInput } from "./model.js";

export const IAM_RULES = [destructive, escalation] as const;

export function evaluateIam(
  input: IamInput,
  policy: Policy,
  catalogue: ActionCatalogue,
  options: AnalysisOptions = {},
): { findings: Finding[]; errors: InputError[] } {
  // One clock for both rules, so they share one analysis.
  const fixed = { ...options, now: options.now ?? Date.now() };
  const analysis = analyzeInput(input, policy, catalogue, fixed);
  // Drift of the guardrail boundary: agent-destructive-prod warnings (src/core/boundary/drift.ts).
  const drift = boundaryDrift(
    analysis.agents.map((a) => a.principal),
    policy,
    catalogue,
    input.account,
  );
  const findings = [...IAM_RULES.flatMap((r) => r.evaluate(input, policy, catalogue, fixed)), ...drift].sort(compareFindings);
  const errors = analysis.errors;
  return { findings, errors: [...errors] };
}
