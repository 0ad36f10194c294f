import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { App, Stack, Stage, Tags, type AppProps } from "aws-cdk-lib";
import * as ddb from "aws-cdk-lib/aws-dynamodb";
import * as iam from "aws-cdk-lib/aws-iam";
import { readAssemblyManifest } from "../../../src/core/cfn/assembly.js";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { parseUserConfig, resolvePolicy } from "../../../src/policy/load.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const policy = resolvePolicy();
const catalogue = loadCatalogue();
const fromFile = (file: string, extra: Partial<TemplateInput> = {}): TemplateInput => {
  const parsed = parseSource(readFileSync(file, "utf8"));
  return { file, value: parsed.value, lineOf: parsed.lineOf, ...extra };
};
const inline = (value: unknown, extra: Partial<TemplateInput> = {}): TemplateInput => {
  const parsed = parseSource(JSON.stringify(value, null, 2));
  return { file: "stack.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", terminationProtection: true, ...extra };
};
const agentRole = (resource: unknown, action = "dynamodb:DeleteTable") => ({
  Type: "AWS::IAM::Role",
  Properties: {
    RoleName: "kiro-agent",
    AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] },
    Policies: [{ PolicyName: "p", PolicyDocument: { Statement: [{ Effect: "Allow", Action: action, Resource: resource }] } }],
  },
});

