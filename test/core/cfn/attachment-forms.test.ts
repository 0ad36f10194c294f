/**
 * Issue 15 item 1, form by form: a policy attached to principals (Roles/Users/Groups of
 * AWS::IAM::Policy and AWS::IAM::ManagedPolicy) or attached to a role (ManagedPolicyArns) through
 * a parameter Ref, Fn::ImportValue, Fn::If, Fn::GetAtt or Fn::Sub is evaluated (the attachment
 * resolved, or the worst case: an agent principal, an unverifiable policy), never dropped.
 * The templates are written the way CloudFormation users write them (YAML short forms); the
 * expected verdicts are written from the templates, before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import type { Finding } from "../../../src/core/finding.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

const HEAD = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Environment:
    Type: String
    AllowedValues: [dev, prod]
  AgentRoleName:
    Type: String
    Default: ""
  DeployPolicyArn:
    Type: String
  NetworkStackName:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
  HasAgentRole: !Not [!Equals [!Ref AgentRoleName, ""]]
Resources:
`;
const DELETE_TABLE = `      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:DeleteTable
            Resource: "*"
`;
const READ_ITEMS = DELETE_TABLE.replace("dynamodb:DeleteTable", "dynamodb:GetItem");
const EC2_TRUST = `      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: ec2.amazonaws.com }
            Action: sts:AssumeRole
`;
const agentRole = (extra = "") => `  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: kiro-agent
${EC2_TRUST}${extra}`;

function evaluate(resources: string) {
  const text = HEAD + resources;
  const parsed = parseSource(text);
  const result = evaluateTemplates([{ file: "orders.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111", terminationProtection: true }], policy, catalogue);
  return { ...result, line: (needle: string) => text.split("\n").findIndex((l) => l.includes(needle)) + 1 };
}
const verdicts = (findings: Finding[]) => findings.map((f) => [f.rule, f.subject]);

describe("Roles/Users/Groups of AWS::IAM::Policy and AWS::IAM::ManagedPolicy", () => {
  it("a parameter Ref in Users of a ManagedPolicy: a user evaluated as an agent's, with the attachment's line", () => {
    const { findings, errors, line } = evaluate(`  OrdersAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${DELETE_TABLE}      Users:
        - !Ref AgentRoleName
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/user named by parameter AgentRoleName"]]);
    expect(findings[0]?.evidence.at(-1)).toMatchObject({ file: "orders.yaml", line: line("- !Ref AgentRoleName"), pointer: "/Resources/OrdersAdmin/Properties/Users/0" });
  });

  it("Fn::ImportValue of an Fn::Sub export name (another stack's role): the worst case", () => {
    const { findings, errors, line } = evaluate(`  OrdersAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
${DELETE_TABLE}      Roles:
        - Fn::ImportValue: !Sub "\${NetworkStackName}-AgentRoleName"
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/role named by Fn::ImportValue *-AgentRoleName"]]);
    expect(findings[0]?.evidence.at(-1)).toMatchObject({ line: line("Fn::ImportValue"), pointer: "/Resources/OrdersAdmin/Properties/Roles/0" });
  });

  it("Fn::If choosing a parameter role or AWS::NoValue: the parameter's role is evaluated, at the branch's line", () => {
    const { findings, errors, line } = evaluate(`  OrdersAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
${DELETE_TABLE}      Roles:
        - !If [HasAgentRole, !Ref AgentRoleName, !Ref AWS::NoValue]
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/role named by parameter AgentRoleName"]]);
    expect(findings[0]?.evidence.at(-1)).toMatchObject({ line: line("- !If [HasAgentRole"), pointer: "/Resources/OrdersAdmin/Properties/Roles/0/Fn::If/1" });
  });

  it("Fn::If over the whole list: both branches get the policy, so the agent role of either branch is flagged", () => {
    const template = `${agentRole()}  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-batch-worker
${EC2_TRUST}  OrdersAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${DELETE_TABLE}      Roles: !If [IsProd, [!Ref Worker], [!Ref AgentRole]]
`;
    const { findings, errors } = evaluate(template);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
    expect(findings[0]?.evidence[0]?.pointer).toBe("/Resources/OrdersAdmin/Properties/PolicyDocument/Statement/0");
    // The same list with a read-only policy: the worst case is evaluated, not assumed guilty.
    expect(evaluate(template.replace(DELETE_TABLE, READ_ITEMS)).findings).toEqual([]);
  });

  it("Fn::GetAtt of a nested stack's output (what CDK writes for a role made in a nested stack): the worst case", () => {
    const { findings, errors } = evaluate(`  RoleStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/templates/roles.yaml
  OrdersAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
${DELETE_TABLE}      Roles:
        - !GetAtt RoleStack.Outputs.AgentRoleName
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/role named *"]]);
    expect(findings[0]?.evidence.at(-1)?.pointer).toBe("/Resources/OrdersAdmin/Properties/Roles/0");
  });

  it("Fn::GetAtt of a role of the template is that role, whatever its name says (an agent by tag)", () => {
    const { findings, errors } = evaluate(`  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-batch-worker
${EC2_TRUST}      Tags:
        - { Key: agent, Value: claude-code }
  OrdersAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
${DELETE_TABLE}      Roles:
        - !GetAtt Worker.Arn
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/Worker"]]);
  });

  it("Fn::Sub with a parameter in a user name and in a group name: the worst case for each", () => {
    const { findings, errors, line } = evaluate(`  OrdersAdmin:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${DELETE_TABLE}      Users:
        - !Sub "\${Environment}-deployer"
      Groups:
        - !Sub "\${Environment}-admins"
`);
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/user a member of group named *-admins"],
      ["agent-destructive-prod", "OrdersProd/user named *-deployer"],
    ]);
    expect(findings.map((f) => f.evidence.at(-1)?.line)).toEqual([line("-admins"), line("-deployer")]);
  });

  it("Fn::Sub of the stack name is resolved: a literal non-agent name made elsewhere is not flagged, an agent one is", () => {
    const body = (name: string) => `  OrdersAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: orders-admin
${DELETE_TABLE}      Roles:
        - !Sub "\${AWS::StackName}-${name}"
`;
    expect(evaluate(body("batch")).findings).toEqual([]);
    expect(verdicts(evaluate(body("agent")).findings)).toEqual([["agent-destructive-prod", "OrdersProd/OrdersProd-agent"]]);
  });
});

describe("ManagedPolicyArns of a role", () => {
  const debugPolicy = `  DebugAccess:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${DELETE_TABLE}`;

  it("a parameter Ref: the agent role cannot be verified (fail closed), at the ARN's line", () => {
    const { findings, errors, line } = evaluate(
      agentRole(`      ManagedPolicyArns:
        - !Ref DeployPolicyArn
`),
    );
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
    expect(findings[0]?.message).toMatch(/cannot be verified not to delete or replace production resources/);
    expect(findings[0]?.evidence[0]).toMatchObject({ line: line("- !Ref DeployPolicyArn"), pointer: "/Resources/AgentRole/Properties/ManagedPolicyArns/0" });
  });

  it("Fn::ImportValue of a policy ARN exported by a stack outside the scan: not verified", () => {
    const { findings } = evaluate(
      agentRole(`      ManagedPolicyArns:
        - !ImportValue shared-deploy-policy-arn
`),
    );
    expect(verdicts(findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
    expect(findings.every((f) => /cannot be verified/.test(f.message))).toBe(true);
  });

  it("Fn::If between AWS::NoValue and a policy of the template: that policy's grants count", () => {
    const { findings, errors } = evaluate(
      debugPolicy +
        agentRole(`      ManagedPolicyArns:
        - !If [IsProd, !Ref AWS::NoValue, !Ref DebugAccess]
`),
    );
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
    expect(findings[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
    expect(findings[0]?.evidence[0]?.pointer).toBe("/Resources/DebugAccess/Properties/PolicyDocument/Statement/0");
  });

  it("Fn::If over the whole list of AWS managed policies: each branch's published document counts", () => {
    const arns = (prod: string, dev: string) =>
      agentRole(`      ManagedPolicyArns: !If
        - IsProd
        - [!Sub "arn:\${AWS::Partition}:iam::aws:policy/${prod}"]
        - [!Sub "arn:\${AWS::Partition}:iam::aws:policy/${dev}"]
`);
    expect(evaluate(arns("ReadOnlyAccess", "AmazonDynamoDBReadOnlyAccess")).findings).toEqual([]);
    expect(verdicts(evaluate(arns("ReadOnlyAccess", "AdministratorAccess")).findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
  });

  it("Fn::GetAtt PolicyArn of a policy of the template: that policy's grants count", () => {
    const { findings } = evaluate(
      debugPolicy +
        agentRole(`      ManagedPolicyArns:
        - !GetAtt DebugAccess.PolicyArn
`),
    );
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
    expect(findings[0]?.actions).toEqual(["dynamodb:DeleteTable"]);
  });

  it("Fn::GetAtt of a nested stack's output: not verified", () => {
    const { findings } = evaluate(`  PolicyStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/templates/policies.yaml
${agentRole(`      ManagedPolicyArns:
        - !GetAtt PolicyStack.Outputs.DeployPolicyArn
`)}`);
    expect(verdicts(findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
    expect(findings[0]?.message).toMatch(/cannot be verified/);
  });

  it("Fn::Sub of an AWS managed policy ARN resolves to its published document; with a parameter in it, not verified", () => {
    const admin = evaluate(
      agentRole(`      ManagedPolicyArns:
        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess"
`),
    );
    expect(verdicts(admin.findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
    expect(admin.findings[0]?.message).toMatch(/can delete or replace production resources/);
    const custom = evaluate(
      agentRole(`      ManagedPolicyArns:
        - !Sub "arn:aws:iam::\${AWS::AccountId}:policy/\${Environment}-deploy"
`),
    );
    expect(custom.findings[0]?.message).toMatch(/cannot be verified not to delete or replace production resources: arn:aws:iam::111111111111:policy\/\*-deploy \(fail closed\)/);
  });

  it("a role the agent can become, with a parameter policy ARN: the chain is flagged as unverifiable", () => {
    const { findings, errors } = evaluate(
      agentRole(`      Policies:
        - PolicyName: become-deployer
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sts:AssumeRole
                Resource: !GetAtt Deployer.Arn
`) +
        `  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-deployer
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { AWS: !GetAtt AgentRole.Arn }
            Action: sts:AssumeRole
      ManagedPolicyArns:
        - !Ref DeployPolicyArn
`,
    );
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toContainEqual(["agent-privilege-escalation", "OrdersProd/AgentRole"]);
    expect(findings.some((f) => f.evidence.some((e) => e.pointer === "/Resources/Deployer/Properties/ManagedPolicyArns/0"))).toBe(true);
  });
});

describe("managed policies named by ARN: an AWS managed boundary, a policy of the template by its name", () => {
  const ALL_ON_TABLES = `      Policies:
        - PolicyName: tables
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: dynamodb:*
                Resource: "*"
`;
  it("a permissions boundary that is an AWS managed policy limits as its published document does", () => {
    // AmazonDynamoDBReadOnlyAccess allows reads only: within it, dynamodb:* deletes nothing.
    for (const arn of ["arn:aws:iam::aws:policy/AmazonDynamoDBReadOnlyAccess", '!Sub "arn:${AWS::Partition}:iam::aws:policy/AmazonDynamoDBReadOnlyAccess"']) {
      const { findings, errors } = evaluate(agentRole(`${ALL_ON_TABLES}      PermissionsBoundary: ${arn}\n`));
      expect([arn, errors, verdicts(findings)]).toEqual([arn, [], []]);
    }
    // One that allows everything limits nothing.
    const admin = evaluate(agentRole(`${ALL_ON_TABLES}      PermissionsBoundary: arn:aws:iam::aws:policy/AdministratorAccess\n`));
    expect(verdicts(admin.findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
    // A boundary outside the template and AWS's is still not shown to restrict.
    const elsewhere = evaluate(agentRole(`${ALL_ON_TABLES}      PermissionsBoundary: arn:aws:iam::111111111111:policy/elsewhere\n`));
    expect(verdicts(elsewhere.findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
  });

  it("a managed policy of the template named by its ARN (ManagedPolicyName, Path) is that policy", () => {
    const named = (statement: string, attach: string) => `  OrdersRead:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      ManagedPolicyName: orders-read
      Path: /agents/
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ${statement}
            Resource: "*"
${agentRole(attach)}`;
    const arns = `      ManagedPolicyArns:
        - !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:policy/agents/orders-read"
`;
    const read = evaluate(named("dynamodb:GetItem", arns));
    expect([read.errors, verdicts(read.findings)]).toEqual([[], []]);
    const del = evaluate(named("dynamodb:DeleteTable", arns));
    expect(verdicts(del.findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentRole"]]);
    expect(del.findings[0]?.message).not.toMatch(/cannot be verified/);
    expect(del.findings[0]?.evidence[0]?.pointer).toBe("/Resources/OrdersRead/Properties/PolicyDocument/Statement/0");
    // As a boundary, by the same ARN: it limits.
    const bounded = evaluate(named("dynamodb:GetItem", `${ALL_ON_TABLES}      PermissionsBoundary: arn:aws:iam::111111111111:policy/agents/orders-read\n`));
    expect(verdicts(bounded.findings)).toEqual([]);
    // Another path or another account is another policy: not verified.
    const other = evaluate(named("dynamodb:GetItem", "      ManagedPolicyArns: [arn:aws:iam::111111111111:policy/orders-read]\n"));
    expect(verdicts(other.findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentRole"],
      ["agent-privilege-escalation", "OrdersProd/AgentRole"],
    ]);
    const foreign = evaluate(named("dynamodb:GetItem", "      ManagedPolicyArns: [arn:aws:iam::222222222222:policy/agents/orders-read]\n"));
    expect(foreign.findings).toHaveLength(2);
  });
});

describe("ManagedPolicyArns of a group an agent user is in", () => {
  // AWS::IAM::Group documents ManagedPolicyArns as it does for roles and users; a member has them.
  const agentUser = (groups: string) => `  AgentUser:
    Type: AWS::IAM::User
    Properties:
      UserName: kiro-agent
${groups}`;
  const group = (arns: string) => `  Deployers:
    Type: AWS::IAM::Group
    Properties:
      ManagedPolicyArns:
${arns}`;

  it("a customer managed policy of the template, by Ref: its grants reach the member, at the statement's line", () => {
    const { findings, errors } = evaluate(
      `  DebugAccess:
    Type: AWS::IAM::ManagedPolicy
    Properties:
${DELETE_TABLE}` +
        group("        - !Ref DebugAccess\n") +
        agentUser("      Groups:\n        - !Ref Deployers\n"),
    );
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/AgentUser"]]);
    expect(findings[0]?.evidence[0]?.pointer).toBe("/Resources/DebugAccess/Properties/PolicyDocument/Statement/0");
  });

  it("an AWS managed policy by Fn::Sub, joined through UserToGroupAddition: the published document counts", () => {
    const body = (name: string) =>
      group(`        - !Sub "arn:\${AWS::Partition}:iam::aws:policy/${name}"\n`) +
      agentUser("") +
      `  Membership:
    Type: AWS::IAM::UserToGroupAddition
    Properties:
      GroupName: !Ref Deployers
      Users: [!Ref AgentUser]
`;
    expect(evaluate(body("AmazonDynamoDBReadOnlyAccess")).findings).toEqual([]);
    expect(verdicts(evaluate(body("AdministratorAccess")).findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentUser"],
      ["agent-privilege-escalation", "OrdersProd/AgentUser"],
    ]);
  });

  it("a parameter Ref: the member cannot be verified (fail closed), at the ARN's line", () => {
    const { findings, line } = evaluate(group("        - !Ref DeployPolicyArn\n") + agentUser("      Groups: [!Ref Deployers]\n"));
    expect(verdicts(findings)).toEqual([
      ["agent-destructive-prod", "OrdersProd/AgentUser"],
      ["agent-privilege-escalation", "OrdersProd/AgentUser"],
    ]);
    expect(findings[0]?.message).toMatch(/cannot be verified/);
    expect(findings[0]?.evidence[0]).toMatchObject({ line: line("- !Ref DeployPolicyArn"), pointer: "/Resources/Deployers/Properties/ManagedPolicyArns/0" });
  });
});

describe("trust policies that name principals through intrinsics", () => {
  const deployer = (principal: string) => `  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-deployer
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: ${principal}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: orders-admin
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: dynamodb:DeleteTable
                Resource: "*"
`;

  it("AWS: !GetAtt of the agent role admits the agent (same account, no identity grant needed): the chain is flagged", () => {
    const { findings, errors } = evaluate(agentRole() + deployer("{ AWS: !GetAtt AgentRole.Arn }"));
    expect(errors).toEqual([]);
    const chain = findings.find((f) => f.rule === "agent-privilege-escalation" && f.subject === "OrdersProd/AgentRole");
    expect(chain?.message).toMatch(/can become kiro-agent → orders-deployer \(sts:AssumeRole\), which can delete or replace production resources \(dynamodb:DeleteTable/);
    // The role an agent can become is an agent's role itself.
    expect(verdicts(findings)).toContainEqual(["agent-destructive-prod", "OrdersProd/Deployer"]);
  });

  it("a role made elsewhere that a policy here attaches to is known by its ARN in the stack's account: a trust naming that ARN lets it become the deployer", () => {
    const external = `  AgentRead:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: agent-read
${READ_ITEMS}      Roles:
        - claude-agent
`;
    const { findings, errors } = evaluate(external + deployer('{ AWS: "arn:aws:iam::111111111111:role/claude-agent" }'));
    expect(errors).toEqual([]);
    const chain = findings.find((f) => f.rule === "agent-privilege-escalation" && f.subject === "OrdersProd/claude-agent");
    expect(chain?.message).toMatch(/can become .*orders-deployer \(sts:AssumeRole\)/);
    // The same ARN in another account names another role: no chain for this one.
    const elsewhere = evaluate(external + deployer('{ AWS: "arn:aws:iam::222222222222:role/claude-agent" }'));
    expect(elsewhere.findings.some((f) => f.rule === "agent-privilege-escalation" && f.subject === "OrdersProd/claude-agent")).toBe(false);
  });

  it("AWS: !Ref of a parameter may be any principal: the role is evaluated as an agent's", () => {
    const { findings, errors } = evaluate(deployer("{ AWS: !Ref AgentRoleName }"));
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/Deployer"]]);
  });

  it("Federated: !Sub of the GitHub OIDC provider without a sub condition admits any workflow, an agent's too", () => {
    const oidc = `{ Federated: !Sub "arn:\${AWS::Partition}:iam::\${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }`;
    const { findings, errors } = evaluate(deployer(oidc).replace("Action: sts:AssumeRole", "Action: sts:AssumeRoleWithWebIdentity"));
    expect(errors).toEqual([]);
    expect(verdicts(findings)).toEqual([["agent-destructive-prod", "OrdersProd/Deployer"]]);
  });

  it("a trust naming a non-agent role of the template by !GetAtt does not make the role an agent's", () => {
    const worker = `  Worker:
    Type: AWS::IAM::Role
    Properties:
      RoleName: orders-batch-worker
${EC2_TRUST}`;
    expect(evaluate(worker + deployer("{ AWS: !GetAtt Worker.Arn }")).findings).toEqual([]);
  });
});
