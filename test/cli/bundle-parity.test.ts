/**
 * The bundled command line (package.json "bin") reaches the same report, byte for byte, as the
 * compiled modules it is built from (dist/cli/bin.js, which loads its packages from
 * node_modules). The bundle compiles in the ES module build of the YAML parser (smaller, so a
 * scan starts faster): every YAML feature CloudFormation templates use, and YAML that is not
 * valid, must read the same, with the same lines and the same error messages.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { bin: Record<string, string> };
const bundled = path.join(root, pkg.bin["agent-guardrail"] as string);
const compiled = path.join(root, "dist/cli/bin.js");

const agentRole = `  KiroAgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "kiro-agent-\${Env}"
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: bedrock.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: data
          PolicyDocument:
            Version: "2012-10-17"
            Statement: &statements
              - Sid: Tables
                Effect: Allow
                Action: [dynamodb:DeleteTable, "dynamodb:Update*"]
                Resource: !GetAtt OrdersTable.Arn
              - Effect: Allow
                Action:
                  - rds:DeleteDBCluster
                Resource: !Join [":", ["arn:aws:rds", !Ref "AWS::Region", !Ref "AWS::AccountId", "cluster:orders-prod"]]
`;

const templates: Record<string, string> = {
  "features.template.yaml": `AWSTemplateFormatVersion: "2010-09-09"
# A comment before the description
Description: >-
  Orders service (production),
  folded over two lines
Parameters:
  Env: { Type: String, Default: prod }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  OrdersTable:
    Type: "AWS::DynamoDB::Table"
    DeletionPolicy: Delete
    Properties:
      TableName: !Sub orders-\${Env}
      BillingMode: PAY_PER_REQUEST
      KeySchema: [{ AttributeName: pk, KeyType: HASH }]
      AttributeDefinitions:
        - { AttributeName: pk, AttributeType: S }
  Notes:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: |
        literal block
          kept as written
      Description: 'single ''quoted'' text'
${agentRole}  SecondRole:
    Type: AWS::IAM::Role
    Condition: IsProd
    Properties:
      RoleName: copilot-agent-prod
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Principal: { AWS: !Sub "arn:aws:iam::\${AWS::AccountId}:root" }, Action: "sts:AssumeRole" }]
      Policies:
        - PolicyName: same-as-the-first
          PolicyDocument:
            Version: "2012-10-17"
            Statement: *statements
`,
  // A key written twice is read as its last value (as CloudFormation does); two spellings of one name are not.
  "duplicate-key.template.yaml": `Resources:
  1:
    Type: AWS::S3::Bucket
  "1":
    Type: AWS::S3::Bucket
`,
  "bad-indent.template.yaml": `Resources:
  Bucket:
    Type: AWS::S3::Bucket
   Properties: {}
`,
  "unclosed-flow.template.yaml": `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties: { RoleName: [kiro-agent
`,
  "two-documents.template.yaml": `Resources: {}
---
Resources: {}
`,
  "unknown-tag.template.yaml": `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !NotATag orders-prod
`,
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "ag-bundle-parity-"));
  for (const [name, text] of Object.entries(templates)) writeFileSync(path.join(dir, name), text);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scan(entry: string, paths: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [entry, "scan", "--format", "json", ...paths], { cwd: root, encoding: "utf8" });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

test("templates, policies and dashboards of examples/ and the YAML fixtures: the same report", () => {
  const paths = ["examples/templates", "examples/iam", "examples/dashboards", "test/fixtures/cfn/prod-agent.template.yaml", "test/fixtures/dashboards/real", "test/fixtures/dashboards/handmade/datadog-cursor-adoption.yaml"];
  const fromBundle = scan(bundled, paths);
  // Exit 2: one of the real dashboards has no panels (an input error), beside 30 findings.
  expect(fromBundle.status).toBe(2);
  expect((JSON.parse(fromBundle.stdout) as { findings: unknown[] }).findings.length).toBeGreaterThan(20);
  expect(fromBundle).toEqual(scan(compiled, paths));
});

test("every YAML feature templates use, and YAML that is not valid: the same findings, lines and errors", () => {
  const fromBundle = scan(bundled, [dir]);
  const report = JSON.parse(fromBundle.stdout) as { findings: { evidence: { file: string; line?: number }[] }[]; errors: { file: string; line?: number; message: string }[] };
  // Not vacuous: the valid template has findings with lines, and each broken one an error.
  expect(report.findings.some((f) => f.evidence.some((e) => e.file.endsWith("features.template.yaml") && (e.line ?? 0) > 20))).toBe(true);
  for (const name of ["duplicate-key", "bad-indent", "unclosed-flow", "two-documents", "unknown-tag"]) expect(report.errors.some((e) => e.file.endsWith(`${name}.template.yaml`))).toBe(true);
  expect(fromBundle).toEqual(scan(compiled, [dir]));
});
