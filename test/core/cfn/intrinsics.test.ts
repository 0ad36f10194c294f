/**
 * Every intrinsic the reader resolves, and every way one can fail to resolve: what a template
 * alone cannot know is `*` (read as broadly as it could be), never a narrower guess.
 */
import { findUnknownIntrinsics, intrinsicKey, literalName, resolveResourceRef, resolveText, unknownIntrinsicErrors, type ResolveContext, type TemplateResource } from "../../../src/core/cfn/intrinsics.js";
import type { ResourceRef } from "../../../src/core/iam/model.js";

const resources: Record<string, TemplateResource> = {
  Orders: { Type: "AWS::DynamoDB::Table", Properties: { TableName: "orders-prod" } },
  Unnamed: { Type: "AWS::DynamoDB::Table", Properties: {} },
  Queue: { Type: "AWS::SQS::Queue", Properties: { QueueName: "jobs" } },
  Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Sub": "assets-${AWS::AccountId}" } } },
  Param: { Type: "AWS::S3::Bucket", Properties: { BucketName: { Ref: "Env" } } },
  Custom: { Type: "Custom::Thing", Properties: {} },
  Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: "resize" } },
  Topic: { Type: "AWS::SNS::Topic", Properties: { TopicName: "orders-alerts" } },
  Policy: { Type: "AWS::IAM::ManagedPolicy", Properties: { ManagedPolicyName: "agent-deploy", PolicyDocument: { Version: "2012-10-17", Statement: [] } } },
};
const exports = new Map<string, ResourceRef>([
  ["Data:TableArn", { pattern: "arn:aws:dynamodb:*:*:table/orders", production: true, origin: "AWS::DynamoDB::Table Table of stack Data" }],
  ["Data:Plain", { pattern: "plain-value" }],
]);
const ctx: ResolveContext = {
  resources,
  mappings: { Env: { prod: { Bucket: "prod-bucket", Nested: { deeper: "x" } } } },
  account: "111111111111",
  region: "eu-west-1",
  stackName: "OrdersProd",
  production: true,
  stackLabel: "stack OrdersProd",
  exports,
};
const envAgnostic: ResolveContext = { resources, mappings: {}, production: false, stackLabel: "stack Dev", exports: new Map() };
const text = (value: unknown, c: ResolveContext = ctx) => resolveText(value, c).text;

