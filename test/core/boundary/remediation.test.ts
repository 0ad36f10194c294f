/**
 * `audit --remediation` text, from findings as the IAM rules report them on a live account
 * (subjects are role and user ARNs): the policies created once per account, then the boundary
 * set (and other parts attached) on each flagged principal; what is not an IAM principal ARN is
 * listed for fixing in the source.
 */
import { remediationCommands } from "../../../src/core/boundary/remediation.js";
import type { Finding, RuleId } from "../../../src/core/finding.js";

const finding = (rule: RuleId, subject: string, suppressed = false): Finding => ({
  rule,
  severity: "error",
  message: "m",
  subject,
  evidence: [{ arn: subject }],
  suppressed: suppressed ? { reason: "break-glass role, approved in SEC-1234", by: "config" } : null,
});
const parts = [
  { name: "AgentGuardrailBoundary", use: "boundary" as const },
  { name: "AgentGuardrailBoundary-2", use: "attach" as const },
];

describe("remediationCommands", () => {
  it("creates the policies once per account, then sets the boundary and attaches the other part on each flagged role or user", () => {
    const { lines, skipped } = remediationCommands(
      [
        finding("agent-privilege-escalation", "arn:aws:iam::111111111111:role/service-role/kiro-agent"),
        finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/service-role/kiro-agent"),
        finding("agent-privilege-escalation", "arn:aws-us-gov:iam::222222222222:user/ci-bot"),
      ],
      parts,
    );
    expect(skipped).toEqual([]);
    expect(lines).toEqual([
      "# Remediation (printed only: audit changed nothing). Create the guardrail policies once per account,",
      "# then set the boundary on each flagged principal. The policies: agent-guardrail boundary --format json > boundary.json",
      "# account 111111111111",
      `aws iam create-policy --policy-name AgentGuardrailBoundary --policy-document "$(jq -c '.policies[0].document' boundary.json)"`,
      `aws iam create-policy --policy-name AgentGuardrailBoundary-2 --policy-document "$(jq -c '.policies[1].document' boundary.json)"`,
      "# account 222222222222",
      `aws iam create-policy --policy-name AgentGuardrailBoundary --policy-document "$(jq -c '.policies[0].document' boundary.json)"`,
      `aws iam create-policy --policy-name AgentGuardrailBoundary-2 --policy-document "$(jq -c '.policies[1].document' boundary.json)"`,
      "# arn:aws:iam::111111111111:role/service-role/kiro-agent (agent-destructive-prod, agent-privilege-escalation)",
      "aws iam put-role-permissions-boundary --role-name kiro-agent --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary",
      "aws iam attach-role-policy --role-name kiro-agent --policy-arn arn:aws:iam::111111111111:policy/AgentGuardrailBoundary-2",
      "# arn:aws-us-gov:iam::222222222222:user/ci-bot (agent-privilege-escalation)",
      "aws iam put-user-permissions-boundary --user-name ci-bot --permissions-boundary arn:aws-us-gov:iam::222222222222:policy/AgentGuardrailBoundary",
      "aws iam attach-user-policy --user-name ci-bot --policy-arn arn:aws-us-gov:iam::222222222222:policy/AgentGuardrailBoundary-2",
    ]);
  });

  it("suppressed findings and other rules ask for nothing; a subject that is no principal ARN is listed once, to fix in the source", () => {
    const { lines, skipped } = remediationCommands(
      [
        finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/break-glass", true),
        finding("prod-resource-unprotected", "arn:aws:iam::111111111111:role/kiro-agent"),
        finding("agent-destructive-prod", "OrdersProd/AgentRole"),
        finding("agent-privilege-escalation", "OrdersProd/AgentRole"),
        finding("agent-destructive-prod", "arn:aws:iam::111111111111:group/agents"),
      ],
      parts,
    );
    expect(lines).toEqual([]);
    expect(skipped).toEqual(["OrdersProd/AgentRole", "arn:aws:iam::111111111111:group/agents"]);
  });

  it("quotes a name the shell would split or expand", () => {
    const { lines } = remediationCommands([finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/o'brien $(id)")], [parts[0]!]);
    expect(lines.at(-1)).toBe(`aws iam put-role-permissions-boundary --role-name 'o'\\''brien $(id)' --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary`);
    // Quoted whole even when it ends with plain characters; every quote in it escaped.
    const role = (name: string) => remediationCommands([finding("agent-destructive-prod", `arn:aws:iam::111111111111:role/${name}`)], [parts[0]!]).lines.at(-1);
    expect(role("$(id)agent")).toBe(`aws iam put-role-permissions-boundary --role-name '$(id)agent' --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary`);
    expect(role("o'brien's-agent")).toBe(`aws iam put-role-permissions-boundary --role-name 'o'\\''brien'\\''s-agent' --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary`);
  });
});
