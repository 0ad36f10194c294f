/**
 * `audit --remediation` text, from findings as the IAM rules report them on a live account
 * (subjects are role and user ARNs): the policies created once per account, then the boundary
 * set (and other parts attached) on each flagged principal; what is not an IAM principal ARN is
 * listed for fixing in the source.
 */
import { principalFacts, remediationCommands } from "../../../src/core/boundary/remediation.js";
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
      "# Each put-*-permissions-boundary replaces a boundary the principal already has (AWS allows one): check it first (aws iam get-role / get-user), and that the role has a managed-policy slot per attached part (10 a role or user).",
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

  it("leaves alone a principal whose own boundary it would replace, or whose managed-policy slots the parts do not fit, saying why", () => {
    // As get-account-authorization-details lists them: a role bounded by PowerUserAccess (no IAM
    // actions: put-role-permissions-boundary would replace it by a boundary that allows iam:CreateUser),
    // a role with 10 managed policies (the second part would be its 11th), and a role bounded by the guardrail already.
    const role = (name: string, extra: Record<string, unknown>) => ({ RoleName: name, Arn: `arn:aws:iam::111111111111:role/${name}`, AttachedManagedPolicies: [], ...extra });
    const attached = (n: number) => Array.from({ length: n }, (_, i) => ({ PolicyName: `p${i}`, PolicyArn: `arn:aws:iam::111111111111:policy/p${i}` }));
    const facts = principalFacts({
      RoleDetailList: [
        role("power-agent", { PermissionsBoundary: { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }),
        role("full-agent", { AttachedManagedPolicies: attached(10) }),
        role("guarded-agent", { PermissionsBoundary: { PermissionsBoundaryArn: "arn:aws:iam::111111111111:policy/AgentGuardrailBoundary" }, AttachedManagedPolicies: attached(1) }),
      ],
      UserDetailList: [],
      Policies: [],
    });
    const { lines } = remediationCommands(
      ["power-agent", "full-agent", "guarded-agent"].map((n) => finding("agent-destructive-prod", `arn:aws:iam::111111111111:role/${n}`)),
      parts,
      facts,
    );
    expect(lines.slice(5)).toEqual([
      "# arn:aws:iam::111111111111:role/power-agent (agent-destructive-prod)",
      "# left alone: its permissions boundary arn:aws:iam::aws:policy/PowerUserAccess would be replaced (AWS allows one), which may widen its access; add the guardrail Denies to that boundary or narrow the role's policies",
      "# arn:aws:iam::111111111111:role/full-agent (agent-destructive-prod)",
      "# left alone: it has 10 managed policies attached and the guardrail adds 1; AWS attaches at most 10 to a role or user: merge some of its policies first",
      "# arn:aws:iam::111111111111:role/guarded-agent (agent-destructive-prod)",
      "aws iam put-role-permissions-boundary --role-name guarded-agent --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary",
      "aws iam attach-role-policy --role-name guarded-agent --policy-arn arn:aws:iam::111111111111:policy/AgentGuardrailBoundary-2",
    ]);
  });

  it("an IAM Identity Center role (only AWS may change it) is left alone: the boundary goes on its permission set", () => {
    // IAM refuses every change to a role at /aws-reserved/sso.amazonaws.com/ (UnmodifiableEntity:
    // "this role is only modifiable by AWS"); IAM Identity Center sets a permission set's boundary
    // from a customer managed policy reference and provisions it to the accounts.
    const sso = "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_AI_Agent_Access_3f8e2a9c71b4d605";
    const { lines } = remediationCommands([finding("agent-destructive-prod", sso), finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/kiro-agent")], parts, new Map());
    expect(lines.slice(5)).toEqual([
      `# ${sso} (agent-destructive-prod)`,
      "# left alone: an IAM Identity Center role, which only AWS may change (IAM refuses: UnmodifiableEntity); set the boundary on its permission set AI_Agent_Access instead: aws sso-admin put-permissions-boundary-to-permission-set --instance-arn <instance> --permission-set-arn <AI_Agent_Access> --permissions-boundary 'CustomerManagedPolicyReference={Name=AgentGuardrailBoundary}', attach-customer-managed-policy-reference-to-permission-set for AgentGuardrailBoundary-2, then provision-permission-set (the policies must exist in every account it is assigned to)",
      "# arn:aws:iam::111111111111:role/kiro-agent (agent-destructive-prod)",
      "aws iam put-role-permissions-boundary --role-name kiro-agent --permissions-boundary arn:aws:iam::111111111111:policy/AgentGuardrailBoundary",
      "aws iam attach-role-policy --role-name kiro-agent --policy-arn arn:aws:iam::111111111111:policy/AgentGuardrailBoundary-2",
    ]);
    // A role at that path whose name is not a permission set's still is Identity Center's.
    const odd = remediationCommands([finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/aws-reserved/sso.amazonaws.com/AgentOdd")], [parts[0]!], new Map()).lines.at(-1);
    expect(odd).toMatch(/^# left alone: an IAM Identity Center role, .* set the boundary on its permission set instead: .*--permission-set-arn <permission set> --permissions-boundary 'CustomerManagedPolicyReference=\{Name=AgentGuardrailBoundary\}', then provision-permission-set/);
  });

  it("without the account's authorization details (an organization audit) it says what to check before running", () => {
    const { lines } = remediationCommands([finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/kiro-agent")], parts);
    expect(lines).toContain("# Each put-*-permissions-boundary replaces a boundary the principal already has (AWS allows one): check it first (aws iam get-role / get-user), and that the role has a managed-policy slot per attached part (10 a role or user).");
  });
});
