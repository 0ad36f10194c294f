/**
 * GitHub Actions deploy roles whose trust names the OIDC provider through the template: CDK's
 * `iam.OpenIdConnectProvider` (a `Custom::AWSCDKOpenIdConnectProvider` whose Ref is the provider
 * ARN), `AWS::IAM::OIDCProvider` (Ref and `Arn`), the `!If [CreateOidcProvider, !Ref GithubOidc,
 * !Ref ExistingOidcProviderArn]` form of the published GitHub deploy-role templates, and a provider
 * ARN passed as a parameter. A `sub` of `repo:<owner>/<repo>:*` admits the Copilot coding agent's
 * `copilot/*` branches, so such a role is an agent's. Before, the provider read as `*`, which is
 * nobody's GitHub provider: every one of these roles passed. Verdicts decided before running.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

const GITHUB_URL = "https://token.actions.githubusercontent.com";
const cdkProvider = { Type: "Custom::AWSCDKOpenIdConnectProvider", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:handler", ClientIDList: ["sts.amazonaws.com"], Url: GITHUB_URL } };
const nativeProvider = { Type: "AWS::IAM::OIDCProvider", Properties: { ClientIdList: ["sts.amazonaws.com"], Url: GITHUB_URL } };
const githubCondition = (sub: string) => ({ StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" }, StringLike: { "token.actions.githubusercontent.com:sub": sub } });

/** The agent findings on a deploy role (DeleteTable on *) trusting `federated` under `condition`. */
function verdicts(federated: unknown, condition: unknown, resources: Record<string, unknown> = {}, action: unknown = "sts:AssumeRoleWithWebIdentity"): string[] {
  const value = {
    Parameters: { OidcProviderArn: { Type: "String" }, CreateOidcProvider: { Type: "String" } },
    Conditions: { Create: { "Fn::Equals": [{ Ref: "CreateOidcProvider" }, "true"] } },
    Resources: {
      ...resources,
      DeployRole: {
        Type: "AWS::IAM::Role",
        Properties: {
          RoleName: "github-actions-deploy",
          AssumeRolePolicyDocument: { Statement: [{ Effect: "Allow", Principal: { Federated: federated }, Action: action, Condition: condition }] },
          Policies: [{ PolicyName: "deploy", PolicyDocument: { Statement: [{ Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: "*" }] } }],
        },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(value, null, 2));
  const { findings, errors } = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  expect(errors).toEqual([]);
  return findings.filter((f) => f.rule.startsWith("agent-")).map((f) => `${f.rule} ${f.subject}`);
}

const FLAGGED = ["agent-destructive-prod OrdersProd/DeployRole"];

describe("a GitHub OIDC provider named through the template", () => {
  it("CDK's OpenIdConnectProvider (custom resource), by Ref: any branch of the repository, so the Copilot agent's too", () => {
    expect(verdicts({ Ref: "GitHubOidcProvider" }, githubCondition("repo:acme/infra:*"), { GitHubOidcProvider: cdkProvider })).toEqual(FLAGGED);
  });

  it("AWS::IAM::OIDCProvider by Ref and by GetAtt Arn", () => {
    expect(verdicts({ Ref: "GithubOidc" }, githubCondition("repo:acme/infra:*"), { GithubOidc: nativeProvider })).toEqual(FLAGGED);
    expect(verdicts({ "Fn::GetAtt": ["GithubOidc", "Arn"] }, githubCondition("repo:acme/*"), { GithubOidc: nativeProvider })).toEqual(FLAGGED);
  });

  it("the main branch only: no agent branch, not flagged (the provider is read, the sub still decides)", () => {
    expect(verdicts({ Ref: "GithubOidc" }, githubCondition("repo:acme/infra:ref:refs/heads/main"), { GithubOidc: nativeProvider })).toEqual([]);
  });

  it("!If [Create, !Ref GithubOidc, !Ref OidcProviderArn]: either branch may be deployed", () => {
    const federated = { "Fn::If": ["Create", { Ref: "GithubOidc" }, { Ref: "OidcProviderArn" }] };
    expect(verdicts(federated, githubCondition("repo:acme/infra:*"), { GithubOidc: { ...nativeProvider, Condition: "Create" } })).toEqual(FLAGGED);
  });

  it("a provider ARN passed as a parameter, with GitHub's claims in the condition: GitHub's", () => {
    expect(verdicts({ Ref: "OidcProviderArn" }, githubCondition("repo:acme/infra:*"))).toEqual(FLAGGED);
  });
});

describe("providers that are not GitHub's stay so", () => {
  it("an EKS provider passed as a parameter, its own claims required: not GitHub's, no agent", () => {
    expect(verdicts({ Ref: "OidcProviderArn" }, { StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:orders:api" } })).toEqual([]);
  });

  it("an EKS provider of the template (Url from the cluster): not GitHub's", () => {
    const eks = { Type: "AWS::IAM::OIDCProvider", Properties: { ClientIdList: ["sts.amazonaws.com"], Url: "https://oidc.eks.us-east-1.amazonaws.com/id/ABC" } };
    expect(verdicts({ Ref: "Eks" }, { StringEquals: { "oidc.eks.us-east-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:orders:api" } }, { Eks: eks })).toEqual([]);
  });

  it("CDK's EKS service-account role: the provider's Url an attribute, its condition a CfnJson (unreadable): no GitHub claim, not GitHub's", () => {
    const eksProvider = { Type: "Custom::AWSCDKOpenIdConnectProvider", Properties: { ClientIDList: ["sts.amazonaws.com"], Url: { "Fn::GetAtt": ["Cluster", "OpenIdConnectIssuerUrl"] } } };
    const cluster = { Type: "Custom::AWSCDK-EKS-Cluster", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:provider" } };
    const cfnJson = { Type: "Custom::AWSCDKCfnJson", Properties: { ServiceToken: "arn:aws:lambda:us-east-1:111111111111:function:json", Value: "{}" } };
    const condition = { StringEquals: { "Fn::GetAtt": ["ConditionJson", "Value"] } };
    expect(verdicts({ Ref: "ClusterOpenIdConnectProvider" }, condition, { ClusterOpenIdConnectProvider: eksProvider, Cluster: cluster, ConditionJson: cfnJson })).toEqual([]);
  });

  it("a SAML provider passed as a parameter (AssumeRoleWithSAML): not an OIDC provider", () => {
    expect(verdicts({ Ref: "OidcProviderArn" }, { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } }, {}, "sts:AssumeRoleWithSAML")).toEqual([]);
  });

  it("Cognito under Fn::If (one branch per partition): each branch read, none GitHub's", () => {
    const federated = { "Fn::If": ["Create", "cognito-identity-us-gov.amazonaws.com", "cognito-identity.amazonaws.com"] };
    expect(verdicts(federated, { StringEquals: { "Fn::If": ["Create", { "cognito-identity-us-gov.amazonaws.com:aud": "pool" }, { "cognito-identity.amazonaws.com:aud": "pool" }] } })).toEqual([]);
  });
});
