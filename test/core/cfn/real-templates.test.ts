/**
 * Public hand-written CloudFormation templates (test/fixtures/cfn/real/README.md: source, commit,
 * licence, and the verdicts decided from reading each one before running): policies under Fn::If
 * are read in every form they may be deployed in, without input errors.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { expandForEach } from "../../../src/core/cfn/foreach.js";
import { readTemplate, type TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource, SourceParseError } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const dir = path.join(import.meta.dirname, "../../fixtures/cfn/real");

function input(name: string): TemplateInput {
  const file = path.join(dir, name);
  const parsed = parseSource(readFileSync(file, "utf8"));
  return { file, value: parsed.value, lineOf: parsed.lineOf, stackName: "Production", account: "111111111111" };
}

function agentFindings(name: string) {
  const { findings, errors } = evaluateTemplates([input(name)], policy, catalogue);
  return { errors, agent: findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => [f.rule, f.subject, f.actions]) };
}

test("widdix state/s3.yaml: the bucket policy's statements under Fn::If grant anyone reading and writing objects, nothing destructive", () => {
  const read = readTemplate(input("widdix-state-s3.yaml"), policy);
  expect(read.errors).toEqual([]);
  const anyone = read.iam.principals.find((p) => p.name === 'role of any account (Principal "*")');
  const bucketPolicy = anyone?.policies.find((s) => s.name === "AWS::S3::BucketPolicy BucketPolicy");
  expect(bucketPolicy?.statementOrigins?.map((o) => o.pointer)).toEqual(
    [2, 3, 4, 14].map((i) => `/Resources/BucketPolicy/Properties/PolicyDocument/Statement/${i}/Fn::If/1`),
  );
  expect(agentFindings("widdix-state-s3.yaml")).toEqual({ errors: [], agent: [] });
});

test("widdix jenkins2-ha-agents.yaml: inline policies under Fn::If are read; the agent role may assume any role", () => {
  expect(agentFindings("widdix-jenkins-jenkins2-ha-agents.yaml")).toEqual({
    errors: [],
    agent: [["agent-privilege-escalation", "Production/AgentIAMRole", ["sts:AssumeRole"]]],
  });
});

test("widdix ecs/cluster.yaml: the instance role's inline policy under Fn::If is read, no agent role", () => {
  const read = readTemplate(input("widdix-ecs-cluster.yaml"), policy);
  const role = read.iam.principals.find((p) => p.subject === "Production/Role");
  expect(role?.policies.map((s) => [s.name, s.evidence.pointer])).toContainEqual(["ssm", "/Resources/Role/Properties/Policies/0/Fn::If/1/PolicyDocument"]);
  expect(agentFindings("widdix-ecs-cluster.yaml")).toEqual({ errors: [], agent: [] });
});

test("buildkite elastic-ci-stack aws-stack.yml: StopBuildkiteAgentsRole is named for Buildkite's agent software, no role is an AI agent's", () => {
  const { errors, agent } = agentFindings("buildkite-elastic-ci-stack-aws-stack.yml");
  expect(agent).toEqual([]);
  expect(errors).toEqual([]);
  // The role is read, and it can run commands on the instances: only its name decided.
  const read = readTemplate(input("buildkite-elastic-ci-stack-aws-stack.yml"), policy);
  const stopper = read.iam.principals.find((p) => p.subject === "Production/StopBuildkiteAgentsRole");
  expect(stopper?.policies.flatMap((s) => JSON.stringify(s.document).match(/ssm:SendCommand/g) ?? [])).toContain("ssm:SendCommand");
});

test("aws-samples ExecutionRoleBuilder example: a macro writes the role's policies, so the template is an input error at its Transform", () => {
  const { findings, errors } = evaluateTemplates([input("aws-samples-execution-role-builder-example.yaml")], policy, catalogue);
  expect(errors.map((e) => [e.line, e.message.split(":")[0]])).toEqual([[8, "Transform ExecutionRoleBuilder rewrites the template before it is deployed, and agent-guardrail cannot see what it adds (fail closed)"]]);
  expect(findings.filter((f) => f.rule !== "prod-resource-unprotected")).toEqual([]);
});

test("aws-samples Count macro (SAM): a function that cannot be an agent's needs no processed template", () => {
  expect(agentFindings("aws-samples-count-macro-sam.yaml")).toEqual({ errors: [], agent: [] });
});

test("aws-cloudformation-templates fn-foreach-ddb.yaml: each table the loop makes is unprotected, at the loop's fragment", () => {
  const { findings, errors } = evaluateTemplates([input("aws-samples-fn-foreach-ddb.yaml")], policy, catalogue);
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.subject !== "Production").map((f) => [f.rule, f.subject, f.evidence[0]?.line, f.evidence[0]?.pointer])).toEqual(
    ["Leaderboard", "Name", "Points", "Score"].map((name) => ["prod-resource-unprotected", `Production/DynamoDB${name}`, 14, `/Resources/DynamoDB${name}`]),
  );
});

test("aws-cloudformation-templates fn-foreach-s3-outputs.yaml: the buckets the loop makes retain; the outputs' GetAtt names each bucket", () => {
  const template = input("aws-samples-fn-foreach-s3-outputs.yaml");
  const { findings, errors } = evaluateTemplates([template], policy, catalogue);
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.subject !== "Production")).toEqual([]);
  const read = readTemplate(expandForEach(template).input, policy);
  expect(Object.keys(read.resources)).toEqual(["S3BucketA", "S3BucketB", "S3BucketC"]);
  expect((expandForEach(template).input.value as { Outputs: unknown }).Outputs).toEqual(
    Object.fromEntries(["A", "B", "C"].map((id) => [`S3Bucket${id}Arn`, { Value: { "Fn::GetAtt": [`S3Bucket${id}`, "Arn"] } }])),
  );
});

test("aws-cloudformation-templates StackSets common-resources: its Rain module is an input error in YAML and in JSON, the queue beside it is still judged", () => {
  const refused = (() => {
    try {
      return input("aws-samples-stacksets-common-resources.yaml");
    } catch (error) {
      return error;
    }
  })();
  expect(refused).toBeInstanceOf(SourceParseError);
  expect([(refused as SourceParseError).line, (refused as SourceParseError).message.split(":")[0]]).toEqual([17, "!Rain"]);
  const { findings, errors } = evaluateTemplates([input("aws-samples-stacksets-common-resources.json")], policy, catalogue);
  expect(errors.map((e) => [e.line, e.message.split(":").slice(0, 3).join(":")])).toEqual([[11, "resource Storage is a Rain module (Rain::Module)"]]);
  expect(findings.filter((f) => f.subject !== "Production").map((f) => [f.rule, f.subject])).toEqual([["prod-resource-unprotected", "Production/TestQ"]]);
});

test("aws-samples serverless-patterns cw-sns-secretsmanager: the console's default topic policy names the stack's own account (AWS: !Ref AWS::AccountId), not anyone", () => {
  // Read as a loose file: the account is not known, and the Ref used to read as "*".
  const file = path.join(dir, "aws-samples-serverless-patterns-cw-sns-secretsmanager.yaml");
  const parsed = parseSource(readFileSync(file, "utf8"));
  const { findings, errors } = evaluateTemplates([{ file, value: parsed.value, lineOf: parsed.lineOf }], policy, catalogue);
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.rule !== "prod-resource-unprotected")).toEqual([]);
});

test("awslabs aws-deployment-framework OrganizationAccountAccessRole.yaml: the member role trusts the administrator account passed as a 12-character parameter, no agent", () => {
  // AdministratorAccess, trusting `AWS: !Ref AdministratorAccountId` (MinLength 12, MaxLength 12):
  // an account id, whose own IAM decides who assumes the role. Before the fix the parameter read as
  // "*", and the role was reported as an agent's that can delete and escalate.
  expect(agentFindings("awslabs-adf-organization-account-access-role.yaml")).toEqual({ errors: [], agent: [] });
});

test("awslabs aws-deployment-framework template.yml: OrganizationsRole trusts the jump role kept in a Parameter Store parameter, no agent", () => {
  // `AWS: !GetAtt CrossAccountJumpRoleArn.Value`, an AWS::SSM::Parameter whose Value is the jump
  // role's ARN (!Sub ...:role/adf/account-bootstrapping/jump/adf-bootstrapping-cross-account-jump-role).
  // Before the fix the attribute read as "*": OrganizationsRole was an agent's (it may delete stacks,
  // VPCs and roles), and every principal of the bucket policy could become it (5 errors).
  expect(agentFindings("awslabs-adf/template.yml")).toEqual({ errors: [], agent: [] });
  const read = readTemplate(input("awslabs-adf/template.yml"), policy);
  const role = read.iam.principals.find((p) => p.subject === "Production/OrganizationsRole");
  expect(JSON.stringify(role?.trustPolicy?.document)).toContain("arn:aws:iam::111111111111:role/adf/account-bootstrapping/jump/adf-bootstrapping-cross-account-jump-role");
});

test("aws-cloudformation-templates StackSets common-resources-stackset.yaml: the stack set's TemplateBody is judged in its stacks, cited at the TemplateBody", () => {
  // The body (a YAML block) makes a queue and three buckets without DeletionPolicy in every account
  // of an organizational unit, and a replication role only S3 assumes: no agent, four unprotected
  // stores (the accounts are not named, so they may be production). Before, the body was not read.
  const { findings, errors } = evaluateTemplates([input("aws-samples-stacksets-common-resources-stackset.yaml")], policy, catalogue);
  expect(errors).toEqual([]);
  expect(findings.filter((f) => f.rule !== "prod-resource-unprotected")).toEqual([]);
  const unprotectedInBody = findings.filter((f) => f.rule === "prod-resource-unprotected" && f.subject.startsWith("StackSet-"));
  expect(unprotectedInBody.map((f) => [f.subject, f.evidence[0]?.line, f.evidence[0]?.pointer])).toEqual([
    ["StackSet-common-resources/StorageBucket", 22, "/Resources/StackSet/Properties/TemplateBody/Resources/StorageBucket"],
    ["StackSet-common-resources/StorageLogBucket", 22, "/Resources/StackSet/Properties/TemplateBody/Resources/StorageLogBucket"],
    ["StackSet-common-resources/StorageReplicaBucket", 22, "/Resources/StackSet/Properties/TemplateBody/Resources/StorageReplicaBucket"],
    ["StackSet-common-resources/TestQ", 22, "/Resources/StackSet/Properties/TemplateBody/Resources/TestQ"],
  ]);
});

/**
 * slashdevops/idp-scim-sync extras/infra (README.md: source, commit, licence): six stacks, the
 * GitHub OIDC role in one, its ECR and SAM policies in two others by Fn::ImportValue of its name,
 * the SAM artifact bucket in a fourth. Verdicts decided before running (default config, every
 * stack production):
 * - the role trusts every branch of `slashdevops/idp-scim-sync` (`repo:…:*`), so it is an agent's;
 *   its policies push to the public ECR repository, read and write the SAM artifact bucket and
 *   publish to the Serverless Application Repository: nothing destructive, no escalation path.
 * - As published, though, every export and import name is built from a parameter
 *   (`!Sub "${GithubOpenidRoleStackExportName}:RoleName"`), and a parameter's default says nothing
 *   (a deploy may pass any text): the SAM policy's role may be any role and its bucket any bucket,
 *   so its s3:PutObject counts for the CDK asset and Glue script paths (fail closed). I had not
 *   foreseen that; the reading follows the documented rule, and the finding says why.
 * - With the defaults written into the names (our variant, as `aws cloudformation deploy` with the
 *   defaults deploys them): the policies join the role (one agent's role) and the bucket is the
 *   input's own: no agent finding. Before 6fc322b: s3:PutObject on that bucket counted for both
 *   paths, the import having lost that the input creates it.
 */
