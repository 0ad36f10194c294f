/**
 * Resource-based policies are access too (DESIGN "Who an agent can become"): one test per type,
 * each a template where only the resource's own policy grants the agent role something destructive.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { TemplateInput } from "../../../src/core/cfn/template.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const agent = { "Fn::GetAtt": ["AgentRole", "Arn"] };
const human = { "Fn::GetAtt": ["DeployRole", "Arn"] };

function run(resources: Record<string, unknown>) {
  const value = {
    Resources: {
      AgentRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } },
      DeployRole: { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] } } },
      ...resources,
    },
  };
  const parsed = parseSource(JSON.stringify(value, null, 2));
  const input: TemplateInput = { file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111", terminationProtection: true };
  const { findings, errors } = evaluateTemplates([input], policy, catalogue);
  return { errors, agent: findings.filter((f) => f.rule !== "prod-resource-unprotected") };
}

const statement = (principal: unknown, action: string, resource?: unknown) => ({ Effect: "Allow", Principal: { AWS: principal }, Action: action, ...(resource !== undefined ? { Resource: resource } : {}) });
const retained = { DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain" };

const cases: [string, (p: unknown) => Record<string, unknown>, string, string][] = [
  [
    "S3 bucket policy",
    (p) => ({
      Bucket: { Type: "AWS::S3::Bucket", ...retained },
      BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: [statement(p, "s3:DeleteObject*", { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] })] } } },
    }),
    "s3:DeleteObject",
    "/Resources/BucketPolicy/Properties/PolicyDocument/Statement/0",
  ],
  [
    "KMS key policy (Resource * is the key)",
    (p) => ({ Key: { Type: "AWS::KMS::Key", ...retained, Properties: { KeyPolicy: { Statement: [statement(p, "kms:ScheduleKeyDeletion", "*")] } } } }),
    "kms:ScheduleKeyDeletion",
    "/Resources/Key/Properties/KeyPolicy/Statement/0",
  ],
  [
    "SQS queue policy",
    (p) => ({
      Queue: { Type: "AWS::SQS::Queue", ...retained },
      QueuePolicy: { Type: "AWS::SQS::QueuePolicy", Properties: { Queues: [{ Ref: "Queue" }], PolicyDocument: { Statement: [statement(p, "sqs:DeleteQueue", { "Fn::GetAtt": ["Queue", "Arn"] })] } } },
    }),
    "sqs:DeleteQueue",
    "/Resources/QueuePolicy/Properties/PolicyDocument/Statement/0",
  ],
  [
    "SNS topic policy",
    (p) => ({
      Topic: { Type: "AWS::SNS::Topic" },
      TopicPolicy: { Type: "AWS::SNS::TopicPolicy", Properties: { Topics: [{ Ref: "Topic" }], PolicyDocument: { Statement: [statement(p, "sns:DeleteTopic", { Ref: "Topic" })] } } },
    }),
    "sns:DeleteTopic",
    "/Resources/TopicPolicy/Properties/PolicyDocument/Statement/0",
  ],
  [
    "Secrets Manager resource policy",
    (p) => ({
      Secret: { Type: "AWS::SecretsManager::Secret", ...retained },
      SecretPolicy: { Type: "AWS::SecretsManager::ResourcePolicy", Properties: { SecretId: { Ref: "Secret" }, ResourcePolicy: { Statement: [statement(p, "secretsmanager:DeleteSecret", "*")] } } },
    }),
    "secretsmanager:DeleteSecret",
    "/Resources/SecretPolicy/Properties/ResourcePolicy/Statement/0",
  ],
  [
    "ECR repository policy (no Resource element)",
    (p) => ({ Repo: { Type: "AWS::ECR::Repository", ...retained, Properties: { RepositoryPolicyText: { Statement: [statement(p, "ecr:DeleteRepository")] } } } }),
    "ecr:DeleteRepository",
    "/Resources/Repo/Properties/RepositoryPolicyText/Statement/0",
  ],
  [
    "DynamoDB table resource policy",
    (p) => ({
      Table: { Type: "AWS::DynamoDB::Table", ...retained, Properties: { ResourcePolicy: { PolicyDocument: { Statement: [statement(p, "dynamodb:DeleteTable", "*")] } } } },
    }),
    "dynamodb:DeleteTable",
    "/Resources/Table/Properties/ResourcePolicy/PolicyDocument/Statement/0",
  ],
  [
    "Backup vault access policy",
    (p) => ({ Vault: { Type: "AWS::Backup::BackupVault", ...retained, Properties: { AccessPolicy: { Statement: [statement(p, "backup:DeleteRecoveryPoint", "*")] } } } }),
    "backup:DeleteRecoveryPoint",
    "/Resources/Vault/Properties/AccessPolicy/Statement/0",
  ],
  [
    "Lambda permission",
    (p) => ({
      Fn: { Type: "AWS::Lambda::Function", Properties: { Role: "x", Code: { ZipFile: "x" }, Handler: "index.handler", Runtime: "nodejs20.x" } },
      Permission: { Type: "AWS::Lambda::Permission", Properties: { Action: "lambda:DeleteFunction", FunctionName: { "Fn::GetAtt": ["Fn", "Arn"] }, Principal: p } },
    }),
    "lambda:DeleteFunction",
    "/Resources/Permission/Properties",
  ],
];

describe.each(cases)("%s", (_name, build, action, pointer) => {
  it("grants the agent role named in it: a finding at the statement", () => {
    const { agent: findings, errors } = run(build(agent));
    expect(errors).toEqual([]);
    const destructive = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(destructive?.subject).toBe("OrdersProd/AgentRole");
    expect(destructive?.actions).toContain(action);
    expect(destructive?.evidence.map((e) => e.pointer)).toContain(pointer);
  });

  it("a human role named in it is not an agent: nothing", () => {
    expect(run(build(human)).agent).toEqual([]);
  });
});

describe("resource policy principals", () => {
  it("`Resource: *` in a key policy, a table's resource policy or a backup vault's access policy is that resource", () => {
    const key = run(cases[1]![1](agent)).agent.find((f) => f.rule === "agent-destructive-prod");
    expect(key?.message).toBe("Role AgentRole can delete or replace production resources: kms:ScheduleKeyDeletion on AWS::KMS::Key Key of stack OrdersProd");
    // In a table's resource policy `*` is that table: an action on its backups reaches nothing there.
    const table = run({
      Orders: { Type: "AWS::DynamoDB::Table", ...retained, Properties: { TableName: "orders", ResourcePolicy: { PolicyDocument: { Statement: [statement(agent, "dynamodb:DeleteBackup", "*"), statement(agent, "dynamodb:DeleteTable", "*")] } } } },
    });
    expect(table.errors).toEqual([]);
    expect(table.agent.find((f) => f.rule === "agent-destructive-prod")?.actions).toEqual(["dynamodb:DeleteTable"]);
    const vault = run({ Vault: { Type: "AWS::Backup::BackupVault", ...retained, Properties: { BackupVaultName: "orders", AccessPolicy: { Statement: [statement(agent, "backup:DeleteBackupVault", "*")] } } } });
    expect(vault.errors).toEqual([]);
    expect(vault.agent.find((f) => f.rule === "agent-destructive-prod")?.message).toBe(
      "Role AgentRole can delete or replace production resources: backup:DeleteBackupVault on AWS::Backup::BackupVault Vault of stack OrdersProd",
    );
  });

  it("an agent role outside the template, named by ARN, gets the grant", () => {
    const { agent: findings } = run(cases[0]![1]("arn:aws:iam::111111111111:role/kiro-agent"));
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.subject).toBe("OrdersProd/kiro-agent");
  });

  it("a service principal or the account root grants no role by name", () => {
    const bucketFor = (principal: unknown) => ({
      Bucket: { Type: "AWS::S3::Bucket", ...retained },
      BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: [{ Effect: "Allow", Principal: principal, Action: "s3:DeleteObject", Resource: "*" }] } } },
    });
    expect(run(bucketFor({ Service: "logging.s3.amazonaws.com" })).agent).toEqual([]);
    expect(run(bucketFor({ AWS: "arn:aws:iam::111111111111:root" })).agent).toEqual([]);
  });

  it("a Deny in a resource policy grants nothing", () => {
    const deny = { Effect: "Deny", Principal: { AWS: agent }, Action: "s3:*", Resource: "*" };
    expect(run({ Bucket: { Type: "AWS::S3::Bucket", ...retained }, BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: [deny] } } } }).agent).toEqual([]);
  });
});

describe("a resource policy for anyone (Principal \"*\")", () => {
  const bucket = (principal: unknown, action: string, condition?: Record<string, unknown>) => ({
    Bucket: { Type: "AWS::S3::Bucket", ...retained },
    BucketPolicy: {
      Type: "AWS::S3::BucketPolicy",
      Properties: {
        Bucket: { Ref: "Bucket" },
        PolicyDocument: { Statement: [{ Effect: "Allow", Principal: principal, Action: action, Resource: { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] }, ...(condition ? { Condition: condition } : {}) }] },
      },
    },
  });
  const destructive = (findings: { rule: string; subject: string }[]) => findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);

  it.each(["*", { AWS: "*" }, { AWS: ["*"] }])("%j grants the template's agent role, and every agent role elsewhere", (principal) => {
    const { agent: findings, errors } = run(bucket(principal, "s3:DeleteObject"));
    expect(errors).toEqual([]);
    expect(destructive(findings)).toEqual(["OrdersProd/AgentRole", 'OrdersProd/role of any account (Principal "*")']);
  });

  it("for reading only: nothing to report", () => {
    expect(run(bucket("*", "s3:GetObject")).agent).toEqual([]);
  });

  // Decided first: a parameter or an import names one principal the template cannot see, which may
  // be an agent's (fail closed, as before); the finding names that value, not "any account".
  it.each([
    [{ Ref: "TrustedRoleArn" }, "role named by parameter TrustedRoleArn"],
    [{ "Fn::ImportValue": "Shared-DeployRoleArn" }, "role named by Fn::ImportValue Shared-DeployRoleArn"],
  ])("%j: the role the value names, and every role of the template", (principal, standIn) => {
    const { agent: findings, errors } = run(bucket({ AWS: principal }, "s3:DeleteObject"));
    expect(errors).toEqual([]);
    expect(destructive(findings)).toEqual(["OrdersProd/AgentRole", `OrdersProd/${standIn}`]);
  });

  it("limited by aws:PrincipalArn to a role that is not an agent's: nothing", () => {
    expect(run(bucket("*", "s3:DeleteObject", { StringEquals: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/release-manager" } })).agent).toEqual([]);
    expect(run(bucket("*", "s3:DeleteObject", { ArnEquals: { "aws:PrincipalArn": [human] } })).agent).toEqual([]);
  });

  it("limited by aws:PrincipalArn to a pattern: the template's roles it matches, and any other it may match", () => {
    const named = { ...bucket("*", "s3:DeleteObject", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/kiro-*" } }) };
    const { agent: findings } = run({ ...named, KiroRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "kiro-deployer", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } });
    // AgentRole's name is generated (only its logical id is known), so the pattern may match it too (fail closed).
    expect(destructive(findings)).toEqual(["OrdersProd/AgentRole", "OrdersProd/KiroRole", "OrdersProd/role matching arn:aws:iam::111111111111:role/kiro-*"]);
    // A named role the pattern cannot match is left out.
    const other = run({ ...named, OpsRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "ops-agent", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } });
    expect(destructive(other.agent)).not.toContain("OrdersProd/OpsRole");
  });

  it.each<[string, Record<string, unknown>]>([
    ["the organization", { StringEquals: { "aws:PrincipalOrgID": "o-abc123" } }],
    ["a set operator", { "ForAllValues:StringEquals": { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/release-manager" } }],
    ["a pattern that names no role or user", { StringLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:*" } }],
    ["an unreadable condition", { StringEquals: null }],
  ])("limited by %s: still anyone", (_, condition) => {
    expect(destructive(run(bucket("*", "s3:DeleteObject", condition)).agent)).toContain("OrdersProd/AgentRole");
  });

  it("limited by aws:PrincipalArn to a pattern of roles: users and roles named elsewhere are matched by their ARN", () => {
    const agentTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
    const { agent: findings } = run({
      ...bucket("*", "s3:DeleteObject", { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/kiro-*" } }),
      KiroUser: { Type: "AWS::IAM::User", Properties: { UserName: "kiro-agent-ci" } },
      Queue: { Type: "AWS::SQS::Queue", ...retained },
      QueuePolicy: { Type: "AWS::SQS::QueuePolicy", Properties: { Queues: [{ Ref: "Queue" }], PolicyDocument: { Statement: [statement("arn:aws:iam::111111111111:role/kiro-external-agent", "sqs:SendMessage", "*")] } } },
      Named: { Type: "AWS::IAM::Role", Properties: { RoleName: "kiro-named-agent", AssumeRolePolicyDocument: agentTrust } },
    });
    const subjects = destructive(findings);
    expect(subjects).toEqual(expect.arrayContaining(["OrdersProd/kiro-external-agent", "OrdersProd/Named"]));
    expect(subjects).not.toContain("OrdersProd/KiroUser");
  });
});


describe("principals the template writes with intrinsics or as sessions", () => {
  const objects = { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] };
  const bucketFor = (principal: unknown, extra: Record<string, unknown> = {}) => ({
    Bucket: { Type: "AWS::S3::Bucket", ...retained },
    BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: [statement(principal, "s3:DeleteObject", objects)] } } },
    ...extra,
  });
  const subjects = (resources: Record<string, unknown>) => run(resources).agent.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject);

  // Expected before running: a parameter can name the agent role, so its grant is the worst case;
  // the role a session ARN names holds the session's access.
  it("an ARN built from a parameter may name any role, an agent's included: the template's roles and one for the rest", () => {
    const byParameter = bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRoleName}" });
    expect(subjects(byParameter)).toEqual(["OrdersProd/AgentRole", "OrdersProd/role matching arn:aws:iam::111111111111:role/*"]);
  });

  it("an ARN built from the template's own role (by Ref, or by the same expression as its RoleName) is that role", () => {
    expect(subjects(bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRole}" }))).toEqual(["OrdersProd/AgentRole"]);
    const trust = { Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] };
    // The key-administrator idiom of AWS's sample templates: a human role, named by a parameter on both sides.
    const admin = bucketFor(
      { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/AdministratorAccess-${AppName}" },
      { AdminRole: { Type: "AWS::IAM::Role", Properties: { RoleName: { "Fn::Sub": "AdministratorAccess-${AppName}" }, AssumeRolePolicyDocument: trust } } },
    );
    expect(subjects(admin)).toEqual([]);
    const agentNamed = bucketFor(
      { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AppName}-coding-agent" },
      { AppAgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: { "Fn::Sub": "${AppName}-coding-agent" }, AssumeRolePolicyDocument: trust } } },
    );
    expect(subjects(agentNamed)).toEqual(["OrdersProd/AppAgentRole"]);
    // Another expression than the role's own: it may name any role.
    const other = bucketFor(
      { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/AdministratorAccess-${OtherApp}" },
      { AdminRole: { Type: "AWS::IAM::Role", Properties: { RoleName: { "Fn::Sub": "AdministratorAccess-${AppName}" }, AssumeRolePolicyDocument: trust } } },
    );
    expect(subjects(other)).toEqual(["OrdersProd/AgentRole", "OrdersProd/role matching arn:aws:iam::111111111111:role/AdministratorAccess-*"]);
  });

  it("the same naming for users, GetAtt in its string form, and a name that only ends with a Ref", () => {
    const agentTags = [{ Key: "ai-agent", Value: "claude-code" }];
    const user = bucketFor(
      { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:user/${AppName}-bot" },
      { BotUser: { Type: "AWS::IAM::User", Properties: { UserName: { "Fn::Sub": "${AppName}-bot" }, Tags: agentTags } } },
    );
    expect(subjects(user)).toEqual(["OrdersProd/BotUser"]);
    expect(subjects(bucketFor({ "Fn::GetAtt": "AgentRole.Arn" }))).toEqual(["OrdersProd/AgentRole"]);
    // `ci-${AgentRole}` is another role, whose name only contains the agent role's.
    const named = { AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } } };
    expect(subjects(bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/ci-${AgentRole}" }, named))).toEqual(["OrdersProd/ci-coding-agent"]);
    expect(subjects(bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRole}-backup" }, named))).toEqual(["OrdersProd/coding-agent-backup"]);
    // A role ARN built from a user's Ref names a role of that name, not the user.
    const userRef = bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${BotUser}" }, { BotUser: { Type: "AWS::IAM::User", Properties: { UserName: "deploy-bot", Tags: agentTags } } });
    expect(subjects(userRef)).toEqual([]);
  });

  it("a principal standing for roles named by a parameter also gets what Principal \"*\" grants, whichever policy comes first", () => {
    const queue = {
      Queue: { Type: "AWS::SQS::Queue", ...retained },
      QueuePolicy: { Type: "AWS::SQS::QueuePolicy", Properties: { Queues: [{ Ref: "Queue" }], PolicyDocument: { Statement: [statement("*", "sqs:DeleteQueue", { "Fn::GetAtt": ["Queue", "Arn"] })] } } },
    };
    const bucket = bucketFor({ "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${AgentRoleName}" });
    const expected = [
      ["OrdersProd/AgentRole", ["s3:DeleteObject", "sqs:DeleteQueue"]],
      ["OrdersProd/role matching arn:aws:iam::111111111111:role/*", ["s3:DeleteObject", "sqs:DeleteQueue"]],
      ['OrdersProd/role of any account (Principal "*")', ["sqs:DeleteQueue"]],
    ];
    for (const resources of [{ ...bucket, ...queue }, { ...queue, ...bucket }]) {
      expect(run(resources).agent.filter((f) => f.rule === "agent-destructive-prod").map((f) => [f.subject, f.actions])).toEqual(expected);
    }
  });

  it("an ARN built from a parameter for users does not name the template's roles", () => {
    const users = bucketFor({ "Fn::Join": ["", ["arn:aws:iam::111111111111:user/", { Ref: "AgentUserName" }]] });
    expect(subjects(users)).toEqual(["OrdersProd/user matching arn:aws:iam::111111111111:user/*"]);
  });

  it("a wildcard written in a principal ARN names no one (IAM rejects the policy)", () => {
    expect(subjects(bucketFor("arn:aws:iam::111111111111:role/*"))).toEqual([]);
  });

  it("a session of a role (sts assumed-role ARN) grants that role", () => {
    expect(subjects(bucketFor("arn:aws:sts::111111111111:assumed-role/kiro-agent/session-42"))).toEqual(["OrdersProd/kiro-agent"]);
    const local = bucketFor("arn:aws:sts::111111111111:assumed-role/coding-agent/pr-review", {
      AgentRole: { Type: "AWS::IAM::Role", Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] } } },
    });
    expect(subjects(local)).toEqual(["OrdersProd/AgentRole"]);
  });

  it("a session of a human role is not an agent's: nothing", () => {
    expect(subjects(bucketFor("arn:aws:sts::111111111111:assumed-role/release-manager/alice"))).toEqual([]);
  });
});

describe("statements under Fn::If in a resource policy", () => {
  const objects = { "Fn::Join": ["", [{ "Fn::GetAtt": ["Bucket", "Arn"] }, "/*"]] };
  const bucketWith = (statements: unknown) => ({
    Bucket: { Type: "AWS::S3::Bucket", ...retained },
    BucketPolicy: { Type: "AWS::S3::BucketPolicy", Properties: { Bucket: { Ref: "Bucket" }, PolicyDocument: { Statement: statements } } },
  });
  const noValue = { Ref: "AWS::NoValue" };

  // Expected before running: either branch may be deployed, so a grant in one is a grant.
  it("a statement in either branch grants, with the branch as evidence", () => {
    const { agent: findings, errors } = run(bucketWith([{ "Fn::If": ["IsProd", statement(agent, "s3:DeleteObject", objects), noValue] }]));
    expect(errors).toEqual([]);
    const finding = findings.find((f) => f.rule === "agent-destructive-prod");
    expect(finding?.subject).toBe("OrdersProd/AgentRole");
    expect(finding?.evidence.map((e) => e.pointer)).toContain("/Resources/BucketPolicy/Properties/PolicyDocument/Statement/0/Fn::If/1");
    const second = run(bucketWith([statement(human, "s3:GetObject", objects), { "Fn::If": ["IsProd", noValue, statement(agent, "s3:DeleteObject", objects)] }]));
    expect(second.agent.find((f) => f.rule === "agent-destructive-prod")?.evidence.map((e) => e.pointer)).toContain(
      "/Resources/BucketPolicy/Properties/PolicyDocument/Statement/1/Fn::If/2",
    );
  });

  it("a whole Statement list under Fn::If: both lists count", () => {
    const { agent: findings } = run(bucketWith({ "Fn::If": ["IsProd", [statement(human, "s3:DeleteObject", objects)], [statement(agent, "s3:DeleteObject", objects)]] }));
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toEqual(["OrdersProd/AgentRole"]);
  });

  it("a principal list with an Fn::If: whoever either branch names", () => {
    const { agent: findings } = run(bucketWith([statement([human, { "Fn::If": ["IsProd", agent, noValue] }], "s3:DeleteObject", objects)]));
    expect(findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.subject)).toEqual(["OrdersProd/AgentRole"]);
  });

  it("an Action under Fn::If: the destructive branch counts", () => {
    const { agent: findings } = run(bucketWith([statement(agent, { "Fn::If": ["IsProd", "s3:GetObject", "s3:DeleteObject"] } as unknown as string, objects)]));
    expect(findings.find((f) => f.rule === "agent-destructive-prod")?.actions).toEqual(["s3:DeleteObject"]);
  });
});
