/**
 * `audit --remediation`: per flagged agent principal, the AWS CLI commands that set the guardrail
 * boundary, printed and never sent (the loopback account sees reads only). Plus the pure part on
 * hand-made findings: users, role paths, suppressed findings, subjects that are not ARNs.
 */
import { jest } from "@jest/globals";
import { remediationCommands } from "../../src/core/boundary/remediation.js";
import type { Finding } from "../../src/core/finding.js";
import { accountHandler, kiroAccount, ACCOUNT } from "./account.js";
import { cli as main } from "./cli.js";
import { identityCenterRole, landingZoneAccount } from "./landing-zone.js";
import { awsEnv, READ_ONLY_NAME, startStub, type Stub } from "./stub.js";

let stub: Stub | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await stub?.close();
});

const finding = (rule: Finding["rule"], subject: string, suppressed: Finding["suppressed"] = null): Finding => ({ rule, severity: "error", message: "", subject, evidence: [], suppressed });
const parts = [
  { name: "agent-guardrail-boundary", use: "boundary" as const },
  { name: "agent-guardrail-boundary-2", use: "attach" as const },
];

describe("remediationCommands", () => {
  it("sets the boundary and attaches the parts, per role or user, with each account's policies created first", () => {
    const { lines, skipped } = remediationCommands(
      [
        finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/agents/kiro-agent"),
        finding("agent-privilege-escalation", "arn:aws:iam::111111111111:role/agents/kiro-agent"),
        finding("agent-privilege-escalation", "arn:aws-us-gov:iam::222222222222:user/claude-ci"),
        finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/cleanup-agent", { reason: "accepted", by: "config" }),
        finding("prod-resource-unprotected", "arn:aws:cloudformation:us-east-1:111111111111:stack/orders-prod/x"),
        finding("agent-destructive-prod", "ProdStack/KiroAgentRole"),
      ],
      parts,
    );
    const text = lines.join("\n");
    expect(text).toContain("# arn:aws:iam::111111111111:role/agents/kiro-agent (agent-destructive-prod, agent-privilege-escalation)");
    expect(text).toContain("aws iam put-role-permissions-boundary --role-name kiro-agent --permissions-boundary arn:aws:iam::111111111111:policy/agent-guardrail-boundary");
    expect(text).toContain("aws iam attach-role-policy --role-name kiro-agent --policy-arn arn:aws:iam::111111111111:policy/agent-guardrail-boundary-2");
    expect(text).toContain("aws iam put-user-permissions-boundary --user-name claude-ci --permissions-boundary arn:aws-us-gov:iam::222222222222:policy/agent-guardrail-boundary");
    expect(text.match(/aws iam create-policy --policy-name agent-guardrail-boundary /g)).toHaveLength(2);
    expect(text).not.toContain("cleanup-agent");
    expect(skipped).toEqual(["ProdStack/KiroAgentRole"]);
  });

  it("quotes a principal name the shell would read otherwise", () => {
    const { lines } = remediationCommands([finding("agent-destructive-prod", "arn:aws:iam::111111111111:role/agent$(rm -rf ~)")], parts);
    expect(lines.join("\n")).toContain("--role-name 'agent$(rm -rf ~)'");
  });

  it("nothing flagged: no command", () => {
    expect(remediationCommands([], parts).lines).toEqual([]);
  });
});

/** `audit --remediation` on the loopback account: its exit code (1: flagged) and what it printed. */
async function auditRemediation(account: ReturnType<typeof kiroAccount>): Promise<{ code: number; printed: string }> {
  stub = await startStub(accountHandler(account));
  restore = awsEnv(stub.url);
  const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    const code = await main(["audit", "--remediation"]);
    return { code, printed: stdout.mock.calls.map((c) => String(c[0])).join("") };
  } finally {
    stdout.mockRestore();
  }
}

describe("audit --remediation on the wire", () => {
  it("prints the commands for the Kiro admin role after the report, and sends nothing but reads", async () => {
    const { code, printed } = await auditRemediation(kiroAccount());
    expect(code).toBe(1);
    expect(printed).toContain(`aws iam put-role-permissions-boundary --role-name kiro-agent-role --permissions-boundary arn:aws:iam::${ACCOUNT}:policy/agent-guardrail-boundary`);
    expect(printed.indexOf("agent-destructive-prod")).toBeLessThan(printed.indexOf("# Remediation"));
    expect(stub?.requests.length).toBeGreaterThan(0);
    for (const r of stub?.requests ?? []) expect(r.action).toMatch(READ_ONLY_NAME);
  });

  it("a flagged role bounded by PowerUserAccess is left alone, saying why: setting the guardrail boundary would replace it and allow IAM actions PowerUserAccess denies", async () => {
    const account = kiroAccount();
    const kiro = account.roles[0] as Record<string, unknown>;
    kiro["PermissionsBoundary"] = { PermissionsBoundaryType: "Policy", PermissionsBoundaryArn: "arn:aws:iam::aws:policy/PowerUserAccess" };
    const { code, printed } = await auditRemediation(account);
    // Still flagged: PowerUserAccess allows every delete outside IAM and Organizations.
    expect(code).toBe(1);
    expect(printed).toContain(
      "# left alone: its permissions boundary arn:aws:iam::aws:policy/PowerUserAccess would be replaced (AWS allows one), which may widen its access; add the guardrail Denies to that boundary or narrow the role's policies",
    );
    expect(printed).not.toContain("put-role-permissions-boundary --role-name kiro-agent-role");
    expect(printed).not.toContain("check it first");
  });

  /**
   * A permission set named for the team's agents (test/fixtures/aws/landing-zone/README.md): its
   * role is an agent's by name, and PowerUserAccess flags it. Decided: left alone, the boundary
   * set on the permission set; IAM refuses put-role-permissions-boundary on it (UnmodifiableEntity).
   * The tool printed that command.
   */
  it("a flagged IAM Identity Center role is left alone: the boundary goes on its permission set", async () => {
    const account = landingZoneAccount([identityCenterRole("AIAgentAccess", ["PowerUserAccess"])]);
    const { code, printed } = await auditRemediation(account);
    expect(code).toBe(1);
    expect(printed).toContain(`# arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AIAgentAccess_7d1c0b9a8e6f5d43 (agent-destructive-prod, agent-privilege-escalation)`);
    expect(printed).toContain("# left alone: an IAM Identity Center role, which only AWS may change (IAM refuses: UnmodifiableEntity); set the boundary on its permission set AIAgentAccess instead");
    expect(printed).not.toContain("--role-name AWSReservedSSO_");
  });

  it("with --format json the report stays valid JSON on stdout; the commands go to stderr", async () => {
    stub = await startStub(accountHandler(kiroAccount()));
    restore = awsEnv(stub.url);
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await main(["audit", "--remediation", "--format", "json"]);
      expect(() => JSON.parse(stdout.mock.calls.map((c) => String(c[0])).join(""))).not.toThrow();
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toContain("aws iam put-role-permissions-boundary --role-name kiro-agent-role");
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
