/**
 * Agent roles set up the usual ways, in an account snapshot (test/fixtures/iam/README.md): the
 * ordinary correct setups pass, the chains and iam-vulnerable's split escalation are found.
 * Verdicts decided from reading the snapshot before running.
 */
import { readFileSync } from "node:fs";
import { readAuthorizationDetails } from "../../../src/core/iam/authorization-details.js";
import { evaluateIam } from "../../../src/core/iam/evaluate.js";
import { resolvePolicy } from "../../../src/policy/load.js";
import { catalogue } from "./helpers.js";

it("agent setups in an account snapshot: who is flagged, and for what", () => {
  const value: unknown = JSON.parse(readFileSync(new URL("../../fixtures/iam/agent-setups-gaad.json", import.meta.url), "utf8"));
  const { input, errors } = readAuthorizationDetails(value, "agent-setups-gaad.json");
  expect(errors).toEqual([]);
  const result = evaluateIam(input, resolvePolicy(), catalogue);
  const verdicts: Record<string, string[]> = {};
  for (const f of result.findings) (verdicts[f.subject.split("/").pop() as string] ??= []).push(f.rule);
  expect(verdicts).toEqual({
    // Admin role that trusts an agent by name: an agent's itself.
    "release-deployer": ["agent-destructive-prod", "agent-privilege-escalation"],
    "cursor-agent": ["agent-privilege-escalation"],
    "privesc-AssumeRole-starting-role": ["agent-privilege-escalation"],
    "fn1-privesc3-partial-role": ["agent-privilege-escalation"],
    // Their hand-written limits leave database logins and EKS access entries open: PowerUserAccess
    // (redshift:GetClusterCredentials and rds-db:connect on *: any database user, the admin's
    // included; eks:AssociateAccessPolicy: cluster admin) under a boundary that denies neither, and
    // "reads only" that count GetClusterCredentials (named Get*) as a read.
    "kiro-agent-bounded": ["agent-destructive-prod", "agent-privilege-escalation"],
    "q-developer-scp-like": ["agent-destructive-prod"],
  });
  // Passing: claude-code-readonly, claude-code-dev-data,
  // devin-agent-tagcond (deletes only resources tagged Environment=dev, and cannot retag),
  // codex-agent (its role to assume is read-only), copilot-agent (break-glass does not trust it), fp2,
  // and CloudWatchAgentServerRole: the CloudWatch agent's instance role as AWS's docs name it, with
  // CloudWatchAgentServerPolicy (logs:PutRetentionPolicy on *: it can shorten any log group's
  // retention) and AmazonSSMManagedInstanceCore. Its "agent" is the program (nonAgentPhrases).
  expect(result.findings.find((f) => f.subject.endsWith("/privesc-AssumeRole-starting-role"))?.message).toMatch(/→ privesc-AssumeRole-intermediate-role \(sts:AssumeRole\) → privesc-AssumeRole-ending-role \(sts:AssumeRole\)/);
});
