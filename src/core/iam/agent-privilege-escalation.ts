/**
 * agent-privilege-escalation (T4): an agent principal that can grant itself, or a principal it
 * can become, more access: policy writes, iam:PassRole together with a create/run action,
 * sts:AssumeRole on a role not proven compliant, running code as another identity.
 */
import type { Finding } from "../finding.js";
import type { Policy } from "../policy.js";
import type { Grant } from "./access.js";
import { analyzeInput } from "./analysis.js";
import type { ActionCatalogue } from "./catalogue.js";
import { grantItems, principalFindings, summarize } from "./finding-text.js";
import type { IamInput } from "./model.js";

/** Examples for the message; create/run actions appear as "iam:PassRole ... with X", not alone. */
function items(grants: readonly Grant[]): { action: string; text: string }[] {
  const passRoleWith = [...new Set(grants.filter((g) => g.tiers.has("passRoleWith")).map((g) => g.action))].sort();
  const onlyWithPassRole = (g: Grant) => g.tiers.has("passRoleWith") && !g.tiers.has("escalate") && !g.tiers.has("codeExecution") && !g.tiers.has("assumeRole");
  const shown = grants.filter((g) => !onlyWithPassRole(g));
  return grantItems(shown).map((item) =>
    grants.some((g) => g.action === item.action && g.tiers.has("passRole")) && passRoleWith.length
      ? { ...item, text: `${item.text} with ${passRoleWith.slice(0, 2).join(", ")}${passRoleWith.length > 2 ? ", ..." : ""}` }
      : item,
  );
}

export const rule = {
  id: "agent-privilege-escalation",
  defaultSeverity: "error",
  evaluate(input: IamInput, policy: Policy, catalogue: ActionCatalogue): Finding[] {
    const analysis = analyzeInput(input, policy, catalogue);
    return principalFindings("agent-privilege-escalation", analysis.agents, (agent) => analysis.escalationGrants(agent.access), {
      grants: (label, grants) => `${label} can escalate its privileges: ${summarize(items(grants))}`,
      unverifiable: "escalate its privileges",
    });
  },
} as const;
