/**
 * A role whose trust policy names a role of another template of the input by reference: a CDK
 * cross-stack reference (`new iam.ArnPrincipal(otherStack.role.roleArn)`, `Fn::ImportValue`), a
 * role of a nested stack (`Fn::GetAtt [Nested, Outputs.X]`), or a role of the parent inside a
 * nested stack (`Ref` of the parameter the parent fills). The role so named is in the input, so
 * the trust admits that role, not anyone.
 *
 * Real input: aws-samples/aws-cdk-examples @ bccff1d2775e4b0bf777721c6b41c0107e122f73,
 * `typescript/eks/cluster/index.ts` (Apache-2.0): an `eks.Cluster`. aws-cdk-lib (2.276.0) makes the
 * cluster's `CreationRole` (eks:DeleteCluster, eks:UpdateClusterConfig, eks:DeleteFargateProfile on
 * `*`: it creates and updates the cluster for CloudFormation) and trusts it to the two handler roles
 * of its ClusterResourceProvider nested stack, named through that stack's outputs. Decided before
 * running: the stack without termination protection, nothing else (no role is an agent's). Before
 * the fix `cdk synth` and `scan` failed every such app on CDK's own role: "trust policy admits
 * Fn::GetAtt …Outputs.…Arn, which the template does not resolve: read as any AWS principal".
 * Class probes of ours: a table admin role trusting a Lambda role of another stack, of a nested
 * stack, or of the parent: no finding; trusting an agent's role (bedrock-agentcore) of another
 * stack: agent-privilege-escalation on the agent's role, which can become it (as in one template).
 */
import { NestedStack, RemovalPolicy, Stack, type App } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as eks from "aws-cdk-lib/aws-eks";
import * as iam from "aws-cdk-lib/aws-iam";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { evaluateTemplates } from "../../src/core/cfn/evaluate.js";
import type { Finding } from "../../src/core/finding.js";
import { loadCatalogue } from "../../src/policy/catalogue.js";
import { resolvePolicy } from "../../src/policy/load.js";
import { aspectAndScan } from "./aspect-scan.js";

const config = { production: { accounts: ["111111111111"] } };
const env = { account: "111111111111", region: "us-east-1" };
const agentFindings = (findings: Finding[]): string[] => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.subject}`).sort();

type Where = "other stack" | "nested stack" | "parent of a nested stack";

function tableAdmin(app: App, where: Where, trusted: "lambda" | "agent" = "lambda"): void {
  const servicePrincipal = new iam.ServicePrincipal(trusted === "lambda" ? "lambda.amazonaws.com" : "bedrock-agentcore.amazonaws.com");
  const data = new Stack(app, "Data", { env, terminationProtection: true });
  const table = new dynamodb.Table(data, "Table", { partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING }, removalPolicy: RemovalPolicy.RETAIN });
  let role: iam.Role;
  if (where === "other stack") role = new iam.Role(new Stack(app, "Roles", { env, terminationProtection: true }), "WorkerRole", { assumedBy: servicePrincipal });
  else if (where === "nested stack") role = new iam.Role(new NestedStack(data, "Provider"), "HandlerRole", { assumedBy: servicePrincipal });
  else role = new iam.Role(data, "ParentRole", { assumedBy: servicePrincipal });
  const admin = new iam.Role(where === "parent of a nested stack" ? new NestedStack(data, "Child") : data, "TableAdmin", { assumedBy: new iam.ArnPrincipal(role.roleArn) });
  table.grantFullAccess(admin);
}

it.each<Where>(["other stack", "nested stack", "parent of a nested stack"])("a role trusting a Lambda role of the %s is no agent's", async (where) => {
  expect(await aspectAndScan((app) => tableAdmin(app, where), config, agentFindings)).toEqual([]);
});

it.each<Where>(["other stack", "nested stack", "parent of a nested stack"])("a role trusting an agent's role of the %s is the agent's reach, as in one template", async (where) => {
  const found = await aspectAndScan((app) => tableAdmin(app, where, "agent"), config, (findings) => findings.filter((f) => f.rule.startsWith("agent-") && !f.suppressed).map((f) => `${f.rule} ${f.message.replace(/ \(dynamodb.*$/s, "")}`));
  expect(found).toEqual([expect.stringMatching(/^agent-privilege-escalation Role (WorkerRole|HandlerRole|ParentRole)\w+ can escalate its privileges: it can become \w+ → TableAdmin\w+ \(sts:AssumeRole\), which can delete or replace production resources$/)]);
});

it("aws-cdk-examples eks/cluster: CDK's cluster creation role, trusted to its provider's handler roles, is no agent's", async () => {
  const build = (app: App): void => {
    const stack = new Stack(app, "MyEKSCluster", { env });
    // The app's KubectlV34Layer (@aws-cdk/lambda-layer-kubectl-v34, not a dependency here) as a layer by ARN: it grants nothing.
    const kubectlLayer = lambda.LayerVersion.fromLayerVersionArn(stack, "kubectl", "arn:aws:lambda:us-east-1:111111111111:layer:kubectl:1");
    new eks.Cluster(stack, "EKSCluster", { version: eks.KubernetesVersion.V1_34, defaultCapacity: 0, kubectlLayer, clusterLogging: [eks.ClusterLoggingTypes.AUDIT] });
  };
  const found = await aspectAndScan(build, config, (findings) => findings.filter((f) => f.severity === "error").map((f) => `${f.rule} ${f.subject}`).sort());
  expect(found).toEqual(["prod-resource-unprotected MyEKSCluster"]);
});

describe("a trust naming what the input does not resolve stays any principal (fail closed)", () => {
  const admin = (principal: unknown): Record<string, unknown> => ({
    TableAdmin: {
      Type: "AWS::IAM::Role",
      Properties: {
        AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: principal } }] },
        Policies: [{ PolicyName: "admin", PolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] } }],
      },
    },
  });
  const role = { Type: "AWS::IAM::Role", Properties: { AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } }] } } };
  const exporting = (file: string) => ({
    file,
    stackName: file.replace(".template.json", ""),
    value: { Resources: { WorkerRole: role }, Outputs: { Arn: { Value: { "Fn::GetAtt": ["WorkerRole", "Arn"] }, Export: { Name: "worker-role-arn" } } } },
  });
  const agentSubjects = (inputs: { file: string; stackName: string; value: unknown }[]): string[] =>
    evaluateTemplates(inputs, resolvePolicy({}), loadCatalogue()).findings.filter((f) => f.rule.startsWith("agent-")).map((f) => f.subject);

  it("an export no template of the input writes", () => {
    expect(agentSubjects([{ file: "Data.template.json", stackName: "Data", value: { Resources: admin({ "Fn::ImportValue": "worker-role-arn" }) } }])).toEqual(["Data/TableAdmin"]);
  });
  it("an export two templates write (whose role it is cannot be told)", () => {
    const inputs = [exporting("Staging.template.json"), exporting("Prod.template.json"), { file: "Data.template.json", stackName: "Data", value: { Resources: admin({ "Fn::ImportValue": "worker-role-arn" }) } }];
    expect(agentSubjects(inputs)).toEqual(["Data/TableAdmin"]);
  });
  it("the same export written once is that Lambda role: no agent", () => {
    const inputs = [exporting("Roles.template.json"), { file: "Data.template.json", stackName: "Data", value: { Resources: admin({ "Fn::ImportValue": "worker-role-arn" }) } }];
    expect(agentSubjects(inputs)).toEqual([]);
  });
});