describe("resolveText", () => {
  it.each([
    ["a string", "orders", "orders"],
    ["a number", 42, "42"],
    ["a boolean", true, "true"],
    ["null", null, "*"],
    ["an array", ["a"], "*"],
    ["an object that is no intrinsic", { Key: "v" }, "*"],
    ["an object with two keys", { Ref: "Orders", Other: 1 }, "*"],
    ["Ref to a parameter", { Ref: "Env" }, "*"],
    ["Ref with a non-string argument", { Ref: ["Orders"] }, "*"],
    ["Fn::ToJsonString of an object, its intrinsics resolved", { "Fn::ToJsonString": { a: [1, true, null, { Ref: "AWS::Region" }], b: { "Fn::Sub": "x-${AWS::AccountId}" }, c: { Ref: "Env" } } }, '{"a":[1,true,null,"eu-west-1"],"b":"x-111111111111","c":"*"}'],
    ["Fn::ToJsonString of a list", { "Fn::ToJsonString": [{ k: { Ref: "Orders" } }] }, '[{"k":"orders-prod"}]'],
    ["Fn::ToJsonString of a string (CloudFormation takes objects and lists)", { "Fn::ToJsonString": "text" }, "*"],
    ["Ref AWS::AccountId", { Ref: "AWS::AccountId" }, "111111111111"],
    ["Ref AWS::Partition", { Ref: "AWS::Partition" }, "aws"],
    ["Ref AWS::Region", { Ref: "AWS::Region" }, "eu-west-1"],
    ["Ref AWS::URLSuffix", { Ref: "AWS::URLSuffix" }, "amazonaws.com"],
    ["Ref AWS::StackName", { Ref: "AWS::StackName" }, "OrdersProd"],
    ["Ref AWS::NoValue", { Ref: "AWS::NoValue" }, ""],
    ["Ref AWS::StackId", { Ref: "AWS::StackId" }, "*"],
    ["Ref AWS::NotificationARNs", { Ref: "AWS::NotificationARNs" }, "*"],
    ["Ref to a named table", { Ref: "Orders" }, "orders-prod"],
    ["Ref to an unnamed table", { Ref: "Unnamed" }, "*"],
    ["Ref to a queue (its URL, not its name)", { Ref: "Queue" }, "*"],
    ["Ref to a named SNS topic (its ARN, not its name)", { Ref: "Topic" }, "arn:aws:sns:eu-west-1:111111111111:orders-alerts"],
    ["Ref to a named managed policy (its ARN, whose Path is unknown)", { Ref: "Policy" }, "*"],
    ["GetAtt Arn of a named table", { "Fn::GetAtt": ["Orders", "Arn"] }, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod"],
    ["GetAtt in its dotted string form", { "Fn::GetAtt": "Fn.Arn" }, "arn:aws:lambda:eu-west-1:111111111111:function:resize"],
    ["GetAtt Arn of an unnamed table: CloudFormation makes up its name, the ARN's shape is known", { "Fn::GetAtt": ["Unnamed", "Arn"] }, "arn:aws:dynamodb:eu-west-1:111111111111:table/*"],
    ["Sub with the Ref of an unnamed table", { "Fn::Sub": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Unnamed}" }, "arn:aws:dynamodb:eu-west-1:111111111111:table/*"],
    ["GetAtt of another attribute", { "Fn::GetAtt": ["Orders", "StreamArn"] }, "*"],
    ["GetAtt Arn of a type with no known ARN shape", { "Fn::GetAtt": ["Custom", "Arn"] }, "*"],
    ["GetAtt of a missing resource", { "Fn::GetAtt": ["Missing", "Arn"] }, "*"],
    ["GetAtt with a bad argument", { "Fn::GetAtt": 7 }, "*"],
    ["Join", { "Fn::Join": ["-", ["a", { Ref: "AWS::Region" }]] }, "a-eu-west-1"],
    ["Join with a bad delimiter", { "Fn::Join": [1, ["a"]] }, "*"],
    ["Join without a list", { "Fn::Join": ["-", "a"] }, "*"],
    ["Sub with ${!Literal}", { "Fn::Sub": "${!Literal}-x" }, "${Literal}-x"],
    ["Sub with a GetAtt variable", { "Fn::Sub": "${Orders.Arn}/index/*" }, "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod/index/*"],
    ["Sub with a variable map", { "Fn::Sub": ["${Name}-${AWS::Region}", { Name: { Ref: "Orders" } }] }, "orders-prod-eu-west-1"],
    ["Sub with a parameter", { "Fn::Sub": "logs-${Env}" }, "logs-*"],
    ["Sub with a non-string template", { "Fn::Sub": [{ Ref: "Env" }, {}] }, "*"],
    ["ImportValue of a known export", { "Fn::ImportValue": "Data:TableArn" }, "arn:aws:dynamodb:*:*:table/orders"],
    ["ImportValue of an export without origin", { "Fn::ImportValue": "Data:Plain" }, "plain-value"],
    ["ImportValue of an unknown export", { "Fn::ImportValue": "Elsewhere:Arn" }, "*"],
    ["Select", { "Fn::Select": [1, ["a", "b"]] }, "b"],
    ["Select with a string index", { "Fn::Select": ["0", ["a", "b"]] }, "a"],
    ["Select out of range", { "Fn::Select": [2, ["a", "b"]] }, "*"],
    ["Select of a negative index", { "Fn::Select": [-1, ["a"]] }, "*"],
    ["Select from a non-list (GetAZs)", { "Fn::Select": [0, { "Fn::GetAZs": "" }] }, "*"],
    ["Select with a bad argument", { "Fn::Select": "0" }, "*"],
    ["Select with an argument that is not a list", { "Fn::Select": { Index: 0, List: ["a"] } }, "*"],
    ["Select of a fractional index", { "Fn::Select": [0.5, ["a", "b"]] }, "*"],
    ["FindInMap", { "Fn::FindInMap": ["Env", "prod", "Bucket"] }, "prod-bucket"],
    ["FindInMap of a missing key", { "Fn::FindInMap": ["Env", "dev", "Bucket"] }, "*"],
    ["FindInMap that ends on a map", { "Fn::FindInMap": ["Env", "prod", "Nested"] }, "*"],
    ["FindInMap keyed by a parameter", { "Fn::FindInMap": ["Env", { Ref: "Stage" }, "Bucket"] }, "*"],
    ["FindInMap with a bad argument", { "Fn::FindInMap": "Env" }, "*"],
    ["FindInMap with a DefaultValue, found", { "Fn::FindInMap": ["Env", "prod", "Bucket", { DefaultValue: "fallback-bucket" }] }, "prod-bucket"],
    ["FindInMap with a DefaultValue, not found", { "Fn::FindInMap": ["Env", "dev", "Bucket", { DefaultValue: "fallback-bucket" }] }, "fallback-bucket"],
    ["FindInMap with a DefaultValue that is an intrinsic", { "Fn::FindInMap": ["Env", "dev", "Bucket", { DefaultValue: { "Fn::Sub": "${AWS::StackName}-data" } }] }, "OrdersProd-data"],
    ["FindInMap with a DefaultValue, keyed by a parameter (the key may be found)", { "Fn::FindInMap": ["Env", { Ref: "Stage" }, "Bucket", { DefaultValue: "fallback-bucket" }] }, "*"],
    ["FindInMap with a fourth argument that is no DefaultValue", { "Fn::FindInMap": ["Env", "dev", "Bucket", { Other: "x" }] }, "*"],
    ["FindInMap with two keys and a DefaultValue (CloudFormation wants three)", { "Fn::FindInMap": ["Env", "dev", { DefaultValue: "x" }] }, "*"],
    ["If with equal branches", { "Fn::If": ["IsProd", "same", "same"] }, "same"],
    ["If with different branches", { "Fn::If": ["IsProd", "a", "b"] }, "*"],
    ["If with a bad argument", { "Fn::If": "IsProd" }, "*"],
    ["If with a string argument whose characters would read as equal branches", { "Fn::If": "Cxx" }, "*"],
    ["Select with a string argument", { "Fn::Select": "1ab" }, "*"],
    ["an intrinsic the resolver does not evaluate (Base64)", { "Fn::Base64": "x" }, "*"],
  ])("%s", (_name, value, expected) => {
    expect(text(value)).toBe(expected);
  });

  it("leaves account and region as wildcards for an environment-agnostic stack", () => {
    expect(text({ "Fn::GetAtt": ["Orders", "Arn"] }, envAgnostic)).toBe("arn:aws:dynamodb:*:*:table/orders-prod");
    expect(text({ "Fn::Sub": "${AWS::AccountId}:${AWS::Region}:${AWS::StackName}" }, envAgnostic)).toBe("*:*:*");
  });

  it("gives up (wildcard) on values nested deeper than 30 levels instead of recursing without end", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 40; i++) deep = { "Fn::Join": ["", [deep]] };
    expect(text(deep)).toBe("*");
  });

  it("a resource whose name refers back to itself (circular: CloudFormation rejects it) has an unknown name, without overflowing the stack", () => {
    const circular: ResolveContext = {
      ...ctx,
      resources: {
        Bucket: { Type: "AWS::S3::Bucket", Properties: { BucketName: { "Fn::Sub": "${Bucket.Arn}-x" } } },
        Ping: { Type: "AWS::SQS::Queue", Properties: { QueueName: { "Fn::GetAtt": ["Pong", "QueueName"] } } },
        Pong: { Type: "AWS::SQS::Queue", Properties: { QueueName: { Ref: "Ping" } } },
      },
    };
    expect(resolveText({ "Fn::GetAtt": ["Bucket", "Arn"] }, circular)).toMatchObject({ text: expect.stringContaining("*"), production: true, origin: "AWS::S3::Bucket Bucket of stack OrdersProd" });
    expect(resolveText({ Ref: "Ping" }, circular).text).toContain("*");
    expect(literalName(circular.resources["Bucket"]!, circular)).toBeUndefined();
  });

  it("carries the production status and origin of the resources a value names", () => {
    // createdHere: the template makes the table (no resource AWS or another tool made elsewhere).
    expect(resolveText({ "Fn::GetAtt": ["Orders", "Arn"] }, ctx)).toEqual({ text: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod", production: true, origin: "AWS::DynamoDB::Table Orders of stack OrdersProd", createdHere: true });
    expect(resolveText({ "Fn::Join": ["/", [{ "Fn::GetAtt": ["Orders", "Arn"] }, "index", "*"]] }, envAgnostic)).toMatchObject({ production: false, origin: "AWS::DynamoDB::Table Orders of stack Dev" });
    expect(resolveText({ "Fn::ImportValue": "Data:TableArn" }, ctx)).toMatchObject({ production: true, origin: "AWS::DynamoDB::Table Table of stack Data" });
    expect(resolveText({ "Fn::If": ["C", { "Fn::GetAtt": ["Orders", "Arn"] }, "x"] }, ctx)).toMatchObject({ text: "*", production: true });
    // Branches that name no resource say nothing either way: the stack decides, never "not production".
    expect(resolveText({ "Fn::If": ["C", "arn:aws:dynamodb:*:*:table/a", "arn:aws:dynamodb:*:*:table/b"] }, ctx)).toEqual({ text: "*" });
    expect(resolveText("plain", ctx).production).toBeUndefined();
    // A value naming a production resource and a non-production one is production (fail closed), whichever comes first.
    const mixed = { ...envAgnostic, exports };
    for (const parts of [
      [{ "Fn::GetAtt": ["Orders", "Arn"] }, { "Fn::ImportValue": "Data:TableArn" }],
      [{ "Fn::ImportValue": "Data:TableArn" }, { "Fn::GetAtt": ["Orders", "Arn"] }],
    ]) {
      expect(resolveText({ "Fn::Join": [",", parts] }, mixed)).toMatchObject({ production: true, origin: expect.stringContaining("AWS::DynamoDB::Table Table of stack Data") });
      // Either branch of an If may be deployed: one production branch makes it production.
      expect(resolveText({ "Fn::If": ["UseShared", ...parts] }, mixed)).toMatchObject({ text: "*", production: true });
    }
  });

  it("GetAtt Arn of a named resource whose ARN this reader cannot build is unknown, not its name", () => {
    const withGroup: ResolveContext = { ...ctx, resources: { ...resources, Deployers: { Type: "AWS::IAM::Group", Properties: { GroupName: "deployers" } } } };
    expect(text({ "Fn::GetAtt": ["Deployers", "Arn"] }, withGroup)).toBe("*");
    expect(text({ Ref: "Deployers" }, withGroup)).toBe("deployers");
  });

  it("a mapping's values are literal: an object at the end of a FindInMap is a nested map, never an intrinsic", () => {
    const mapped: ResolveContext = { ...ctx, mappings: { Env: { prod: { Region: { Ref: "AWS::Region" } } } } };
    expect(text({ "Fn::FindInMap": ["Env", "prod", "Region"] }, mapped)).toBe("*");
  });

  it("Sub variables that are not a map are ignored: the placeholders resolve as without them", () => {
    expect(text({ "Fn::Sub": ["${AWS::Region}-assets", "oops"] })).toBe("eu-west-1-assets");
  });

  it("a missing resource has no origin to cite", () => {
    expect(resolveText({ Ref: "Missing" }, ctx)).toEqual({ text: "*" });
  });
});

describe("names and resource refs", () => {
  it("literalName: the physical name when fully known, else nothing", () => {
    expect(literalName(resources["Orders"]!, ctx)).toBe("orders-prod");
    expect(literalName(resources["Bucket"]!, ctx)).toBe("assets-111111111111");
    expect(literalName(resources["Param"]!, ctx)).toBeUndefined();
    expect(literalName(resources["Unnamed"]!, ctx)).toBeUndefined();
    expect(literalName(resources["Custom"]!, ctx)).toBeUndefined();
    // A customer managed policy is named by ManagedPolicyName: findings cite it by that name.
    expect(literalName(resources["Policy"]!, ctx)).toBe("agent-deploy");
  });

  it("resolveResourceRef: an empty resolution (AWS::NoValue) is every resource, not none", () => {
    expect(resolveResourceRef({ Ref: "AWS::NoValue" }, ctx)).toEqual({ pattern: "*" });
    expect(resolveResourceRef({ "Fn::GetAtt": ["Orders", "Arn"] }, ctx)).toMatchObject({ pattern: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod", production: true });
  });

  it("intrinsicKey: one Ref/Condition/Fn:: key only", () => {
    expect(intrinsicKey({ Ref: "X" })).toBe("Ref");
    expect(intrinsicKey({ Condition: "IsProd" })).toBe("Condition");
    expect(intrinsicKey({ "Fn::Sub": "x" })).toBe("Fn::Sub");
    expect(intrinsicKey({ Name: "x" })).toBeUndefined();
    expect(intrinsicKey({ Ref: "X", Other: 1 })).toBeUndefined();
    expect(intrinsicKey("Ref")).toBeUndefined();
  });
});

describe("unknown intrinsics", () => {
  it("are found in arrays and nested objects, with their pointers, and reported with the line", () => {
    const template = { Resources: { R: { Properties: { List: [{ "Fn::Frob": 1 }], Deep: { X: { "Fn::Nope": [] } }, Fine: { "Fn::Sub": "x" } } } } };
    expect(findUnknownIntrinsics(template)).toEqual([
      { key: "Fn::Frob", pointer: "/Resources/R/Properties/List/0" },
      { key: "Fn::Nope", pointer: "/Resources/R/Properties/Deep/X" },
    ]);
    const errors = unknownIntrinsicErrors("t.json", template, (p) => (p.endsWith("/0") ? 12 : undefined));
    expect(errors).toEqual([
      { file: "t.json", line: 12, message: 'unknown intrinsic function Fn::Frob at /Resources/R/Properties/List/0: its value is read as "*" (fail closed)' },
      { file: "t.json", message: 'unknown intrinsic function Fn::Nope at /Resources/R/Properties/Deep/X: its value is read as "*" (fail closed)' },
    ]);
  });

  it("an object with inherited keys only counts its own", () => {
    const node = Object.create({ "Fn::Inherited": 1 }) as Record<string, unknown>;
    node["Fn::Own"] = 1;
    expect(findUnknownIntrinsics(node)).toEqual([{ key: "Fn::Own", pointer: "" }]);
  });
});

describe("ARNs of named resources", () => {
  const named: [string, string, string, string][] = [
    ["AWS::DynamoDB::Table", "TableName", "arn:aws:dynamodb:eu-west-1:111111111111:table/n", "arn:aws:dynamodb:*:*:table/n"],
    ["AWS::S3::Bucket", "BucketName", "arn:aws:s3:::n", "arn:aws:s3:::n"],
    ["AWS::SQS::Queue", "QueueName", "arn:aws:sqs:eu-west-1:111111111111:n", "arn:aws:sqs:*:*:n"],
    ["AWS::SNS::Topic", "TopicName", "arn:aws:sns:eu-west-1:111111111111:n", "arn:aws:sns:*:*:n"],
    ["AWS::Lambda::Function", "FunctionName", "arn:aws:lambda:eu-west-1:111111111111:function:n", "arn:aws:lambda:*:*:function:n"],
    ["AWS::IAM::Role", "RoleName", "arn:aws:iam::111111111111:role/n", "arn:aws:iam::*:role/n"],
    ["AWS::IAM::User", "UserName", "arn:aws:iam::111111111111:user/n", "arn:aws:iam::*:user/n"],
    ["AWS::Logs::LogGroup", "LogGroupName", "arn:aws:logs:eu-west-1:111111111111:log-group:n", "arn:aws:logs:*:*:log-group:n"],
    ["AWS::Kinesis::Stream", "Name", "arn:aws:kinesis:eu-west-1:111111111111:stream/n", "arn:aws:kinesis:*:*:stream/n"],
    ["AWS::RDS::DBInstance", "DBInstanceIdentifier", "arn:aws:rds:eu-west-1:111111111111:db:n", "arn:aws:rds:*:*:db:n"],
    ["AWS::RDS::DBCluster", "DBClusterIdentifier", "arn:aws:rds:eu-west-1:111111111111:cluster:n", "arn:aws:rds:*:*:cluster:n"],
  ];
  it.each(named)("%s", (type, nameProperty, inAccount, agnostic) => {
    const own = { R: { Type: type, Properties: { [nameProperty]: "n" } } };
    expect(text({ "Fn::GetAtt": ["R", "Arn"] }, { ...ctx, resources: own })).toBe(inAccount);
    expect(text({ "Fn::GetAtt": ["R", "Arn"] }, { ...envAgnostic, resources: own })).toBe(agnostic);
    expect(text({ "Fn::Sub": "${R.Arn}" }, { ...ctx, resources: own })).toBe(inAccount);
  });

  it("GetAtt with a non-string attribute reads as any attribute", () => {
    expect(text({ "Fn::GetAtt": ["Orders", { Ref: "Attr" }] })).toBe("*");
  });
});

describe("a Parameter Store parameter's Value attribute", () => {
  const stored: Record<string, TemplateResource> = {
    ...resources,
    TableArnParam: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::GetAtt": ["Orders", "Arn"] } } },
    Copy: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::GetAtt": ["TableArnParam", "Value"] } } },
    Empty: { Type: "AWS::SSM::Parameter", Properties: { Type: "String" } },
    Loop: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::GetAtt": ["Loop", "Value"] } } },
  };
  const c: ResolveContext = { ...ctx, resources: stored };

  it("is its Value property, resolved, through other parameters too; without one, or circular, anything", () => {
    expect(resolveResourceRef({ "Fn::GetAtt": ["TableArnParam", "Value"] }, c)).toEqual({ pattern: "arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod", production: true, origin: "AWS::DynamoDB::Table Orders of stack OrdersProd", createdHere: true });
    expect(text({ "Fn::Sub": "${Copy.Value}" }, c)).toBe("arn:aws:dynamodb:eu-west-1:111111111111:table/orders-prod");
    expect(text({ "Fn::GetAtt": "Empty.Value" }, c)).toBe("*");
    expect(text({ "Fn::GetAtt": ["Loop", "Value"] }, c)).toBe("*");
    // Only Value stands for the stored text.
    expect(text({ "Fn::GetAtt": ["TableArnParam", "Type"] }, c)).toBe("*");
  });
});