describe("slashdevops/idp-scim-sync: one role's policies in three stacks", () => {
  const folder = path.join(dir, "slashdevops-idp-scim-sync");
  const stacks = (defaults: boolean): TemplateInput[] =>
    readdirSync(folder)
      .filter((f) => f.endsWith(".template"))
      .map((f) => {
        let text = readFileSync(path.join(folder, f), "utf8");
        if (defaults) {
          const own = /StackExportName:\n(?:.*\n)*? {4}Default: (\S+)/.exec(text)?.[1];
          text = text.replace(/!Sub "\$\{StackExportName\}:/g, `"${own ?? ""}:`);
          for (const [parameter, value] of [["GithubOpenidRoleStackExportName", "slashdevops-iam-role-idp-scim-sync"], ["GithubOpenidStackExportName", "slashdevops-iam-oidc-github-provider"], ["S3BucketStackExportName", "slashdevops-s3-idp-scim-sync-sam"], ["EcrRepositoryStackExportName", "slashdevops-ecr-repo-idp-scim-sync"]]) {
            text = text.replaceAll(`!Sub "\${${parameter}}:`, `"${value}:`);
          }
        }
        const parsed = parseSource(text);
        return { file: path.join(folder, f), value: parsed.value, lineOf: parsed.lineOf };
      });
  const agent = (templates: TemplateInput[]) => {
    const { findings, errors } = evaluateTemplates(templates, policy, catalogue);
    expect(errors).toEqual([]);
    return findings.filter((f) => f.rule !== "prod-resource-unprotected").map((f) => `${f.rule} ${f.subject}: ${/\(path [^)]*\)/g.exec(f.message)?.[0] ?? ""}`);
  };

  test("as published: the SAM policy's role and bucket are named by parameters, its s3:PutObject counts (fail closed)", () => {
    expect(agent(stacks(false))).toEqual(["agent-privilege-escalation 5_cfn-slashdevops-iam-policy-idp-scim-sync-sam.template/role named by Fn::ImportValue *:RoleName: (path s3-overwrite-cdk-asset)"]);
  });

  test("with the parameters' defaults in the names: one agent's role, writing the input's own bucket, no finding", () => {
    expect(agent(stacks(true))).toEqual([]);
  });
});

describe("awslabs/awsome-distributed-training HyperPod EKS: AmazonEKSClusterAdminPolicy through AWS::EKS::AccessEntry", () => {
  test("helm-chart-stack.yaml: the Helm installer's Lambda role gets cluster admin, no agent", () => {
    expect(agentFindings("awslabs-awsome-distributed-training-hyperpod-eks-helm-chart-stack.yaml")).toEqual({ errors: [], agent: [] });
  });
  test("eks-cluster-stack.yaml: cluster admin for a role a parameter or an unread export names may be an agent's (fail closed), citing both entries", () => {
    const name = "awslabs-awsome-distributed-training-hyperpod-eks-eks-cluster-stack.yaml";
    const { findings, errors } = evaluateTemplates([input(name)], policy, catalogue);
    expect(errors).toEqual([]);
    const agent = findings.filter((f) => f.rule !== "prod-resource-unprotected");
    // Each unresolvable PrincipalArn is named by what it is (before: both were "Role of any account (Principal "*")").
    expect(agent.map((f) => `${f.rule} ${f.subject.split("/")[1]}`).sort()).toEqual([
      "agent-destructive-prod role named by Fn::ImportValue *-SageMakerStudioExecutionRoleArn",
      "agent-destructive-prod role named by parameter ParticipantRoleArn",
      "agent-privilege-escalation role named by Fn::ImportValue *-SageMakerStudioExecutionRoleArn",
      "agent-privilege-escalation role named by parameter ParticipantRoleArn",
    ]);
    const pointers = (subject: string) => agent.filter((f) => f.subject.endsWith(subject)).flatMap((f) => f.evidence.map((e) => e.pointer));
    expect(pointers("parameter ParticipantRoleArn")).toContain("/Resources/UserAccessEntry/Properties/AccessPolicies/0");
    expect(pointers("SageMakerStudioExecutionRoleArn")).toContain("/Resources/SMCodeEditorAccessEntry/Properties/AccessPolicies/0");
    // The parameter may name the role the import names (fail closed): its stand-in holds both entries.
    expect(pointers("parameter ParticipantRoleArn")).toContain("/Resources/SMCodeEditorAccessEntry/Properties/AccessPolicies/0");
    for (const f of agent) expect(f.message).toContain("AmazonEKSClusterAdminPolicy on EKS cluster EKSCluster (cluster scope, access entry)");
  });
});
