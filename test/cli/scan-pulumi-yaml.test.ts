/**
 * Pulumi YAML programs met by `scan`. Shapes from the pulumi-aws provider's documentation examples
 * (pulumi/pulumi-aws, Apache-2.0: the VPC flow log example's `exampleRole` of `type: aws:iam:Role`
 * with an `assumeRolePolicy` block and an `aws:iam:RolePolicy`), written here. Decided before
 * running:
 * - a program whose role named like an agent gets AdministratorAccess by an
 *   `aws:iam:RolePolicyAttachment`: an input error at the first IAM resource naming them all
 *   (exit 2), walked or named, the template beside it still judged; before: walked, skipped as no
 *   input (exit 0 beside a clean template), named, "not a recognized input";
 * - the same with a resource of another package whose token has no module (`docker:Image`, as
 *   pulumi/examples aws-yaml-langserve/Pulumi.yaml @ 530a7e1 builds its image beside two
 *   aws:iam:Role): the same error (before this was checked, the program was taken for no program);
 * - a program with a bucket only (pulumi/examples aws-yaml-static-website's shape): no IAM, skipped;
 * - a file whose `resources` is no program (a container's `resources: {limits: ...}`): skipped.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { main } from "../../src/cli/main.js";

interface JsonReport {
  findings: { rule: string }[];
  errors: { file: string; line?: number; message: string }[];
  notes?: string[];
}

async function scan(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "ag-pulumi-out-")), "report.json");
  const code = await main(["scan", ...args, "--format", "json", "--output", out]);
  return { code, report: JSON.parse(readFileSync(out, "utf8")) as JsonReport };
}

const agentProgram = `name: coding-agent
runtime: yaml
resources:
  image:
    type: docker:Image
  agentRole:
    type: aws:iam:Role
    properties:
      name: claude-code-agent
      assumeRolePolicy: |
        {
          "Version": "2012-10-17",
          "Statement": [{ "Effect": "Allow", "Principal": { "Service": "codebuild.amazonaws.com" }, "Action": "sts:AssumeRole" }]
        }
  admin:
    type: aws:iam/rolePolicyAttachment:RolePolicyAttachment
    properties:
      role: \${agentRole.name}
      policyArn: arn:aws:iam::aws:policy/AdministratorAccess
`;
const bucketProgram = `name: static-website\nruntime: yaml\nresources:\n  site-bucket:\n    type: aws:s3:BucketV2\n`;
const containerResources = `name: worker\nresources:\n  limits:\n    cpu: 500m\n    memory: 128Mi\n`;
const cleanTemplate = JSON.stringify({ Resources: { Queue: { Type: "AWS::SQS::Queue", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" } } });

test("a Pulumi YAML program declaring an agent role and its AdministratorAccess: an input error at the role, walked or named, not skipped", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-pulumi-"));
  writeFileSync(path.join(dir, "Pulumi.yaml"), agentProgram);
  writeFileSync(path.join(dir, "queue.json"), cleanTemplate);
  const walked = await scan([dir]);
  expect(walked.code).toBe(2);
  expect(walked.report.errors).toEqual([
    {
      file: path.join(dir, "Pulumi.yaml"),
      line: 6,
      message: expect.stringMatching(/^a Pulumi YAML program declaring AWS IAM resources \(agentRole \(aws:iam:Role\), admin \(aws:iam\/rolePolicyAttachment:RolePolicyAttachment\)\), which are not read: .*not evaluated \(fail closed\); judge the deployed account with agent-guardrail audit$/),
    },
  ]);
  const named = await scan([path.join(dir, "Pulumi.yaml")]);
  expect(named.code).toBe(2);
  expect(named.report.errors.map((e) => e.line)).toEqual([6]);
});

test("a Pulumi program without IAM and a file whose resources are no program are skipped as before", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "ag-pulumi-"));
  writeFileSync(path.join(dir, "Pulumi.yaml"), bucketProgram);
  writeFileSync(path.join(dir, "worker.yaml"), containerResources);
  writeFileSync(path.join(dir, "queue.json"), cleanTemplate);
  const { code, report } = await scan([dir]);
  expect(code).toBe(0);
  expect(report.errors).toEqual([]);
  expect(report.notes).toContainEqual(expect.stringContaining("2 files found while walking directories are not a recognized input"));
});
