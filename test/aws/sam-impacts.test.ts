/**
 * SAM resources in the replacement gate (src/aws/sam-impacts.ts). The registry database marks
 * every `AWS::Serverless::*` property as replacing the resource; a SAM property's change does what
 * it does to the property SAM passes it to (AWS SAM Developer Guide, "AWS CloudFormation
 * compatibility"). Expected impacts were read from the CloudFormation reference of the resource
 * SAM makes ("Update requires") before running. Before, every one was WILL_REPLACE.
 */
import { readFileSync } from "node:fs";
import { templateImpacts } from "../../src/aws/template-impact.js";
import { diffStackPair } from "../../src/core/cfn/changeset-template-diff.js";
import { evaluateChangeSet } from "../../src/core/cfn/changeset-destroys-prod.js";
import { parseSource } from "../../src/core/source/parse.js";
import { resolvePolicy } from "../../src/policy/load.js";

const SAM = "AWS::Serverless-2016-10-31";
const t = (resources: Record<string, unknown>) => ({ Transform: SAM, Resources: resources });
const fn = (properties: Record<string, unknown>) => ({ Type: "AWS::Serverless::Function", Properties: { Runtime: "nodejs20.x", Handler: "app.handler", CodeUri: "src/", ...properties } });
const impactsOf = (base: unknown, head: unknown) => Object.fromEntries(templateImpacts(base, head).resources.map((r) => [r.logicalId, r]));

describe("AWS::Serverless::Function", () => {
  it.each([
    ["Handler", { Handler: "app.main" }, "WILL_UPDATE"],
    ["CodeUri", { CodeUri: "dist/" }, "WILL_UPDATE"],
    ["Runtime", { Runtime: "nodejs22.x" }, "WILL_UPDATE"],
    ["MemorySize", { MemorySize: 1024 }, "WILL_UPDATE"],
    ["Environment", { Environment: { Variables: { TABLE: "orders" } } }, "WILL_UPDATE"],
    ["Policies (its role's)", { Policies: [{ DynamoDBReadPolicy: { TableName: "orders" } }] }, "WILL_UPDATE"],
    ["FunctionName (Lambda: Replacement)", { FunctionName: "orders-api" }, "WILL_REPLACE"],
    ["PackageType (Lambda: Replacement)", { PackageType: "Image" }, "WILL_REPLACE"],
  ])("%s", (_, change, impact) => {
    const r = impactsOf(t({ Api: fn({}) }), t({ Api: fn(change) }));
    expect(r["Api"]?.impact).toBe(impact);
  });

  it("Events make other resources: unknown (the rule fails closed), never a confident update", () => {
    const r = impactsOf(t({ Api: fn({}) }), t({ Api: fn({ Events: { Get: { Type: "HttpApi", Properties: { Path: "/", Method: "get" } } } }) }));
    expect(r["Api"]?.changes).toEqual([{ attribute: "Properties", name: "Events" }]);
  });
});

describe("AWS::Serverless::SimpleTable (a DynamoDB table)", () => {
  const table = (properties: Record<string, unknown>) => ({ Type: "AWS::Serverless::SimpleTable", Properties: { PrimaryKey: { Name: "id", Type: "String" }, ...properties } });
  it.each([
    ["Tags", { Tags: { team: "orders" } }, "WILL_UPDATE"],
    ["ProvisionedThroughput", { ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } }, "WILL_UPDATE"],
    ["PrimaryKey (KeySchema: Replacement)", { PrimaryKey: { Name: "orderId", Type: "String" } }, "WILL_REPLACE"],
    ["TableName (Replacement)", { TableName: "orders-v2" }, "WILL_REPLACE"],
  ])("%s", (_, change, impact) => {
    expect(impactsOf(t({ Orders: table({}) }), t({ Orders: table(change) }))["Orders"]?.impact).toBe(impact);
  });
});

