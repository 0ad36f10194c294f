/**
 * Nested stacks of template files (src/core/cfn/nested-stacks.ts, read by src/cli/scan-run.ts): AWS::CloudFormation::Stack
 * and SAM's AWS::Serverless::Application. A template written as a local path (as
 * `aws cloudformation package` and `sam` read it; aws-samples/serverless-patterns
 * lambda-layer-ssm-parameters nests three that way) is judged as that nested stack, once; one this
 * scan cannot read (an S3 URL, a Serverless Application Repository app) is an input error at the
 * resource, never a silent pass. Before, every nested stack of a template file went unjudged.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string; subject: string; evidence: { file: string; line?: number }[] }[];
  errors: { file: string; line: number | null; message: string }[];
  summary: { inputs: number };
}

const AGENTS = `Resources:
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: bedrock.amazonaws.com }, Action: sts:AssumeRole }] }
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
`;

function repo(files: Record<string, string>): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "ag-nested-")), "repo");
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function scan(...paths: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-nested-out-")), "r.json");
  const code = await main(["scan", ...paths, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

const agentSubjects = (report: JsonReport) => [...new Set(report.findings.filter((f) => f.rule.startsWith("agent-")).map((f) => f.subject))];

describe("nested stacks of template files", () => {
  it("a local nested template is judged as the parent's nested stack: named after it, once, whether it is named, walked or neither", async () => {
    const dir = repo({
      "parent.template.yaml": 'Transform: AWS::Serverless-2016-10-31\nResources:\n  Agents:\n    Type: AWS::Serverless::Application\n    Properties:\n      Location: ./stacks/agents.yaml\n',
      "stacks/agents.yaml": AGENTS,
    });
    for (const paths of [[path.join(dir, "parent.template.yaml")], [dir]]) {
      const { code, report } = await scan(...paths);
      expect(report.errors).toEqual([]);
      expect(code).toBe(1);
      expect(agentSubjects(report)).toEqual(["parent.Agents/AgentRole"]);
      expect(report.findings.find((f) => f.subject === "parent.Agents/AgentRole")?.evidence.some((e) => e.file === path.join(dir, "stacks/agents.yaml"))).toBe(true);
      // A nested stack is deleted with its root: no termination-protection warning of its own.
      expect(report.findings.filter((f) => f.subject === "parent.Agents").map((f) => f.rule)).toEqual([]);
    }
  });

  it("a nested stack AWS::CloudFormation::Stack with a local TemplateURL, nested again: each level in its parent's scope", async () => {
    const dir = repo({
      "main.template.json": JSON.stringify({ Resources: { Platform: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "platform/platform.json" } } } }, null, 2),
      "platform/platform.json": JSON.stringify({ Resources: { Agents: { Type: "AWS::CloudFormation::Stack", Properties: { TemplateURL: "./agents.yaml" } } } }, null, 2),
      "platform/agents.yaml": AGENTS,
    });
    const { report } = await scan(path.join(dir, "main.template.json"));
    expect(report.errors).toEqual([]);
    expect(agentSubjects(report)).toEqual(["main.Platform.Agents/AgentRole"]);
    expect(report.summary.inputs).toBe(3);
  });

  it("a nested template this scan cannot read is an input error at its TemplateURL or Location: an S3 URL, a Serverless Application Repository app, an intrinsic, a missing file", async () => {
    const parent = [
      "Transform: AWS::Serverless-2016-10-31",
      "Resources:",
      "  Db:",
      "    Type: AWS::CloudFormation::Stack",
      "    Properties:",
      "      TemplateURL: https://s3.amazonaws.com/artifacts/db.yaml",
      "  Sar:",
      "    Type: AWS::Serverless::Application",
      "    Properties:",
      "      Location:",
      "        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/agents",
      "        SemanticVersion: 1.0.0",
      "  Built:",
      "    Type: AWS::CloudFormation::Stack",
      "    Properties:",
      "      TemplateURL: !Sub https://${ArtifactBucket}.s3.amazonaws.com/net.yaml",
      "  Gone:",
      "    Type: AWS::CloudFormation::Stack",
      "    Properties:",
      "      TemplateURL: ./gone.yaml",
      "",
    ].join("\n");
    const dir = repo({ "parent.template.yaml": parent });
    const { code, report } = await scan(path.join(dir, "parent.template.yaml"));
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.line, e.message.split(" is not read here")[0]?.split(": no such file")[0]])).toEqual([
      [6, "nested stack Db (AWS::CloudFormation::Stack): its template (https://s3.amazonaws.com/artifacts/db.yaml)"],
      [10, 'nested stack Sar (AWS::Serverless::Application): its template ({"ApplicationId":"arn:aws:serverlessrepo:us-east-1:123456789012:applications/agents","SemanticVersion":"1.0.0"})'],
      [16, 'nested stack Built (AWS::CloudFormation::Stack): its template ({"Fn::Sub":"https://${ArtifactBucket}.s3.amazonaws.com/net.yaml"})'],
      [20, "nested stack Gone (AWS::CloudFormation::Stack): its template ./gone.yaml: cannot read"],
    ]);
    expect(report.errors[0]?.message).toContain("(fail closed): scan the template whose TemplateURL is a local path");
  });

  it("templates that nest one another: an input error at the stack that comes back, and each is still judged", async () => {
    const dir = repo({
      "a.template.yaml": `Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./b.template.yaml\n${AGENTS.replace("Resources:\n", "")}`,
      "b.template.yaml": "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./a.template.yaml\n",
    });
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [path.basename(e.file), e.line, e.message.split(":")[0]])).toEqual([["b.template.yaml", 5, "nested stack A (AWS"]]);
    expect(agentSubjects(report)).toEqual(["a/AgentRole"]);
  });
});

describe("files a template or a link would make the scan read", () => {
  const secret = () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag-secret-"));
    writeFileSync(path.join(dir, "credentials.yaml"), "[default]\naws_access_key_id = AKIAEXAMPLESECRET\naws_secret_access_key = wJalrEXAMPLESECRET\n");
    return path.join(dir, "credentials.yaml");
  };

  it("a nested template outside the scanned paths is not read (a pull request could name any file of the CI machine): an input error that quotes nothing of it", async () => {
    const outside = secret();
    const dir = repo({});
    mkdirSync(path.join(dir, "infra"), { recursive: true });
    const relative = path.relative(path.join(dir, "infra"), outside);
    writeFileSync(path.join(dir, "infra/parent.template.yaml"), `Resources:\n  Steal:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ${relative}\n`);
    const { code, report } = await scan(path.join(dir, "infra"));
    expect(code).toBe(2);
    expect(report.errors.map((e) => [e.line, e.message])).toEqual([[5, `nested stack Steal (AWS::CloudFormation::Stack): its template ${relative} is outside the scanned paths: not read (fail closed); scan a directory that holds both`]]);
    expect(JSON.stringify(report)).not.toContain("EXAMPLESECRET");
  });

  it("a link found while walking that leads out of the scanned tree is an input error, not read; one that stays inside is read", async () => {
    const dir = repo({ "infra/agents.yaml": AGENTS });
    symlinkSync(secret(), path.join(dir, "infra", "evil.yaml"));
    symlinkSync(path.join(dir, "infra", "agents.yaml"), path.join(dir, "infra", "same.template.yaml"));
    const { report } = await scan(dir);
    expect(report.errors.map((e) => [path.basename(e.file), e.message.split(":")[0]])).toEqual([["evil.yaml", `a link to a file outside ${dir}`]]);
    expect(JSON.stringify(report)).not.toContain("EXAMPLESECRET");
    expect(agentSubjects(report).sort()).toEqual(["agents/AgentRole", "same/AgentRole"]);
  });
  // The same rule for a link to a directory: a monorepo's `infra/shared -> ../../shared` took the
  // agent role kept there out of a scan of infra/ without a word (exit 0), while a link to a file
  // out of the tree is an error. A link to a directory inside is walked by its own path, as before.
  it("a link found while walking that leads to a directory out of the scanned tree is an input error, not walked; one to a directory inside is not an error", async () => {
    const outside = repo({ "agents.yaml": AGENTS });
    const dir = repo({ "infra/topic.yaml": "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n", "infra/own/agents.yaml": AGENTS });
    symlinkSync(path.relative(path.join(dir, "infra"), outside), path.join(dir, "infra", "shared"));
    symlinkSync(path.dirname(secret()), path.join(dir, "infra", "secrets.json"));
    symlinkSync("own", path.join(dir, "infra", "again"));
    const { code, report } = await scan(dir);
    expect(code).toBe(2);
    expect(report.errors.map((e) => [path.basename(e.file), e.message])).toEqual([
      ["secrets.json", `a link to a directory outside ${dir}: not walked (fail closed); scan the directory it links to by its own path`],
      ["shared", `a link to a directory outside ${dir}: not walked (fail closed); scan the directory it links to by its own path`],
    ]);
    expect(JSON.stringify(report)).not.toContain("EXAMPLESECRET");
    expect(agentSubjects(report)).toEqual(["agents/AgentRole"]);
    // Given as a path of the scan too, the directory is walked there: no error, its role judged once.
    const both = await scan(dir, outside);
    expect(both.report.errors.map((e) => path.basename(e.file))).toEqual(["secrets.json"]);
    const judged = (file: string) => both.report.findings.filter((f) => f.rule === "agent-destructive-prod" && JSON.stringify(f).includes(JSON.stringify(file).slice(1, -1))).length;
    expect([judged(path.join(outside, "agents.yaml")), judged(path.join(dir, "infra", "own", "agents.yaml"))]).toEqual([1, 1]);
  });
  it("a cdk.out template named by itself: its nested stack is read from aws:asset:path when the TemplateURL is CDK's asset URL, never instead of a literal one", async () => {
    const hash = "9e7a2c55d1b84f06a3e1c0b2d4f6a8c0e2b4d6f8a0c2e4f6b8d0a2c4e6f8b0d2";
    const resource = (templateUrl: unknown) => ({
      Type: "AWS::CloudFormation::Stack",
      Properties: { TemplateURL: templateUrl },
      Metadata: { "aws:cdk:path": "OrdersProd/Agents.NestedStack/Agents.NestedStackResource", "aws:asset:path": "OrdersProdAgents5E3B2A1C.nested.template.json", "aws:asset:property": "TemplateURL" },
    });
    const assetUrl = { "Fn::Join": ["", ["https://s3.eu-west-1.", { Ref: "AWS::URLSuffix" }, `/cdk-hnb659fds-assets-111111111111-eu-west-1/${hash}.json`]] };
    const dir = repo({
      "OrdersProd.template.json": JSON.stringify({ Resources: { AgentsNestedStackAgentsNestedStackResource12AB34CD: resource(assetUrl) } }, null, 1),
      "Literal.template.json": JSON.stringify({ Resources: { Agents: resource("https://s3.amazonaws.com/other-bucket/agents.json") } }, null, 1),
      "OrdersProdAgents5E3B2A1C.nested.template.json": JSON.stringify({ Resources: { AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] }, ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] } } } }),
    });
    const cdk = await scan(path.join(dir, "OrdersProd.template.json"));
    expect(cdk.report.errors).toEqual([]);
    expect(agentSubjects(cdk.report)).toEqual(["OrdersProd.AgentsNestedStackAgentsNestedStackResource12AB34CD/AgentRole"]);
    const literal = await scan(path.join(dir, "Literal.template.json"));
    expect(literal.code).toBe(2);
    expect(literal.report.errors.map((e) => e.message.split(" is not read here")[0])).toEqual(["nested stack Agents (AWS::CloudFormation::Stack): its template (https://s3.amazonaws.com/other-bucket/agents.json)"]);
  });
});
