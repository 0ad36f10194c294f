/**
 * GitHub OIDC roles in templates: the provider is named by reference as often as by ARN (AWS's
 * own example: `!If [CreateProvider, !Ref IdpGitHubOidc, !Sub ...]`; CDK's OpenIdConnectProvider:
 * `{Ref: GitHubProvider...}`), and the `sub` condition is written with `!Sub`. Verdicts decided
 * from the templates before running.
 */
import { readFileSync } from "node:fs";
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function agentFindings(text: string, file = "ci.template.json"): string[] {
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file, value: parsed.value, lineOf: parsed.lineOf, stackName: "CiRoles" }], policy, catalogue);
  expect(errors).toEqual([]);
  return [...new Set(findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`))].sort();
}

const PROVIDERS: Record<string, unknown> = {
  "its ARN, written with !Sub": { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" },
  "a Ref to the template's AWS::IAM::OIDCProvider": { Ref: "GitHubProvider" },
  "a GetAtt of its Arn": { "Fn::GetAtt": ["GitHubProvider", "Arn"] },
  "a Ref to CDK's Custom::AWSCDKOpenIdConnectProvider": { Ref: "CdkGitHubProvider" },
  "an !If between the provider and its ARN": { "Fn::If": ["CreateProvider", { Ref: "GitHubProvider" }, { "Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:oidc-provider/token.actions.githubusercontent.com" }] },
  "a parameter": { Ref: "ProviderArn" },
};

function template(federated: unknown, sub: unknown): string {
  return JSON.stringify({
    Parameters: { ProviderArn: { Type: "String" }, Org: { Type: "String", Default: "acme" }, UseExisting: { Type: "String", Default: "no" } },
    Conditions: { CreateProvider: { "Fn::Equals": ["no", { Ref: "UseExisting" }] } },
    Resources: {
      GitHubProvider: { Type: "AWS::IAM::OIDCProvider", Properties: { Url: "https://token.actions.githubusercontent.com", ClientIdList: ["sts.amazonaws.com"] } },
      CdkGitHubProvider: { Type: "Custom::AWSCDKOpenIdConnectProvider", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:provider", Url: "https://token.actions.githubusercontent.com", ClientIDList: ["sts.amazonaws.com"] } },
      DeployRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "gha-deploy",
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: federated }, Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": sub } } }],
          },
          ManagedPolicyArns: [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess" }],
        },
      },
    },
  }, null, 2);
}

const ADMIN = ["agent-destructive-prod CiRoles/DeployRole", "agent-privilege-escalation CiRoles/DeployRole"];

describe.each(Object.entries(PROVIDERS))("GitHub's provider named by %s", (_, federated) => {
  it("a sub an agent's branch or environment presents makes the role an agent's", () => {
    expect(agentFindings(template(federated, "repo:acme/app:ref:refs/heads/*"))).toEqual(ADMIN);
    expect(agentFindings(template(federated, "repo:acme/app:environment:copilot"))).toEqual(ADMIN);
    expect(agentFindings(template(federated, { "Fn::Sub": "repo:${Org}/app:*" }))).toEqual(ADMIN);
    // An environment or branch named for an agent (pytorch/pytorch's Claude review job declares
    // `environment: claude-untrusted` for its role), the organization a parameter or not.
    expect(agentFindings(template(federated, { "Fn::Sub": "repo:${Org}/app:environment:claude-untrusted" }))).toEqual(ADMIN);
    expect(agentFindings(template(federated, "repo:acme/app:ref:refs/heads/claude-fixes"))).toEqual(ADMIN);
  });
  it("a sub only main's workflows present does not, literal or written with !Sub", () => {
    expect(agentFindings(template(federated, "repo:acme/app:ref:refs/heads/main"))).toEqual([]);
    expect(agentFindings(template(federated, { "Fn::Sub": ["repo:${Owner}/app:ref:refs/heads/main", { Owner: "acme" }] }))).toEqual([]);
    expect(agentFindings(template(federated, { "Fn::Join": ["", ["repo:acme/app:ref:refs/heads/", "main"]] }))).toEqual([]);
  });
});

it("AWS's published OIDC role template (any branch by default, AdministratorAccess) is an agent's role", () => {
  const text = readFileSync(new URL("../../fixtures/cfn/github-oidc/github-actions-oidc-federation-and-role.yml", import.meta.url), "utf8");
  expect(agentFindings(text, "github-actions-oidc-federation-and-role.yml")).toEqual(["agent-destructive-prod CiRoles/RoleGithubActions", "agent-privilege-escalation CiRoles/RoleGithubActions"]);
});