it("AWS::Serverless::Application (SAM makes it a nested stack): a new Location or Parameters updates that stack", () => {
  const app = (properties: Record<string, unknown>) => ({ Type: "AWS::Serverless::Application", Properties: { Location: "./stacks/data.yaml", ...properties } });
  const r = impactsOf(t({ A: app({}), B: app({ Parameters: { TableName: "orders" } }) }), t({ A: app({ Location: "./nested/data.yaml" }), B: app({ Parameters: { TableName: "orders-v2" } }) }));
  expect([r["A"]?.impact, r["B"]?.impact]).toEqual(["WILL_UPDATE", "WILL_UPDATE"]);
  // What the new parameter does inside is the nested stack's own diff: its parameters are passed on.
  expect(templateImpacts(t({ B: app({ Parameters: { TableName: "orders" } }) }), t({ B: app({ Parameters: { TableName: "orders-v2" } }) })).nestedParameters).toEqual({ B: ["TableName"] });
});

it("a SAM application changed whose template was not read (a Serverless Application Repository app): fail closed", () => {
  const app = (version: string) => ({ Type: "AWS::Serverless::Application", Properties: { Location: { ApplicationId: "arn:aws:serverlessrepo:us-east-1:077246666028:applications/aws-secrets-manager-rotation-lambdas", SemanticVersion: version } } });
  const [base, head] = [t({ Rotation: app("1.1.0") }), t({ Rotation: app("1.1.1") })];
  const pair = { id: "orders", stackName: "orders-prod", tags: {}, base: { file: "base.yaml", value: base }, head: { file: "head.yaml", value: head }, impacts: templateImpacts(base, head).resources };
  const findings = evaluateChangeSet(diffStackPair(pair).facts!, resolvePolicy(), { allowConditional: false });
  expect(findings.map((f) => [f.severity, f.subject])).toEqual([["error", "orders-prod/Rotation"]]);
  expect(findings[0]?.message).toContain("the nested stack's own changes were not read");
});

it("AWS::Serverless::StateMachine: a new definition updates, a new Name replaces", () => {
  const machine = (properties: Record<string, unknown>) => ({ Type: "AWS::Serverless::StateMachine", Properties: { DefinitionUri: "flow.asl.json", ...properties } });
  const r = impactsOf(t({ A: machine({}), B: machine({}) }), t({ A: machine({ DefinitionUri: "flow-v2.asl.json" }), B: machine({ Name: "orders-flow" }) }));
  expect([r["A"]?.impact, r["B"]?.impact]).toEqual(["WILL_UPDATE", "WILL_REPLACE"]);
});

it("real: serverless-patterns cognito-httpapi, a new handler passes the gate; a new function name fails it", () => {
  const text = readFileSync(new URL("../fixtures/cfn/real/cognito-httpapi/template.yaml", import.meta.url), "utf8");
  const gate = (head: string) => {
    const [base, next] = [parseSource(text), parseSource(head)];
    const impacts = templateImpacts(base.value, next.value);
    const pair = { id: "cognito-httpapi", stackName: "cognito-httpapi", tags: {}, base: { file: "base/template.yaml", value: base.value }, head: { file: "head/template.yaml", value: next.value, lineOf: next.lineOf }, impacts: impacts.resources };
    const { facts, errors } = diffStackPair(pair);
    expect(errors).toEqual([]);
    return evaluateChangeSet(facts!, resolvePolicy(), { allowConditional: false }).map((f) => [f.severity, f.subject, f.message.split(";")[0]]);
  };
  expect(gate(text.replace("Handler: app.handler", "Handler: app.main"))).toEqual([]);
  expect(gate(text.replace("Handler: app.handler", "Handler: app.handler\n      FunctionName: cognito-api"))).toEqual([
    ["error", "cognito-httpapi/AppFunction", "AWS::Serverless::Function AppFunction in production stack cognito-httpapi would be replaced because FunctionName (WILL_REPLACE) changes"],
  ]);
});
