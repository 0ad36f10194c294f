/**
 * Policy documents written as JSON text built by Fn::Sub or Fn::Join (`PolicyDocument: !Sub |`),
 * which CloudFormation takes for a Json property (aws-cloudformation-templates' StackSets
 * log-setup-management writes a resource policy so): read as the JSON they resolve to, with what
 * the template cannot resolve read as `*`. Before, each was "policy document has no Statement": an
 * input error, and the agent's grant in it was never judged.
 */
import { evaluateTemplates } from "../../../src/core/cfn/evaluate.js";
import { parseSource } from "../../../src/core/source/parse.js";
import { loadCatalogue } from "../../../src/policy/catalogue.js";
import { resolvePolicy } from "../../../src/policy/load.js";

const policy = resolvePolicy();
const catalogue = loadCatalogue();

function agentWith(document: string) {
  const text = `Parameters:
  Actions: { Type: String }
Resources:
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: coding-agent
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: bedrock.amazonaws.com }, Action: sts:AssumeRole }] }
  AgentPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: agent
      Roles: [!Ref AgentRole]
      PolicyDocument: ${document}
`;
  const parsed = parseSource(text);
  const { findings, errors } = evaluateTemplates([{ file: "agent.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
  return { errors: errors.map((e) => [e.line, e.message.split(" (")[0]]), destructive: findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => f.message.split(". Stack")[0]) };
}

describe("a policy document written as JSON text", () => {
  it("!Sub: read as the JSON it resolves to", () => {
    expect(agentWith(`!Sub '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::\${AWS::AccountId}-data"}]}'`)).toEqual({
      errors: [],
      destructive: ["Role coding-agent can delete or replace production resources: s3:DeleteBucket on 111111111111-data"],
    });
  });

  it("!Join: read as the JSON it resolves to", () => {
    expect(agentWith(`!Join ["", ['{"Statement":[{"Effect":"Allow","Action":"dynamodb:DeleteTable","Resource":"arn:aws:dynamodb:*:', !Ref "AWS::AccountId", ':table/orders"}]}']]`)).toEqual({
      errors: [],
      destructive: ["Role coding-agent can delete or replace production resources: dynamodb:DeleteTable on table/orders"],
    });
  });

  it("text that is no JSON once resolved (a parameter where a list goes): an input error, read as allowing everything (fail closed)", () => {
    const { errors, destructive } = agentWith(`!Sub '{"Statement":[{"Effect":"Allow","Action":\${Actions},"Resource":"*"}]}'`);
    expect(errors).toEqual([[14, "agent: policy document is not valid JSON"]]);
    expect(destructive).toHaveLength(1);
  });
});

describe("a resource policy written as JSON text", () => {
  function bucketPolicy(document: string) {
    const text = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    DeletionPolicy: Retain
    UpdateReplacePolicy: Retain
    Properties: { BucketName: orders }
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument: ${document}
`;
    const parsed = parseSource(text);
    const { findings, errors } = evaluateTemplates([{ file: "bucket.yaml", value: parsed.value, lineOf: parsed.lineOf, stackName: "OrdersProd", account: "111111111111" }], policy, catalogue);
    return { errors: errors.map((e) => [e.line, e.message]), grants: findings.filter((f) => f.rule === "agent-destructive-prod").map((f) => [f.subject, f.actions]) };
  }
  const anyone = [["OrdersProd/role of any account (Principal \"*\")", ["s3:DeleteBucket"]]];

  it("as a JSON string or built by !Sub: anyone may delete the bucket (before, the statements were not read and nothing was found)", () => {
    expect(bucketPolicy(`'{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::orders"}]}'`)).toEqual({ errors: [], grants: anyone });
    expect(bucketPolicy(`!Sub '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:DeleteBucket","Resource":"arn:aws:s3:::\${Bucket}"}]}'`)).toEqual({ errors: [], grants: anyone });
  });

  it("text that does not parse: an input error at the document", () => {
    expect(bucketPolicy(`'{"Statement": [oops'`).errors).toEqual([[11, "resource policy is JSON text that does not parse once resolved: whom it grants what cannot be read (fail closed)"]]);
  });
});
