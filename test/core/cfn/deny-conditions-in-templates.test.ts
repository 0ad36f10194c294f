/**
 * Deny conditions on the principal as a template writes them. A role's Tags as the template may
 * deploy them decide a Deny conditioned on aws:PrincipalTag: a tag under Fn::If may be missing or
 * hold another branch's value, and a key the template does not spell out (a parameter) may be any
 * key. A condition value written with an intrinsic (`!GetAtt AgentRole.Arn`, `!Sub
 * arn:aws:iam::${AWS::AccountId}:role/break-glass`) is read as deployed where the template fixes
 * it; left as an object it was dropped, so a negated test read as "matches nothing" and a Deny
 * exempting the agent itself was credited. Verdicts decided from the templates before running: a
 * template an agent writes could otherwise carry its exemption where the scan never looked.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();
const bedrockTrust = { Statement: [{ Effect: "Allow", Principal: { Service: "bedrock.amazonaws.com" }, Action: "sts:AssumeRole" }] };
const orders = { Type: "AWS::DynamoDB::Table", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { TableName: "orders" } };
// Deny deletes unless the principal carries dp:exclude=true (aws-samples data-perimeter exclusion tag).
const EXEMPT_UNLESS_TAGGED = { StringNotEqualsIfExists: { "aws:PrincipalTag/dp:exclude": "true" } };
// Deny deletes to principals tagged as agents (the form of boundary --kind scp's selection).
const ONLY_TAGGED_AGENTS = { StringEquals: { "aws:PrincipalTag/agent-guardrail:agent": "true" } };

/** The agent role coding-agent may delete the orders table; the Deny (its condition given) may stop it. */
function destructiveFindings(tags: unknown, condition: unknown = EXEMPT_UNLESS_TAGGED) {
  const statements = [
    { Effect: "Allow", Action: "dynamodb:DeleteTable", Resource: { "Fn::GetAtt": ["Orders", "Arn"] } },
    { Effect: "Deny", Action: "dynamodb:DeleteTable", Resource: "*", Condition: condition },
  ];
  const template = {
    Parameters: { Exempt: { Type: "String", Default: "false" }, TagKey: { Type: "String", Default: "owner" }, ExemptRole: { Type: "String", Default: "break-glass" } },
    Conditions: { IsExempt: { "Fn::Equals": [{ Ref: "Exempt" }, "true"] } },
    Resources: {
      Orders: orders,
      AgentRole: {
        Type: "AWS::IAM::Role",
        Properties: { RoleName: "coding-agent", AssumeRolePolicyDocument: bedrockTrust, Policies: [{ PolicyName: "agent", PolicyDocument: { Statement: statements } }], ...(tags === undefined ? {} : { Tags: tags }) },
      },
    },
  };
  const parsed = parseSource(JSON.stringify(template, null, 2));
  const result = evaluateTemplates([{ file: "prod.template.json", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  expect(result.errors).toEqual([]);
  return result.findings.filter((f) => f.rule === "agent-destructive-prod");
}
const destructiveWith = (condition: unknown) => destructiveFindings(undefined, condition);

describe("template Tags and aws:PrincipalTag Denies", () => {
  it("no exemption tag: the Deny applies, no finding; the exemption tag written plainly: finding", () => {
    expect(destructiveFindings([{ Key: "team", Value: "platform" }])).toEqual([]);
    expect(destructiveFindings([{ Key: "dp:exclude", Value: "true" }])).toHaveLength(1);
  });

  it("the exemption tag in one branch of an Fn::If element: it may be deployed, finding", () => {
    expect(destructiveFindings([{ "Fn::If": ["IsExempt", { Key: "dp:exclude", Value: "true" }, { Ref: "AWS::NoValue" }] }])).toHaveLength(1);
  });

  it("a Deny only for principals tagged as agents, the agent tag in one branch of an Fn::If element: the other branch deploys an untagged role, finding", () => {
    const agentTag = { Key: "agent-guardrail:agent", Value: "true" };
    expect(destructiveFindings([agentTag], ONLY_TAGGED_AGENTS)).toEqual([]);
    expect(destructiveFindings([{ "Fn::If": ["IsExempt", { Ref: "AWS::NoValue" }, agentTag] }], ONLY_TAGGED_AGENTS)).toHaveLength(1);
  });

  it("the key given twice under Fn::If, the exempt value first: either may be deployed, finding", () => {
    expect(destructiveFindings([{ "Fn::If": ["IsExempt", { Key: "dp:exclude", Value: "true" }, { Key: "dp:exclude", Value: "false" }] }])).toHaveLength(1);
  });

  it("the whole Tags list chosen by Fn::If: finding", () => {
    expect(destructiveFindings({ "Fn::If": ["IsExempt", [{ Key: "dp:exclude", Value: "true" }], [{ Key: "team", Value: "platform" }]] })).toHaveLength(1);
  });

  it("a tag whose key is a parameter: it may be the exemption key, finding", () => {
    expect(destructiveFindings([{ Key: { Ref: "TagKey" }, Value: "true" }])).toHaveLength(1);
  });

  it("a tag whose value is a parameter: finding", () => {
    expect(destructiveFindings([{ Key: "dp:exclude", Value: { Ref: "Exempt" } }])).toHaveLength(1);
  });

  it("Fn::If around another key leaves the Deny standing: no finding", () => {
    expect(destructiveFindings([{ "Fn::If": ["IsExempt", { Key: "cost-center", Value: "42" }, { Ref: "AWS::NoValue" }] }])).toEqual([]);
  });
});

describe("Deny condition values written with intrinsics", () => {
  it("ArnNotEquals aws:PrincipalArn: !GetAtt AgentRole.Arn exempts the agent itself: finding", () => {
    expect(destructiveWith({ ArnNotEquals: { "aws:PrincipalArn": { "Fn::GetAtt": ["AgentRole", "Arn"] } } })).toHaveLength(1);
  });

  it("ArnNotLike aws:PrincipalArn: !Sub ...:role/break-glass exempts another role: the Deny applies, no finding", () => {
    expect(destructiveWith({ ArnNotLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/break-glass" } } })).toEqual([]);
  });

  it("an exemption named by a parameter may be the agent's role: finding", () => {
    expect(destructiveWith({ ArnNotLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${ExemptRole}" } } })).toHaveLength(1);
  });

  it("a Deny only for the agent's role by !GetAtt: no finding; by a parameter (any role): finding", () => {
    expect(destructiveWith({ ArnEquals: { "aws:PrincipalArn": [{ "Fn::GetAtt": ["AgentRole", "Arn"] }] } })).toEqual([]);
    expect(destructiveWith({ ArnLike: { "aws:PrincipalArn": { "Fn::Sub": "arn:aws:iam::${AWS::AccountId}:role/${ExemptRole}" } } })).toHaveLength(1);
  });

  it("a principal tag compared with a parameter: finding", () => {
    expect(destructiveWith({ StringNotEquals: { "aws:PrincipalTag/team": { Ref: "ExemptRole" } } })).toHaveLength(1);
  });
});
