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

  const get = { Type: "HttpApi", Properties: { Path: "/", Method: "get" } };
  const queue = (arn: string) => ({ Type: "SQS", Properties: { Queue: arn, BatchSize: 10 } });
  const ordersQueue = "arn:aws:sqs:eu-west-1:123456789012:orders";

  it("Events that only gain entries add resources (a route, a queue mapping) and replace nothing: an update", () => {
    const first = impactsOf(t({ Api: fn({}) }), t({ Api: fn({ Events: { Get: get } }) }));
    const another = impactsOf(t({ Api: fn({ Events: { Get: get } }) }), t({ Api: fn({ Events: { Get: get, Orders: queue(ordersQueue) } }) }));
    expect([first["Api"]?.impact, another["Api"]?.impact]).toEqual(["WILL_UPDATE", "WILL_UPDATE"]);
  });

  /**
   * A changed SQS, Kinesis or DynamoDB event is a change to the AWS::Lambda::EventSourceMapping SAM
   * makes for it under the same logical id (function id + event key), each event property passed
   * to the mapping's property of the same name, Queue and Stream to EventSourceArn (AWS SAM
   * Developer Guide, the SQS, Kinesis and DynamoDB event types, "AWS CloudFormation
   * compatibility"); the mapping's schema decides. Expected impacts read from the
   * AWS::Lambda::EventSourceMapping reference ("Update requires") before running. Before, every
   * changed entry was unknown, so a retry setting failed the gate (aws-samples/serverless-test-samples
   * 9056099, MIT-0: a Kinesis event gains MaximumRecordAgeInSeconds and MaximumRetryAttempts;
   * 90fc939: an SQS event gains FilterCriteria).
   */
  const kinesis = (properties: Record<string, unknown>) => ({
    Type: "Kinesis",
    Properties: { Stream: { "Fn::GetAtt": ["Consumer", "ConsumerARN"] }, BatchSize: 10, StartingPosition: "TRIM_HORIZON", ParallelizationFactor: 2, FunctionResponseTypes: ["ReportBatchItemFailures"], DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["Dlq", "Arn"] } } }, ...properties },
  });
  const sqs = (properties: Record<string, unknown>) => ({ Type: "SQS", Properties: { Queue: ordersQueue, BatchSize: 10, ...properties } });
  const table = (properties: Record<string, unknown>) => ({ Type: "DynamoDB", Properties: { Stream: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000", StartingPosition: "LATEST", ...properties } });
  it.each([
    ["a Kinesis event gains retry settings (serverless-test-samples 9056099)", kinesis({}), kinesis({ MaximumRecordAgeInSeconds: 1800, MaximumRetryAttempts: 3 }), "WILL_UPDATE"],
    ["an SQS event gains FilterCriteria (serverless-test-samples 90fc939)", sqs({}), sqs({ FilterCriteria: { Filters: [{ Pattern: '{"body":{"data":{"type":["TEST"]}}}' }] } }), "WILL_UPDATE"],
    ["an SQS event's BatchSize and batching window", sqs({}), sqs({ BatchSize: 100, MaximumBatchingWindowInSeconds: 5 }), "WILL_UPDATE"],
    ["a Kinesis event's failure destination", kinesis({}), kinesis({ DestinationConfig: { OnFailure: { Destination: { "Fn::GetAtt": ["OtherDlq", "Arn"] } } } }), "WILL_UPDATE"],
    ["an SQS event's queue (EventSourceArn is create-only)", sqs({}), sqs({ Queue: `${ordersQueue}-v2` }), "WILL_REPLACE"],
    ["a DynamoDB event's StartingPosition (create-only)", table({}), table({ StartingPosition: "TRIM_HORIZON" }), "WILL_REPLACE"],
  ])("a changed event source: %s is judged as the event source mapping SAM makes", (_, before, after, impact) => {
    const r = impactsOf(t({ Api: fn({ Events: { Records: before } }) }), t({ Api: fn({ Events: { Records: after } }) }));
    expect(r["Api"]?.changes).toEqual([{ attribute: "Properties", name: "Events", impact }]);
  });

  it.each([
    ["an entry's Type changed (another mapping, or none)", { Orders: sqs({}) }, { Orders: kinesis({}) }],
    ["a changed event property SAM does not pass to the mapping as it is", { Orders: sqs({}) }, { Orders: sqs({ Unknown: true }) }],
    ["a changed entry of a type that makes no mapping (an API route)", { Get: get }, { Get: { Type: "HttpApi", Properties: { Path: "/v2", Method: "get" } } }],
    ["a changed entry beside a removed one", { Orders: sqs({}), Records: kinesis({}) }, { Orders: sqs({ BatchSize: 5 }) }],
    ["an entry changed into an intrinsic", { Orders: sqs({}) }, { Orders: { "Fn::If": ["IsProd", sqs({}), sqs({ BatchSize: 5 })] } }],
    ["Properties no longer a map", { Orders: sqs({}) }, { Orders: { Type: "SQS", Properties: { "Fn::If": ["IsProd", { Queue: ordersQueue }, { Queue: ordersQueue }] } } }],
  ])("Events with %s: unknown (the rule fails closed)", (_, before, after) => {
    const r = impactsOf(t({ Api: fn({ Events: before }) }), t({ Api: fn({ Events: after }) }));
    expect(r["Api"]?.changes).toEqual([{ attribute: "Properties", name: "Events" }]);
  });

  it.each([
    ["an entry removed (its resources are deleted)", { Get: get, Orders: queue(ordersQueue) }, { Get: get }],
    ["an entry renamed (new logical ids: the old resources go)", { Orders: queue(ordersQueue) }, { OrdersQueue: queue(ordersQueue) }],
    ["Events no longer a map (an intrinsic)", { Get: get }, { "Fn::If": ["IsProd", { Get: get }, {}] }],
  ])("Events with %s: unknown (the rule fails closed), never a confident update", (_, before, after) => {
    const r = impactsOf(t({ Api: fn({ Events: before }) }), t({ Api: fn({ Events: after }) }));
    expect(r["Api"]?.changes).toEqual([{ attribute: "Properties", name: "Events" }]);
  });

  it("a state machine's Events are read alike: a new schedule is an update", () => {
    const machine = (events: Record<string, unknown>) => ({ Type: "AWS::Serverless::StateMachine", Properties: { DefinitionUri: "flow.asl.json", Events: events } });
    const nightly = { Type: "Schedule", Properties: { Schedule: "rate(1 day)" } };
    expect(impactsOf(t({ Flow: machine({}) }), t({ Flow: machine({ Nightly: nightly }) }))["Flow"]?.impact).toBe("WILL_UPDATE");
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
  // A new route beside the existing one adds resources only; moving the existing route is not judged.
  const postRoute = "            Method: get\n        AppPost:\n          Type: HttpApi\n          Properties:\n            ApiId: !Ref AppApi\n            Path: /orders\n            Method: post\n";
  expect(gate(text.replace("            Method: get\n", postRoute))).toEqual([]);
  expect(gate(text.replace("            Path: /\n", "            Path: /v2\n"))).toEqual([
    ["error", "cognito-httpapi/AppFunction", expect.stringContaining("changed in Events, which the CloudFormation registry schema")],
  ]);
  expect(gate(text.replace("Handler: app.handler", "Handler: app.handler\n      FunctionName: cognito-api"))).toEqual([
    ["error", "cognito-httpapi/AppFunction", "AWS::Serverless::Function AppFunction in production stack cognito-httpapi would be replaced because FunctionName (WILL_REPLACE) changes"],
  ]);
});

/**
 * SAM's APIs (AWS SAM Developer Guide, awsdocs/aws-sam-developer-guide 42be629, sam-resource-api.md
 * and sam-resource-httpapi.md, "AWS CloudFormation compatibility"): each property SAM passes to
 * the RestApi or Api (its definition, name, settings: "Update requires: No interruption") or to
 * the Stage (tracing, method and route settings, logs, variables) updates in place; the Stage's
 * StageName replaces the stage; a property unique to SAM (Cors, Auth, Domain, a HttpApi's
 * Description, which SAM writes into the definition or into other resources) stays unknown. Before,
 * every change to either read as a replacement: a new route in DefinitionBody failed the gate.
 */
describe("AWS::Serverless::Api and AWS::Serverless::HttpApi", () => {
  const api = (type: string, properties: Record<string, unknown>) => ({ Type: `AWS::Serverless::${type}`, Properties: { StageName: "v1", ...properties } });
  const body = (paths: string[]) => ({ openapi: "3.0.1", info: { title: "orders", version: "1" }, paths: Object.fromEntries(paths.map((p) => [p, { get: { "x-amazon-apigateway-integration": { type: "mock" } } }])) });
  it.each([
    ["Api", "DefinitionBody (a new route)", { DefinitionBody: body(["/orders"]) }, { DefinitionBody: body(["/orders", "/orders/{id}"]) }, "WILL_UPDATE"],
    ["Api", "Name", {}, { Name: "orders-api" }, "WILL_UPDATE"],
    ["Api", "TracingEnabled", {}, { TracingEnabled: true }, "WILL_UPDATE"],
    ["Api", "MethodSettings", {}, { MethodSettings: [{ HttpMethod: "*", ResourcePath: "/*", ThrottlingBurstLimit: 50 }] }, "WILL_UPDATE"],
    ["Api", "StageName (Stage: Replacement)", {}, { StageName: "v2" }, "WILL_REPLACE"],
    ["HttpApi", "DefinitionBody (a new route)", { DefinitionBody: body(["/orders"]) }, { DefinitionBody: body(["/orders", "/orders/{id}"]) }, "WILL_UPDATE"],
    ["HttpApi", "DefaultRouteSettings", {}, { DefaultRouteSettings: { ThrottlingBurstLimit: 100 } }, "WILL_UPDATE"],
    ["HttpApi", "AccessLogSettings", {}, { AccessLogSettings: { DestinationArn: "arn:aws:logs:eu-west-1:123456789012:log-group:api", Format: "$context.requestId" } }, "WILL_UPDATE"],
    ["HttpApi", "StageName (Stage: Replacement)", {}, { StageName: "v2" }, "WILL_REPLACE"],
  ])("%s %s", (type, _, before, after, impact) => {
    const r = impactsOf(t({ Api: api(type, before) }), t({ Api: api(type, after) }));
    expect(r["Api"]?.impact).toBe(impact);
  });

  it.each([
    ["Api", { Cors: "'*'" }],
    ["Api", { Auth: { DefaultAuthorizer: "AWS_IAM" } }],
    ["HttpApi", { Description: "orders" }],
    ["HttpApi", { CorsConfiguration: { AllowOrigins: ["https://example.com"] } }],
  ])("%s %j is SAM's own (written into the definition or other resources): unknown, the rule fails closed", (type, after) => {
    const r = impactsOf(t({ Api: api(type, {}) }), t({ Api: api(type, after) }));
    expect(r["Api"]?.changes.map((c) => [c.name, c.impact])).toEqual([[Object.keys(after)[0], undefined]]);
  });

  it("real: serverless-patterns cognito-httpapi, access logs and throttling on its HttpApi pass the gate; a named stage fails it", () => {
    const text = readFileSync(new URL("../fixtures/cfn/real/cognito-httpapi/template.yaml", import.meta.url), "utf8");
    const gate = (head: string) => {
      const [base, next] = [parseSource(text), parseSource(head)];
      const pair = { id: "cognito-httpapi", stackName: "cognito-httpapi", tags: {}, base: { file: "base/template.yaml", value: base.value }, head: { file: "head/template.yaml", value: next.value, lineOf: next.lineOf }, impacts: templateImpacts(base.value, next.value).resources };
      const { facts, errors } = diffStackPair(pair);
      expect(errors).toEqual([]);
      return evaluateChangeSet(facts!, resolvePolicy(), { allowConditional: false }).map((f) => [f.severity, f.subject, f.message.split(";")[0]]);
    };
    const at = "      Description: Cognito to HTTP API demo\n";
    expect(text).toContain(at);
    expect(gate(text.replace(at, `${at}      FailOnWarnings: true\n      DefaultRouteSettings:\n        ThrottlingBurstLimit: 100\n        ThrottlingRateLimit: 50\n      AccessLogSettings:\n        DestinationArn: !GetAtt AccessLogs.Arn\n        Format: $context.requestId\n`))).toEqual([]);
    // The function's HttpApi event reads `!Ref AppApi`, judged as replaced with it: unknown too (fail closed).
    expect(gate(text.replace(at, `${at}      StageName: prod\n`))).toEqual([
      ["error", "cognito-httpapi/AppApi", "AWS::Serverless::HttpApi AppApi in production stack cognito-httpapi would be replaced because StageName (WILL_REPLACE) changes"],
      ["error", "cognito-httpapi/AppFunction", expect.stringContaining("changed in Events")],
    ]);
  });
});

/**
 * AWS::Serverless::LayerVersion: SAM "transforms the logical id of the resource so that old
 * LayerVersions are not automatically deleted" (AWS SAM Developer Guide, sam-resource-layerversion,
 * awsdocs/aws-sam-developer-guide 42be629): each new content is a new AWS::Lambda::LayerVersion,
 * a revision type in policies/destructive-actions.yaml (kept with RetentionPolicy Retain, deleted
 * with Delete, holding no data either way). Decided before running: a new ContentUri is a note,
 * as for the layer version SAM makes; before, it failed the gate as "would be replaced".
 */
it("AWS::Serverless::LayerVersion: new layer content is a revision (a note), not a replacement that fails the gate", () => {
  const layer = (uri: string) => ({ Type: "AWS::Serverless::LayerVersion", Properties: { LayerName: "shared", ContentUri: uri, CompatibleRuntimes: ["nodejs20.x"], RetentionPolicy: "Delete" } });
  const [base, head] = [t({ Shared: layer("s3://bucket/layer-1.zip") }), t({ Shared: layer("s3://bucket/layer-2.zip") })];
  const pair = { id: "layers", stackName: "layers-prod", tags: {}, base: { file: "base.json", value: base }, head: { file: "head.json", value: head }, impacts: templateImpacts(base, head).resources };
  const findings = evaluateChangeSet(diffStackPair(pair).facts!, resolvePolicy(), { allowConditional: false });
  expect(findings.map((f) => [f.severity, f.subject])).toEqual([["note", "layers-prod/Shared"]]);
  expect(findings[0]?.message).toContain("a revision of something else");
});

/**
 * SAM's Globals: the transform applies `Globals.<Section>` to every resource of that type that does
 * not set the property itself (AWS SAM Developer Guide, "Globals section of the AWS SAM template":
 * a resource's own value overrides a primitive, maps are merged, lists are joined). A pull request
 * that changes only Globals changes no resource's text, and the gate compared resources only, so
 * none of it was seen. Verdicts decided from that page before running: a new global Timeout or
 * Runtime updates each function in place (pass); a global AutoPublishAlias renamed makes SAM delete
 * the alias it made and make another (unknown, fail closed: error); a function that sets the
 * property itself is untouched; a new global Api Domain (a custom domain SAM makes) is not a
 * property the gate reads (fail closed: error). Before: every one passed, 0 changes.
 */
describe("SAM Globals", () => {
  const sam = (globals: Record<string, unknown>, resources: Record<string, unknown>) => ({ Transform: SAM, Globals: globals, Resources: resources });
  const orders = { Type: "AWS::Serverless::Function", Properties: { Handler: "app.handler", CodeUri: "src/" } };
  const pinned = { Type: "AWS::Serverless::Function", Properties: { Handler: "app.handler", CodeUri: "src/", Runtime: "python3.12", AutoPublishAlias: "stable" } };

  it("a new global Timeout or Runtime updates every function that does not set it, in place", () => {
    const r = impactsOf(sam({ Function: { Timeout: 10, Runtime: "python3.11" } }, { Orders: orders, Pinned: pinned }), sam({ Function: { Timeout: 30, Runtime: "python3.13" } }, { Orders: orders, Pinned: pinned }));
    expect(r["Orders"]?.changes).toEqual([
      { attribute: "Properties", name: "Timeout", impact: "WILL_UPDATE" },
      { attribute: "Properties", name: "Runtime", impact: "WILL_UPDATE" },
    ]);
    expect(r["Pinned"]?.changes).toEqual([{ attribute: "Properties", name: "Timeout", impact: "WILL_UPDATE" }]);
  });

  it("a global AutoPublishAlias renamed reaches each function that does not set its own: unknown (fail closed)", () => {
    const r = impactsOf(sam({ Function: { AutoPublishAlias: "live" } }, { Orders: orders, Pinned: pinned }), sam({ Function: { AutoPublishAlias: "prod" } }, { Orders: orders, Pinned: pinned }));
    expect(r["Orders"]?.changes).toEqual([{ attribute: "Properties", name: "AutoPublishAlias" }]);
    expect(r["Pinned"]).toBeUndefined();
  });

  it("a new global Api Domain reaches every API: unknown (fail closed)", () => {
    const api = { Type: "AWS::Serverless::Api", Properties: { StageName: "prod" } };
    const domain = (name: string) => ({ Api: { Domain: { DomainName: name, CertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/abc" } } });
    const r = impactsOf(sam(domain("api.example.com"), { Api: api }), sam(domain("orders.example.com"), { Api: api }));
    expect(r["Api"]?.changes).toEqual([{ attribute: "Properties", name: "Domain" }]);
  });

  it("maps merge and lists join as SAM does: a new global variable beside the function's own is an in-place update of Environment", () => {
    const fn = { Type: "AWS::Serverless::Function", Properties: { Handler: "app.handler", CodeUri: "src/", Environment: { Variables: { TABLE: "orders" } }, Layers: ["arn:aws:lambda:eu-west-1:123456789012:layer:own:1"] } };
    const g = (level: string, layer: string) => ({ Function: { Environment: { Variables: { LOG_LEVEL: level } }, Layers: [layer] } });
    const r = impactsOf(sam(g("info", "arn:aws:lambda:eu-west-1:123456789012:layer:shared:1"), { Fn: fn }), sam(g("debug", "arn:aws:lambda:eu-west-1:123456789012:layer:shared:2"), { Fn: fn }));
    expect(r["Fn"]?.changes).toEqual([
      { attribute: "Properties", name: "Environment", impact: "WILL_UPDATE" },
      { attribute: "Properties", name: "Layers", impact: "WILL_UPDATE" },
    ]);
  });

  it("the finding cites the Globals entry the change comes from (the function's own text does not change)", () => {
    const [base, head] = [sam({ Function: { AutoPublishAlias: "live" } }, { Orders: orders }), sam({ Function: { AutoPublishAlias: "prod" } }, { Orders: orders })];
    const pair = { id: "orders", stackName: "orders", tags: {}, base: { file: "base.yaml", value: base }, head: { file: "head.yaml", value: head }, impacts: templateImpacts(base, head).resources };
    const { facts, errors } = diffStackPair(pair);
    expect(errors).toEqual([]);
    const findings = evaluateChangeSet(facts!, resolvePolicy(), { allowConditional: false });
    expect(findings.map((f) => [f.severity, f.subject, f.evidence])).toEqual([["error", "orders/Orders", [{ file: "head.yaml", pointer: "/Globals/Function/AutoPublishAlias" }]]]);
  });

  it("a template without the SAM transform keeps its Globals section unread (CloudFormation ignores nothing there: it rejects it)", () => {
    const plain = (timeout: number) => ({ Globals: { Function: { Timeout: timeout } }, Resources: { Orders: orders } });
    expect(impactsOf(plain(10), plain(30))).toEqual({});
  });
});
