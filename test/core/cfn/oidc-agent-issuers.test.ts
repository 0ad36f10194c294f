/**
 * OIDC roles of agent platforms besides GitHub's in templates. GitLab OIDC roles, as j3brns/tf-acore-aas's IdentityStack writes them (CDK's
 * OpenIdConnectProvider for https://gitlab.com, `gitlab.com:sub` conditions) and as GitLab's own
 * AWS example does (a self-managed issuer, main only). Verdicts decided from the trust before
 * running: a sub that a GitLab Duo flow's `workloads/<hash>` branch presents (any ref of the
 * project) is an agent's; one pinned to `main` or to tags is not
 * (test/fixtures/iam/agent-setups/README.md).
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function agentFindings(text: string): string[] {
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "ci.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "CiRoles" }], policy, catalogue);
  expect(errors).toEqual([]);
  return [...new Set(findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
}

const PROVIDERS: Record<string, unknown> = {
  "its ARN, written with !Sub": { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/${Issuer}" },
  "a Ref to the template's AWS::IAM::OIDCProvider": { Ref: "GitLabProvider" },
  "a GetAtt of its Arn": { "Fn::GetAtt": ["GitLabProvider", "Arn"] },
  "a Ref to CDK's Custom::AWSCDKOpenIdConnectProvider": { Ref: "CdkGitLabProvider" },
  "a parameter": { Ref: "ProviderArn" },
};

function template(issuer: string, federated: unknown, sub: unknown): string {
  return JSON.stringify(
    {
      Parameters: { ProviderArn: { Type: "String" }, Issuer: { Type: "String", Default: issuer } },
      Resources: {
        GitLabProvider: { Type: "AWS::IAM::OIDCProvider", Properties: { Url: `https://${issuer}`, ClientIdList: ["sts.amazonaws.com"] } },
        CdkGitLabProvider: { Type: "Custom::AWSCDKOpenIdConnectProvider", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:provider", Url: `https://${issuer}`, ClientIDList: ["sts.amazonaws.com"] } },
        DeployRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "platform-pipeline-deploy-prod",
            AssumeRolePolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: federated }, Condition: { StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" }, StringLike: { [`${issuer}:sub`]: sub } } }],
            },
            ManagedPolicyArns: [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess" }],
          },
        },
      },
    },
    null,
    2,
  );
}

const ADMIN = ["agent-destructive-prod CiRoles/DeployRole", "agent-privilege-escalation CiRoles/DeployRole"];

describe.each(Object.entries(PROVIDERS))("GitLab's provider named by %s", (_, federated) => {
  it("a sub every branch of the project presents (a Duo flow's workloads/ branch included) makes the role an agent's", () => {
    expect(agentFindings(template("gitlab.com", federated, ["project_path:j3brns/tf-acore-aas:*"]))).toEqual(ADMIN);
    expect(agentFindings(template("gitlab.com", federated, { "Fn::Sub": "project_path:${AWS::AccountId}/app:ref_type:branch:ref:*" }))).toEqual(ADMIN);
    expect(agentFindings(template("git.acme.internal", federated, "project_path:platform/infra:*"))).toEqual(ADMIN);
  });
  it("a sub only main's pipelines present does not", () => {
    expect(agentFindings(template("gitlab.com", federated, ["project_path:j3brns/tf-acore-aas:ref_type:branch:ref:main"]))).toEqual([]);
    expect(agentFindings(template("gitlab.example.com", federated, "project_path:mygroup/myproject:ref_type:branch:ref:main"))).toEqual([]);
  });
});

it("Warp's Oz: a role trusting the template's app.warp.dev provider, named by reference, is an agent's", () => {
  // docs.warp.dev (Oz cloud agents, "Cloud Providers"): provider https://app.warp.dev, audience
  // sts.amazonaws.com, sub scoped_principal:<team-uid>/*; Oz agent runs assume the role. Decided before
  // running: AdministratorAccess there is the agent's, destructive and escalation.
  for (const federated of [{ Ref: "WarpProvider" }, { "Fn::GetAtt": ["WarpProvider", "Arn"] }, { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/app.warp.dev" }]) {
    const text = JSON.stringify({
      Resources: {
        WarpProvider: { Type: "AWS::IAM::OIDCProvider", Properties: { Url: "https://app.warp.dev", ClientIdList: ["sts.amazonaws.com"] } },
        DeployRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            RoleName: "oz-environment",
            AssumeRolePolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Sid: "AllowOzFederation", Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: federated }, Condition: { StringEquals: { "app.warp.dev:aud": "sts.amazonaws.com" }, StringLike: { "app.warp.dev:sub": "scoped_principal:abc123def456/*" } } }],
            },
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          },
        },
      },
    });
    expect([federated, agentFindings(text)]).toEqual([federated, ADMIN]);
  }
});

it("a Kubernetes service account's role as CDK writes it (eks.ServiceAccount: its condition through Custom::AWSCDKCfnJson) is an agent's when the namespace is", () => {
  // aws-cdk-lib aws-eks ServiceAccount (in-process synth, as read here): the trust's StringEquals is
  // `Fn::GetAtt [<X>ConditionJson, Value]`, and the CfnJson resource's Value is the condition as JSON
  // text (joined with the provider's issuer when the stack makes the provider), which its handler
  // (cfn-utils-provider) parses and returns. Decided before running: namespace kagent (kagent's agents)
  // makes the role an agent's, and AdministratorAccess there is destructive and escalation; the same
  // role for namespace web is no agent's.
  const issuer = { "Fn::Select": [1, { "Fn::Split": [":oidc-provider/", { Ref: "Provider" }] }] };
  const values: Record<string, (ns: string) => unknown> = {
    "written out (an imported provider)": (ns) => `{"oidc.eks.us-east-1.amazonaws.com/id/ABC:aud":"sts.amazonaws.com","oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":"system:serviceaccount:${ns}:orders-api"}`,
    "joined with the stack's provider": (ns) => ({ "Fn::Join": ["", ['{"', issuer, ':aud":"sts.amazonaws.com","', issuer, `:sub":"system:serviceaccount:${ns}:orders-api"}`]] }),
  };
  for (const [how, value] of Object.entries(values)) {
    const text = (ns: string) =>
      JSON.stringify({
        Resources: {
          Provider: { Type: "Custom::AWSCDKOpenIdConnectProvider", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:provider", Url: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC" } },
          OrchestratorSaConditionJsonEC3029D6: { Type: "Custom::AWSCDKCfnJson", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:cfnjson", Value: value(ns) } },
          OrchestratorSaRoleC5D0EF2C: {
            Type: "AWS::IAM::Role",
            Properties: {
              AssumeRolePolicyDocument: {
                Version: "2012-10-17",
                Statement: [{ Action: "sts:AssumeRoleWithWebIdentity", Effect: "Allow", Principal: { Federated: { Ref: "Provider" } }, Condition: { StringEquals: { "Fn::GetAtt": ["OrchestratorSaConditionJsonEC3029D6", "Value"] } } }],
              },
              ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
          },
        },
      });
    const role = ["agent-destructive-prod CiRoles/OrchestratorSaRoleC5D0EF2C", "agent-privilege-escalation CiRoles/OrchestratorSaRoleC5D0EF2C"];
    expect([how, agentFindings(text("kagent"))]).toEqual([how, role]);
    expect([how, agentFindings(text("web"))]).toEqual([how, []]);
  }
  // A Value whose text is no JSON (a parameter's, read as `*`) stays the unknown value it was: read as
  // before this reading existed, no error and no crash; the role still counts by its name (an agent's here).
  const unparsable = JSON.stringify({
    Parameters: { ConditionText: { Type: "String" } },
    Resources: {
      ClaudeSaConditionJson: { Type: "Custom::AWSCDKCfnJson", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:cfnjson", Value: { Ref: "ConditionText" } } },
      ClaudeSaRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Action: "sts:AssumeRoleWithWebIdentity", Effect: "Allow", Principal: { Federated: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC" }, Condition: { StringEquals: { "Fn::GetAtt": ["ClaudeSaConditionJson", "Value"] } } }] },
          ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
        },
      },
    },
  });
  expect(agentFindings(unparsable)).toEqual(["agent-destructive-prod CiRoles/ClaudeSaRole", "agent-privilege-escalation CiRoles/ClaudeSaRole"]);
});

it("an EKS Pod Identity association of an agent's namespace or service account makes its role (and its target role) the agent's", () => {
  // AWS::EKS::PodIdentityAssociation (EKS User Guide, "Assign an IAM role to a Kubernetes service
  // account"): EKS hands RoleArn's credentials, or TargetRoleArn's assumed through it, to every pod of
  // the service account. Decided before running: namespace kagent (kagent's agents) makes both roles
  // the agent's, AdministratorAccess there destructive and escalation; namespace web and service
  // account api, no agent's.
  const text = (namespace: string, account: string) =>
    JSON.stringify({
      Resources: {
        PodRole: {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "pods.eks.amazonaws.com" }, Action: ["sts:AssumeRole", "sts:TagSession"] }] },
            ManagedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
          },
        },
        Association: { Type: "AWS::EKS::PodIdentityAssociation", Properties: { ClusterName: "ml", Namespace: namespace, ServiceAccount: account, RoleArn: { "Fn::GetAtt": ["PodRole", "Arn"] } } },
      },
    });
  const role = ["agent-destructive-prod CiRoles/PodRole", "agent-privilege-escalation CiRoles/PodRole"];
  expect(agentFindings(text("kagent", "orders-api"))).toEqual(role);
  expect(agentFindings(text("platform", "claude-code-runner"))).toEqual(role);
  expect(agentFindings(text("web", "api"))).toEqual([]);
  expect(agentFindings(text("amazon-cloudwatch", "cloudwatch-agent"))).toEqual([]);
  // With a TargetRoleArn the pods act as the target role, assumed through RoleArn: that one is the agent's too.
  const chained = JSON.parse(text("kagent", "orders-api")) as { Resources: Record<string, { Properties: Record<string, unknown> }> };
  chained.Resources["TargetRole"] = JSON.parse(JSON.stringify(chained.Resources["PodRole"])) as { Properties: Record<string, unknown> };
  delete chained.Resources["PodRole"]?.Properties["ManagedPolicyArns"];
  (chained.Resources["Association"] as { Properties: Record<string, unknown> }).Properties["TargetRoleArn"] = { "Fn::GetAtt": ["TargetRole", "Arn"] };
  expect(agentFindings(JSON.stringify(chained))).toEqual(["agent-destructive-prod CiRoles/TargetRole", "agent-privilege-escalation CiRoles/TargetRole"]);
});