describe("evaluateTemplates", () => {
  it("flags the agent role of a production YAML template with file:line evidence", () => {
    const file = path.join(here, "../../fixtures/cfn/prod-agent.template.yaml");
    const { findings, errors } = evaluateTemplates([fromFile(file)], policy, catalogue);
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("prod-agent/KiroAgentRole");
    expect(destructive?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(destructive?.evidence[0]).toMatchObject({ file, line: 35, pointer: "/Resources/KiroAgentRole/Properties/Policies/0/PolicyDocument/Statement/0" });
    expect(findings.some((f) => f.rule === "agent-privilege-escalation" && f.actions?.includes("iam:PutRolePolicy"))).toBe(true);
  });

  it("does not flag a staging stack's grant on its own table, and flags the same in production", () => {
    const template = { Resources: { Table: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" }, Role: agentRole({ "Fn::GetAtt": ["Table", "Arn"] }) } };
    const staging = evaluateTemplates([inline(template, { stackName: "OrdersStaging" })], policy, catalogue);
    expect(staging.findings).toEqual([]);
    const prod = evaluateTemplates([inline(template)], policy, catalogue);
    expect(prod.findings.map((f) => f.rule)).toEqual(["agent-destructive-prod"]);
  });

  it("a grant on !Ref of a named SNS topic is a grant on that topic (Ref returns its ARN, not its name)", () => {
    const template = { Resources: { Alerts: { Type: "AWS::SNS::Topic", Properties: { TopicName: "orders-alerts" } }, Role: agentRole({ Ref: "Alerts" }, "sns:DeleteTopic") } };
    const { findings } = evaluateTemplates([inline(template)], policy, catalogue);
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => [f.subject, f.actions])).toEqual([["OrdersProd/Role", ["sns:DeleteTopic"]]]);
  });

  it("follows Fn::ImportValue to a production export of another template", () => {
    const data = inline(
      {
        Resources: { Table: { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } },
        Outputs: { Arn: { Value: { "Fn::GetAtt": ["Table", "Arn"] }, Export: { Name: "DataProd:TableArn" } } },
      },
      { file: "data.template.json", stackName: "DataProd" },
    );
    const consumer = inline({ Resources: { Role: agentRole({ "Fn::ImportValue": "DataProd:TableArn" }) } }, { file: "tools.template.json", stackName: "ToolsStaging" });
    const { findings } = evaluateTemplates([data, consumer], policy, catalogue);
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.subject).toBe("ToolsStaging/Role");
  });

  it("reports an unknown intrinsic and still evaluates the role with a wildcard", () => {
    const { findings, errors } = evaluateTemplates([inline({ Resources: { Role: agentRole({ "Fn::Frobnicate": "x" }) } })], policy, catalogue);
    expect(errors).toEqual([expect.objectContaining({ file: "stack.template.json", message: expect.stringContaining("Fn::Frobnicate") as unknown })]);
    expect(errors[0]?.line).toBeGreaterThan(1);
    expect(findings.some((f) => f.rule === "agent-destructive-prod")).toBe(true);
  });

  it("a resource chosen by Fn::If between two literal ARNs in a production stack is production (the stack decides)", () => {
    const either = { "Fn::If": ["UseNewTable", "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-v1", "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-v2"] };
    const { findings } = evaluateTemplates([inline({ Conditions: { UseNewTable: { "Fn::Equals": ["a", "b"] } }, Resources: { Role: agentRole(either) } })], policy, catalogue);
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.actions)).toEqual([["dynamodb:DeleteTable"]]);
  });

  describe("a role whose trust names the template's agent role (!GetAtt), the account not known", () => {
    const trusting = (agent: string) => ({
      Type: "AWS::IAM::Role",
      Properties: {
        RoleName: "orders-deploy",
        AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: { "Fn::GetAtt": [agent, "Arn"] } }, Action: "sts:AssumeRole" }] },
        Policies: [{ PolicyName: "deploy", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] } }],
      },
    });
    const deployFinding = (resources: Record<string, unknown>) =>
      evaluateTemplates([inline({ Resources: resources })], policy, catalogue).findings.find((f) => f.rule === "agent-destructive-prod" && f.subject.endsWith("/DeployRole"));

    it("is an agent's when the agent role is named: its trust admits the agent", () => {
      const finding = deployFinding({ KiroAgentRole: agentRole("arn:aws:s3:::reports/*", "s3:GetObject"), DeployRole: trusting("KiroAgentRole") });
      expect(finding?.actions).toEqual(["dynamodb:DeleteTable"]);
      expect(finding?.evidence.at(-1)?.note).toContain('trust policy admits arn:aws:iam::*:role/kiro-agent, an agent by name ("*agent*")');
    });

    it("is an agent's when CloudFormation names the agent role (<stack>-<logical id>-<suffix>)", () => {
      const unnamed = agentRole("arn:aws:s3:::reports/*", "s3:GetObject");
      delete (unnamed.Properties as { RoleName?: string }).RoleName;
      const finding = deployFinding({ KiroAgentRole6D7A0B5E: unnamed, DeployRole: trusting("KiroAgentRole6D7A0B5E") });
      expect(finding?.evidence.at(-1)?.note).toContain("trust policy admits arn:aws:iam::*:role/*KiroAgentRole6D7A0B5E*, an agent by name");
    });

    it("in a known account, names that account: a configured agent principal of that account matches", () => {
      const runner = agentRole("arn:aws:s3:::reports/*", "s3:GetObject");
      delete (runner.Properties as { RoleName?: string }).RoleName;
      const configured = resolvePolicy(parseUserConfig("agent-guardrail.yml", "agents:\n  trustPrincipals: ['arn:aws:iam::111111111111:role/*CiRunner*']\n"));
      const resources = { CiRunnerC0FFEE12: runner, DeployRole: trusting("CiRunnerC0FFEE12") };
      const { findings } = evaluateTemplates([inline({ Resources: resources }, { account: "111111111111" })], configured, catalogue);
      const finding = findings.find((f) => f.rule === "agent-destructive-prod" && f.subject.endsWith("/DeployRole"));
      expect(finding?.evidence.at(-1)?.note).toContain("trust policy admits AWS arn:aws:iam::111111111111:role/*CiRunnerC0FFEE12*");
    });

    it("is not an agent's when the role it trusts is not an agent", () => {
      const base = agentRole("arn:aws:s3:::reports/*", "s3:GetObject");
      const codebuildTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }] };
      const builder = { ...base, Properties: { ...base.Properties, RoleName: "ci-builder", AssumeRolePolicyDocument: codebuildTrust } };
      expect(deployFinding({ Builder: builder, DeployRole: trusting("Builder") })).toBeUndefined();
    });
  });

  describe("prod-resource-unprotected", () => {
    it("flags stateful production resources a delete or replacement would destroy", () => {
      const { findings } = evaluateTemplates(
        [
          inline({
            Resources: {
              Bare: { Type: "AWS::DynamoDB::Table" },
              Retained: { Type: "AWS::S3::Bucket", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" },
              Protected: { Type: "AWS::RDS::DBInstance", Properties: { DeletionProtection: true } },
              HalfDone: { Type: "AWS::RDS::DBCluster", DeletionPolicy: "Snapshot" },
              Stateless: { Type: "AWS::SNS::Topic" },
            },
          }),
        ],
        policy,
        catalogue,
      );
      // Deletion protection stops deletes, not a replacement: Protected still has the replacement gap.
      expect(findings.filter((f) => f.rule === "prod-resource-unprotected").map((f) => f.subject)).toEqual(["OrdersProd/Bare", "OrdersProd/HalfDone", "OrdersProd/Protected"]);
      expect(findings.find((f) => f.subject === "OrdersProd/HalfDone")?.message).toContain("UpdateReplacePolicy is Delete");
      expect(findings.find((f) => f.subject === "OrdersProd/Protected")?.message).not.toContain("a stack delete destroys it");
    });

    it("flags a production stack without termination protection; a bare template file gets a warning", () => {
      const off = evaluateTemplates([inline({ Resources: { T: { Type: "AWS::SNS::Topic" } } }, { terminationProtection: false })], policy, catalogue);
      expect(off.findings).toEqual([expect.objectContaining({ rule: "prod-resource-unprotected", severity: "error", subject: "OrdersProd" })]);
      const unknown = evaluateTemplates([inline({ Resources: { T: { Type: "AWS::SNS::Topic" } } }, { terminationProtection: undefined })], policy, catalogue);
      expect(unknown.findings).toEqual([expect.objectContaining({ severity: "warning" })]);
    });

    it("leaves non-production stacks alone", () => {
      const { findings } = evaluateTemplates([inline({ Resources: { Bare: { Type: "AWS::DynamoDB::Table" } } }, { stackName: "OrdersDev", terminationProtection: false })], policy, catalogue);
      expect(findings).toEqual([]);
    });
  });

  describe("template metadata suppressions", () => {
    const withMetadata = (reason: string) =>
      inline({
        Resources: {
          Role: { ...agentRole("*"), Metadata: { "agent-guardrail": { suppressions: [{ rule: "agent-destructive-prod", reason }] } } },
        },
      });

    it("mark the finding suppressed, keeping it in the output", () => {
      const { findings, errors } = evaluateTemplates([withMetadata("break-glass role, approved in SEC-1234")], policy, catalogue);
      expect(errors).toEqual([]);
      expect(findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).toEqual({ reason: "break-glass role, approved in SEC-1234", by: "OrdersProd/Role metadata" });
    });

    it.each([
      ["a block without a suppressions list", { "agent-guardrail": { rule: "agent-destructive-prod" } }, 'metadata "agent-guardrail" needs a "suppressions" list'],
      ["an unknown rule", { "agent-guardrail": { suppressions: [{ rule: "agent-destructive", reason: "break-glass role, approved in SEC-1234" }] } }, 'suppression for unknown rule "agent-destructive"'],
      ["an empty block", { "agent-guardrail": null }, 'metadata "agent-guardrail" needs a "suppressions" list'],
    ])("%s is an error at the metadata's line and pointer, on a resource and on the template", (_, metadata, message) => {
      const onResource = inline({ Resources: { Role: { ...agentRole("*"), Metadata: metadata } } });
      const r = evaluateTemplates([onResource], policy, catalogue);
      expect(r.errors).toEqual([{ file: "stack.template.json", line: onResource.lineOf?.("/Resources/Role/Metadata"), message: `${message} at /Resources/Role/Metadata; it suppresses nothing` }]);
      expect(r.errors[0]?.line).toBeGreaterThan(1);
      expect(r.findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).toBeNull();
      const onTemplate = inline({ Metadata: metadata, Resources: { Role: agentRole("*") } });
      const t = evaluateTemplates([onTemplate], policy, catalogue);
      expect(t.errors).toEqual([{ file: "stack.template.json", line: onTemplate.lineOf?.("/Metadata"), message: `${message} at /Metadata; it suppresses nothing` }]);
    });

    it("a template without line positions (as the CDK Aspect synthesizes it) gets the same error, without a line", () => {
      const { lineOf: _lineOf, ...synthesized } = inline({ Resources: { Role: { ...agentRole("*"), Metadata: { "agent-guardrail": { rule: "agent-destructive-prod" } } } } });
      const r = evaluateTemplates([synthesized], policy, catalogue);
      expect(r.errors).toEqual([{ file: "stack.template.json", message: 'metadata "agent-guardrail" needs a "suppressions" list at /Resources/Role/Metadata; it suppresses nothing' }]);
    });

    it.each(["because", "   because     "])("with a reason under 10 characters (%j, spaces not counted) are an error and suppress nothing", (reason) => {
      const { findings, errors } = evaluateTemplates([withMetadata(reason)], policy, catalogue);
      expect(errors[0]?.message).toMatch(/reason of at least 10 characters/);
      expect(findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).toBeNull();
    });

    it("waive only their own rule: the same role's other finding stays", () => {
      const role = { ...agentRole("*", "*"), Metadata: { "agent-guardrail": { suppressions: [{ rule: "agent-destructive-prod", reason: "break-glass role, approved in SEC-1234" }] } } };
      const { findings } = evaluateTemplates([inline({ Resources: { Role: role } })], policy, catalogue);
      expect(findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).not.toBeNull();
      expect(findings.find((f) => f.rule === "agent-privilege-escalation")?.suppressed).toBeNull();
    });

    it("on one resource waive nothing of another resource", () => {
      const waived = { suppressions: [{ rule: "prod-resource-unprotected", reason: "scratch table, rebuilt nightly" }] };
      const { findings } = evaluateTemplates(
        [inline({ Resources: { Scratch: { Type: "AWS::DynamoDB::Table", Metadata: { "agent-guardrail": waived } }, Orders: { Type: "AWS::DynamoDB::Table" } } })],
        policy,
        catalogue,
      );
      expect(findings.map((f) => [f.subject, f.suppressed?.by ?? null])).toEqual([
        ["OrdersProd/Orders", null],
        ["OrdersProd/Scratch", "OrdersProd/Scratch metadata"],
      ]);
    });

    it("on the template waive the stack's own finding, never one of its resources", () => {
      const stackWide = { "agent-guardrail": { suppressions: [{ rule: "prod-resource-unprotected", reason: "stack is recreated from backups by design" }] } };
      const { findings } = evaluateTemplates([inline({ Metadata: stackWide, Resources: { Orders: { Type: "AWS::DynamoDB::Table" } } }, { terminationProtection: false })], policy, catalogue);
      expect(findings.map((f) => [f.subject, f.suppressed?.by ?? null])).toEqual([
        ["OrdersProd", "OrdersProd template metadata"],
        ["OrdersProd/Orders", null],
      ]);
    });

    it("accept a reason of exactly 10 characters; an entry that is not an object is an error and the others still count", () => {
      const role = { ...agentRole("*"), Metadata: { "agent-guardrail": { suppressions: [null, { rule: "agent-destructive-prod", reason: "SEC-123456" }] } } };
      const { findings, errors } = evaluateTemplates([inline({ Resources: { Role: role } })], policy, catalogue);
      expect(errors.map((e) => e.message)).toEqual(["suppression for unknown rule undefined at /Resources/Role/Metadata; it suppresses nothing"]);
      expect(findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).toEqual({ reason: "SEC-123456", by: "OrdersProd/Role metadata" });
    });

    it("keep the reason without its surrounding spaces", () => {
      const { findings } = evaluateTemplates([withMetadata("  break-glass role, approved in SEC-1234\n")], policy, catalogue);
      expect(findings.find((f) => f.rule === "agent-destructive-prod")?.suppressed).toEqual({ reason: "break-glass role, approved in SEC-1234", by: "OrdersProd/Role metadata" });
    });
  });

  describe("CloudWatch dashboards in a template", () => {
    const adoptionBody = JSON.stringify({
      widgets: [{ type: "metric", properties: { title: "Kiro weekly active users", metrics: [["DevTools/Kiro", "WeeklyActiveUsers"]], annotations: { horizontal: [{ value: 150, label: "Adoption goal" }] } } }],
    });
    const dashboard = (properties: Record<string, unknown>) => ({ Type: "AWS::CloudWatch::Dashboard", Properties: properties });

    it("a dashboard without a body is left alone (CloudFormation rejects it), without an error", () => {
      const r = evaluateTemplates([inline({ Resources: { Adoption: dashboard({ DashboardName: "kiro-adoption" }) } })], policy, catalogue);
      expect(r).toEqual({ findings: [], errors: [] });
    });

    it("a body that cannot be read is the template's input error", () => {
      const r = evaluateTemplates([inline({ Resources: { Adoption: dashboard({ DashboardBody: "{not json" }) } })], policy, catalogue);
      expect(r.findings).toEqual([]);
      expect(r.errors).toEqual([expect.objectContaining({ file: "stack.template.json", message: expect.stringContaining("not valid JSON") })]);
    });

    it("names the dashboard by its DashboardName only when the name is literal", () => {
      const named = evaluateTemplates([inline({ Resources: { Adoption: dashboard({ DashboardName: "kiro-adoption", DashboardBody: adoptionBody }) } })], policy, catalogue);
      expect(named.findings.map((f) => f.subject)).toEqual(['dashboard "kiro-adoption" (OrdersProd/Adoption)']);
      const generated = evaluateTemplates([inline({ Resources: { Adoption: dashboard({ DashboardName: { "Fn::Sub": "${AWS::Region}-adoption" }, DashboardBody: adoptionBody }) } })], policy, catalogue);
      expect(generated.findings.map((f) => f.subject)).toEqual(["OrdersProd/Adoption"]);
    });

    it("a stack that is production only by default says so on its production findings, not on a dashboard's", () => {
      const { findings } = evaluateTemplates(
        [inline({ Resources: { Orders: { Type: "AWS::DynamoDB::Table" }, Adoption: dashboard({ DashboardBody: adoptionBody }), Role: agentRole("arn:aws:dynamodb:us-east-1:111111111111:table/orders.v2") } }, { stackName: "Orders" })],
        policy,
        catalogue,
      );
      const byRule = Object.fromEntries(findings.map((f) => [f.rule, f.message]));
      expect(byRule["prod-resource-unprotected"]).toMatch(/\. Stack Orders counts as production because no production signal is configured/);
      expect(byRule["adoption-dashboard-no-incidents"]).not.toContain("counts as production");
      // A message with a dot inside it but none at its end still gets one before the note.
      expect(byRule["agent-destructive-prod"]).toMatch(/table\/orders\.v2\. Stack Orders counts as production because/);
      // Production by its name: nothing to explain.
      const named = evaluateTemplates([inline({ Resources: { Orders: { Type: "AWS::DynamoDB::Table" } } }, { stackName: "OrdersProd" })], policy, catalogue);
      expect(named.findings.map((f) => f.message).join("\n")).not.toContain("counts as production");
    });
  });

  it("reads a real cdk.out: stages, stack tags, environments, termination protection", () => {
    const outdir = mkdtempSync(path.join(tmpdir(), "ag-cdkout-"));
    const app = new App({ outdir, builtinCloudFormationValidation: false } as AppProps);
    for (const name of ["Prod", "Staging"]) {
      const stage = new Stage(app, name, { env: { account: name === "Prod" ? "111111111111" : "222222222222", region: "us-east-1" } });
      const stack = new Stack(stage, "Service", { terminationProtection: name === "Prod" });
      Tags.of(stack).add("Environment", name.toLowerCase());
      const table = new ddb.Table(stack, "Orders", { partitionKey: { name: "pk", type: ddb.AttributeType.STRING } });
      table.grantFullAccess(new iam.Role(stack, "AgentRole", { assumedBy: new iam.ServicePrincipal("bedrock.amazonaws.com") }));
    }
    app.synth();
    const root = readAssemblyManifest(JSON.parse(readFileSync(path.join(outdir, "manifest.json"), "utf8")), outdir);
    expect(root.stacks).toEqual([]);
    expect(root.nestedAssemblies.map((d) => path.basename(d))).toEqual(["assembly-Prod", "assembly-Staging"]);
    const inputs: TemplateInput[] = root.nestedAssemblies.flatMap((dir) =>
      readAssemblyManifest(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")), dir).stacks.map((s) =>
        fromFile(s.templateFile, { stackName: s.stackName, stackTags: s.tags, account: s.account, region: s.region, terminationProtection: s.terminationProtection, stagePath: s.stagePath }),
      ),
    );
    expect(inputs.map((i) => [i.stackName, i.stagePath, i.account, i.terminationProtection])).toEqual([
      ["Prod-Service", "Prod/Service", "111111111111", true],
      ["Staging-Service", "Staging/Service", "222222222222", false],
    ]);
    const scoped = resolvePolicy(parseUserConfig("c.yml", "production:\n  nonProductionAccounts: ['222222222222']\n"));
    const { findings, errors } = evaluateTemplates(inputs, scoped, catalogue);
    expect(errors).toEqual([]);
    const destructive = findings.filter((f) => f.rule === "agent-destructive-prod");
    expect(destructive.map((f) => f.subject)).toEqual([expect.stringMatching(/^Prod-Service\/AgentRole/)]);
    expect(destructive[0]?.actions).toContain("dynamodb:DeleteTable");
    expect(destructive[0]?.evidence[0]?.line).toBeGreaterThan(1);
  });
});
